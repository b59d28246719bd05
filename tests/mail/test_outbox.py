"""The outbox over a real SMTP server: an e-mail written with the registration, delivered by
the dispatcher, retried while the server is down and never lost nor sent twice."""

from __future__ import annotations

import asyncio
from datetime import date

from asgi_lifespan import LifespanManager
from sqlalchemy import select

from core.app import create_app
from core.models import OutboxMessage, OutboxStatus
from core.hooks.testkit import GraphQLClient
from tests.mail.conftest import QUICK_OUTBOX
from tests.mail.smtp import SmtpServer, free_port
from tests.mail.test_registration_flow import staff_client
from tests.serving import client_of, settings_for
from tests.staff.conftest import REGISTER, module_2_person, session_id


async def _register(graphql, n: int = 0) -> dict:
    data = await graphql.data(
        REGISTER, {"target": session_id(1), "registration": module_2_person(n)}
    )
    assert data["register"]["errors"] == [], data
    return data["register"]


async def test_smtp_down_for_a_while_then_up_every_email_delivered_once(
    database_url, clock
):
    clock.set_day(date(2025, 3, 1))
    smtp = SmtpServer(free_port())  # not listening yet
    settings = settings_for(database_url, smtp_url=smtp.url, **QUICK_OUTBOX)
    app = create_app(settings, clock=clock)
    async with LifespanManager(app), client_of(app) as http:
        graphql = GraphQLClient(http)
        for n in range(3):
            await _register(graphql, n)
        # The dispatcher tries, fails and schedules retries while the server is down.
        async with app.state.database.sessions() as db:
            for _ in range(200):
                rows = list(await db.scalars(select(OutboxMessage)))
                if all(row.attempts >= 2 for row in rows):
                    break
                await asyncio.sleep(0.05)
                db.expire_all()
            assert len(rows) == 3
            assert all(row.status is OutboxStatus.PENDING and row.attempts >= 2 for row in rows)
            assert all(row.last_error.startswith("SMTP") for row in rows)
        smtp.start()
        try:
            messages = await smtp.wait_for(3)
            await asyncio.sleep(0.5)  # time for a duplicate to arrive, if any were sent
            async with app.state.database.sessions() as db:
                rows = list(await db.scalars(select(OutboxMessage)))
        finally:
            smtp.stop()
    assert len(smtp.messages) == 3
    assert sorted(message["To"] for message in messages) == [
        f"camille.martin.{n}@example.org" for n in range(3)
    ]
    assert len({message["Message-ID"] for message in messages}) == 3
    assert all(row.status is OutboxStatus.SENT and row.sent_at for row in rows)


FAILED = """
{ failedMessages { messageId channel topic recipient attempts lastError } }
"""


async def test_a_message_that_keeps_failing_is_marked_failed_and_shown_to_staff(
    database_url, clock
):
    clock.set_day(date(2025, 3, 1))
    smtp = SmtpServer(free_port())  # never up
    settings = settings_for(
        database_url, smtp_url=smtp.url, outbox_max_attempts=3, **QUICK_OUTBOX
    )
    app = create_app(settings, clock=clock)
    async with LifespanManager(app), client_of(app) as http:
        await _register(GraphQLClient(http))
        staff = await staff_client(app, http)
        for _ in range(200):
            failed = (await staff.data(FAILED))["failedMessages"]
            if failed:
                break
            await asyncio.sleep(0.05)
        [message] = failed
        assert message["channel"] == "EMAIL" and message["topic"] == "address_confirmation"
        assert message["attempts"] == 3 and message["lastError"].startswith("SMTP")
        await asyncio.sleep(0.2)  # a pass after the failure sets the gauges
        metrics = (await http.get("/metrics")).text
        assert "cps_outbox_messages_failed 1.0" in metrics
        assert "cps_outbox_messages_waiting 0.0" in metrics
        assert 'cps_outbox_attempts_total{channel="email",outcome="failed"} 1.0' in metrics
        assert 'cps_outbox_attempts_total{channel="email",outcome="retried"} 2.0' in metrics
        anonymous = await GraphQLClient(http)(FAILED)
        assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_delivered_message_loses_its_body_after_the_retention_period(
    database_url, smtp, clock
):
    clock.set_day(date(2025, 3, 1))
    settings = settings_for(
        database_url, smtp_url=smtp.url, outbox_retention_days=0, **QUICK_OUTBOX
    )
    app = create_app(settings, clock=clock)
    async with LifespanManager(app), client_of(app) as http:
        await _register(GraphQLClient(http))
        [message] = await smtp.wait_for(1)
        async with app.state.database.sessions() as db:
            for _ in range(200):
                [row] = list(await db.scalars(select(OutboxMessage)))
                if row.body_dropped_at is not None:
                    break
                await asyncio.sleep(0.05)
                db.expire_all()
    assert row.status is OutboxStatus.SENT and row.context == {} and row.recipient is None
    assert message["Message-ID"] == f"<{row.public_id}@cps.example.org>"
