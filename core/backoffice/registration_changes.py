"""What staff do to registrations from ``/gestion/inscriptions``: confirm, refuse with a reason,
move to another session or event, cancel several at once.

Each change is two steps: a page says what will happen and who will be told by e-mail
(``core.services.registration_notices``), then its button posts the change, which runs the
registration command (``core.commands.registrations``: access check, rules, transaction, audit,
e-mails) and comes back to the list (POST/redirect/GET). A refusal of the command is shown on
the same page, next to its field, with what was typed; nothing changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.auth.permissions import AccessDenied
from core.backoffice.access import screen
from core.backoffice.registrations import (
    KINDS,
    SECTION,
    SEGMENTS,
    TARGET,
    UNKNOWN,
    not_found,
    render_registrations,
    target_of,
    target_path,
)
from core.backoffice.rendering import render_screen
from core.commands import registrations as commands
from core.backoffice.commanding import command_context
from core.commands.results import CommandResult
from core.hooks.types import TargetKind, Violation
from core.services.errors import InputError
from core.services.participants import (
    Participant,
    ParticipantList,
    participant_list,
    registration_targets,
)
from core.services.registration_notices import StaffChange, notice_of
from core.services.staff_sign_in import Staff

# The form fields the commands' violations are shown next to (others go to the summary).
FIELDS = {"reason": "raison", "target": "destination"}
NONE_CHOSEN = "Cochez au moins une inscription à annuler."
NOT_IN_LIST = "Cette inscription n'est pas dans la liste de cette session ou de cet évènement."
# The pages of the single changes: heading, button, and the fields their form has.
PAGES = {
    StaffChange.CONFIRM: ("Confirmer une inscription", "Confirmer l'inscription"),
    StaffChange.REFUSE: ("Refuser une inscription", "Refuser l'inscription"),
    StaffChange.MOVE: ("Déplacer une inscription", "Déplacer l'inscription"),
}


def errors_of(violations: Sequence[Violation]) -> dict[str, str]:
    """The violations by form field; those of no field of the form under ``action``."""
    errors: dict[str, str] = {}
    for violation in violations:
        field = FIELDS.get(violation.field, "action")
        errors[field] = " ".join(filter(None, [errors.get(field), violation.message]))
    return errors


def back_to_list(kind: TargetKind, public_id: str, change: StaffChange) -> Response:
    """The list of the registrations, saying what was done."""
    return RedirectResponse(f"{target_path(kind, public_id)}?fait={change.value}", 303)


async def _participants(
    request: Request, staff: Staff
) -> tuple[TargetKind, str, ParticipantList] | None:
    found = target_of(request)
    if found is None:
        return None
    async with request.app.state.database.sessions() as db:
        try:
            return (*found, await participant_list(db, staff.viewer, *found))
        except AccessDenied:
            raise  # the French 403 page (``screen``), an InputError too
        except InputError:
            return None


async def _destinations(request: Request, staff: Staff, participants: ParticipantList):
    """The sessions and events to come a registration may be moved to (covered, not its own)."""
    async with request.app.state.database.sessions() as db:
        targets = await registration_targets(db, staff.viewer, request.app.state.clock.today())
    return [
        (f"{SEGMENTS[target.kind]}:{target.item.public_id}", target.item)
        for target in targets
        if target.item.public_id != participants.target.public_id and not target.item.cancelled
    ]


def _single_page(
    request: Request,
    staff: Staff,
    change: StaffChange,
    kind: TargetKind,
    participants: ParticipantList,
    person: Participant,
    *,
    typed: Mapping[str, str],
    destinations: list | None = None,
    errors: Mapping[str, str] | None = None,
) -> Response:
    heading, button = PAGES[change]
    return render_screen(
        request,
        staff,
        "gestion/registration_change.html",
        {
            "section": SECTION,
            "change": change.value,
            "heading": heading,
            "button": button,
            "participants": participants,
            "person": person,
            "notice": notice_of(participants, change, {person.public_id}),
            "back": target_path(kind, request.path_params["public_id"]),
            "typed": typed,
            "destinations": destinations or [],
            "errors": dict(errors or {}),
        },
        status_code=400 if errors else 200,
    )


async def _run(
    request: Request, staff: Staff, change: StaffChange, public_id: str, form: Mapping[str, str]
) -> CommandResult | dict[str, str]:
    """Run ``change`` on the registration ``public_id``; the result, or the form's errors."""
    ctx = command_context(request, staff)
    if change is StaffChange.CONFIRM:
        return await commands.confirm_registration(ctx, public_id)
    if change is StaffChange.REFUSE:
        return await commands.refuse_registration(ctx, public_id, form.get("raison", ""))
    segment, _, destination = form.get("destination", "").partition(":")
    if segment not in KINDS or not destination:
        return {"destination": "Choisissez la session ou l'évènement où déplacer l'inscription."}
    return await commands.move_registration(ctx, public_id, KINDS[segment], destination)


def single_change(change: StaffChange):
    """The screen of one change of one registration: its page (GET), then the change (POST)."""

    @screen()
    async def endpoint(request: Request, staff: Staff) -> Response:
        found = await _participants(request, staff)
        if found is None:
            return not_found(request, staff, UNKNOWN)
        kind, target_id, participants = found
        person = next(
            (
                row
                for row in participants.participants
                if row.public_id == request.path_params["registration"]
            ),
            None,
        )
        if person is None:
            return not_found(request, staff, NOT_IN_LIST)
        destinations = None
        if change is StaffChange.MOVE:
            destinations = await _destinations(request, staff, participants)
        if request.method == "GET":
            return _single_page(
                request, staff, change, kind, participants, person,
                typed={}, destinations=destinations,
            )
        form = {key: str(value) for key, value in (await request.form()).items()}
        result = await _run(request, staff, change, person.public_id, form)
        errors = result if isinstance(result, dict) else errors_of(result.errors)
        if errors:
            return _single_page(
                request, staff, change, kind, participants, person,
                typed=form, destinations=destinations, errors=errors,
            )
        return back_to_list(kind, target_id, change)

    endpoint.__name__ = f"{change.value}_registration"
    endpoint.__doc__ = f"``GET`` then ``POST …/{{registration}}/…``: {PAGES[change][0].lower()}."
    return endpoint


@screen()
async def cancel_several(request: Request, staff: Staff) -> Response:
    """``POST …/annulation``: the boxes checked on the list; first the page saying who will be
    told, then (``confirme``) the cancellation of them all, or none."""
    found = await _participants(request, staff)
    if found is None:
        return not_found(request, staff, UNKNOWN)
    kind, target_id, participants = found
    form = await request.form()
    wanted = [str(value) for value in form.getlist("inscriptions")]
    chosen = [row for row in participants.participants if row.public_id in wanted]
    if not chosen or len(chosen) != len(set(wanted)):
        return await render_registrations(
            request, staff, kind, target_id,
            errors={"inscriptions": NONE_CHOSEN if not wanted else NOT_IN_LIST},
            checked=frozenset(wanted), status_code=400,
        )
    errors: dict[str, str] = {}
    if form.get("confirme") == "oui":
        result = await commands.cancel_registrations(
            command_context(request, staff), [row.public_id for row in chosen]
        )
        if result.ok:
            return back_to_list(kind, target_id, StaffChange.CANCEL)
        errors = {"action": " ".join(violation.message for violation in result.errors)}
    return render_screen(
        request,
        staff,
        "gestion/registrations_cancel.html",
        {
            "section": SECTION,
            "participants": participants,
            "chosen": chosen,
            "notice": notice_of(participants, StaffChange.CANCEL, {row.public_id for row in chosen}),
            "back": target_path(kind, target_id),
            "errors": errors,
        },
        status_code=400 if errors else 200,
    )


REGISTRATION = TARGET + "/{registration}"
ROUTES = [
    Route(REGISTRATION + "/confirmer", single_change(StaffChange.CONFIRM), methods=["GET", "POST"]),
    Route(REGISTRATION + "/refuser", single_change(StaffChange.REFUSE), methods=["GET", "POST"]),
    Route(REGISTRATION + "/deplacer", single_change(StaffChange.MOVE), methods=["GET", "POST"]),
    Route(TARGET + "/annulation", cancel_several, methods=["POST"]),
]
