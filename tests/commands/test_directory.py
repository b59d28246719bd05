"""The directory commands called directly: trainers, actions and resources, created, changed,
archived, with their audit entries; refusals write nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.auth.permissions import AccessDenied
from core.commands import directory
from core.enums import ActionKind, ResourceKind
from core.models import Action, Person, Resource
from core.models.enums import RecordStatus
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
        staff_44, created.value, {"job_title": "Formatrice CPS", "contact_public": True}
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
