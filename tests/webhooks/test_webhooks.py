"""Partners' webhooks through HTTP: created by staff, signed deliveries received by a real
HTTP endpoint that verifies them with ``standardwebhooks``, retries, auto-disable."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from standardwebhooks import Webhook, WebhookVerificationError

from core.app import create_app
from tests.mail.conftest import QUICK_OUTBOX, smtp  # noqa: F401  (the fixture)
from tests.mail.smtp import subject_of, text_of
from tests.mail.test_registration_flow import staff_client
from tests.serving import client_of, settings_for
from tests.staff.conftest import REGISTER, module_1_person, session_id
from tests.webhooks.receiver import Receiver

CREATE = """
mutation($url: String!, $types: [String!]!, $contact: String!) {
  createWebhook(url: $url, eventTypes: $types, contactEmail: $contact) {
    secret webhook { id url eventTypes disabledAt } errors { code field message }
  }
}
"""
WEBHOOKS = """
{ webhooks { id url eventTypes disabledAt failingSince
  deliveries { messageId eventType succeeded statusCode durationMs } } }
"""
UPDATE = """
mutation($id: ID!, $capacity: Int) {
  updateTrainingSession(id: $id, input: {capacity: $capacity}) { errors { code } }
}
"""
CONTACT = "partenaires@pole-cps.example.org"


@pytest.fixture
async def webhook_app(database_url, smtp, clock) -> AsyncIterator:  # noqa: F811
    settings = settings_for(
        database_url,
        smtp_url=smtp.url,
        webhook_allow_private=True,
        webhook_disable_after_hours=0.0005,  # under two seconds of failures
        **QUICK_OUTBOX,
    )
    app = create_app(settings, clock=clock)
    async with LifespanManager(app):
        yield app


async def _create(staff, receiver: Receiver, *types: str) -> dict:
    created = (await staff.data(CREATE, {"url": receiver.url, "types": list(types),
                                         "contact": CONTACT}))["createWebhook"]
    assert created["errors"] == [], created
    receiver.secret = created["secret"]
    return created


async def test_a_change_is_delivered_signed_and_a_tampered_body_is_refused(webhook_app):
    with Receiver() as receiver:
        async with client_of(webhook_app) as http:
            staff = await staff_client(webhook_app, http)
            created = await _create(staff, receiver, "session.updated", "session.seats_changed")
            assert created["secret"].startswith("whsec_")
            listed = (await staff.data(WEBHOOKS))["webhooks"]
            assert [w["url"] for w in listed] == [receiver.url]
            assert created["secret"] not in json.dumps(listed)

            await staff.data(UPDATE, {"id": session_id(2), "capacity": 12})
            [delivery] = await receiver.wait_for(1)
            assert delivery.verified
            assert set(delivery.headers) >= {"webhook-id", "webhook-timestamp", "webhook-signature"}
            payload = json.loads(delivery.body)
            assert payload["type"] == "session.updated"
            assert payload["data"]["id"] == session_id(2)
            assert payload["data"]["typename"] == "TrainingSession"
            assert payload["data"]["changed"] == ["capacity"] and payload["data"]["updatedAt"]
            # A body changed on the way is refused by the partner's library.
            tampered = delivery.body.replace(b"session.updated", b"session.cancelled")
            with pytest.raises(WebhookVerificationError):
                Webhook(receiver.secret).verify(tampered, delivery.headers)
            with pytest.raises(WebhookVerificationError):
                Webhook("whsec_" + "A" * 43).verify(delivery.body, delivery.headers)

            # A registration moves the public counts: the session's seats_changed, nothing
            # personal.
            await staff.data(
                REGISTER, {"target": session_id(2), "registration": module_1_person(3)}
            )
            [_, seats] = await receiver.wait_for(2)
            assert seats.verified
            assert json.loads(seats.body)["type"] == "session.seats_changed"
            assert json.loads(seats.body)["data"]["id"] == session_id(2)
            assert b"camille" not in seats.body.lower() and b"example.org" not in seats.body

            await asyncio.sleep(0.3)
            [webhook] = (await staff.data(WEBHOOKS))["webhooks"]
            log = webhook["deliveries"]
            assert [(d["eventType"], d["succeeded"], d["statusCode"]) for d in log] == [
                ("session.seats_changed", True, 204), ("session.updated", True, 204)
            ]
            assert log[1]["messageId"] == delivery.headers["webhook-id"]


async def test_a_failing_partner_is_retried_with_the_same_webhook_id(webhook_app):
    with Receiver(answers=[500, 503]) as receiver:
        async with client_of(webhook_app) as http:
            staff = await staff_client(webhook_app, http)
            await _create(staff, receiver, "session.updated")
            await staff.data(UPDATE, {"id": session_id(2), "capacity": 12})
            deliveries = await receiver.wait_for(3)
            await asyncio.sleep(0.5)
            assert len(receiver.deliveries) == 3
            assert len({d.headers["webhook-id"] for d in deliveries}) == 1
            assert all(d.verified for d in deliveries)
            [webhook] = (await staff.data(WEBHOOKS))["webhooks"]
            assert [d["statusCode"] for d in webhook["deliveries"]] == [204, 503, 500]
            assert webhook["disabledAt"] is None and webhook["failingSince"] is None


async def test_a_partner_failing_too_long_is_disabled_and_its_creator_told(webhook_app, smtp):  # noqa: F811
    with Receiver(answers=[500] * 1000) as receiver:
        async with client_of(webhook_app) as http:
            staff = await staff_client(webhook_app, http)
            await _create(staff, receiver, "session.updated")
            await staff.data(UPDATE, {"id": session_id(2), "capacity": 12})
            [told] = await smtp.wait_for(1)
            assert told["To"] == CONTACT
            assert subject_of(told) == f"Webhook désactivé : {receiver.url}"
            assert "désactivé" in text_of(told)
            [webhook] = (await staff.data(WEBHOOKS))["webhooks"]
            assert webhook["disabledAt"] is not None
            attempts = len(receiver.deliveries)
            assert attempts >= 2
            # Disabled: nothing more is sent to it.
            await staff.data(UPDATE, {"id": session_id(2), "capacity": 13})
            await asyncio.sleep(0.5)
            assert len(receiver.deliveries) == attempts


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest",
     "http://[::1]/hook", "ftp://example.org/hook"],
)
async def test_urls_to_the_local_network_are_refused(app, client: httpx.AsyncClient, url):
    staff = await staff_client(app, client)
    refused = (await staff.data(CREATE, {"url": url, "types": ["session.updated"],
                                         "contact": CONTACT}))["createWebhook"]
    assert refused["webhook"] is None and refused["secret"] is None
    assert refused["errors"][0]["code"] in ("WEBHOOK_ADDRESS_NOT_PUBLIC", "INVALID_WEBHOOK_URL")
    assert (await staff.data(WEBHOOKS))["webhooks"] == []


async def test_only_regional_staff_manage_webhooks(graphql):
    body = await graphql(WEBHOOKS)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
