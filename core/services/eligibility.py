"""Reading what the rules need about a would-be registration: its target, its prior training.

The rules themselves run in ``core.services.rule_checks``; this module only reads the database
and builds the plain values plugins receive, so that no plugin ever queries it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.hooks.types import Prerequisite, PriorTraining, RegistrationTarget, TargetKind
from core.models import (
    Event,
    ModulePrerequisite,
    Organization,
    SessionPlace,
    TrainingModule,
    TrainingSession,
)


async def _session_target(db: AsyncSession, public_id: str) -> RegistrationTarget | None:
    session = await db.scalar(select(TrainingSession).where(TrainingSession.public_id == public_id))
    if session is None:
        return None
    module = await db.get_one(TrainingModule, session.module_id)
    prerequisites = await db.scalars(
        select(ModulePrerequisite)
        .where(ModulePrerequisite.module_id == session.module_id)
        .order_by(ModulePrerequisite.position)
    )
    place_departments = await db.scalars(
        select(SessionPlace.department_code)
        .where(SessionPlace.session_id == session.id)
        .order_by(SessionPlace.position)
    )
    codes = [session.department_code] if session.department_code else []
    codes += [code for code in place_departments if code not in codes]
    return RegistrationTarget(
        kind=TargetKind.SESSION,
        public_id=session.public_id,
        title=f"Session {session.number} ({session.year}) — Module {module.number}",
        year=session.year,
        starts_on=session.starts_on,
        ends_on=session.ends_on,
        department_code=session.department_code,
        department_codes=tuple(codes),
        status=session.status,
        module_number=module.number,
        prerequisites=tuple(
            Prerequisite(
                code=row.code,
                kind=row.kind,
                label=row.label,
                minimum_score=row.minimum_score,
                requires_interactions_member=row.requires_interactions_member,
            )
            for row in prerequisites
        ),
        capacity=session.capacity,
        requires_approval=session.requires_approval,
    )


async def _event_target(db: AsyncSession, public_id: str) -> RegistrationTarget | None:
    event = await db.scalar(
        select(Event).where(Event.public_id == public_id, Event.is_public.is_(True))
    )
    if event is None:
        return None
    return RegistrationTarget(
        kind=TargetKind.EVENT,
        public_id=event.public_id,
        title=event.title,
        year=event.year,
        starts_on=event.date,
        ends_on=event.date,
        department_code=event.department_code,
        department_codes=(event.department_code,) if event.department_code else (),
        status=event.status,
        event_kind=event.kind,
    )


async def registration_target(
    db: AsyncSession, kind: TargetKind, public_id: str
) -> RegistrationTarget | None:
    """The session, or the public event, a registration would be for; ``None`` if none has
    that public ID."""
    if kind is TargetKind.SESSION:
        return await _session_target(db, public_id)
    return await _event_target(db, public_id)


async def prior_training_by(db: AsyncSession, organization_public_id: str) -> PriorTraining | None:
    """A prior training given by an organization of the directory, with its membership of
    InteractionS; ``None`` if no organization has that public ID."""
    organization = await db.scalar(
        select(Organization).where(Organization.public_id == organization_public_id)
    )
    if organization is None:
        return None
    return PriorTraining(
        organization_name=organization.name,
        interactions_member=organization.interactions_member,
    )
