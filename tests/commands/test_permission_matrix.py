"""The permission matrix of the command functions themselves: every command × every kind of
viewer, the door the back-office and the command line use (GraphQL's is
``tests/staff/test_permission_matrix.py``).

Viewers: anonymous, department 44 staff acting on an object of the 85, regional staff. Staff
commands refuse the first two (``UNAUTHENTICATED``, ``FORBIDDEN``) with nothing changed, and
regional staff may; a public command (registering, a person's own changes by their private
reference) lets anyone in. Each row of ``COMMANDS`` names a command, how to call it on the 85
objects that ``vendee_objects`` makes, and what each viewer gets.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, time
from typing import Any

import pytest
from sqlalchemy import func, select

from core.commands import (
    calendar_subscriptions,
    directory,
    events,
    personal_data,
    registrations,
    sessions,
    tokens,
    webhooks,
)
from core.db import seeded_public_id
from core.enums import ActionKind, EventKind, ResourceKind
from core.commands.context import CommandContext
from core.hooks.types import RegistrationDraft, TargetKind
from core.models import AuditEntry, OutboxMessage, Registration
from core.models.registration_link import LinkPurpose
from core.services import registration_mail
from core.models.enums import StaffRole
from core.calendars.keys import FeedKind
from core.services.errors import InputError
from tests.commands.conftest import ANONYMOUS, REGIONAL, STAFF_44

LA_ROCHE = sessions.PlaceInput("La Roche-sur-Yon", "85000")


@dataclass
class VendeeObjects:
    """Objects of the 85 the commands act on: a session whose registrations await approval,
    another one, a registration to the first (with its private reference), a trainer and an
    action of the 85, a resource and an organization (regional), a private feed of the 85 made
    by a regional token, a webhook, and a department token of the 85. Only those a row's call reads are
    made (``_needed``)."""

    session: str = ""
    other_session: str = ""
    registration: str = ""
    reference: str = ""
    trainer: str = ""
    action: str = ""
    resource: str = ""
    organization: str = ""
    subscription: str = ""
    webhook: str = ""
    token: str = ""
    confirmation_secret: str = ""
    manage_secret: str = ""

def _days(year: int) -> list[sessions.DayInput]:
    return [sessions.DayInput(date(year, 9, d), time(9), time(17)) for d in (8, 9, 10)]


def _new_session(number: int) -> sessions.NewSession:
    return sessions.NewSession(
        year=2026, number=number, module_number=1, places=[LA_ROCHE], days=_days(2026),
        requires_approval=True,
    )


def _person(n: int) -> RegistrationDraft:
    return RegistrationDraft(
        department_code="85", full_name=f"Lou Bernard {n}", email=f"lou.bernard.{n}@example.org",
        employer="Mairie de La Roche-sur-Yon", employer_commitment=True,
    )


def _action_values() -> dict[str, Any]:
    return {
        "department_code": "85", "kind": ActionKind.EVIDENCE_BASED_PROGRAMME,
        "title": "Programme Unplugged", "period_start": date(2026, 1, 5),
    }


def _resource_values() -> dict[str, Any]:
    return {
        "title": "Fiches CPS", "kind": ResourceKind.SYNTHESIS, "description": "Synthèse.",
    }


def _vendee_meeting() -> events.NewEvent:
    return events.NewEvent(
        kind=EventKind.COTER_MEETING, title="Réunion du COTER 85", year=2025,
        date=date(2025, 12, 15), start_time=time(14), end_time=time(16), department_code="85",
        city="La Roche-sur-Yon", postal_code="85000", is_public=False,
    )


VENDEE_DAY = seeded_public_id("event:2025-practice-exchange-85")
Call = Callable[[CommandContext, VendeeObjects], Awaitable[Any]]
OK, UNAUTHENTICATED, FORBIDDEN = None, "UNAUTHENTICATED", "FORBIDDEN"
VIEWERS = {
    "anonymous": ANONYMOUS,
    "department 44 on an 85 object": STAFF_44,
    "regional": REGIONAL,
}
STAFF_ONLY = (UNAUTHENTICATED, FORBIDDEN, OK)
ANYONE = (OK, OK, OK)
# A staff viewer registers someone within their departments; anyone else registers themself.
PUBLIC_BUT_DEPARTMENTS = (OK, FORBIDDEN, OK)

STAFF_COMMANDS: dict[str, Call] = {
    "sessions.create_session": lambda ctx, o: sessions.create_session(ctx, _new_session(20)),
    "sessions.update_session": lambda ctx, o: sessions.update_session(
        ctx, o.session, sessions.SessionChanges(capacity=9)
    ),
    "sessions.cancel_session": lambda ctx, o: sessions.cancel_session(ctx, o.session),
    "sessions.reschedule_session_day": lambda ctx, o: sessions.reschedule_session_day(
        ctx, o.session, date(2026, 9, 10), new_date=date(2026, 9, 17)
    ),
    "sessions.add_session_day": lambda ctx, o: sessions.add_session_day(
        ctx, o.session, sessions.DayInput(date(2026, 9, 24), time(9), time(17)),
        day_count_reason="Journée de plus.",
    ),
    "sessions.remove_session_day": lambda ctx, o: sessions.remove_session_day(
        ctx, o.session, date(2026, 9, 10), day_count_reason="Deux journées suffisent."
    ),
    "sessions.duplicate_session": lambda ctx, o: sessions.duplicate_session(
        ctx, o.session, 2027
    ),
    "registrations.confirm_registration": lambda ctx, o: registrations.confirm_registration(
        ctx, o.registration
    ),
    "registrations.refuse_registration": lambda ctx, o: registrations.refuse_registration(
        ctx, o.registration, "Public prioritaire : professionnels de l'enfance."
    ),
    "registrations.cancel_registration": lambda ctx, o: registrations.cancel_registration(
        ctx, o.registration
    ),
    "registrations.cancel_registrations": lambda ctx, o: registrations.cancel_registrations(
        ctx, [o.registration]
    ),
    "registrations.move_registration": lambda ctx, o: registrations.move_registration(
        ctx, o.registration, TargetKind.SESSION, o.other_session
    ),
    "registrations.update_registration": lambda ctx, o: registrations.update_registration(
        ctx, o.registration, {"employer": "CCAS de La Roche-sur-Yon"}
    ),
    "directory.create_trainer": lambda ctx, o: directory.create_trainer(
        ctx, {"given_name": "Lou", "family_name": "Girard"}, ["85"]
    ),
    "directory.update_trainer": lambda ctx, o: directory.update_trainer(
        ctx, o.trainer, {"job_title": "Formatrice"}
    ),
    "directory.archive_trainer": lambda ctx, o: directory.archive_trainer(ctx, o.trainer),
    "directory.create_action": lambda ctx, o: directory.create_action(ctx, _action_values()),
    "directory.update_action": lambda ctx, o: directory.update_action(
        ctx, o.action, {"title": "Programme PSFP"}
    ),
    "directory.archive_action": lambda ctx, o: directory.archive_action(ctx, o.action),
    "directory.create_resource": lambda ctx, o: directory.create_resource(
        ctx, _resource_values()
    ),
    "directory.update_resource": lambda ctx, o: directory.update_resource(
        ctx, o.resource, {"publisher": "IREPS"}
    ),
    "directory.archive_resource": lambda ctx, o: directory.archive_resource(ctx, o.resource),
    "directory.create_organization": lambda ctx, o: directory.create_organization(
        ctx, {"name": "Ligue de l'enseignement de Vendée", "short_name": "Ligue 85"}
    ),
    "directory.update_organization": lambda ctx, o: directory.update_organization(
        ctx, o.organization, {"interactions_member": True}
    ),
    "events.create_event": lambda ctx, o: events.create_event(ctx, _vendee_meeting()),
    "events.update_event": lambda ctx, o: events.update_event(
        ctx, VENDEE_DAY, events.EventChanges({"venue": "Salle des fêtes"})
    ),
    "events.cancel_event": lambda ctx, o: events.cancel_event(ctx, VENDEE_DAY),
    "calendar_subscriptions.create_calendar_subscription": lambda ctx, o: (
        calendar_subscriptions.create_calendar_subscription(
            ctx, "Agenda", FeedKind.DEPARTMENT, "85"
        )
    ),
    "webhooks.create_webhook": lambda ctx, o: webhooks.create_webhook(
        ctx, "http://127.0.0.1:9/hook", ["session.updated"], "p@example.org"
    ),
    "webhooks.delete_webhook": lambda ctx, o: webhooks.delete_webhook(ctx, o.webhook),
    "personal_data.export_personal_data": lambda ctx, o: personal_data.export_personal_data(
        ctx, "lou.bernard.1@example.org"
    ),
    "personal_data.erase_personal_data": lambda ctx, o: personal_data.erase_personal_data(
        ctx, "lou.bernard.1@example.org"
    ),
    "tokens.create_token": lambda ctx, o: tokens.create_token(
        ctx, StaffRole.DEPARTMENT, "COTER 85", ["85"]
    ),
    "tokens.revoke_token": lambda ctx, o: tokens.revoke_token(ctx, o.token),
}
# Another's private feed is as if it did not exist.
OWNED = (UNAUTHENTICATED, "SUBSCRIPTION_NOT_FOUND", OK)
COMMANDS: dict[str, tuple[Call, tuple[str | None, ...]]] = {
    **{name: (call, STAFF_ONLY) for name, call in STAFF_COMMANDS.items()},
    "registrations.register": (
        lambda ctx, o: registrations.register(ctx, TargetKind.SESSION, o.session, _person(2)),
        PUBLIC_BUT_DEPARTMENTS,
    ),
    "registrations.cancel_my_registration": (
        lambda ctx, o: registrations.cancel_my_registration(ctx, o.reference), ANYONE
    ),
    "registrations.send_my_registration_links": (
        lambda ctx, o: registrations.send_my_registration_links(ctx, "lou.bernard.1@example.org"),
        ANYONE,
    ),
    "calendar_subscriptions.rotate_calendar_subscription": (
        lambda ctx, o: calendar_subscriptions.rotate_calendar_subscription(ctx, o.subscription),
        OWNED,
    ),
    "calendar_subscriptions.revoke_calendar_subscription": (
        lambda ctx, o: calendar_subscriptions.revoke_calendar_subscription(ctx, o.subscription),
        OWNED,
    ),
    "registrations.confirm_registration_address": (
        lambda ctx, o: registrations.confirm_registration_address(ctx, o.confirmation_secret),
        ANYONE,
    ),
    "registrations.cancel_registration_by_link": (
        lambda ctx, o: registrations.cancel_registration_by_link(ctx, o.manage_secret),
        ANYONE,
    ),
    "registrations.update_my_registration": (
        lambda ctx, o: registrations.update_my_registration(
            ctx, o.reference, {"employer": "CCAS de La Roche-sur-Yon"}
        ),
        ANYONE,
    ),
}


@pytest.fixture
def context_for(context_for, settings):
    """The command contexts of this module: webhooks may go to a loopback address."""
    allowing = settings.model_copy(update={"webhook_allow_private": True})
    return lambda viewer: replace(context_for(viewer), settings=allowing)


async def _link_secrets(
    anonymous: CommandContext, regional: CommandContext, session: str
) -> tuple[str, str]:
    """The secrets of an e-mailed confirmation link (a registration waiting for its address)
    and of a private link to an active registration's page."""
    secrets = []
    for ctx, n, purpose in (
        (anonymous, 3, LinkPurpose.CONFIRM_ADDRESS), (regional, 4, LinkPurpose.MANAGE)
    ):
        made = await registrations.register(ctx, TargetKind.SESSION, session, _person(n))
        async with ctx.database.sessions() as db:
            row = await db.scalar(
                select(Registration).where(Registration.public_id == made.value["registration"])
            )
            secrets.append(await registration_mail.new_link(db, row, purpose))
            await db.commit()
    return secrets[0], secrets[1]


def _needed(call: Call) -> set[str]:
    """The objects a row's call reads (the attributes its code names)."""
    return set(call.__code__.co_names) & set(VendeeObjects.__dataclass_fields__)


@pytest.fixture
async def vendee_objects(request, context_for) -> VendeeObjects:
    """The 85 objects the row's call needs, made by regional staff."""
    regional = context_for(REGIONAL)
    command = request.node.callspec.params["command"]
    needed = _needed(COMMANDS[command][0])
    if command.startswith("personal_data.") or command.endswith("_links"):
        # The person's data to export or erase, their links: lou.bernard.1's registration.
        needed.add("registration")
    made = VendeeObjects()
    if "subscription" in needed:
        holder = await tokens.create_token(regional, StaffRole.REGIONAL, "Pôle")
        feed = await calendar_subscriptions.create_calendar_subscription(
            context_for(replace(REGIONAL, token_id=holder.value.row.id)), "Agenda",
            FeedKind.DEPARTMENT, "85",
        )
        made.subscription = feed.value.feed.row.public_id
    if "webhook" in needed:
        webhook = await webhooks.create_webhook(
            regional, "http://127.0.0.1:9/hook", ["session.updated"], "p@example.org"
        )
        made.webhook = webhook.value.row.public_id
    if "token" in needed:
        token = await tokens.create_token(regional, StaffRole.DEPARTMENT, "COTER 85", ["85"])
        made.token = token.value.row.public_id
    if needed & {"session", "registration", "reference"} and not made.session:
        made.session = (await sessions.create_session(regional, _new_session(10))).value
    if "other_session" in needed:
        made.other_session = (await sessions.create_session(regional, _new_session(11))).value
    if needed & {"confirmation_secret", "manage_secret"}:
        needed.add("session")
        made.session = (await sessions.create_session(regional, _new_session(10))).value
        made.confirmation_secret, made.manage_secret = await _link_secrets(
            context_for(ANONYMOUS), regional, made.session
        )
    if needed & {"registration", "reference"}:
        registered = await registrations.register(
            regional, TargetKind.SESSION, made.session, _person(1)
        )
        made.registration = registered.value["registration"]
        made.reference = registered.value["reference"]
    if "trainer" in needed:
        trainer = await directory.create_trainer(
            regional, {"given_name": "Zoé", "family_name": "Perrin"}, ["85"]
        )
        made.trainer = trainer.value
    if "action" in needed:
        made.action = (await directory.create_action(regional, _action_values())).value
    if "resource" in needed:
        made.resource = (await directory.create_resource(regional, _resource_values())).value
    if "organization" in needed:
        made.organization = (
            await directory.create_organization(regional, {"name": "Ligue 85", "short_name": "Ligue"})
        ).value
    assert all(getattr(made, name) for name in needed), made
    return made


async def _traces(database) -> tuple[int, int]:
    """The last audit entry and outgoing message: every write adds one or the other."""
    async with database.sessions() as db:
        entry = await db.scalar(select(func.max(AuditEntry.id)))
        message = await db.scalar(select(func.max(OutboxMessage.id)))
    return entry or 0, message or 0


@pytest.mark.parametrize("viewer", list(VIEWERS))
@pytest.mark.parametrize("command", list(COMMANDS))
async def test_every_command_checks_its_caller(
    command, viewer, context_for, vendee_objects, database
):
    call, expected = COMMANDS[command]
    refused_with = expected[list(VIEWERS).index(viewer)]
    principal = VIEWERS[viewer]
    before = await _traces(database)
    if refused_with is OK:
        result = await call(context_for(principal), vendee_objects)
        assert result.ok, result.errors
        assert await _traces(database) != before
        return
    with pytest.raises(InputError) as refused:
        await call(context_for(principal), vendee_objects)
    assert refused.value.code == refused_with
    assert refused.value.message
    # Nothing written.
    assert await _traces(database) == before


# Coroutine functions of the command modules that are access checks, not commands.
NOT_COMMANDS = {"registrations.require_registration"}


def test_every_command_of_the_package_is_in_the_matrix():
    """A new command cannot be forgotten here: every coroutine function a command module
    exports is a row."""
    public = {
        f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
        for module in (
            sessions, registrations, directory, events, calendar_subscriptions, webhooks,
            personal_data, tokens,
        )
        for name in module.__all__
        if inspect.iscoroutinefunction(getattr(module, name))
    }
    assert public - NOT_COMMANDS == set(COMMANDS)
