"""Timestamps come back as aware UTC instants, whatever the database and however written."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from core.db import seeded_public_id
from core.models import TrainingSession
from core.timezone import PARIS


async def test_an_instant_written_in_paris_time_reads_back_in_utc(database):
    paris_noon = datetime(2026, 3, 2, 12, 0, 0, 123456, tzinfo=PARIS)
    public_id = seeded_public_id("session:2025-2")
    async with database.sessions() as db, db.begin():
        await db.execute(
            update(TrainingSession)
            .where(TrainingSession.public_id == public_id)
            .values(updated_at=paris_noon)
        )
    async with database.sessions() as db:
        stored = await db.scalar(
            select(TrainingSession.updated_at).where(TrainingSession.public_id == public_id)
        )
    assert stored == paris_noon
    assert stored.tzinfo is UTC
    assert stored.isoformat() == "2026-03-02T11:00:00.123456+00:00"
