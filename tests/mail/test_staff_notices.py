"""Staff are told of registrations awaiting approval: the department's referents and the
setting's addresses, at once or in a daily digest."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest
from asgi_lifespan import LifespanManager

from core.app import create_app
from core.hooks.testkit import GraphQLClient
from tests.mail.conftest import QUICK_OUTBOX
from tests.mail.smtp import links_in, subject_of, text_of
from tests.mail.test_registration_flow import staff_client
from tests.serving import BASE_URL, client_of, settings_for
from tests.staff.conftest import REGISTER, module_1_person, session_id

APPROVAL = """
mutation($id: ID!) {
  updateTrainingSession(id: $id, input: {requiresApproval: true}) { errors { code } }
}
"""
REFERENT_49 = "beatrice.beaudouin@addictions-france.org"


async def _sent_to(smtp, address: str):
    """The first e-mail received by ``address`` (waiting for it)."""
    for _ in range(400):
        found = [message for message in smtp.messages if message["To"] == address]
        if found:
            return found[0]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no e-mail to {address}")


async def _two_awaiting_approval(app, http, smtp) -> None:
    regional = await staff_client(app, http)
    await regional.data(APPROVAL, {"id": session_id(2)})
    graphql = GraphQLClient(http)
    for n in range(2):
        person = module_1_person(n)
        data = await graphql.data(REGISTER, {"target": session_id(2), "registration": person})
        assert data["register"]["errors"] == []
        request = await _sent_to(smtp, person["email"])
        page = await http.post(links_in(request, BASE_URL)[0])
        assert "attend la validation" in page.text


@pytest.mark.parametrize("digest", [False, True])
async def test_staff_are_told_of_registrations_awaiting_approval(
    database_url, smtp, clock, digest
):
    # Early in the morning: the digest of 1 March lists what waits at 08:00.
    clock.set(datetime(2025, 3, 1, 6, 0))
    settings = settings_for(
        database_url,
        smtp_url=smtp.url,
        staff_notify_emails="inscriptions@pole-cps.example.org",
        staff_digest=digest,
        **QUICK_OUTBOX,
    )
    app = create_app(settings, clock=clock)
    async with LifespanManager(app), client_of(app) as http:
        await _two_awaiting_approval(app, http, smtp)
        clock.set_day(date(2025, 3, 1))
        staff = {REFERENT_49, "inscriptions@pole-cps.example.org"}
        expected = 2 if digest else 4
        deadline = asyncio.get_running_loop().time() + 20
        while True:
            notices = [m for m in smtp.messages if m["To"] in staff]
            if len(notices) >= expected:
                break
            assert asyncio.get_running_loop().time() < deadline, [m["To"] for m in smtp.messages]
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # a second notice of the same, if any were written
        notices = [m for m in smtp.messages if m["To"] in staff]
    assert len(notices) == expected
    assert {m["To"] for m in notices} == staff
    for notice in notices:
        text = text_of(notice)
        assert "Camille Martin" in text and "Session 2 (2025)" in text
        assert "confirmRegistration" in text
    if digest:
        assert {subject_of(m) for m in notices} == {"Inscriptions à valider (département 49)"}
        assert all("Camille Martin 0" in text_of(m) and "Camille Martin 1" in text_of(m)
                   for m in notices)
    else:
        assert {subject_of(m) for m in notices} == {
            "À valider : une inscription à Session 2 (2025) — Module 1"
        }
