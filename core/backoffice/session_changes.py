"""Changing a session from its page: its seats, approval and status, duplicate it into
another year, move, add or remove a day, cancel it. A change that e-mails the registrants is shown first with how many will be
told, and made only once confirmed. Every change is a session command."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, time

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.auth.permissions import require_departments
from core.backoffice.access import screen
from core.backoffice.commanding import command_context
from core.backoffice.forms import errors_by_field, parse_date, parse_hour
from core.backoffice.rendering import render_screen
from core.backoffice.session_form import (
    GENERAL,
    PLACE_FIELDS,
    SessionForm,
    chosen_trainers,
    read_places,
)
from core.backoffice.sessions import render_session
from core.commands.results import CommandResult
from core.commands.sessions import (
    DayInput,
    SessionChanges,
    add_session_day,
    cancel_session,
    duplicate_session,
    remove_session_day,
    reschedule_session_day,
    update_session,
)
from core.models.enums import SessionStatus
from core.services import session_overview
from core.services.staff_sign_in import Staff

Errors = dict[str, str]


def _fields(form: FormData, prefix: str) -> dict[str, str]:
    return {
        name: str(value)[:300].strip()
        for name, value in form.items()
        if name.startswith(prefix) and isinstance(value, str)
    }


def _date(values: dict[str, str], name: str, errors: Errors, *, required: bool = True) -> date | None:
    text = values.get(name, "")
    if not text:
        if required:
            errors[name] = "Indiquez une date au format JJ/MM/AAAA."
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        errors[name] = str(error)
        return None


def _time(values: dict[str, str], name: str, errors: Errors, *, required: bool) -> time | None:
    text = values.get(name, "")
    if not text:
        if required:
            errors[name] = "Indiquez une heure au format HH:MM."
        return None
    try:
        return parse_hour(text)
    except ValueError as error:
        errors[name] = str(error)
        return None


def _existing_day(values: dict[str, str], name: str, errors: Errors) -> date | None:
    try:
        return date.fromisoformat(values.get(name, ""))
    except ValueError:
        errors[name] = "Choisissez une journée de la session."
        return None


async def _confirm_or_run(
    request: Request,
    staff: Staff,
    form: FormData,
    values: dict[str, str],
    *,
    heading: str,
    what: str,
    button: str,
    run: Callable[[], Awaitable[CommandResult]],
    done: str,
    field_of: dict[str, str],
) -> Response:
    """Show what will happen and who will be told, or (confirmed) run the command."""
    public_id = request.path_params["public_id"]
    if form.get("confirme") != "1":
        async with request.app.state.database.sessions() as db:
            summary = await session_overview.session_summary(db, public_id)
            require_departments(staff.viewer, summary.department_codes or [None])
            told = await session_overview.told_of_changes(db, summary)
        return render_screen(
            request,
            staff,
            "gestion/confirm.html",
            {
                "section": "sessions",
                "heading": heading,
                "what": what,
                "told": told,
                "button": button,
                "action": request.url.path,
                "replay": values,
                "back": f"/gestion/sessions/{public_id}",
            },
        )
    result = await run()
    if result.ok:
        return RedirectResponse(f"/gestion/sessions/{public_id}?fait={done}", status_code=303)
    errors = errors_by_field(result.errors, field_of, GENERAL)
    return await render_session(request, staff, errors=errors, values=values, status_code=400)


@screen()
async def move_day(request: Request, staff: Staff) -> Response:
    """``POST /gestion/sessions/<id>/journees/deplacer``: move a day (after confirmation)."""
    form = await request.form()
    values = _fields(form, "deplacer_")
    errors: Errors = {}
    day = _existing_day(values, "deplacer_jour", errors)
    new_date = _date(values, "deplacer_date", errors, required=False)
    starts = _time(values, "deplacer_debut", errors, required=False)
    ends = _time(values, "deplacer_fin", errors, required=False)
    if not errors and new_date is None and starts is None and ends is None:
        errors["deplacer_date"] = "Indiquez la nouvelle date, ou de nouvelles heures."
    if errors:
        return await render_session(request, staff, errors=errors, values=values, status_code=400)
    assert day is not None, "without errors, the day was read"
    ctx = command_context(request, staff)
    public_id = request.path_params["public_id"]
    return await _confirm_or_run(
        request, staff, form, values,
        heading="Déplacer une journée",
        what=f"La journée du {day.strftime('%d/%m/%Y')} sera déplacée"
        + (f" au {new_date.strftime('%d/%m/%Y')}" if new_date else "")
        + (" avec de nouvelles heures" if starts or ends else "") + ".",
        button="Déplacer la journée",
        run=lambda: reschedule_session_day(
            ctx, public_id, day, new_date=new_date, start_time=starts, end_time=ends
        ),
        done="jour-deplace",
        field_of={"date": "deplacer_date", "days": "deplacer_date", "startTime": "deplacer_debut",
                  "endTime": "deplacer_fin"},
    )


@screen()
async def add_day(request: Request, staff: Staff) -> Response:
    """``POST /gestion/sessions/<id>/journees/ajouter``: add a day (after confirmation)."""
    form = await request.form()
    values = _fields(form, "ajouter_")
    errors: Errors = {}
    on = _date(values, "ajouter_date", errors)
    starts = _time(values, "ajouter_debut", errors, required=True)
    ends = _time(values, "ajouter_fin", errors, required=True)
    if starts and ends and ends <= starts:
        errors["ajouter_fin"] = "L'heure de fin doit suivre l'heure de début."
    if errors:
        return await render_session(request, staff, errors=errors, values=values, status_code=400)
    assert on is not None and starts is not None and ends is not None, "read without errors"
    ctx = command_context(request, staff)
    public_id = request.path_params["public_id"]
    return await _confirm_or_run(
        request, staff, form, values,
        heading="Ajouter une journée",
        what=f"Une journée sera ajoutée le {on.strftime('%d/%m/%Y')}.",
        button="Ajouter la journée",
        run=lambda: add_session_day(
            ctx, public_id, DayInput(on, starts, ends),
            day_count_reason=values.get("ajouter_raison") or None,
        ),
        done="jour-ajoute",
        field_of={"date": "ajouter_date", "days": "ajouter_raison"},
    )


@screen()
async def remove_day(request: Request, staff: Staff) -> Response:
    """``POST /gestion/sessions/<id>/journees/retirer``: remove a day (after confirmation)."""
    form = await request.form()
    values = _fields(form, "retirer_")
    errors: Errors = {}
    day = _existing_day(values, "retirer_jour", errors)
    if errors:
        return await render_session(request, staff, errors=errors, values=values, status_code=400)
    assert day is not None, "without errors, the day was read"
    ctx = command_context(request, staff)
    public_id = request.path_params["public_id"]
    return await _confirm_or_run(
        request, staff, form, values,
        heading="Retirer une journée",
        what=f"La journée du {day.strftime('%d/%m/%Y')} sera retirée ; elle restera dans les "
        "calendriers, marquée annulée.",
        button="Retirer la journée",
        run=lambda: remove_session_day(
            ctx, public_id, day, day_count_reason=values.get("retirer_raison") or None
        ),
        done="jour-retire",
        field_of={"date": "retirer_jour", "days": "retirer_raison"},
    )


@screen()
async def change(request: Request, staff: Staff) -> Response:
    """``POST /gestion/sessions/<id>/modifier``: seats, approval, tentative place and status
    (after confirmation: more seats let the waiting list in, ending approval confirms those
    awaiting it, and they are told)."""
    form = await request.form()
    values = _fields(form, "modifier_")
    errors: Errors = {}
    seats = values.get("modifier_places", "")
    if seats and not (seats.isdigit() and 0 < int(seats) <= 10_000):
        errors["modifier_places"] = "Indiquez un nombre de places entre 1 et 10 000, ou rien."
    if errors:
        return await render_session(request, staff, errors=errors, values=values, status_code=400)
    changes = SessionChanges(
        capacity=int(seats) if seats else None,
        clear_capacity=not seats,
        requires_approval=values.get("modifier_validation") == "1",
        place_tentative=values.get("modifier_lieu_a_confirmer") == "1",
        status=(
            SessionStatus.CONFIRMED
            if values.get("modifier_confirmee") == "1"
            else SessionStatus.PLANNED
        ),
    )
    ctx = command_context(request, staff)
    public_id = request.path_params["public_id"]
    return await _confirm_or_run(
        request, staff, form, values,
        heading="Modifier la session",
        what="Les places, la validation des inscriptions, le lieu à confirmer et le statut "
        "seront enregistrés tels que saisis.",
        button="Enregistrer",
        run=lambda: update_session(ctx, public_id, changes),
        done="modifiee",
        field_of={"capacity": "modifier_places", "requiresApproval": "modifier_validation",
                  "status": "modifier_confirmee"},
    )


@screen()
async def change_place(request: Request, staff: Staff) -> Response:
    """``POST /gestion/sessions/<id>/lieu``: the session's commune, venue and another possible
    commune (after confirmation: the registrants are told, the calendars updated)."""
    form = await request.form()
    read = SessionForm({name: str(form.get(name, "") or "")[:300].strip() for name in PLACE_FIELDS}, {})
    places = read_places(read)
    if read.errors:
        return await render_session(
            request, staff, errors=read.errors, values=read.values, status_code=400
        )
    changes = SessionChanges(places=places, place_tentative=True if len(places) > 1 else None)
    ctx = command_context(request, staff)
    public_id = request.path_params["public_id"]
    return await _confirm_or_run(
        request, staff, form, read.values,
        heading="Changer de lieu",
        what="Le lieu deviendra : "
        + " ou ".join(f"{place.city} ({place.postal_code})" for place in places)
        + ("" if len(places) == 1 else ", à confirmer") + ".",
        button="Changer de lieu",
        run=lambda: update_session(ctx, public_id, changes),
        done="lieu-change",
        field_of={"places": "commune", "placeTentative": "commune2"},
    )


@screen()
async def change_trainers(request: Request, staff: Staff) -> Response:
    """``POST /gestion/sessions/<id>/intervenants``: who leads the session (none ticked: nobody
    yet). The calendars show the change; registrants are not e-mailed for it."""
    chosen = chosen_trainers(await request.form())
    public_id = request.path_params["public_id"]
    result = await update_session(
        command_context(request, staff), public_id, SessionChanges(trainer_public_ids=chosen)
    )
    if result.ok:
        return RedirectResponse(f"/gestion/sessions/{public_id}?fait=intervenants", status_code=303)
    errors = errors_by_field(result.errors, {"trainers": "intervenants"}, GENERAL)
    return await render_session(request, staff, errors=errors, chosen=chosen, status_code=400)


@screen()
async def cancel(request: Request, staff: Staff) -> Response:
    """``POST /gestion/sessions/<id>/annuler``: cancel the session (after confirmation)."""
    form = await request.form()
    ctx = command_context(request, staff)
    public_id = request.path_params["public_id"]
    return await _confirm_or_run(
        request, staff, form, {},
        heading="Annuler la session",
        what="La session sera annulée : ses journées resteront dans les calendriers, marquées "
        "annulées, et ses places seront libérées.",
        button="Annuler la session",
        run=lambda: cancel_session(ctx, public_id),
        done="annulee",
        field_of={},
    )


@screen()
async def duplicate(request: Request, staff: Staff) -> Response:
    """``POST /gestion/sessions/<id>/dupliquer``: copy the session into another year."""
    form = await request.form()
    values = _fields(form, "dupliquer_")
    errors: Errors = {}
    year_text, number_text = values.get("dupliquer_annee", ""), values.get("dupliquer_numero", "")
    if not year_text.isdigit():
        errors["dupliquer_annee"] = "Indiquez l'année en chiffres, par exemple 2026."
    if number_text and not number_text.isdigit():
        errors["dupliquer_numero"] = "Indiquez le numéro en chiffres, ou rien pour le prochain libre."
    if errors:
        return await render_session(request, staff, errors=errors, values=values, status_code=400)
    result = await duplicate_session(
        command_context(request, staff),
        request.path_params["public_id"],
        int(year_text),
        int(number_text) if number_text else None,
    )
    if result.ok:
        return RedirectResponse(f"/gestion/sessions/{result.value}?fait=dupliquee", status_code=303)
    fields = {"year": "dupliquer_annee", "number": "dupliquer_numero"}
    errors = errors_by_field(result.errors, fields, GENERAL)
    return await render_session(request, staff, errors=errors, values=values, status_code=400)


ROUTES = [
    Route("/gestion/sessions/{public_id}/journees/deplacer", move_day, methods=["POST"]),
    Route("/gestion/sessions/{public_id}/journees/ajouter", add_day, methods=["POST"]),
    Route("/gestion/sessions/{public_id}/journees/retirer", remove_day, methods=["POST"]),
    Route("/gestion/sessions/{public_id}/modifier", change, methods=["POST"]),
    Route("/gestion/sessions/{public_id}/lieu", change_place, methods=["POST"]),
    Route("/gestion/sessions/{public_id}/intervenants", change_trainers, methods=["POST"]),
    Route("/gestion/sessions/{public_id}/annuler", cancel, methods=["POST"]),
    Route("/gestion/sessions/{public_id}/dupliquer", duplicate, methods=["POST"]),
]
