"""The commands of staff's tools called directly: private calendar subscriptions, webhooks,
a person's data, API tokens, and the links a person asks for again."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from core.auth.permissions import AccessDenied
from core.auth.viewer import SYSTEM
from core.commands import (
    calendar_subscriptions,
    personal_data,
    registrations,
    tokens,
    webhooks,
)
from core.commands.context import CommandContext
from core.hooks.types import RegistrationDraft, TargetKind
from core.models import ApiToken, FeedSubscription, OutboxMessage, Registration
from core.models.enums import StaffRole
from core.calendars.keys import FeedKind
from core.services import staff_accounts
from core.services.errors import InputError
from tests.commands.conftest import ANONYMOUS, STAFF_44, seeded_session


async def test_a_subscription_is_made_rotated_and_revoked(context_for, audit_actions, database):
    async with database.sessions() as db:
        account = await staff_accounts.add_account(
            db, SYSTEM, email="coter44@exemple.fr", role=StaffRole.DEPARTMENT,
            department_codes=["44"],
        )
        await db.commit()
    staff_44 = context_for(replace(STAFF_44, account_id=account.id))
    made = await calendar_subscriptions.create_calendar_subscription(
        staff_44, "Outlook du bureau", FeedKind.DEPARTMENT, "44"
    )
    public_id, first_token = made.value.feed.row.public_id, made.value.token
    assert first_token and made.value.feed.row.feed_key == "44"
    rotated = await calendar_subscriptions.rotate_calendar_subscription(staff_44, public_id)
    assert rotated.value.token not in (None, first_token)
    revoked = await calendar_subscriptions.revoke_calendar_subscription(staff_44, public_id)
    assert revoked.value.token is None and revoked.value.feed.row.revoked_at is not None
    assert [a for a, _, _ in await audit_actions(public_id)] == [
        "calendar_subscription.create", "calendar_subscription.rotate",
        "calendar_subscription.revoke",
    ]
    with pytest.raises(AccessDenied) as other:
        await calendar_subscriptions.create_calendar_subscription(
            staff_44, "Agenda", FeedKind.DEPARTMENT, "85"
        )
    assert other.value.code == "FORBIDDEN"
    async with database.sessions() as db:
        assert len((await db.scalars(select(FeedSubscription.id))).all()) == 1


async def test_a_webhook_is_created_and_deleted(regional, context_for):
    allowing = replace(
        regional, settings=regional.settings.model_copy(update={"webhook_allow_private": True})
    )
    created = await webhooks.create_webhook(
        allowing, "http://127.0.0.1:9/hook", ["session.updated"], "partenaire@example.org"
    )
    assert created.ok, created.errors
    assert created.value.secret.startswith("whsec_")
    refused = await webhooks.create_webhook(
        allowing, "http://127.0.0.1:9/hook", ["session.invented"], "partenaire@example.org"
    )
    assert not refused.ok and refused.errors[0].field == "eventTypes"
    deleted = await webhooks.delete_webhook(regional, created.value.row.public_id)
    assert deleted.ok and deleted.value.deleted_at is not None
    again = await webhooks.delete_webhook(regional, created.value.row.public_id)
    assert [e.code for e in again.errors] == ["WEBHOOK_NOT_FOUND"]
    with pytest.raises(AccessDenied):
        await webhooks.delete_webhook(context_for(STAFF_44), created.value.row.public_id)


async def test_a_persons_data_is_exported_then_erased(regional, context_for, database):
    draft = RegistrationDraft(
        department_code="44", full_name="Alix Petit", email="alix.petit@example.org",
        employer="Mairie de Nantes", employer_commitment=True,
    )
    assert (await registrations.register(regional, TargetKind.SESSION, seeded_session(3), draft)).ok
    with pytest.raises(AccessDenied):
        await personal_data.export_personal_data(context_for(STAFF_44), "alix.petit@example.org")
    exported = await personal_data.export_personal_data(regional, "alix.petit@example.org")
    assert "Alix Petit" in str(exported.value)
    erased = await personal_data.erase_personal_data(regional, "alix.petit@example.org")
    assert erased.value == 1
    async with database.sessions() as db:
        names = (await db.scalars(select(Registration.full_name))).all()
    assert "Alix Petit" not in names


async def test_tokens_by_regional_and_department_staff(context_for, regional, database):
    staff_44 = context_for(STAFF_44)
    mine = await tokens.create_token(staff_44, StaffRole.DEPARTMENT, "Secrétariat 44", ["44"])
    assert mine.ok and mine.value.secret
    for role, codes in [(StaffRole.DEPARTMENT, ["44", "85"]), (StaffRole.PARTNER, [])]:
        with pytest.raises(AccessDenied):
            await tokens.create_token(staff_44, role, "Trop large", codes)
    partner = await tokens.create_token(regional, StaffRole.PARTNER, "Site partenaire")
    with pytest.raises(AccessDenied):
        await tokens.revoke_token(staff_44, partner.value.row.public_id)
    revoked = await tokens.revoke_token(staff_44, mine.value.row.public_id)
    assert revoked.value.token.revoked_at is not None
    with pytest.raises(InputError) as unknown:
        await tokens.revoke_token(regional, "inconnu")
    assert unknown.value.code == "TOKEN_NOT_FOUND"
    with pytest.raises(InputError) as wrong:
        await tokens.create_token(regional, StaffRole.DEPARTMENT, "Sans département")
    assert wrong.value.code == "DEPARTMENT_REQUIRED"
    async with database.sessions() as db:
        names = (await db.scalars(select(ApiToken.name).order_by(ApiToken.id))).all()
    assert names == ["Secrétariat 44", "Site partenaire"]


async def test_a_token_revoked_takes_its_feeds_with_it(context_for, regional, database):
    created = await tokens.create_token(regional, StaffRole.DEPARTMENT, "COTER 44", ["44"])
    holder = replace(STAFF_44, token_id=created.value.row.id)
    made = await calendar_subscriptions.create_calendar_subscription(
        context_for(holder), "Téléphone", FeedKind.DEPARTMENT, "44"
    )
    revoked = await tokens.revoke_token(regional, created.value.row.public_id)
    assert [f.public_id for f in revoked.value.feeds] == [made.value.feed.row.public_id]


async def test_links_are_sent_again_to_an_address_with_registrations(
    context_for, regional, database
):
    draft = RegistrationDraft(
        department_code="44", full_name="Alix Petit", email="alix.petit@example.org",
        employer="Mairie de Nantes", employer_commitment=True,
    )
    assert (await registrations.register(regional, TargetKind.SESSION, seeded_session(3), draft)).ok
    anonymous: CommandContext = context_for(ANONYMOUS)
    for address in ("alix.petit@example.org", "personne@example.org"):
        result = await registrations.send_my_registration_links(anonymous, address)
        assert result.ok and result.value is None
    async with database.sessions() as db:
        sent = (await db.execute(select(OutboxMessage.recipient, OutboxMessage.topic))).all()
    assert ("alix.petit@example.org", "registration_links") in sent
    assert "personne@example.org" not in {recipient for recipient, _ in sent}
