"""A person's data on request: export everything held about an email address, or erase it.

Erasing deletes the messages to that address still in the outbox, drops the bodies of those
delivered, and nulls the personal fields of every registration of that address but keeps the rows (so
seats, waitlists and counts keep their meaning) and the audit trail (which never held personal
data). The registration references kept for idempotent retries lose their reference too.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import Viewer
from core.email_address import normalise_email
from core.models import Event, IdempotencyKey, Registration, TrainingSession
from core.services import audit, outbox
from core.services.registrations.declared import erase_personal_data


async def _registrations(db: AsyncSession, email: str) -> list[Registration]:
    return list(
        await db.scalars(
            select(Registration)
            .where(Registration.email == normalise_email(email))
            .order_by(Registration.created_at, Registration.id)
        )
    )


async def export_person(db: AsyncSession, viewer: Viewer, email: str) -> dict[str, Any]:
    """Everything held about ``email``: each registration with its declared data and target.

    The export itself is written to the audit trail (without the address).
    """
    rows = await _registrations(db, email)
    # Looked up by a registration's session or event ID, which may be null.
    sessions: dict[int | None, str] = {
        row.id: row.public_id
        for row in await db.scalars(
            select(TrainingSession).where(
                TrainingSession.id.in_([r.session_id for r in rows if r.session_id])
            )
        )
    }
    events: dict[int | None, str] = {
        row.id: row.public_id
        for row in await db.scalars(
            select(Event).where(Event.id.in_([r.event_id for r in rows if r.event_id]))
        )
    }
    exported = [
        {
            "registration": row.public_id,
            "session": sessions.get(row.session_id),
            "event": events.get(row.event_id),
            "status": row.status.value,
            "registeredAt": row.created_at.isoformat(),
            "fullName": row.full_name,
            "email": row.email,
            "employer": row.employer,
            "departmentOfPractice": row.practice_department_code,
            "priorCpsTrainingBy": row.prior_training_organization,
            "questionnaireScore": row.questionnaire_score,
            "employerCommitment": row.employer_commitment,
            "confirmedTrainerTrainingYears": row.confirmed_trainer_training_years,
            "evaluatedRules": row.rule_outcomes,
        }
        for row in rows
    ]
    for row in rows:
        await audit.record(
            db, viewer, action="person.export", object_type="Registration",
            object_public_id=row.public_id, department_codes=row.department_codes,
        )
    return {"email": normalise_email(email), "registrations": exported}


async def erase_person(db: AsyncSession, viewer: Viewer, email: str) -> int:
    """Erase the personal data of every registration of ``email``; returns how many."""
    rows = await _registrations(db, email)
    erased = {row.public_id for row in rows}
    for row in rows:
        erase_personal_data(row)
        await audit.record(
            db, viewer, action="person.erase", object_type="Registration",
            object_public_id=row.public_id, department_codes=row.department_codes,
            changes={"personalData": "erased"},
        )
    if erased:
        keys = await db.scalars(
            select(IdempotencyKey).where(IdempotencyKey.operation == "registration.register")
        )
        for key in keys:
            if key.result.get("registration") in erased and key.result.get("reference"):
                key.result = {**key.result, "reference": None}
    # Messages not yet sent to the person go; the bodies of those sent are dropped.
    await outbox.erase_for_address(db, email)
    await db.flush()
    return len(rows)
