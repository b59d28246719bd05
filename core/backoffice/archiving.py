"""Archiving an action or a resource from its page: what will happen is shown first, and the
archive command runs only once confirmed. The caller has checked the account's access."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.backoffice.rendering import render_screen
from core.commands.results import CommandResult
from core.services.staff_sign_in import Staff


async def confirm_then_archive(
    request: Request,
    staff: Staff,
    *,
    section: str,
    heading: str,
    what: str,
    back: str,
    archive: Callable[[], Awaitable[CommandResult[str]]],
) -> Response:
    """The confirmation page (nobody is e-mailed), or (confirmed) the archive run and the
    object's page (``back``) with what was done."""
    if (await request.form()).get("confirme") != "1":
        return render_screen(
            request,
            staff,
            "gestion/confirm.html",
            {
                "section": section,
                "heading": heading,
                "what": what,
                "told": None,
                "button": heading,
                "action": request.url.path,
                "replay": {},
                "back": back,
            },
        )
    await archive()
    return RedirectResponse(f"{back}?fait=archivee", status_code=303)
