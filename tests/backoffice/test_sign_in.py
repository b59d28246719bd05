"""Signing in to the back-office by an e-mailed single-use link, staying signed in within the
timeouts, signing out; what an unknown address, a used or expired link, a forged form and too
many attempts get."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from core.models import AuditEntry, StaffSignInLink, StaffWebSession
from core.models.enums import StaffRole
from core.services import staff_sign_in
from tests.backoffice.signing_in import (
    add_account,
    ask_link,
    csrf_of,
    follow,
    latest_link,
    sign_in_emails,
    signed_in,
)
from tests.serving import client_of, settings_for

EMAIL = "audrey.pavageau@pole-cps.example.org"


async def _audit_actions(app: Starlette) -> list[str]:
    async with app.state.database.sessions() as db:
        return list(await db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def _cookie_header(response: httpx.Response, name: str) -> str:
    [header] = [
        value for value in response.headers.get_list("set-cookie") if value.startswith(name + "=")
    ]
    return header


async def test_a_link_e_mailed_signs_in_once_with_a_private_cookie(app, anonymous_client):
    await add_account(app, EMAIL, StaffRole.DEPARTMENT, ["44"])
    asked = await ask_link(anonymous_client, "  Audrey.Pavageau@Pole-CPS.example.org ")
    assert asked.status_code == 303
    assert asked.headers["location"] == "/gestion/connexion/envoye"
    [message] = await sign_in_emails(app, EMAIL)
    assert message.context["minutes"] == 15
    link = await latest_link(app, EMAIL)
    assert link.startswith("/gestion/connexion/lien/lien_")

    # Opening the link (a mail client's scanner would) signs nobody in.
    opened = await anonymous_client.get(link)
    assert opened.status_code == 200
    assert "Se connecter" in opened.text
    assert (await anonymous_client.get("/gestion")).status_code == 303

    pressed = await anonymous_client.post(link, data={"csrf": csrf_of(opened), "suite": ""})
    assert pressed.status_code == 303 and pressed.headers["location"] == "/gestion"
    cookie = _cookie_header(pressed, "cps_gestion").lower()
    for attribute in ("httponly", "samesite=lax", "secure", "path=/gestion"):
        assert attribute in cookie
    dashboard = await anonymous_client.get("/gestion")
    assert dashboard.status_code == 200
    assert EMAIL in dashboard.text and "Se déconnecter" in dashboard.text
    assert dashboard.headers["cache-control"] == "private, no-store"
    assert "noindex" in dashboard.headers["x-robots-tag"]

    # Only digests are stored: neither the link's secret nor the cookie's value.
    secret = link.rsplit("/", 1)[1]
    session_cookie = anonymous_client.cookies["cps_gestion"]
    async with app.state.database.sessions() as db:
        hashes = list(await db.scalars(select(StaffSignInLink.link_hash)))
        hashes += list(await db.scalars(select(StaffWebSession.cookie_hash)))
    assert hashes and secret not in hashes and session_cookie not in hashes

    again = await follow(client_of(app, "203.0.113.50"), link)
    assert again.status_code == 410
    assert "Ce lien de connexion a déjà servi" in again.text
    assert "staffSignIn" in await _audit_actions(app)


async def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(app, anonymous_client):
    await add_account(app, EMAIL, StaffRole.REGIONAL)
    known = await ask_link(anonymous_client, EMAIL)
    unknown = await ask_link(anonymous_client, "personne@exemple.fr")
    assert (known.status_code, known.headers["location"]) == (
        unknown.status_code,
        unknown.headers["location"],
    )
    page = await anonymous_client.get(unknown.headers["location"])
    assert "Vérifiez votre messagerie" in page.text
    assert await sign_in_emails(app, "personne@exemple.fr") == []
    assert len(await sign_in_emails(app, EMAIL)) == 1
    assert "staffSignInRefused" in await _audit_actions(app)


async def test_an_expired_or_unknown_link_says_so_in_french(app, clock, anonymous_client):
    await add_account(app, EMAIL, StaffRole.REGIONAL)
    await ask_link(anonymous_client, EMAIL)
    link = await latest_link(app, EMAIL)
    clock.set(clock.now() + timedelta(minutes=16))
    expired = await anonymous_client.get(link)
    assert expired.status_code == 410
    assert "Ce lien de connexion a expiré" in expired.text
    assert "15 minutes" in expired.text
    # Pressing the button of a page opened in time does not help either.
    pressed = await anonymous_client.post(
        link, data={"csrf": anonymous_client.cookies["cps_csrf"]}
    )
    assert pressed.status_code == 410
    assert "cps_gestion" not in anonymous_client.cookies
    unknown = await anonymous_client.get("/gestion/connexion/lien/lien_inventé")
    assert unknown.status_code == 404
    assert "Ce lien de connexion n&#39;est pas valable" in unknown.text


async def test_a_malformed_address_is_refused_next_to_the_field(app, anonymous_client):
    answer = await ask_link(anonymous_client, "audrey.pavageau")
    assert answer.status_code == 400
    assert 'value="audrey.pavageau"' in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert "Indiquez une adresse électronique complète" in answer.text


async def test_signing_out_ends_the_session_for_good(app, regional_client):
    cookie = regional_client.cookies["cps_gestion"]
    page = await regional_client.get("/gestion")
    out = await regional_client.post("/gestion/deconnexion", data={"csrf": csrf_of(page)})
    assert out.status_code == 303
    assert out.headers["location"] == "/gestion/connexion?deconnecte=1"
    assert "Vous êtes déconnecté·e" in (await regional_client.get(out.headers["location"])).text
    # The old cookie, sent again by hand, is worth nothing.
    async with client_of(app, "203.0.113.60") as other:
        other.cookies.set("cps_gestion", cookie, domain="cps.example.org", path="/gestion")
        assert (await other.get("/gestion")).status_code == 303
    assert "staffSignOut" in await _audit_actions(app)


async def test_idle_and_absolute_timeouts_sign_out(app, clock, regional_client):
    clock.set(clock.now() + timedelta(minutes=119))
    assert (await regional_client.get("/gestion")).status_code == 200
    clock.set(clock.now() + timedelta(minutes=121))
    assert (await regional_client.get("/gestion")).status_code == 303


async def test_an_active_session_ends_at_its_absolute_limit(app, clock, regional_client):
    for _ in range(7):
        clock.set(clock.now() + timedelta(minutes=100))
        assert (await regional_client.get("/gestion")).status_code == 200
    clock.set(clock.now() + timedelta(minutes=100))
    answer = await regional_client.get("/gestion")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/gestion/connexion"


async def test_a_disabled_account_is_signed_out_at_once(app, regional_client):
    from core.auth.viewer import SYSTEM
    from core.services import staff_accounts

    async with app.state.database.sessions() as db:
        await staff_accounts.disable_account(
            db, SYSTEM, "region@pole-cps.example.org", now=app.state.clock.now()
        )
        await db.commit()
    assert (await regional_client.get("/gestion")).status_code == 303
    await ask_link(regional_client, "region@pole-cps.example.org")
    assert len(await sign_in_emails(app, "region@pole-cps.example.org")) == 1


async def test_a_sign_in_form_without_its_token_is_refused(app, anonymous_client):
    await add_account(app, EMAIL, StaffRole.REGIONAL)
    await anonymous_client.get("/gestion/connexion")
    forged = await anonymous_client.post("/gestion/connexion", data={"email": EMAIL})
    assert forged.status_code == 403
    assert "Rien n'a été modifié" in forged.text
    assert await sign_in_emails(app, EMAIL) == []


async def test_after_signing_in_the_page_asked_first_opens(app, anonymous_client):
    await add_account(app, EMAIL, StaffRole.REGIONAL)
    first = await anonymous_client.get("/gestion/journal?action=staffSignIn")
    assert first.status_code == 303
    assert first.headers["location"] == (
        "/gestion/connexion?suite=/gestion/journal%3Faction%3DstaffSignIn"
    )
    form = await anonymous_client.get(first.headers["location"])
    assert 'name="suite" value="/gestion/journal?action=staffSignIn"' in form.text
    await anonymous_client.post(
        "/gestion/connexion",
        data={"csrf": csrf_of(form), "email": EMAIL, "suite": "/gestion/journal?action=staffSignIn"},
    )
    link = await latest_link(app, EMAIL)
    assert link.endswith("?suite=/gestion/journal?action=staffSignIn")
    opened = await anonymous_client.get(link)
    pressed = await anonymous_client.post(
        link, data={"csrf": csrf_of(opened), "suite": "/gestion/journal?action=staffSignIn"}
    )
    assert pressed.headers["location"] == "/gestion/journal?action=staffSignIn"


@pytest.mark.parametrize("elsewhere", ["https://exemple.fr/", "//exemple.fr/gestion", "/agenda"])
async def test_signing_in_never_leads_off_the_back_office(app, anonymous_client, elsewhere):
    await add_account(app, EMAIL, StaffRole.REGIONAL)
    form = await anonymous_client.get("/gestion/connexion?suite=" + elsewhere)
    assert 'name="suite" value="/gestion"' in form.text
    await ask_link(anonymous_client, EMAIL)
    opened = await anonymous_client.get(await latest_link(app, EMAIL))
    pressed = await anonymous_client.post(
        await latest_link(app, EMAIL), data={"csrf": csrf_of(opened), "suite": elsewhere}
    )
    assert pressed.headers["location"] == "/gestion"


@pytest.fixture
def settings(database_url):
    """A limit of three sign-in attempts an hour."""
    return settings_for(database_url, staff_sign_in_per_hour=3)


async def test_sign_in_attempts_are_rate_limited_per_address_and_per_account(app):
    await add_account(app, EMAIL, StaffRole.REGIONAL)
    async with client_of(app, "198.51.100.1") as first:
        answers = [await ask_link(first, f"inconnu{n}@exemple.fr") for n in range(4)]
        assert [answer.status_code for answer in answers] == [303, 303, 303, 429]
        assert "Trop de tentatives" in answers[-1].text
    # The same account asked from other addresses: the account's own count stops it.
    for number in range(4):
        async with client_of(app, f"198.51.100.{10 + number}") as other:
            answer = await ask_link(other, EMAIL)
    assert answer.status_code == 429
    assert len(await sign_in_emails(app, EMAIL)) == 3
    async with app.state.database.sessions() as db:
        refused = await db.scalar(
            select(func.count()).select_from(AuditEntry).where(
                AuditEntry.action == "staffSignInRefused",
                AuditEntry.changes["reason"].as_string() == "rateLimited",
            )
        )
    assert refused == 2
    # signed_in itself still works from a fresh address for another account.
    async with client_of(app, "198.51.100.99") as fresh:
        await signed_in(fresh, app, StaffRole.DEPARTMENT, ["85"])


async def test_one_link_spent_twice_at_once_opens_one_session(app, clock, database_url):
    if not database_url.startswith("postgresql"):
        # SQLite has one writer at a time; the race needs two concurrent transactions.
        pytest.skip("PostgreSQL only: two transactions spending one link at the same time")
    await add_account(app, EMAIL, StaffRole.REGIONAL, [])
    async with client_of(app) as http:
        await ask_link(http, EMAIL)
    secret = (await latest_link(app, EMAIL)).rsplit("/", 1)[1]
    now, length = clock.now(), timedelta(hours=12)
    database = app.state.database
    async with database.sessions() as first_db, database.sessions() as second_db:
        first = await staff_sign_in.sign_in(first_db, secret, now=now, session_length=length)
        # The second reads the link while the first has not committed, then waits on its lock.
        second_task = asyncio.create_task(
            staff_sign_in.sign_in(second_db, secret, now=now, session_length=length)
        )
        await asyncio.sleep(0.3)
        await first_db.commit()
        second = await second_task
        await second_db.commit()
    assert isinstance(first, staff_sign_in.SignedIn)
    assert second is staff_sign_in.LinkState.USED
    async with database.sessions() as db:
        assert await db.scalar(select(func.count()).select_from(StaffWebSession)) == 1
