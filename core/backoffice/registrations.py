"""``/gestion/inscriptions``: the registrations of each session and event, and their files.

The index lists the sessions and events whose registrations the account manages, with their
counts; a session's or event's page lists its registrations with their status and waitlist
order, with the buttons of what staff do (``core.backoffice.registration_changes``) and the
downloads: participants as CSV or ODS, an attendance sheet per day. Reading goes through
``core.services.participants`` and the files through ``core.exports.files``, which check the
account's departments first (a refusal is the French 403 page) and audit each export.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.auth.permissions import AccessDenied
from core.backoffice.access import screen
from core.backoffice.rendering import render_screen
from core.exports.files import ExportFile, ExportFormat, attendance_file, participants_file
from core.hooks.types import TargetKind
from core.models.enums import RegistrationStatus
from core.services.agenda import Period
from core.services.attendance import held_days
from core.services.errors import InputError
from core.services.participants import participant_list, registration_targets
from core.services.staff_sign_in import Staff

SECTION = "registrations"
ROOT = "/gestion/inscriptions"
# The path segment of each kind, as the public site spells it.
SEGMENTS = {TargetKind.SESSION: "formations", TargetKind.EVENT: "evenements"}
KINDS = {segment: kind for kind, segment in SEGMENTS.items()}
# What the list says after a change, by the ``fait`` of the redirect.
DONE = {
    "confirm": "L'inscription est confirmée. La personne en est informée par e-mail.",
    "refuse": "L'inscription est refusée. La personne en est informée par e-mail.",
    "move": "L'inscription est déplacée.",
    "cancel": "Les inscriptions choisies sont annulées. Chaque personne en est informée par "
    "e-mail.",
}


def target_path(kind: TargetKind, public_id: str) -> str:
    """The page of a session's or event's registrations."""
    return f"{ROOT}/{SEGMENTS[kind]}/{quote(public_id)}"


def target_of(request: Request) -> tuple[TargetKind, str] | None:
    """The kind and public ID the path names, or ``None`` for an unknown kind."""
    kind = KINDS.get(request.path_params["kind"])
    return None if kind is None else (kind, request.path_params["public_id"])


def not_found(request: Request, staff: Staff, message: str) -> Response:
    """The back-office's 404 page, with what was not found."""
    return render_screen(
        request,
        staff,
        "gestion/message.html",
        {"heading": "Page introuvable", "text": message, "code": "NOT_FOUND", "section": SECTION},
        status_code=404,
    )


UNKNOWN = "Aucune session ni aucun évènement ne correspond à cette adresse."


@screen()
async def index(request: Request, staff: Staff) -> Response:
    """``GET /gestion/inscriptions``: the sessions and events to come (``?periode=tout``: all),
    with their seats taken, awaiting approval and waitlisted."""
    everything = request.query_params.get("periode") == "tout"
    async with request.app.state.database.sessions() as db:
        targets = await registration_targets(
            db,
            staff.viewer,
            request.app.state.clock.today(),
            period=Period.ALL if everything else Period.UPCOMING,
        )
    return render_screen(
        request,
        staff,
        "gestion/registrations_index.html",
        {
            "section": SECTION,
            "targets": targets,
            "everything": everything,
            "target_path": target_path,
        },
    )


async def render_registrations(
    request: Request,
    staff: Staff,
    kind: TargetKind,
    public_id: str,
    *,
    errors: dict[str, str] | None = None,
    checked: frozenset[str] = frozenset(),
    status_code: int = 200,
) -> Response:
    """A session's or event's registrations page (``errors`` of the cancel form, with the
    boxes that were ``checked``). Raises ``AccessDenied`` and ``InputError`` as
    ``participant_list`` does."""
    async with request.app.state.database.sessions() as db:
        participants = await participant_list(db, staff.viewer, kind, public_id)
        days = await held_days(db, kind, public_id)
    return render_screen(
        request,
        staff,
        "gestion/registrations.html",
        {
            "section": SECTION,
            "kind": kind,
            "participants": participants,
            "days": days,
            "here": target_path(kind, public_id),
            "done": DONE.get(request.query_params.get("fait", "")),
            "errors": errors or {},
            "checked": checked,
            "statuses": RegistrationStatus,
        },
        status_code=status_code,
    )


@screen()
async def registrations(request: Request, staff: Staff) -> Response:
    """``GET /gestion/inscriptions/{formations|evenements}/{public_id}``: the registrations,
    confirmed first, then awaiting approval, the waitlist in order, and the others."""
    found = target_of(request)
    if found is None:
        return not_found(request, staff, UNKNOWN)
    try:
        return await render_registrations(request, staff, *found)
    except AccessDenied:
        raise  # the French 403 page (``screen``), an InputError too
    except InputError:
        return not_found(request, staff, UNKNOWN)


def download(exported: ExportFile) -> Response:
    """``exported`` as a file the browser saves under its name."""
    return Response(
        exported.content,
        media_type=exported.media_type,
        headers={"Content-Disposition": f'attachment; filename="{exported.filename}"'},
    )


@screen()
async def participants_download(request: Request, staff: Staff) -> Response:
    """``GET …/participants.csv`` or ``.ods``: the participant list as a spreadsheet."""
    found = target_of(request)
    try:
        export_format = ExportFormat(request.path_params["extension"])
    except ValueError:
        found = None
    if found is None:
        return not_found(request, staff, UNKNOWN)
    try:
        exported = await participants_file(
            request.app.state.database, staff.viewer, *found, export_format
        )
    except AccessDenied:
        raise  # the French 403 page (``screen``), an InputError too
    except InputError:
        return not_found(request, staff, UNKNOWN)
    return download(exported)


@screen()
async def attendance_download(request: Request, staff: Staff) -> Response:
    """``GET …/emargement/AAAA-MM-JJ.pdf``: the attendance sheet of that day (PDF)."""
    found = target_of(request)
    try:
        day = date.fromisoformat(request.path_params["day"])
    except ValueError:
        found = None
    if found is None:
        return not_found(request, staff, UNKNOWN)
    try:
        exported = await attendance_file(request.app.state.database, staff.viewer, *found, day)
    except AccessDenied:
        raise  # the French 403 page (``screen``), an InputError too
    except InputError as error:
        return not_found(request, staff, error.message)
    return download(exported)


TARGET = ROOT + "/{kind}/{public_id}"
ROUTES = [
    Route(ROOT, index, methods=["GET"]),
    Route(TARGET, registrations, methods=["GET"]),
    Route(TARGET + "/participants.{extension}", participants_download, methods=["GET"]),
    Route(TARGET + "/emargement/{day}.pdf", attendance_download, methods=["GET"]),
]
