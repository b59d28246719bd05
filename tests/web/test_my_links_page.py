"""``/mes-inscriptions`` over HTTP: the links of one's registrations sent again, with the same
answer whether or not the address has any, behind CSRF and the rate limit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from core.mail.messages import LINKS_SENT
from core.models import OutboxMessage
from tests.registering import confirm_address
from tests.web.test_registration_form import FORM, csrf_of, module_1_answers, post_form, text_of


async def links_sent_to(app, email: str) -> int:
    async with app.state.database.sessions() as db:
        return await db.scalar(
            select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.recipient == email, OutboxMessage.topic == "registration_links"
            )
        )


@pytest.fixture(autouse=True)
def in_2025(clock):
    clock.set_day(date(2025, 3, 1))
    return clock


async def test_a_registered_address_gets_its_links_and_an_unknown_one_the_same_answer(
    client, app
):
    assert (await post_form(client, FORM, module_1_answers(5))).status_code == 303
    email = "camille.martin.5@example.org"
    await confirm_address(client, app, email)
    answer = await post_form(client, "/mes-inscriptions", {"email": " Camille.Martin.5@Example.org "})
    assert answer.status_code == 200
    assert LINKS_SENT in text_of(answer.text)
    assert await links_sent_to(app, email) == 1
    unknown = await post_form(client, "/mes-inscriptions", {"email": "personne@example.org"})
    assert text_of(unknown.text) .replace("personne@example.org", "") == text_of(
        answer.text
    ).replace(email, "")
    assert await links_sent_to(app, "personne@example.org") == 0


async def test_a_forged_or_empty_request_sends_nothing(client, app):
    page = await client.get("/mes-inscriptions")
    assert page.headers["cache-control"] == "private, no-store"
    forged = await client.post("/mes-inscriptions", data={"email": "a@example.org"})
    assert forged.status_code == 403
    empty = await client.post("/mes-inscriptions", data={"csrf": csrf_of(page.text), "email": ""})
    assert empty.status_code == 422
    assert "Indiquez l'adresse e-mail" in text_of(empty.text)
