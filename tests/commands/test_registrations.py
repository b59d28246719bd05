"""The registration commands called directly: register, the person's changes by reference,
and staff's confirm, refuse with a reason, cancel (one or several), move and correct."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.auth.permissions import AccessDenied
from core.commands import registrations, sessions
from core.hooks.types import RegistrationDraft, TargetKind
from core.mail.render import compose
from core.models import OutboxMessage, Registration
from core.models.enums import RegistrationStatus
from core.services.errors import InputError
from tests.commands.conftest import ANONYMOUS, STAFF_44, seeded_session

# Sessions 2 (Angers, 49) and 3 (Nantes, 44) of 2025 teach module 1.
NANTES, ANGERS = seeded_session(3), seeded_session(2)


def person(n: int = 0, **overrides) -> RegistrationDraft:
    """What a professional eligible to module 1 declares."""
    fields = {
        "department_code": "44", "full_name": f"Camille Martin {n}",
        "email": f"camille.martin.{n}@example.org", "employer": "Mairie de Nantes",
        "employer_commitment": True, **overrides,
    }
    return RegistrationDraft(**fields)


async def _row(database, public_id: str) -> Registration:
    async with database.sessions() as db:
        return await db.scalar(select(Registration).where(Registration.public_id == public_id))


async def _mails(database, recipient: str) -> list[OutboxMessage]:
    async with database.sessions() as db:
        rows = await db.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == recipient)
            .order_by(OutboxMessage.id)
        )
        return list(rows)


@pytest.fixture
def staff_44(context_for):
    """Department 44 staff's context."""
    return context_for(STAFF_44)


async def _registered(ctx, n: int = 0, target: str = NANTES) -> str:
    result = await registrations.register(ctx, TargetKind.SESSION, target, person(n))
    assert result.ok, result.errors
    return result.value["registration"]


async def test_anonymous_registration_waits_for_its_address(context_for, database):
    result = await registrations.register(
        context_for(ANONYMOUS), TargetKind.SESSION, NANTES, person()
    )
    assert result.ok
    assert result.value["reference"]
    row = await _row(database, result.value["registration"])
    assert row.status == RegistrationStatus.UNCONFIRMED
    assert [m.topic for m in await _mails(database, "camille.martin.0@example.org")] == [
        "address_confirmation"
    ]


async def test_staff_registers_in_their_department_only(staff_44, database, audit_actions):
    public_id = await _registered(staff_44)
    assert (await _row(database, public_id)).status == RegistrationStatus.CONFIRMED
    [(action, actor, _)] = await audit_actions(public_id)
    assert (action, actor) == ("registration.create", "department:COTER 44")
    with pytest.raises(AccessDenied) as refused:
        await registrations.register(staff_44, TargetKind.SESSION, ANGERS, person(1))
    assert refused.value.code == "FORBIDDEN"


async def test_a_rule_not_met_registers_nobody(staff_44, database):
    result = await registrations.register(
        staff_44, TargetKind.SESSION, NANTES, person(employer_commitment=False)
    )
    assert not result.ok and result.value is None
    assert "employerCommitment" in {error.field for error in result.errors}
    async with database.sessions() as db:
        assert (await db.scalars(select(Registration.id))).all() == []


async def test_confirm_a_registration_awaiting_approval(regional, staff_44, database):
    changed = await sessions.update_session(
        regional, NANTES, sessions.SessionChanges(requires_approval=True)
    )
    assert changed.ok
    public_id = await _registered(staff_44)
    assert (await _row(database, public_id)).status == RegistrationStatus.PENDING_APPROVAL
    result = await registrations.confirm_registration(staff_44, public_id)
    assert result.ok and result.value == public_id
    assert (await _row(database, public_id)).status == RegistrationStatus.CONFIRMED
    topics = [m.topic for m in await _mails(database, "camille.martin.0@example.org")]
    assert topics[-1] == "registration_confirmed"
    again = await registrations.confirm_registration(staff_44, public_id)
    assert [e.code for e in again.errors] == ["INVALID_TRANSITION"]


async def test_refuse_with_a_reason_tells_the_person(
    staff_44, database, settings, audit_actions
):
    public_id = await _registered(staff_44)
    reason = "Le module 1 est complet pour votre structure cette année."
    result = await registrations.refuse_registration(staff_44, public_id, reason)
    assert result.ok
    assert (await _row(database, public_id)).status == RegistrationStatus.REFUSED
    mail = (await _mails(database, "camille.martin.0@example.org"))[-1]
    assert mail.topic == "registration_refused"
    text = compose(mail, settings).get_body(("plain",)).get_content()
    assert reason in text
    # The audit entry says a reason was given, not what it says.
    action, _, changes = (await audit_actions(public_id))[-1]
    assert action == "registration.refuse"
    assert changes == {"status": "REFUSED", "reasonGiven": True}


async def test_a_reason_too_long_changes_nothing(staff_44, database):
    public_id = await _registered(staff_44)
    result = await registrations.refuse_registration(staff_44, public_id, "x" * 1001)
    assert [(e.code, e.field) for e in result.errors] == [("INVALID_TEXT", "reason")]
    assert (await _row(database, public_id)).status == RegistrationStatus.CONFIRMED


async def test_cancel_several_all_or_none(staff_44, database):
    first, second = await _registered(staff_44, 1), await _registered(staff_44, 2)
    done = await registrations.cancel_registrations(staff_44, [first, second, first])
    assert done.ok and done.value == [first, second]
    third = await _registered(staff_44, 3)
    # Already cancelled: refused, and the third stays as it was.
    refused = await registrations.cancel_registrations(staff_44, [third, first])
    assert [(e.code, e.field) for e in refused.errors] == [("INVALID_TRANSITION", first)]
    assert (await _row(database, third)).status == RegistrationStatus.CONFIRMED
    with pytest.raises(InputError) as too_many:
        await registrations.cancel_registrations(staff_44, [third] * 501)
    assert too_many.value.code == "TOO_MANY_IDS"


async def test_move_to_another_session(regional, staff_44, database, audit_actions):
    public_id = await _registered(staff_44)
    with pytest.raises(AccessDenied):
        await registrations.move_registration(staff_44, public_id, TargetKind.SESSION, ANGERS)
    result = await registrations.move_registration(
        regional, public_id, TargetKind.SESSION, ANGERS
    )
    assert result.ok
    row = await _row(database, public_id)
    assert row.department_codes == ["49"] and row.status == RegistrationStatus.CONFIRMED
    same = await registrations.move_registration(regional, public_id, TargetKind.SESSION, ANGERS)
    assert [e.code for e in same.errors] == ["SAME_TARGET"]


async def test_corrections_by_staff_and_by_reference(context_for, staff_44, database):
    registered = await registrations.register(
        staff_44, TargetKind.SESSION, NANTES, person()
    )
    public_id, reference = registered.value["registration"], registered.value["reference"]
    by_staff = await registrations.update_registration(
        staff_44, public_id, {"employer": "CCAS de Nantes"}
    )
    assert by_staff.ok
    assert (await _row(database, public_id)).employer == "CCAS de Nantes"
    anonymous = context_for(ANONYMOUS)
    by_person = await registrations.update_my_registration(
        anonymous, reference, {"full_name": "Camille Martin-Durand"}
    )
    assert by_person.ok
    assert (await _row(database, public_id)).full_name == "Camille Martin-Durand"
    wrong = await registrations.update_my_registration(anonymous, "pas-la-reference", {})
    assert [e.code for e in wrong.errors] == ["REGISTRATION_NOT_FOUND"]
    cancelled = await registrations.cancel_my_registration(anonymous, reference)
    assert cancelled.ok
    assert (await _row(database, public_id)).status == RegistrationStatus.CANCELLED


async def test_an_unknown_registration_is_refused_before_the_write(regional):
    with pytest.raises(InputError) as refused:
        await registrations.confirm_registration(regional, "inconnue")
    assert refused.value.code == "REGISTRATION_NOT_FOUND"
