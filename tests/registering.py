"""Registering as a person does without a staff token: the ``register`` mutation, then the
link of the e-mail it sent, followed over HTTP (the e-mail is composed from the outbox exactly
as it would be sent: the test app has no SMTP server, so it keeps its e-mails)."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from starlette.applications import Starlette

from core.mail.render import compose
from core.models import OutboxMessage
from tests.mail.smtp import links_in

MINE = """
query($reference: String!) {
  myRegistration(reference: $reference) {
    id status fullName email session { number } event { title }
  }
}
"""


async def confirmation_link(app: Starlette, email: str) -> str:
    """The path of the latest address-confirmation link e-mailed to ``email``."""
    async with app.state.database.sessions() as db:
        message = await db.scalar(
            select(OutboxMessage)
            .where(
                OutboxMessage.recipient == email.strip().lower(),
                OutboxMessage.topic == "address_confirmation",
            )
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
    assert message is not None, f"no confirmation e-mail to {email}"
    settings = app.state.settings
    [link] = links_in(compose(message, settings), settings.base_url)
    return link


async def confirm_address(http: httpx.AsyncClient, app: Starlette, email: str) -> httpx.Response:
    """Follow the confirmation link e-mailed to ``email`` and press its button."""
    link = await confirmation_link(app, email)
    assert (await http.get(link)).status_code == 200
    return await http.post(link)


async def confirmed(graphql, http: httpx.AsyncClient, app: Starlette, answer: dict) -> dict:
    """The ``register`` payload ``answer`` after its address was confirmed (unchanged when it
    was refused or made with a staff token): its registration read again by reference."""
    if answer["errors"] or answer["registration"]["status"] != "UNCONFIRMED":
        return answer
    await confirm_address(http, app, answer["registration"]["email"])
    mine = await graphql.data(MINE, {"reference": answer["reference"]})
    return {**answer, "registration": mine["myRegistration"]}
