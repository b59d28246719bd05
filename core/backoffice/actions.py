"""``/gestion/actions``: the deployment-pack actions of the departments, a new action, one
action's page (its form), archiving it after a confirmation.

Department staff see and change the actions of their departments only. Every write goes
through the directory commands (``core.commands.directory``).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.auth.permissions import require_departments
from core.backoffice.access import screen
from core.backoffice.action_form import (
    FIELD_OF,
    KIND_CHOICES,
    PROGRAMME_CHOICES,
    read_action,
    typed,
    values_of_action,
    values_of_new_action,
)
from core.backoffice.archiving import confirm_then_archive
from core.backoffice.commanding import command_context
from core.backoffice.departments import department_choices, department_label
from core.backoffice.form_commands import run_for_form
from core.backoffice.rendering import render_screen
from core.backoffice.session_form import SessionForm
from core.commands.directory import archive_action, create_action, update_action
from core.models import Action
from core.services import directory_overview, staff_directory
from core.services.staff_sign_in import Staff

SECTION = "actions"
ROOT = "/gestion/actions"
DONE_WORDS = {
    "creee": "L'action est créée.",
    "modifiee": "L'action est modifiée.",
    "archivee": "L'action est archivée.",
}
WHAT = "L'action"


def _labels() -> dict[str, object]:
    return {
        "section": SECTION,
        "kinds": KIND_CHOICES,
        "kind_words": dict(KIND_CHOICES),
        "programmes": PROGRAMME_CHOICES,
        "programme_words": dict(PROGRAMME_CHOICES),
        "department_label": department_label,
    }


@screen()
async def action_list(request: Request, staff: Staff) -> Response:
    """``GET /gestion/actions``: the actions of the account's departments, archived ones too."""
    async with request.app.state.database.sessions() as db:
        actions = await directory_overview.actions_of(db, staff.viewer)
    return render_screen(
        request,
        staff,
        "gestion/actions.html",
        {**_labels(), "actions": actions, "done": DONE_WORDS.get(request.query_params.get("fait", ""))},
    )


def _form_page(
    request: Request, staff: Staff, form: SessionForm, status: int, action: Action | None = None
) -> Response:
    return render_screen(
        request,
        staff,
        "gestion/action_form.html",
        {
            **_labels(),
            "values": form.values,
            "errors": form.errors,
            "departments": department_choices(staff.viewer),
            "action": action,
            "done": DONE_WORDS.get(request.query_params.get("fait", "")) if action else None,
        },
        status_code=status,
    )


@screen()
async def new_action_form(request: Request, staff: Staff) -> Response:
    """``GET /gestion/actions/nouvelle``: the form of a new action."""
    choices = department_choices(staff.viewer)
    values = values_of_new_action(choices[0][0] if len(choices) == 1 else "")
    return _form_page(request, staff, SessionForm(values, {}), 200)


@screen()
async def create(request: Request, staff: Staff) -> Response:
    """``POST /gestion/actions/nouvelle``: create it, or show the form again with the errors
    next to their fields and what was typed."""
    form, values = read_action(typed(await request.form()), new=True)
    if values is not None:
        ctx = command_context(request, staff)
        created = await run_for_form(form, FIELD_OF, lambda: create_action(ctx, values))
        if created:
            return RedirectResponse(f"{ROOT}/{created}?fait=creee", status_code=303)
    return _form_page(request, staff, form, 400)


async def _action(request: Request, staff: Staff) -> Action:
    """The action of the path, once the account is known to cover its department."""
    async with request.app.state.database.sessions() as db:
        action = await staff_directory.by_public_id(
            db, Action, request.path_params["public_id"], WHAT
        )
    require_departments(staff.viewer, [action.department_code])
    return action


@screen()
async def action_page(request: Request, staff: Staff) -> Response:
    """``GET /gestion/actions/<id>``: the action, its form and its archive button."""
    action = await _action(request, staff)
    return _form_page(request, staff, SessionForm(values_of_action(action), {}), 200, action)


@screen()
async def change(request: Request, staff: Staff) -> Response:
    """``POST /gestion/actions/<id>/modifier``: change it, or show the form again with the
    errors next to their fields."""
    action = await _action(request, staff)
    values = typed(await request.form())
    values["departement"] = action.department_code
    form, given = read_action(values, new=False)
    if given is not None:
        ctx = command_context(request, staff)
        if await run_for_form(form, FIELD_OF, lambda: update_action(ctx, action.public_id, given)):
            return RedirectResponse(f"{ROOT}/{action.public_id}?fait=modifiee", status_code=303)
    return _form_page(request, staff, form, 400, action)


@screen()
async def archive(request: Request, staff: Staff) -> Response:
    """``POST /gestion/actions/<id>/archiver``: confirm, then archive the action."""
    action = await _action(request, staff)
    ctx = command_context(request, staff)
    return await confirm_then_archive(
        request,
        staff,
        section=SECTION,
        heading=f"Archiver l'action « {action.title} »",
        what="L'action sera archivée : gardée, marquée archivée ; les sites partenaires qui se "
        "synchronisent la verront partir.",
        back=f"{ROOT}/{action.public_id}",
        archive=lambda: archive_action(ctx, action.public_id),
    )


ROUTES = [
    Route(ROOT, action_list, methods=["GET"]),
    Route(ROOT + "/nouvelle", new_action_form, methods=["GET"]),
    Route(ROOT + "/nouvelle", create, methods=["POST"]),
    Route(ROOT + "/{public_id}", action_page, methods=["GET"]),
    Route(ROOT + "/{public_id}/modifier", change, methods=["POST"]),
    Route(ROOT + "/{public_id}/archiver", archive, methods=["POST"]),
]
