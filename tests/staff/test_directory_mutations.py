"""Staff mutations of trainers, organizations, actions and resources through HTTP: partial,
archived, scoped; a published contact has the date of its consent."""

from __future__ import annotations

from sqlalchemy import select
from strawberry.relay import from_base64

from core.models import Person

CREATE_TRAINER = """
mutation($input: CreateTrainerInput!) {
  createTrainer(input: $input) {
    trainer { id fullName status contact { email } departments { code } } errors { code field }
  }
}
"""
UPDATE_TRAINER = """
mutation($id: ID!, $input: UpdateTrainerInput!) {
  updateTrainer(id: $id, input: $input) { trainer { fullName jobTitle } errors { code field } }
}
"""
ARCHIVE_TRAINER = "mutation($id: ID!) { archiveTrainer(id: $id) { trainer { status } errors { code } } }"
CREATE_ACTION = """
mutation($input: CreateActionInput!) {
  createAction(input: $input) { action { id title periodStart status } errors { code field } }
}
"""
UPDATE_ACTION = """
mutation($id: ID!, $input: UpdateActionInput!) {
  updateAction(id: $id, input: $input) { action { title periodEnd } errors { code field } }
}
"""
ARCHIVE_ACTION = "mutation($id: ID!) { archiveAction(id: $id) { action { status } errors { code } } }"
CREATE_RESOURCE = """
mutation($input: CreateResourceInput!) {
  createResource(input: $input) { resource { id title status } errors { code field } }
}
"""
ARCHIVE_RESOURCE = (
    "mutation($id: ID!) { archiveResource(id: $id) { resource { status } errors { code } } }"
)


async def test_a_department_trainer_created_updated_and_archived(staff_44, staff_49):
    created = await staff_44.data(
        CREATE_TRAINER,
        {"input": {"givenName": "Léa", "familyName": "Durand", "email": "lea@example.org",
                   "departmentCodes": ["44"]}},
    )
    trainer = created["createTrainer"]["trainer"]
    assert trainer["fullName"] == "Léa Durand" and trainer["departments"] == [{"code": "44"}]
    assert trainer["contact"] == {"email": "lea@example.org"}  # staff see unpublished contacts
    updated = await staff_44.data(
        UPDATE_TRAINER, {"id": trainer["id"], "input": {"jobTitle": "Infirmière scolaire"}}
    )
    assert updated["updateTrainer"]["trainer"] == {
        "fullName": "Léa Durand", "jobTitle": "Infirmière scolaire"
    }
    bad = await staff_44.data(UPDATE_TRAINER, {"id": trainer["id"], "input": {"email": "non"}})
    assert bad["updateTrainer"]["errors"] == [{"code": "INVALID_EMAIL", "field": "email"}]
    blank = await staff_44.data(UPDATE_TRAINER, {"id": trainer["id"], "input": {"familyName": ""}})
    assert blank["updateTrainer"]["errors"] == [{"code": "REQUIRED", "field": "familyName"}]
    forbidden = await staff_49(ARCHIVE_TRAINER, {"id": trainer["id"]})
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    archived = await staff_44.data(ARCHIVE_TRAINER, {"id": trainer["id"]})
    assert archived["archiveTrainer"]["trainer"]["status"] == "ARCHIVED"


async def test_a_regional_trainer_is_regional_staffs(staff_44, regional):
    person = {"givenName": "Jo", "familyName": "Martin"}
    body = await staff_44(CREATE_TRAINER, {"input": person})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await regional.data(CREATE_TRAINER, {"input": person}))["createTrainer"]["errors"] == []


async def test_an_action_created_updated_and_archived(staff_49, staff_44):
    action = {
        "departmentCode": "49", "kind": "EVIDENCE_BASED_PROGRAMME", "programme": "UNPLUGGED",
        "title": "Unplugged dans les collèges du Saumurois", "periodStart": "2026-01-05",
    }
    created = (await staff_49.data(CREATE_ACTION, {"input": action}))["createAction"]
    assert created["errors"] == [] and created["action"]["status"] == "ACTIVE"
    action_id = created["action"]["id"]
    wrong = await staff_49.data(UPDATE_ACTION, {"id": action_id, "input": {"periodEnd": "2025-12-01"}})
    assert wrong["updateAction"]["errors"] == [{"code": "PERIOD_ENDS_BEFORE_START", "field": "periodEnd"}]
    fine = await staff_49.data(UPDATE_ACTION, {"id": action_id, "input": {"periodEnd": "2026-06-30"}})
    assert fine["updateAction"]["action"] == {
        "title": action["title"], "periodEnd": "2026-06-30"
    }
    assert (await staff_44(ARCHIVE_ACTION, {"id": action_id}))["errors"][0]["extensions"][
        "code"
    ] == "FORBIDDEN"
    archived = await staff_49.data(ARCHIVE_ACTION, {"id": action_id})
    assert archived["archiveAction"]["action"]["status"] == "ARCHIVED"


async def test_resources_are_regional(staff_44, regional):
    resource = {"title": "Fiche CPS", "kind": "SYNTHESIS", "description": "Une synthèse."}
    body = await staff_44(CREATE_RESOURCE, {"input": resource})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    created = (await regional.data(CREATE_RESOURCE, {"input": resource}))["createResource"]
    assert created["errors"] == []
    too_long = {**resource, "title": "x" * 100_000}
    refused = (await regional.data(CREATE_RESOURCE, {"input": too_long}))["createResource"]
    assert refused["errors"] == [{"code": "TEXT_TOO_LONG", "field": "title"}]
    archived = await regional.data(ARCHIVE_RESOURCE, {"id": created["resource"]["id"]})
    assert archived["archiveResource"]["resource"]["status"] == "ARCHIVED"


async def test_a_resource_needs_a_description_and_a_web_link(regional):
    resource = {"title": "Fiche CPS", "kind": "SYNTHESIS", "description": " ", "url": "ftp://x"}
    refused = (await regional.data(CREATE_RESOURCE, {"input": resource}))["createResource"]
    assert refused == {
        "resource": None,
        "errors": [{"code": "REQUIRED", "field": "description"}, {"code": "INVALID_URL", "field": "url"}],
    }
    fixed = {**resource, "description": "Une synthèse.", "url": "https://www.example.org/fiche"}
    assert (await regional.data(CREATE_RESOURCE, {"input": fixed}))["createResource"]["errors"] == []


CONSENT = """
mutation($id: ID!, $input: UpdateTrainerInput!) {
  updateTrainer(id: $id, input: $input) { trainer { id } errors { code field message } }
}
"""


async def test_publishing_a_contact_records_the_consent_date(staff_44, database, clock):
    created = await staff_44.data(
        CREATE_TRAINER,
        {"input": {"givenName": "Léa", "familyName": "Durand", "email": "lea@example.org",
                   "departmentCodes": ["44"], "contactPublic": True}},
    )
    trainer_id = created["createTrainer"]["trainer"]["id"]
    future = await staff_44.data(
        CONSENT, {"id": trainer_id, "input": {"contactConsentOn": "2099-01-01"}}
    )
    (error,) = future["updateTrainer"]["errors"]
    assert (error["code"], error["field"]) == ("CONSENT_DATE_IN_FUTURE", "contactConsentOn")
    assert "futur" in error["message"]
    dated = await staff_44.data(
        CONSENT, {"id": trainer_id, "input": {"contactConsentOn": "2025-02-10"}}
    )
    assert dated["updateTrainer"]["errors"] == []
    public_id = from_base64(trainer_id)[1]
    async with database.sessions() as db:
        row = await db.scalar(select(Person).where(Person.public_id == public_id))
    assert row.contact_consent_on.isoformat() == "2025-02-10"
    withdrawn = await staff_44.data(CONSENT, {"id": trainer_id, "input": {"contactPublic": False}})
    assert withdrawn["updateTrainer"]["errors"] == []
    async with database.sessions() as db:
        row = await db.scalar(select(Person).where(Person.public_id == public_id))
    assert (row.contact_public, row.contact_consent_on) == (False, None)


async def test_a_trainer_published_without_a_date_consented_today(regional, database, clock):
    body = await regional.data(
        CREATE_TRAINER, {"input": {"givenName": "Jo", "familyName": "Bréal", "contactPublic": True}}
    )
    assert body["createTrainer"]["errors"] == []
    async with database.sessions() as db:
        row = await db.scalar(select(Person).where(Person.family_name == "Bréal"))
    assert row.contact_consent_on == clock.today()


ORGANIZATION = """
mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { organization { id name website } errors { code field } }
}
"""
UPDATE_ORGANIZATION = """
mutation($id: ID!, $input: UpdateOrganizationInput!) {
  updateOrganization(id: $id, input: $input) {
    organization { interactionsMember } errors { code field }
  }
}
"""


async def test_organizations_are_regional_staffs(regional, staff_44):
    ligue = {"name": "Ligue de l'enseignement", "shortName": "Ligue"}
    refused = await staff_44(ORGANIZATION, {"input": ligue})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    wrong = await regional.data(ORGANIZATION, {"input": {**ligue, "website": "laligue"}})
    assert wrong["createOrganization"]["errors"] == [{"code": "INVALID_URL", "field": "website"}]
    created = (await regional.data(ORGANIZATION, {"input": ligue}))["createOrganization"]
    assert created["errors"] == [] and created["organization"]["name"] == ligue["name"]
    changed = await regional.data(
        UPDATE_ORGANIZATION,
        {"id": created["organization"]["id"], "input": {"interactionsMember": True}},
    )
    assert changed["updateOrganization"] == {
        "organization": {"interactionsMember": True}, "errors": []
    }
