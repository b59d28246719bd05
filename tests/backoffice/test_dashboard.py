"""The dashboard: the next sessions and events with seats taken and left, registrations
awaiting approval and on waitlists, failing messages; department staff see theirs only."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from core.auth.secrets import digest
from core.db import seeded_public_id, utcnow
from core.models import OutboxChannel, OutboxMessage, OutboxStatus, Registration, TrainingSession
from core.models.enums import RegistrationStatus
from tests.backoffice.signing_in import signed_in


async def _register(app, session_key: str, *statuses: RegistrationStatus) -> None:
    async with app.state.database.sessions() as db:
        session = await db.scalar(
            select(TrainingSession).where(
                TrainingSession.public_id == seeded_public_id(f"session:{session_key}")
            )
        )
        for number, status in enumerate(statuses):
            db.add(
                Registration(
                    session_id=session.id,
                    status=status,
                    reference_hash=digest(f"{session_key}-{number}"),
                    full_name=f"Personne {number}",
                    email=f"personne{number}.{session_key}@exemple.fr",
                )
            )
        await db.commit()


def _row(page: str, title: str) -> list[str]:
    found = re.search(rf"<th scope=\"row\">(?:<a [^>]+>)?{re.escape(title)}(?:</a>)?</th>(.*?)</tr>", page, re.S)
    assert found is not None, title
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", found.group(1), re.S)]


async def test_the_dashboard_counts_seats_and_registrations_waiting(
    app, regional_client, department_44_client
):
    await _register(
        app, "2025-1",
        RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING_APPROVAL,
        RegistrationStatus.WAITLISTED, RegistrationStatus.WAITLISTED,
    )
    await _register(app, "2025-2", RegistrationStatus.PENDING_APPROVAL)
    async with app.state.database.sessions() as db:
        db.add(
            OutboxMessage(
                channel=OutboxChannel.EMAIL, topic="reminder", recipient="x@exemple.fr",
                status=OutboxStatus.FAILED, attempts=14, next_attempt_at=utcnow(),
                last_error="SMTPRecipientsRefused",
            )
        )
        await db.commit()

    regional = (await regional_client.get("/gestion")).text
    assert _row(regional, "Session 1 (2025) — Module 2")[:6] == [
        "28 avril 2025", "44", "2", "sans limite", "1", "2",
    ]
    assert _row(regional, "Session 2 (2025) — Module 1")[4] == "1"
    assert "Session 6 (2025) — Module 2" in regional
    assert '<p class="figure">2</p><p>inscriptions attendent une validation' in regional
    assert '<p class="figure">2</p><p>personnes en liste d\'attente' in regional
    assert "SMTPRecipientsRefused" in regional

    department = (await department_44_client.get("/gestion")).text
    assert "Session 1 (2025) — Module 2" in department
    assert "Session 2 (2025)" not in department and "Session 5 (2025)" not in department
    assert '<p class="figure">1</p><p>inscription attend une validation' in department
    assert "Messages en échec" not in department and "SMTPRecipientsRefused" not in department


async def test_past_sessions_leave_the_dashboard(app, clock, anonymous_client):
    clock.set_day(date(2025, 11, 1))
    await signed_in(anonymous_client, app)
    page = (await anonymous_client.get("/gestion")).text
    assert "Session 6 (2025) — Module 2" in page
    assert "Session 1 (2025)" not in page and "Session 5 (2025)" not in page
