"""The registration form of the site over HTTP: the module's prerequisites as fields, the rules'
French messages next to them before anything is sent, CSRF, the honeypot, the rate limit and
the caps; a registration written only when everything holds, waiting for its address."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from core.models import OutboxMessage, Registration
from core.models.enums import RegistrationStatus
from core.db import seeded_public_id
from tests.registering import confirmation_link
from tests.serving import client_of, running, settings_for

ANGERS_MODULE_1 = seeded_public_id("session:2025-2")
MODULE_2 = seeded_public_id("session:2025-1")
FORM = f"/formations/{ANGERS_MODULE_1}/inscription"


def csrf_of(page: str) -> str:
    [value] = re.findall(r'name="csrf" value="([^"]+)"', page)
    return value


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def module_1_answers(n: int = 0, **overrides: str) -> dict[str, str]:
    return {
        "nom": f"Camille Martin {n}",
        "email": f"camille.martin.{n}@example.org",
        "employeur": "Mairie d'Angers",
        "departement": "49",
        "engagement_employeur": "oui",
        "action": "inscrire",
        **overrides,
    }


async def registrations(app) -> int:
    async with app.state.database.sessions() as db:
        return await db.scalar(select(func.count()).select_from(Registration))


async def post_form(client, path: str, answers: dict[str, str]):
    page = await client.get(path)
    return await client.post(path, data={"csrf": csrf_of(page.text), **answers})


@pytest.fixture(autouse=True)
def in_2025(clock):
    clock.set_day(date(2025, 3, 1))
    return clock


async def test_the_form_asks_what_the_module_requires_and_is_never_shared(client):
    page = await client.get(FORM)
    assert page.status_code == 200
    assert page.headers["cache-control"] == "private, no-store"
    assert "etag" not in page.headers
    cookie = page.headers["set-cookie"]
    assert "cps_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert csrf_of(page.text) in cookie
    text = text_of(page.text)
    assert "S'inscrire : Session 2 (2025) — Module 1" in text
    assert 'name="engagement_employeur"' in page.text
    assert "engagement de l'employeur à déployer de la formation CPS" in text
    assert 'name="score_questionnaire"' not in page.text  # a module 2 prerequisite
    module_2 = await client.get(f"/formations/{MODULE_2}/inscription")
    assert 'name="score_questionnaire"' in module_2.text
    assert 'name="formation_cps"' in module_2.text
    assert "Promotion Santé" in module_2.text and "(membre d'InteractionS)" in module_2.text


async def test_the_session_page_leads_to_its_form(client):
    page = await client.get(f"/formations/{ANGERS_MODULE_1}")
    assert f'href="{FORM}"' in page.text
    assert "etag" in page.headers  # the session page stays the same bytes for everyone


async def test_checking_says_what_is_missing_next_to_the_field_and_writes_nothing(client, app):
    before = await registrations(app)
    answer = await post_form(
        client, FORM, module_1_answers(action="verifier", engagement_employeur="")
    )
    assert answer.status_code == 422
    [field] = re.findall(r'<div class="field field-check has-error">.*?</div>', answer.text, re.S)
    assert "aria-invalid=\"true\"" in field and "employeur" in text_of(field).lower()
    assert 'value="Camille Martin 0"' in answer.text  # what was typed is kept
    assert await registrations(app) == before
    eligible = await post_form(client, FORM, module_1_answers(action="verifier"))
    assert eligible.status_code == 200
    assert "Vous remplissez les conditions" in eligible.text
    assert await registrations(app) == before


async def test_module_2_conditions_are_checked_with_the_directory_organisations(client, app):
    path = f"/formations/{MODULE_2}/inscription"
    answers = module_1_answers(action="verifier", departement="44")
    low = await post_form(
        client, path,
        {**answers, "formation_cps": "autre", "formation_cps_autre": "Un organisme",
         "score_questionnaire": "75"},
    )
    text = text_of(low.text)
    assert low.status_code == 422
    assert "InteractionS" in text and "75 %" in text
    member = seeded_public_id("organization:promotion-sante")
    good = await post_form(
        client, path,
        {**answers, "formation_cps": f"organisation:{member}", "score_questionnaire": "85,5"},
    )
    assert good.status_code == 200, text_of(good.text)
    assert "Vous remplissez les conditions" in good.text


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"score_questionnaire": "beaucoup"}, "score_questionnaire", "pourcentage entre 0 et 100"),
        ({"formation_cps": "autre"}, "formation_cps_autre", "nom de l'organisation"),
        ({"formation_cps": "organisation:inconnue"}, "formation_cps", "Choisissez"),
        ({"departement": ""}, "departement", "département où vous exercez"),
        ({"email": "pas-une-adresse"}, "email", "pas-une-adresse"),
        ({"nom": ""}, "nom", ""),
    ],
)
async def test_malformed_answers_are_refused_next_to_their_field(
    client, app, answers, field, message
):
    before = await registrations(app)
    answer = await post_form(
        client, f"/formations/{MODULE_2}/inscription", {**module_1_answers(), **answers}
    )
    assert answer.status_code == 422
    errors = re.findall(rf'<p class="field-error" id="erreur-{field}">([^<]*)</p>', answer.text)
    assert errors and message in html.unescape(errors[0])
    assert f'href="#champ-{field}"' in answer.text  # the summary links to the field
    assert await registrations(app) == before


async def test_registering_waits_for_the_address_and_sends_the_link(client, app):
    answer = await post_form(client, FORM, module_1_answers(7))
    assert answer.status_code == 303
    assert answer.headers["location"] == FORM + "/envoyee"
    sent = await client.get(answer.headers["location"])
    assert "Vérifiez votre boîte mail" in sent.text
    async with app.state.database.sessions() as db:
        row = await db.scalar(
            select(Registration).where(Registration.email == "camille.martin.7@example.org")
        )
    assert row.status is RegistrationStatus.UNCONFIRMED
    assert row.employer_commitment and row.practice_department_code == "49"
    assert (await confirmation_link(app, "camille.martin.7@example.org")).startswith(
        "/inscription/confirmer/"
    )


async def test_a_post_without_the_browser_s_token_changes_nothing(client, app):
    before = await registrations(app)
    await client.get(FORM)  # the browser has its cookie, the attacker's page not its value
    forged = await client.post(FORM, data={"csrf": "x" * 43, **module_1_answers()})
    assert forged.status_code == 403
    assert "Le formulaire a expiré" in text_of(forged.text)
    assert 'value="Camille Martin 0"' in forged.text
    missing = await client.post(FORM, data=module_1_answers())
    assert missing.status_code == 403
    page = await client.get(FORM)
    other_site = await client.post(
        FORM, data={"csrf": csrf_of(page.text), **module_1_answers()},
        headers={"Origin": "https://attaquant.example"},
    )
    assert other_site.status_code == 403
    assert await registrations(app) == before


async def test_a_robot_filling_the_hidden_field_is_told_nothing_and_writes_nothing(client, app):
    before = await registrations(app)
    answer = await post_form(client, FORM, {**module_1_answers(), "site_web": "http://spam"})
    assert answer.status_code == 303
    assert await registrations(app) == before
    async with app.state.database.sessions() as db:
        assert not await db.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.recipient == "camille.martin.0@example.org"
        ))


async def test_a_closed_session_shows_why_and_refuses(client, app, clock):
    clock.set_day(date(2025, 12, 1))
    page = await client.get(FORM)
    assert "<form" not in page.text.split("<main", 1)[1]
    before = await registrations(app)
    client.cookies.set("cps_csrf", "y" * 43)
    answer = await client.post(FORM, data={"csrf": "y" * 43, **module_1_answers()})
    assert answer.status_code == 422
    assert await registrations(app) == before


async def test_an_unknown_target_is_a_french_404(client):
    answer = await client.get("/formations/inconnue/inscription")
    assert answer.status_code == 404
    assert "n'existe pas" in text_of(answer.text)


async def test_the_rate_limit_and_caps_apply_as_to_the_mutation(database_url, clock):
    settings = settings_for(
        database_url, registration_cap_per_target=1, rate_limit_anonymous=1_000
    )
    async with running(settings) as app, client_of(app) as http:
        app.state.clock = clock
        first = await post_form(http, FORM, module_1_answers(1))
        assert first.status_code == 303
        second = await post_form(http, FORM, module_1_answers(2))
        assert second.status_code == 429
        assert "par jour" in text_of(second.text) or "aujourd'hui" in text_of(second.text)
    # The page and the post count 2 requests; registering weighs 9 more, as the mutation does.
    settings = settings_for(database_url, rate_limit_anonymous=10, rate_limit_mutation_weight=10)
    async with running(settings) as app, client_of(app, "203.0.113.99") as http:
        app.state.clock = clock
        refused = await post_form(http, FORM, module_1_answers(3))
        assert refused.status_code == 429
        assert "Trop de requêtes" in text_of(refused.text)
