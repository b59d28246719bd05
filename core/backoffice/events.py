"""``/gestion/evenements``: the events of a year, a new event, one event's page (its form),
cancelling it after being told who will be e-mailed.

Every write goes through the event commands (``core.commands.events``): the handlers only
read the form, call the command and show its answer.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.auth.permissions import require_departments
from core.backoffice.access import screen
from core.backoffice.commanding import command_context
from core.backoffice.departments import department_choices, department_label
from core.backoffice.event_form import (
    FIELD_OF,
    KIND_CHOICES,
    STATUS_CHOICES,
    read_event_changes,
    read_new_event,
    typed,
    values_of_event,
    values_of_new_event,
)
from core.backoffice.form_commands import run_for_form
from core.backoffice.places import commune_choices
from core.backoffice.registrations import target_path
from core.backoffice.rendering import render_screen
from core.backoffice.session_form import SessionForm
from core.commands.events import cancel_event, create_event, update_event
from core.hooks.types import TargetKind
from core.services import event_overview
from core.services.agenda import EVENT_KIND_LABELS
from core.services.staff_sign_in import Staff

SECTION = "events"
ROOT = "/gestion/evenements"
DONE_WORDS = {
    "cree": "L'évènement est créé.",
    "modifie": "L'évènement est modifié ; ses inscrits sont prévenus de ce qui les concerne.",
    "annule": "L'évènement est annulé ; ses inscrits en sont prévenus.",
}
STATUS_WORDS = {"PLANNED": "prévu", "CONFIRMED": "confirmé", "CANCELLED": "annulé"}


def _year(request: Request, default: int) -> int:
    text = request.query_params.get("annee", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else default


def _labels() -> dict[str, object]:
    return {
        "section": SECTION,
        "kinds": KIND_CHOICES,
        "kind_words": {kind.value: label for kind, label in EVENT_KIND_LABELS.items()},
        "status_words": STATUS_WORDS,
        "department_label": department_label,
    }


@screen()
async def event_list(request: Request, staff: Staff) -> Response:
    """``GET /gestion/evenements?annee=2025``: the year's events and their registrations."""
    year = _year(request, request.app.state.clock.today().year)
    async with request.app.state.database.sessions() as db:
        events = await event_overview.events_of_year(db, staff.viewer, year)
        years = await event_overview.years_with_events(db)
    return render_screen(
        request,
        staff,
        "gestion/events.html",
        {
            **_labels(),
            "year": year,
            "years": sorted({*years, year, year + 1}, reverse=True),
            "events": events,
            "registrations_of": lambda public_id: target_path(TargetKind.EVENT, public_id),
            "done": DONE_WORDS.get(request.query_params.get("fait", "")),
        },
    )


def _form_page(
    request: Request, staff: Staff, form: SessionForm, status: int, **page: object
) -> Response:
    """The event form (``page`` says of which event, if any) with what was typed and the
    errors next to their fields."""
    return render_screen(
        request,
        staff,
        "gestion/event_form.html",
        {
            **_labels(),
            "values": form.values,
            "errors": form.errors,
            "communes": commune_choices(),
            "event": None,
            "done": None,
            **page,
        },
        status_code=status,
    )


def _new_form(request: Request, staff: Staff, form: SessionForm, status: int) -> Response:
    departments = department_choices(staff.viewer, with_region=True)
    return _form_page(request, staff, form, status, departments=departments)


@screen()
async def new_event_form(request: Request, staff: Staff) -> Response:
    """``GET /gestion/evenements/nouveau``: the form of a new event."""
    choices = department_choices(staff.viewer)
    values = values_of_new_event(choices[0][0] if len(choices) == 1 else "")
    return _new_form(request, staff, SessionForm(values, {}), 200)


@screen()
async def create(request: Request, staff: Staff) -> Response:
    """``POST /gestion/evenements/nouveau``: create it, or show the form again with the
    errors next to their fields and what was typed."""
    form, new = read_new_event(typed(await request.form()))
    if new is not None:
        ctx = command_context(request, staff)
        created = await run_for_form(form, FIELD_OF, lambda: create_event(ctx, new))
        if created:
            return RedirectResponse(f"{ROOT}/{created}?fait=cree", status_code=303)
    return _new_form(request, staff, form, 400)


async def _event_page(
    request: Request,
    staff: Staff,
    form: SessionForm | None = None,
    status: int = 200,
    errors: dict[str, str] | None = None,
) -> Response:
    """The page of the event in the path (staff of its department only): its form, with the
    errors and typed values of a refused change (or the ``errors`` of a refused cancel)."""
    async with request.app.state.database.sessions() as db:
        summary = await event_overview.event_summary(db, request.path_params["public_id"])
        require_departments(staff.viewer, [summary.row.department_code])
        told = await event_overview.told_of_event_changes(db, summary.row)
    if form is None:
        form = SessionForm(values_of_event(summary.row), errors or {})
    return _form_page(
        request,
        staff,
        form,
        status,
        statuses=STATUS_CHOICES,
        event=summary,
        told=told,
        registrations=target_path(TargetKind.EVENT, summary.row.public_id),
        done=DONE_WORDS.get(request.query_params.get("fait", "")),
    )


@screen()
async def event_page(request: Request, staff: Staff) -> Response:
    """``GET /gestion/evenements/<id>``: the event, its form and its cancel button."""
    return await _event_page(request, staff)


@screen()
async def change(request: Request, staff: Staff) -> Response:
    """``POST /gestion/evenements/<id>/modifier``: change it (the command tells its
    registrants of a change they see), or show the form again with the errors."""
    public_id = request.path_params["public_id"]
    form, changes = read_event_changes(typed(await request.form()))
    if changes is not None:
        ctx = command_context(request, staff)
        if await run_for_form(form, FIELD_OF, lambda: update_event(ctx, public_id, changes)):
            return RedirectResponse(f"{ROOT}/{public_id}?fait=modifie", status_code=303)
    return await _event_page(request, staff, form, 400)


@screen()
async def cancel(request: Request, staff: Staff) -> Response:
    """``POST /gestion/evenements/<id>/annuler``: say who will be told, then (confirmed)
    cancel the event."""
    public_id = request.path_params["public_id"]
    form = await request.form()
    if form.get("confirme") != "1":
        async with request.app.state.database.sessions() as db:
            summary = await event_overview.event_summary(db, public_id)
            require_departments(staff.viewer, [summary.row.department_code])
            told = await event_overview.told_of_event_changes(db, summary.row)
        return render_screen(
            request,
            staff,
            "gestion/confirm.html",
            {
                "section": SECTION,
                "heading": f"Annuler l'évènement « {summary.row.title} »",
                "what": "L'évènement sera annulé : il restera dans les calendriers, marqué "
                "annulé, et ses inscriptions seront annulées.",
                "told": told,
                "button": "Annuler l'évènement",
                "action": request.url.path,
                "replay": {},
                "back": f"{ROOT}/{public_id}",
            },
        )
    refused = SessionForm({}, {})
    ctx = command_context(request, staff)
    if await run_for_form(refused, FIELD_OF, lambda: cancel_event(ctx, public_id)):
        return RedirectResponse(f"{ROOT}/{public_id}?fait=annule", status_code=303)
    return await _event_page(request, staff, errors=refused.errors, status=400)


ROUTES = [
    Route(ROOT, event_list, methods=["GET"]),
    Route(ROOT + "/nouveau", new_event_form, methods=["GET"]),
    Route(ROOT + "/nouveau", create, methods=["POST"]),
    Route(ROOT + "/{public_id}", event_page, methods=["GET"]),
    Route(ROOT + "/{public_id}/modifier", change, methods=["POST"]),
    Route(ROOT + "/{public_id}/annuler", cancel, methods=["POST"]),
]
