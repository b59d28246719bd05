"""The directory screens through HTTP, signed in: a trainer added with the consent to publish
and its date; a consent dated in the future refused next to its field with nothing saved;
withdrawing a consent clears its date and hides the contact on the public page and in
GraphQL; a department-44 account refused on a person of the 85; organizations added and
changed; archiving after a confirm step."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select
from strawberry.relay import to_base64

from core.auth.viewer import Viewer
from core.commands import directory
from core.commands.context import CommandContext
from core.db import seeded_public_id
from core.hooks.testkit import GraphQLClient
from core.models import AuditEntry, Organization, Person
from core.models.enums import RecordStatus, StaffRole
from tests.backoffice.signing_in import csrf_of

PAVAGEAU = seeded_public_id("person:audrey-pavageau")
PROMOTION_SANTE = seeded_public_id("organization:promotion-sante")
CONTACT = "query($id: ID!) { node(id: $id) { ... on Person { contact { email phone } } } }"


def _person_form(**changes: str | list[str]) -> dict[str, str | list[str]]:
    form: dict[str, str | list[str]] = {
        "prenom": "Inès", "nom": "Moreau", "fonction": "Formatrice CPS",
        "organisation": PROMOTION_SANTE, "courriel": "ines.moreau@example.org",
        "telephone": "02 40 11 22 33", "roles": ["REGIONAL_TRAINER"], "departements": [],
        "accord": "1", "accord_date": "15/02/2025",
    }
    form.update(changes)
    return form


async def _post(http, path: str, form: dict) -> object:
    page = await http.get("/gestion")
    return await http.post(path, data={**form, "csrf": csrf_of(page)})


async def _person(app, public_id: str) -> Person:
    async with app.state.database.sessions() as db:
        return await db.scalar(select(Person).where(Person.public_id == public_id))


async def _audit_count(app) -> int:
    async with app.state.database.sessions() as db:
        return await db.scalar(select(func.count()).select_from(AuditEntry))


async def test_a_trainer_is_added_with_the_consent_to_publish_and_its_date(
    app, regional_client, anonymous_client
):
    form = await regional_client.get("/gestion/annuaire/nouvelle")
    assert form.status_code == 200
    text = html.unescape(form.text)
    assert (
        "La personne a donné son accord écrit pour que ses coordonnées professionnelles soient "
        "publiées" in text
    )
    assert "Date de l'accord (JJ/MM/AAAA)" in text
    answer = await _post(regional_client, "/gestion/annuaire/nouvelle", _person_form())
    assert answer.status_code == 303, answer.text
    public_id = re.fullmatch(r"/gestion/annuaire/([0-9a-f-]+)\?fait=creee", answer.headers["location"])[1]
    row = await _person(app, public_id)
    assert (row.contact_public, row.contact_consent_on.isoformat()) == (True, "2025-02-15")
    page = await regional_client.get(answer.headers["location"])
    assert "La personne est ajoutée" in html.unescape(page.text)
    assert 'value="15/02/2025"' in page.text
    listing = html.unescape((await regional_client.get("/gestion/annuaire")).text)
    assert "Moreau Inès" in listing and "oui, depuis le 15/02/2025" in listing
    public = await anonymous_client.get(f"/annuaire/{public_id}")
    assert "ines.moreau@example.org" in public.text


async def test_a_consent_dated_in_the_future_is_refused_next_to_its_field(app, regional_client):
    before = await _audit_count(app)
    # The test clock stands on 1 March 2025.
    answer = await _post(
        regional_client, "/gestion/annuaire/nouvelle", _person_form(accord_date="02/03/2025")
    )
    assert answer.status_code == 400
    text = html.unescape(answer.text)
    error = re.search(r'<p class="field-error" id="accord_date-erreur">([^<]+)</p>', text)
    assert error and "ne peut pas être dans le futur" in error[1]
    assert '<a href="#accord_date">' in answer.text and "rien n'a été enregistré" in text
    assert 'aria-invalid="true"' in answer.text
    assert 'value="02/03/2025"' in answer.text and 'value="Moreau"' in answer.text
    undated = await _post(
        regional_client, "/gestion/annuaire/nouvelle", _person_form(accord_date="", prenom="")
    )
    text = html.unescape(undated.text)
    # Every error at once, each next to its field.
    assert 'id="prenom-erreur">Indiquez le prénom.<' in text
    assert "Indiquez la date à laquelle la personne a donné son accord" in text
    async with app.state.database.sessions() as db:
        assert await db.scalar(select(Person.id).where(Person.family_name == "Moreau")) is None
    assert await _audit_count(app) == before


async def test_withdrawing_the_consent_clears_its_date_and_hides_the_contact(
    app, regional_client, anonymous_client
):
    page = await regional_client.get(f"/gestion/annuaire/{PAVAGEAU}")
    assert 'value="01/01/2025"' in page.text and 'id="accord" name="accord" value="1"' in page.text
    variables = {"id": to_base64("Person", PAVAGEAU)}
    public_graphql = GraphQLClient(anonymous_client)
    shown = await public_graphql.data(CONTACT, variables)
    assert shown["node"]["contact"]["email"] == "apavageau@promotionsante-pdl.org"
    form = _person_form(
        prenom="Audrey", nom="Pavageau", courriel="apavageau@promotionsante-pdl.org",
        telephone="06 26 14 67 33", roles=["REFERENT", "REGIONAL_TRAINER"], departements=["44"],
        accord="", accord_date="01/01/2025",
    )
    answer = await _post(regional_client, f"/gestion/annuaire/{PAVAGEAU}", form)
    assert answer.status_code == 303, answer.text
    row = await _person(app, PAVAGEAU)
    assert (row.contact_public, row.contact_consent_on) == (False, None)
    async with app.state.database.sessions() as db:
        entry = await db.scalar(
            select(AuditEntry).where(AuditEntry.object_public_id == PAVAGEAU)
            .order_by(AuditEntry.id.desc())
        )
    assert entry.changes["contact_public"] is False and entry.changes["contact_consent_on"] is None
    public = await anonymous_client.get(f"/annuaire/{PAVAGEAU}")
    assert "apavageau" not in public.text and "06 26 14 67 33" not in public.text
    hidden = await public_graphql.data(CONTACT, variables)
    assert hidden["node"]["contact"] is None
    edited = await regional_client.get(f"/gestion/annuaire/{PAVAGEAU}")
    assert 'id="accord_date" name="accord_date" value=""' in edited.text


async def test_a_department_44_account_is_refused_on_a_person_of_the_85(
    app, settings, department_44_client
):
    regional = CommandContext(
        database=app.state.database, settings=settings, viewer=Viewer(role=StaffRole.REGIONAL),
        clock=app.state.clock,
    )
    made = await directory.create_trainer(
        regional, {"given_name": "Zoé", "family_name": "Perrin"}, ["85"]
    )
    ours = await directory.create_trainer(
        regional, {"given_name": "Nina", "family_name": "Bras"}, ["44"]
    )
    listing = (await department_44_client.get("/gestion/annuaire")).text
    assert "Bras Nina" in listing and "Perrin" not in listing
    before = await _audit_count(app)
    for answer in (
        await department_44_client.get(f"/gestion/annuaire/{made.value}"),
        await _post(
            department_44_client, f"/gestion/annuaire/{made.value}",
            _person_form(prenom="Zoé", nom="Perrin-Roux", roles=["DEPARTMENT_TRAINER"],
                         departements=["44"], accord=""),
        ),
        await _post(department_44_client, f"/gestion/annuaire/{made.value}/archiver", {"confirme": "1"}),
    ):
        assert answer.status_code == 403
        text = html.unescape(answer.text)
        assert "Accès refusé" in text and "Rien n'a été modifié" in text
    row = await _person(app, made.value)
    assert (row.family_name, row.status) == ("Perrin", RecordStatus.ACTIVE)
    assert await _audit_count(app) == before
    # Their own department's person they may change.
    changed = await _post(
        department_44_client, f"/gestion/annuaire/{ours.value}",
        _person_form(prenom="Nina", nom="Bras", organisation="", roles=["DEPARTMENT_TRAINER"],
                     departements=["44"], accord=""),
    )
    assert changed.status_code == 303, changed.text


async def test_a_person_is_archived_after_a_confirm_step(app, regional_client):
    made = await _post(regional_client, "/gestion/annuaire/nouvelle", _person_form(accord=""))
    public_id = made.headers["location"].split("/")[-1].split("?")[0]
    confirm = await _post(regional_client, f"/gestion/annuaire/{public_id}/archiver", {})
    assert confirm.status_code == 200
    assert "Archiver Inès Moreau ?" in html.unescape(confirm.text)
    assert (await _person(app, public_id)).status == RecordStatus.ACTIVE
    done = await _post(regional_client, f"/gestion/annuaire/{public_id}/archiver", {"confirme": "1"})
    assert done.status_code == 303
    assert (await _person(app, public_id)).status == RecordStatus.ARCHIVED
    listing = html.unescape((await regional_client.get(done.headers["location"])).text)
    assert "La personne est archivée" in listing and "archivée" in listing


async def test_organizations_are_added_and_changed(app, regional_client):
    listing = html.unescape((await regional_client.get("/gestion/organisations")).text)
    assert "Promotion Santé Pays de la Loire" in listing
    added = await _post(
        regional_client, "/gestion/organisations/nouveau",
        {"nom": "Ligue de l'enseignement", "nom_court": "Ligue", "membre": "1"},
    )
    assert added.status_code == 303, added.text
    path = added.headers["location"].split("?")[0]
    wrong = await _post(
        regional_client, path, {"nom": "", "nom_court": "Ligue", "site": "laligue.org"}
    )
    assert wrong.status_code == 400
    text = html.unescape(wrong.text)
    assert re.search(r'id="site-erreur">[^<]*n\'est pas une adresse de site web', text)
    assert re.search(r'id="nom-erreur">Indiquez le nom de l\'organisme', text)
    assert 'value="laligue.org"' in wrong.text
    changed = await _post(
        regional_client, path,
        {"nom": "Ligue de l'enseignement Pays de la Loire", "nom_court": "Ligue",
         "site": "https://laligue.example.org"},
    )
    assert changed.status_code == 303
    async with app.state.database.sessions() as db:
        row = await db.scalar(select(Organization).where(Organization.short_name == "Ligue"))
    assert (row.name, row.website, row.interactions_member) == (
        "Ligue de l'enseignement Pays de la Loire", "https://laligue.example.org", False
    )
    form = await regional_client.get("/gestion/annuaire/nouvelle")
    assert "Ligue de l&#39;enseignement Pays de la Loire" in form.text
