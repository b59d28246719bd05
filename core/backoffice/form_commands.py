"""Running a command for a form: its value, or why it refused put next to the form's fields."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from core.auth.permissions import AccessDenied
from core.backoffice.forms import errors_by_field
from core.backoffice.session_form import GENERAL, SessionForm
from core.commands.results import CommandResult
from core.services.errors import InputError


async def run_for_form(
    form: SessionForm,
    field_of: Mapping[str, str],
    run: Callable[[], Awaitable[CommandResult[str]]],
) -> str | None:
    """Run a command: its value, or ``None`` with its violations (and an input it refused)
    added to the fields ``field_of`` names (the top of the form for the others). An object
    not found is raised on (the French 404 page), as is ``AccessDenied`` (the 403 page)."""
    try:
        result = await run()
    except AccessDenied:
        raise
    except InputError as error:
        if error.code.endswith("NOT_FOUND"):
            raise
        form.add(field_of.get(error.field or "", GENERAL), error.message)
        return None
    if result.ok:
        return result.value
    for field, message in errors_by_field(result.errors, field_of, GENERAL).items():
        form.add(field, message)
    return None
