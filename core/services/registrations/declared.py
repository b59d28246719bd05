"""What a person declared on a registration: read as the rules receive it, checked for the
identity every registration needs, stored trimmed, compared across a target, and erased."""

from __future__ import annotations

from dataclasses import replace
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.email_address import normalise_email
from core.hooks.types import PriorTraining, RegistrationDraft, TargetKind, Violation
from core.models import Registration
from core.services import staff_messages
from core.services.registrations.seats import ACTIVE, target_clause


class DeclaredChanges(TypedDict, total=False):
    """New values for some of what a person declared, by ``RegistrationDraft`` field; a field
    left out keeps its value."""

    department_code: str
    full_name: str | None
    email: str | None
    employer: str | None
    prior_cps_training: PriorTraining | None
    questionnaire_score: float | None
    employer_commitment: bool
    confirmed_trainer_training_years: frozenset[int]


def draft_of(row: Registration) -> RegistrationDraft:
    """The declared data of a stored registration, as the rules receive it."""
    prior = (
        PriorTraining(
            organization_name=row.prior_training_organization,
            interactions_member=bool(row.prior_training_interactions_member),
        )
        if row.prior_training_organization
        else None
    )
    return RegistrationDraft(
        department_code=row.practice_department_code or "",
        full_name=row.full_name,
        email=row.email,
        employer=row.employer,
        prior_cps_training=prior,
        questionnaire_score=row.questionnaire_score,
        employer_commitment=bool(row.employer_commitment),
        confirmed_trainer_training_years=frozenset(row.confirmed_trainer_training_years or ()),
    )


def missing_identity(draft: RegistrationDraft) -> list[Violation]:
    """The violations of a draft without the name or the e-mail address every registration
    needs."""
    missing = []
    if not (draft.full_name or "").strip():
        missing.append(
            Violation("FULL_NAME_REQUIRED", "fullName", staff_messages.FULL_NAME_REQUIRED)
        )
    if not (draft.email or "").strip():
        missing.append(Violation("EMAIL_REQUIRED", "email", staff_messages.EMAIL_REQUIRED))
    return missing


def normalised(draft: RegistrationDraft) -> RegistrationDraft:
    """``draft`` with its e-mail address in canonical form, before it is checked or compared."""
    if draft.email is None:
        return draft
    return replace(draft, email=normalise_email(draft.email))


def write_declared(row: Registration, draft: RegistrationDraft) -> None:
    """Store the declared data of ``draft`` on ``row``, trimmed (its e-mail already canonical)."""
    prior = draft.prior_cps_training
    row.full_name = (draft.full_name or "").strip()
    row.email = draft.email
    row.employer = (draft.employer or "").strip() or None
    row.practice_department_code = draft.department_code
    row.prior_training_organization = prior.organization_name if prior else None
    row.prior_training_interactions_member = prior.interactions_member if prior else None
    row.questionnaire_score = draft.questionnaire_score
    row.employer_commitment = draft.employer_commitment
    row.confirmed_trainer_training_years = sorted(draft.confirmed_trainer_training_years)


async def email_taken(
    db: AsyncSession, kind: TargetKind, row_id: int, email: str, *, besides: int | None = None
) -> bool:
    """Whether another active registration of the target has that email."""
    query = select(Registration.id).where(
        target_clause(kind, row_id),
        Registration.email == normalise_email(email),
        Registration.status.in_(ACTIVE),
    )
    if besides is not None:
        query = query.where(Registration.id != besides)
    return await db.scalar(query.limit(1)) is not None


def erase_personal_data(row: Registration) -> None:
    """Null every personal field of a registration; status and counts stay."""
    row.full_name = None
    row.email = None
    row.employer = None
    row.prior_training_organization = None
    row.prior_training_interactions_member = None
    row.questionnaire_score = None
    row.employer_commitment = None
    row.confirmed_trainer_training_years = None
    row.rule_outcomes = []
    row.erased_at = utcnow()
