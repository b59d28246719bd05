"""``/gestion/sessions``: the sessions of a year, a new session, one session's page.

Every write goes through the session commands (``core.commands.sessions``): the handlers only
read the form, call the command and show its answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.auth.permissions import require_departments
from core.backoffice.access import screen
from core.backoffice.commanding import command_context
from core.backoffice.places import commune_choices
from core.backoffice.rendering import render_screen
from core.backoffice.session_form import (
    GENERAL,
    chosen_trainers,
    place_violations_on,
    read_new_session,
    typed,
    values_of_session,
)
from core.commands.sessions import create_session, require_session_places
from core.services import session_overview
from core.services.session_numbers import next_session_number, taken_session_numbers
from core.services.staff_sign_in import Staff


def _year(request: Request, default: int) -> int:
    text = request.query_params.get("annee", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else default


@screen()
async def session_list(request: Request, staff: Staff) -> Response:
    """``GET /gestion/sessions?annee=2025``: the year's sessions and the numbers taken."""
    year = _year(request, request.app.state.clock.today().year)
    async with request.app.state.database.sessions() as db:
        sessions = await session_overview.sessions_of_year(db, staff.viewer, year)
        taken = await taken_session_numbers(db, year)
        following = await next_session_number(db, year)
        years = await session_overview.years_with_sessions(db)
    return render_screen(
        request,
        staff,
        "gestion/sessions.html",
        {
            "section": "sessions",
            "year": year,
            "years": sorted({*years, year, year + 1}, reverse=True),
            "sessions": sessions,
            "taken": taken,
            "following": following,
        },
    )


async def _form_page(
    request: Request,
    staff: Staff,
    values: dict,
    errors: dict,
    status: int,
    chosen: Sequence[str] = (),
) -> Response:
    async with request.app.state.database.sessions() as db:
        trainers = await session_overview.trainer_choices(db)
        modules = [
            (str(number), f"Module {number} — {title} ({length} jours)")
            for number, title, length in await session_overview.module_choices(db)
        ]
        year = int(values["annee"]) if values["annee"].isdigit() else None
        taken = await taken_session_numbers(db, year) if year else []
    return render_screen(
        request,
        staff,
        "gestion/session_form.html",
        {
            "section": "sessions",
            "values": values,
            "errors": errors,
            "general": errors.get(GENERAL),
            "modules": modules,
            "communes": commune_choices(),
            "taken": taken,
            "trainers": trainers,
            "chosen": list(chosen),
        },
        status_code=status,
    )


@screen()
async def new_session_form(request: Request, staff: Staff) -> Response:
    """``GET /gestion/sessions/nouvelle?annee=2026``: the form, the next free number proposed."""
    year = _year(request, request.app.state.clock.today().year)
    async with request.app.state.database.sessions() as db:
        number = await next_session_number(db, year)
    return await _form_page(request, staff, values_of_session(year, number), {}, 200)


@screen()
async def create(request: Request, staff: Staff) -> Response:
    """``POST /gestion/sessions/nouvelle``: create it, or show the form again with the errors
    next to their fields and what was typed."""
    posted = await request.form()
    values, trainers = typed(posted), chosen_trainers(posted)
    form, new = read_new_session(values, trainers)
    if new is not None:
        require_session_places(staff.viewer, new.places)
        result = await create_session(command_context(request, staff), new)
        if result.ok:
            return RedirectResponse(f"/gestion/sessions/{result.value}?fait=creee", status_code=303)
        place_violations_on(form, result.errors)
    return await _form_page(request, staff, form.values, form.errors, 400, trainers)


DONE_WORDS = {
    "creee": "La session est créée.",
    "dupliquee": "La session est dupliquée : voici la copie.",
    "modifiee": "La session est modifiée.",
    "annulee": "La session est annulée ; ses inscrits en sont prévenus.",
    "jour-deplace": "La journée est déplacée.",
    "jour-ajoute": "La journée est ajoutée.",
    "jour-retire": "La journée est retirée.",
    "lieu-change": "Le lieu est changé ; les inscrits en sont prévenus.",
    "intervenants": "Les intervenant·es sont enregistré·es.",
}


async def render_session(
    request: Request,
    staff: Staff,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    chosen: Sequence[str] | None = None,
    status_code: int = 200,
) -> Response:
    """The page of the session in the path (staff of its departments only), with the errors
    and typed values (``chosen``: trainers ticked) of a form on it that was refused."""
    async with request.app.state.database.sessions() as db:
        summary = await session_overview.session_summary(db, request.path_params["public_id"])
        require_departments(staff.viewer, summary.department_codes or [None])
        told = await session_overview.told_of_changes(db, summary)
        following = await next_session_number(db, summary.row.year + 1)
        trainers = await session_overview.trainer_choices(db)
        current = await session_overview.session_trainer_ids(db, summary.row)
    places = summary.places
    names = {choice.public_id: choice.label for choice in trainers}
    return render_screen(
        request,
        staff,
        "gestion/session.html",
        {
            "section": "sessions",
            "s": summary,
            "told": told,
            "done": DONE_WORDS.get(request.query_params.get("fait", "")),
            "errors": errors or {},
            "trainers": trainers,
            "current_trainers": [names.get(public_id, public_id) for public_id in current],
            "chosen": current if chosen is None else list(chosen),
            "communes": commune_choices(),
            "values": {
                "dupliquer_annee": str(summary.row.year + 1),
                "dupliquer_numero": str(following),
                "commune": places[0].city if places else "",
                "code_postal": places[0].postal_code if places else "",
                "lieu": (places[0].venue or "") if places else "",
                "commune2": places[1].city if len(places) > 1 else "",
                "code_postal2": places[1].postal_code if len(places) > 1 else "",
                **(values or {}),
            },
        },
        status_code=status_code,
    )


@screen()
async def session_page(request: Request, staff: Staff) -> Response:
    """``GET /gestion/sessions/<id>``: the session, and what staff can do with it."""
    return await render_session(request, staff)


ROUTES = [
    Route("/gestion/sessions", session_list, methods=["GET"]),
    Route("/gestion/sessions/nouvelle", new_session_form, methods=["GET"]),
    Route("/gestion/sessions/nouvelle", create, methods=["POST"]),
    Route("/gestion/sessions/{public_id}", session_page, methods=["GET"]),
]
