"""Without an SMTP server, in debug mode: the e-mails are kept and listed on /debug/mails,
announced by one log line (without their links), so a newcomer can follow them."""

from __future__ import annotations

import asyncio
from datetime import date

from asgi_lifespan import LifespanManager

from core.app import create_app
from core.hooks.testkit import GraphQLClient
from tests.mail.conftest import QUICK_OUTBOX
from tests.serving import client_of, settings_for
from tests.staff.conftest import REGISTER, module_2_person, session_id


async def test_kept_emails_are_listed_and_readable_in_debug_mode(database_url, clock, caplog):
    caplog.set_level("INFO", logger="cps.mail")
    clock.set_day(date(2025, 3, 1))
    app = create_app(settings_for(database_url, debug=True, **QUICK_OUTBOX), clock=clock)
    async with LifespanManager(app), client_of(app) as http:
        await GraphQLClient(http).data(
            REGISTER, {"target": session_id(1), "registration": module_2_person()}
        )
        for _ in range(200):
            listing = await http.get("/debug/mails")
            if "Confirmez votre adresse" in listing.text:
                break
            await asyncio.sleep(0.05)
        assert listing.status_code == 200 and "camille.martin.0@example.org" in listing.text
        path = listing.text.split('href="/debug/mails/', 1)[1].split('"')[0]
        page = await http.get(f"/debug/mails/{path}")
        assert "Confirmez votre adresse" in page.text
        link = page.text.split("https://cps.example.org/inscription/confirmer/", 1)[1][:20]
        assert link.startswith("lien_")
        source = await http.get(f"/debug/mails/{path}", params={"format": "eml"})
        assert "Message-ID:" in source.text
    [line] = [r.getMessage() for r in caplog.records if r.name == "cps.mail"]
    assert f"/debug/mails/{path}" in line and "lien_" not in line


async def test_no_debug_pages_outside_debug_mode(client):
    assert (await client.get("/debug/mails")).status_code == 404
