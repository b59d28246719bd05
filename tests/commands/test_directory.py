"""The directory commands called directly: trainers, actions and resources, created, changed,
archived, with their audit entries; refusals write nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from core.auth.permissions import AccessDenied
from core.commands import directory
from core.enums import ActionKind, ResourceKind
from core.models import Action, Organization, Person, Resource
from core.models.enums import PersonRole, RecordStatus
from core.services import staff_directory
from core.services.errors import InputError
from tests.commands.conftest import STAFF_44


async def _get(database, model, public_id):
    async with database.sessions() as db:
        return await db.scalar(select(model).where(model.public_id == public_id))


async def test_a_trainer_of_a_department(context_for, database, audit_actions):
    staff_44 = context_for(STAFF_44)
    created = await directory.create_trainer(
        staff_44,
        {"given_name": "Inès", "family_name": "Moreau", "email": "ines.moreau@example.org"},
        ["44"],
    )
    assert created.ok, created.errors
    changed = await directory.update_trainer(
        staff_44, created.value,
        {"job_title": "Formatrice CPS", "contact_public": True, "contact_consent_on": date(2025, 2, 3)},
    )
    assert changed.ok
    archived = await directory.archive_trainer(staff_44, created.value)
    assert archived.ok
    row = await _get(database, Person, created.value)
    assert (row.family_name, row.job_title, row.contact_public) == ("Moreau", "Formatrice CPS", True)
    assert row.status == RecordStatus.ARCHIVED
    actions = await audit_actions(created.value)
    assert [a for a, _, _ in actions] == ["trainer.create", "trainer.update", "trainer.archive"]
    assert actions[0][2] == {"givenName": "Inès", "familyName": "Moreau"}
    assert actions[1][2] == {
        "job_title": "Formatrice CPS", "contact_public": True, "contact_consent_on": "2025-02-03"
    }


async def test_a_regional_trainer_is_regional_staffs(context_for, regional):
    with pytest.raises(AccessDenied) as refused:
        await directory.create_trainer(
            context_for(STAFF_44), {"given_name": "Paul", "family_name": "Roux"}
        )
    assert refused.value.code == "FORBIDDEN"
    assert (
        await directory.create_trainer(regional, {"given_name": "Paul", "family_name": "Roux"})
    ).ok


async def test_an_input_refused_writes_nothing(regional, database):
    result = await directory.create_trainer(
        regional, {"given_name": " ", "family_name": "Roux", "email": "pas une adresse"}
    )
    assert sorted(e.code for e in result.errors) == ["INVALID_EMAIL", "REQUIRED"]
    async with database.sessions() as db:
        assert await db.scalar(select(Person.id).where(Person.family_name == "Roux")) is None


async def test_an_action_and_its_period(context_for, database, audit_actions):
    staff_44 = context_for(STAFF_44)
    values = {
        "department_code": "44", "kind": ActionKind.PRIORITY_INTERVENTION,
        "title": "Interventions en quartiers prioritaires", "period_start": date(2026, 1, 5),
    }
    created = await directory.create_action(staff_44, values)
    assert created.ok, created.errors
    backwards = await directory.update_action(
        staff_44, created.value, {"period_end": date(2025, 12, 1)}
    )
    assert [e.code for e in backwards.errors] == ["PERIOD_ENDS_BEFORE_START"]
    row = await _get(database, Action, created.value)
    assert (row.period_end, row.sequence) == (None, 0)
    assert (await directory.archive_action(staff_44, created.value)).ok
    row = await _get(database, Action, created.value)
    assert (row.status, row.sequence) == (RecordStatus.ARCHIVED, 1)
    assert [a for a, _, _ in await audit_actions(created.value)] == [
        "action.create", "action.archive"
    ]
    with pytest.raises(AccessDenied):
        await directory.create_action(staff_44, {**values, "department_code": "85"})


async def test_a_resource_is_regional_staffs(context_for, regional, database):
    values = {
        "title": "Le cartable des CPS, édition 2026", "kind": ResourceKind.WEBSITE,
        "description": "Des activités pour les 8-12 ans.",
    }
    with pytest.raises(AccessDenied):
        await directory.create_resource(context_for(STAFF_44), values)
    created = await directory.create_resource(regional, values)
    assert created.ok, created.errors
    assert (await directory.update_resource(regional, created.value, {"publisher": "IREPS"})).ok
    assert (await directory.archive_resource(regional, created.value)).ok
    row = await _get(database, Resource, created.value)
    assert (row.publisher, row.status) == ("IREPS", RecordStatus.ARCHIVED)
    missing = await directory.update_resource(regional, "inconnue", {"publisher": "IREPS"})
    assert [e.code for e in missing.errors] == ["NOT_FOUND"]


async def test_an_unknown_trainer_is_refused_before_the_write(regional):
    with pytest.raises(InputError) as refused:
        await directory.archive_trainer(regional, "inconnu")
    assert refused.value.code == "NOT_FOUND"


async def test_publishing_a_contact_needs_the_date_of_a_consent_given_before_today(
    regional, database, audit_actions, clock
):
    today = clock.today()
    names = {"given_name": "Lina", "family_name": "Garnier", "email": "lina.garnier@example.org"}
    undated = await directory.create_trainer(regional, {**names, "contact_public": True})
    assert [(e.code, e.field) for e in undated.errors] == [
        ("CONSENT_DATE_REQUIRED", "contactConsentOn")
    ]
    future = await directory.create_trainer(
        regional,
        {**names, "contact_public": True, "contact_consent_on": today + timedelta(days=1)},
    )
    assert [(e.code, e.field) for e in future.errors] == [
        ("CONSENT_DATE_IN_FUTURE", "contactConsentOn")
    ]
    assert "futur" in future.errors[0].message
    async with database.sessions() as db:
        assert await db.scalar(select(Person.id).where(Person.family_name == "Garnier")) is None

    created = await directory.create_trainer(
        regional, {**names, "contact_public": True, "contact_consent_on": today}
    )
    assert created.ok, created.errors
    # A door that keeps older clients working takes today for a missing date.
    defaulted = await directory.create_trainer(
        regional, {**names, "family_name": "Roy", "contact_public": True},
        consent_today_if_missing=True,
    )
    assert (await _get(database, Person, defaulted.value)).contact_consent_on == today
    # Changing another field keeps the consent and its date.
    assert (await directory.update_trainer(regional, created.value, {"phone": "02 40 00 00 00"})).ok
    withdrawn = await directory.update_trainer(regional, created.value, {"contact_public": False})
    assert withdrawn.ok
    row = await _get(database, Person, created.value)
    assert (row.contact_public, row.contact_consent_on) == (False, None)
    actions = await audit_actions(created.value)
    assert actions[0][2]["contact_consent_on"] == today.isoformat()
    assert actions[-1] == (
        "trainer.update", actions[-1][1], {"contact_public": False, "contact_consent_on": None}
    )


async def test_a_referent_with_departments_and_an_organization(context_for, regional, database):
    organization = await directory.create_organization(
        regional, {"name": "Ligue de l'enseignement", "short_name": "Ligue", "website": None}
    )
    assert organization.ok, organization.errors
    created = await directory.create_trainer(
        regional,
        {
            "given_name": "Rose", "family_name": "Lemaire",
            "roles": [PersonRole.REFERENT, PersonRole.DEPARTMENT_TRAINER],
            "organization_public_id": organization.value,
        },
        ["44"],
    )
    assert created.ok, created.errors
    # Department 44 staff may not move the person to the 85.
    with pytest.raises(AccessDenied):
        await directory.update_trainer(
            context_for(STAFF_44), created.value, {"department_codes": ["85"]}
        )
    moved = await directory.update_trainer(
        regional, created.value, {"department_codes": ["85"], "roles": [PersonRole.REFERENT]}
    )
    assert moved.ok, moved.errors
    emptied = await directory.update_trainer(regional, created.value, {"roles": []})
    assert [e.code for e in emptied.errors] == ["ROLE_REQUIRED"]
    async with database.sessions() as db:
        row = await db.scalar(select(Person).where(Person.public_id == created.value))
        assert row.organization_id is not None
        assert await staff_directory.trainer_departments(db, row) == ["85"]


async def test_organizations_are_regional_staffs(context_for, regional, database, audit_actions):
    with pytest.raises(AccessDenied):
        await directory.create_organization(
            context_for(STAFF_44), {"name": "Ligue", "short_name": "Ligue"}
        )
    refused = await directory.create_organization(
        regional, {"name": " ", "short_name": "X", "website": "pas un site"}
    )
    assert sorted(e.code for e in refused.errors) == ["INVALID_URL", "REQUIRED"]
    created = await directory.create_organization(
        regional, {"name": "Ligue de l'enseignement", "short_name": "Ligue"}
    )
    changed = await directory.update_organization(
        regional, created.value, {"website": "https://laligue.example.org", "interactions_member": True}
    )
    assert changed.ok, changed.errors
    row = await _get(database, Organization, created.value)
    assert (row.website, row.interactions_member) == ("https://laligue.example.org", True)
    assert [a for a, _, _ in await audit_actions(created.value)] == [
        "organization.create", "organization.update"
    ]
