"""The registration form of a session or event page: what a person types, read back as the
draft every door builds (``RegistrationDraft``), and the French messages placed next to the
fields they concern.

The form asks what the module's prerequisites need (the employer's commitment, a CPS training
already followed and who gave it, the concepts questionnaire's score); the rules that judge the
answers are the ``eligibility`` query's and the ``register`` mutation's, never repeated here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from core.enums import PrerequisiteKind
from core.hooks.types import PriorTraining, RegistrationDraft, Violation
from core.services.agenda import Prerequisite
from core.email_address import normalise_email

# The form's field names, and the rules' field names they answer to.
FULL_NAME = "nom"
EMAIL = "email"
EMPLOYER = "employeur"
DEPARTMENT = "departement"
COMMITMENT = "engagement_employeur"
PRIOR_TRAINING = "formation_cps"
PRIOR_ORGANIZATION_NAME = "formation_cps_autre"
SCORE = "score_questionnaire"
# Left empty by people (it is hidden from them), filled in by the robots that fill every field.
HONEYPOT = "site_web"

FIELD_OF_RULE = {
    "fullName": FULL_NAME,
    "email": EMAIL,
    "employer": EMPLOYER,
    "departmentCode": DEPARTMENT,
    "employerCommitment": COMMITMENT,
    "priorCpsTraining": PRIOR_TRAINING,
    "questionnaireScore": SCORE,
}
FORM_ORDER = (
    FULL_NAME, EMAIL, EMPLOYER, DEPARTMENT, COMMITMENT, PRIOR_TRAINING, PRIOR_ORGANIZATION_NAME,
    SCORE,
)
TEXT_FIELDS = (FULL_NAME, EMAIL, EMPLOYER, DEPARTMENT, PRIOR_TRAINING, PRIOR_ORGANIZATION_NAME, SCORE)

NO_PRIOR_TRAINING = "aucune"
OTHER_ORGANIZATION = "autre"
ORGANIZATION_PREFIX = "organisation:"
LONGEST_TEXT = 300


@dataclass
class Answers:
    """What was typed, as typed (so the form can show it again), and the errors per field."""

    values: dict[str, str]
    employer_commitment: bool
    errors: dict[str, list[str]] = field(default_factory=dict)
    general_errors: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, form: Mapping[str, object]) -> Answers:
        """The answers of a posted form (unknown fields ignored, texts trimmed and bounded)."""
        values = {}
        for name in TEXT_FIELDS:
            value = form.get(name)
            values[name] = value.strip()[:LONGEST_TEXT] if isinstance(value, str) else ""
        return cls(values=values, employer_commitment=form.get(COMMITMENT) == "oui")

    @classmethod
    def blank(cls) -> Answers:
        """An empty form."""
        return cls(values=dict.fromkeys(TEXT_FIELDS, ""), employer_commitment=False)

    def add(self, field_name: str | None, message: str) -> None:
        """Show ``message`` next to ``field_name`` (at the top of the form when ``None``)."""
        if field_name is None:
            self.general_errors.append(message)
        else:
            self.errors.setdefault(field_name, []).append(message)

    def add_violations(self, violations: Iterable[Violation]) -> None:
        """Place each rule's message next to the field it concerns."""
        for violation in violations:
            self.add(FIELD_OF_RULE.get(violation.field), violation.message)

    @property
    def errors_in_form_order(self) -> list[tuple[str, str]]:
        """``(field, message)`` pairs, in the order the fields appear on the form."""
        order = {name: position for position, name in enumerate(FORM_ORDER)}
        return [
            (name, message)
            for name in sorted(self.errors, key=lambda name: order.get(name, len(order)))
            for message in self.errors[name]
        ]

    @property
    def error_count(self) -> int:
        """How many messages the form shows."""
        return len(self.general_errors) + sum(len(m) for m in self.errors.values())


def questionnaire_score(answers: Answers) -> float | None:
    """The score typed as a percentage ("80", "82,5 %"), as the share the rules compare (0.8);
    ``None`` when empty. A value that is not a percentage adds its error."""
    typed = answers.values[SCORE].replace("%", "").replace(",", ".").strip()
    if not typed:
        return None
    try:
        percent = float(typed)
    except ValueError:
        percent = -1.0
    if not 0 <= percent <= 100:
        answers.add(SCORE, "Indiquez un pourcentage entre 0 et 100, par exemple 80.")
        return None
    return percent / 100


def prior_training(
    answers: Answers, organizations: Mapping[str, PriorTraining]
) -> PriorTraining | None:
    """The CPS training already followed, from the choice among ``organizations`` (by public
    ID) or the name typed for another one; ``None`` for none. A choice not offered, or
    "another organisation" without its name, adds its error."""
    choice = answers.values[PRIOR_TRAINING]
    if choice in ("", NO_PRIOR_TRAINING):
        return None
    if choice == OTHER_ORGANIZATION:
        name = answers.values[PRIOR_ORGANIZATION_NAME]
        if not name:
            answers.add(
                PRIOR_ORGANIZATION_NAME,
                "Indiquez le nom de l'organisation qui vous a formé aux CPS.",
            )
            return None
        return PriorTraining(organization_name=name, interactions_member=False)
    known = organizations.get(choice.removeprefix(ORGANIZATION_PREFIX))
    if known is None:
        answers.add(PRIOR_TRAINING, "Choisissez une organisation de la liste.")
    return known


def draft_of(answers: Answers, organizations: Mapping[str, PriorTraining]) -> RegistrationDraft:
    """The draft the rules judge, from the answers (their format errors added to them)."""
    email = answers.values[EMAIL]
    return RegistrationDraft(
        department_code=answers.values[DEPARTMENT],
        full_name=answers.values[FULL_NAME] or None,
        email=normalise_email(email) if email else None,
        employer=answers.values[EMPLOYER] or None,
        prior_cps_training=prior_training(answers, organizations),
        questionnaire_score=questionnaire_score(answers),
        employer_commitment=answers.employer_commitment,
    )


def asked_kinds(prerequisites: Sequence[Prerequisite]) -> set[PrerequisiteKind]:
    """The prerequisites' kinds the form has a field for."""
    return {prerequisite.kind for prerequisite in prerequisites}
