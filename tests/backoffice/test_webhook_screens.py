"""The webhooks screen over HTTP: a coordinator creates a partner's webhook (its secret shown
once), sees refusals next to their field with nothing saved, and deletes one from its page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from core.models import AuditEntry, Webhook
from core.models.enums import StaffRole
from core.settings import Settings
from tests.backoffice.signing_in import add_account, csrf_of, sign_in_browser
from tests.serving import settings_for
from tests.web.test_browser import AXE

PARTNER = "http://127.0.0.1:9/hooks/cps"
REGIONAL = "region@pole-cps.example.org"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The partner's server of these tests listens on this machine."""
    return settings_for(database_url, webhook_allow_private=True)


async def _post(http, path: str, data: dict) -> object:
    page = await http.get("/gestion/webhooks")
    return await http.post(path, data={**data, "csrf": csrf_of(page)})


async def _webhooks(app) -> list[Webhook]:
    async with app.state.database.sessions() as db:
        return list(await db.scalars(select(Webhook).where(Webhook.deleted_at.is_(None))))


async def test_a_webhook_is_created_with_its_secret_shown_once(app, regional_client):
    answer = await _post(regional_client, "/gestion/webhooks", {
        "url": PARTNER,
        "evenements": ["session.created", "session.cancelled"],
        "contact": "Partenaires@Pole-CPS.example.org",
    })
    assert answer.status_code == 200
    secret = re.search(r'id="secret">(whsec_[^<]+)<', answer.text)
    assert secret, answer.text
    [row] = await _webhooks(app)
    assert (row.url, row.event_types) == (PARTNER, ["session.cancelled", "session.created"])
    assert row.secret == secret.group(1)
    assert row.contact_email == "partenaires@pole-cps.example.org"
    again = await regional_client.get("/gestion/webhooks")
    assert PARTNER in again.text and secret.group(1) not in again.text
    async with app.state.database.sessions() as db:
        audited = await db.scalar(
            select(func.count()).select_from(AuditEntry).where(
                AuditEntry.action == "webhook.create"
            )
        )
    assert audited == 1


@pytest.mark.parametrize(
    ("form", "field", "words"),
    [
        ({"url": "ftp://partenaire.example/x", "evenements": ["event.created"],
          "contact": "a@b.fr"}, "url", "https://"),
        ({"url": PARTNER, "contact": "a@b.fr"}, "evenements", "Cochez au moins un évènement"),
        ({"url": PARTNER, "evenements": ["session.deleted"], "contact": "a@b.fr"}, "evenements",
         "Types d&#39;évènements inconnus"),
        ({"url": PARTNER, "evenements": ["session.created"], "contact": "personne"},
         "contact", "Indiquez l&#39;adresse"),
    ],
)
async def test_a_refused_webhook_is_told_next_to_its_field_and_nothing_saved(
    app, regional_client, form, field, words
):
    answer = await _post(regional_client, "/gestion/webhooks", form)
    assert answer.status_code == 400
    error = re.search(rf'id="{field}-erreur">([^<]+)<', answer.text)
    assert error and words in error.group(1), answer.text
    assert "rien n'a été enregistré" in answer.text
    assert f'value="{form["url"]}"' in answer.text, "what was typed is kept"
    assert await _webhooks(app) == []


async def test_a_webhook_is_deleted_from_its_page(app, regional_client):
    await _post(regional_client, "/gestion/webhooks", {
        "url": PARTNER, "evenements": ["resource.created"], "contact": "a@b.fr",
    })
    [row] = await _webhooks(app)
    page = await regional_client.get(f"/gestion/webhooks/{row.public_id}")
    assert "Supprimer ce webhook" in page.text
    answer = await regional_client.post(
        f"/gestion/webhooks/{row.public_id}/supprimer", data={"csrf": csrf_of(page)}
    )
    assert (answer.status_code, answer.headers["location"]) == (303, "/gestion/webhooks?fait=supprime")
    assert await _webhooks(app) == []
    listed = await regional_client.get("/gestion/webhooks?fait=supprime")
    assert "Le webhook est supprimé" in listed.text and PARTNER not in listed.text
    gone = await regional_client.get(f"/gestion/webhooks/{row.public_id}")
    assert gone.status_code == 404


async def test_a_coordinator_creates_and_deletes_a_webhook_in_the_browser(app, visit):
    await add_account(app, REGIONAL, StaffRole.REGIONAL)
    page = visit.page
    await sign_in_browser(page, visit.base_url, app, REGIONAL)
    await page.goto(visit.base_url + "/gestion/webhooks")
    await page.fill("#url", PARTNER)
    async with page.expect_navigation():
        await page.get_by_role("button", name="Créer le webhook").click()
    assert "Cochez au moins un évènement" in await page.locator("#evenements-erreur").inner_text()
    assert await page.input_value("#url") == PARTNER
    results = await AXE.run(page)
    assert results.violations_count == 0, results.generate_report()
    await page.get_by_label("Sessions : annulé(e)").check()
    await page.fill("#contact", "partenaires@pole-cps.example.org")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Créer le webhook").click()
    assert (await page.locator("#secret").inner_text()).startswith("whsec_")
    results = await AXE.run(page)
    assert results.violations_count == 0, results.generate_report()
    async with page.expect_navigation():
        await page.get_by_role("link", name=PARTNER).click()
    results = await AXE.run(page)
    assert results.violations_count == 0, results.generate_report()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Supprimer ce webhook").click()
    assert "Le webhook est supprimé" in await page.locator("main").inner_text()
    assert await _webhooks(app) == []
    assert visit.foreign == []
