"""The regional rules: module prerequisites, seats, dates that make sense, and registrations
that close once a session or an event has begun.

They apply to every department's objects. The prerequisites are read from the target module as
the directory states them (their kind, minimum score, and whether the prior training must come
from a member of InteractionS), so a module that changes its prerequisites changes the check.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from core.hooks import messages
from core.hooks.types import (
    EventDraft,
    Prerequisite,
    PrerequisiteKind,
    RegistrationDraft,
    RegistrationTarget,
    Rule,
    RuleSubject,
    SessionDraft,
    SessionStatus,
    TargetKind,
    Violation,
)

PREREQUISITE_EMPLOYER_COMMITMENT = "PREREQUISITE_EMPLOYER_COMMITMENT"
PREREQUISITE_PRIOR_CPS_TRAINING = "PREREQUISITE_PRIOR_CPS_TRAINING"
PREREQUISITE_CONCEPTS_QUESTIONNAIRE = "PREREQUISITE_CONCEPTS_QUESTIONNAIRE"
REGISTRATION_TARGET_CANCELLED = "REGISTRATION_TARGET_CANCELLED"
REGISTRATION_TARGET_STARTED = "REGISTRATION_TARGET_STARTED"
SESSION_HAS_DAYS = "SESSION_HAS_DAYS"
SESSION_DAYS_DISTINCT = "SESSION_DAYS_DISTINCT"
SESSION_DAY_ENDS_AFTER_START = "SESSION_DAY_ENDS_AFTER_START"
SESSION_STARTS_IN_ITS_YEAR = "SESSION_STARTS_IN_ITS_YEAR"
SESSION_HAS_PLACE = "SESSION_HAS_PLACE"
SESSION_CAPACITY_POSITIVE = "SESSION_CAPACITY_POSITIVE"
SESSION_CAPACITY_NOT_BELOW_SEATS_TAKEN = "SESSION_CAPACITY_NOT_BELOW_SEATS_TAKEN"
EVENT_ENDS_AFTER_START = "EVENT_ENDS_AFTER_START"
EVENT_DATE_IN_ITS_YEAR = "EVENT_DATE_IN_ITS_YEAR"

_SESSIONS = frozenset({TargetKind.SESSION})

_TEXTS = {
    PREREQUISITE_EMPLOYER_COMMITMENT: (
        RuleSubject.REGISTRATION,
        messages.PREREQUISITE_EMPLOYER_COMMITMENT,
    ),
    PREREQUISITE_PRIOR_CPS_TRAINING: (
        RuleSubject.REGISTRATION,
        messages.PREREQUISITE_PRIOR_CPS_TRAINING,
    ),
    PREREQUISITE_CONCEPTS_QUESTIONNAIRE: (
        RuleSubject.REGISTRATION,
        messages.PREREQUISITE_CONCEPTS_QUESTIONNAIRE,
    ),
    REGISTRATION_TARGET_CANCELLED: (RuleSubject.REGISTRATION, messages.TARGET_CANCELLED),
    REGISTRATION_TARGET_STARTED: (RuleSubject.REGISTRATION, messages.TARGET_STARTED),
    SESSION_HAS_DAYS: (RuleSubject.SESSION, messages.SESSION_HAS_DAYS),
    SESSION_DAYS_DISTINCT: (RuleSubject.SESSION, messages.SESSION_DAYS_DISTINCT),
    SESSION_DAY_ENDS_AFTER_START: (RuleSubject.SESSION, messages.SESSION_DAY_ENDS_AFTER_START),
    SESSION_STARTS_IN_ITS_YEAR: (RuleSubject.SESSION, messages.SESSION_STARTS_IN_ITS_YEAR),
    SESSION_HAS_PLACE: (RuleSubject.SESSION, messages.SESSION_HAS_PLACE),
    SESSION_CAPACITY_POSITIVE: (RuleSubject.SESSION, messages.SESSION_CAPACITY_POSITIVE),
    SESSION_CAPACITY_NOT_BELOW_SEATS_TAKEN: (
        RuleSubject.SESSION,
        messages.SESSION_CAPACITY_NOT_BELOW_SEATS_TAKEN,
    ),
    EVENT_ENDS_AFTER_START: (RuleSubject.EVENT, messages.EVENT_ENDS_AFTER_START),
    EVENT_DATE_IN_ITS_YEAR: (RuleSubject.EVENT, messages.EVENT_DATE_IN_ITS_YEAR),
}

RULES = [
    Rule(code, subject, texts[0], _SESSIONS if code.startswith("PREREQUISITE_") else frozenset())
    for code, (subject, texts) in _TEXTS.items()
]


def _violation(code: str, field: str, **values: object) -> Violation:
    """A violation of the regional rule ``code``, with its message."""
    _subject, (_description, message) = _TEXTS[code]
    return Violation(code, field, message.format(**values))


# --- Registrations -------------------------------------------------------------------------------


def _employer_commitment(
    prerequisite: Prerequisite, registration: RegistrationDraft, module: int
) -> list[Violation]:
    if registration.employer_commitment:
        return []
    return [
        _violation(
            PREREQUISITE_EMPLOYER_COMMITMENT,
            "employerCommitment",
            module=module,
            label=prerequisite.label,
        )
    ]


def _prior_training(
    prerequisite: Prerequisite, registration: RegistrationDraft, module: int
) -> list[Violation]:
    training = registration.prior_cps_training
    if training is None:
        reason = messages.NO_PRIOR_TRAINING
    elif prerequisite.requires_interactions_member and not training.interactions_member:
        reason = messages.NOT_A_MEMBER.format(organization=training.organization_name)
    else:
        return []
    return [
        _violation(
            PREREQUISITE_PRIOR_CPS_TRAINING, "priorCpsTraining", module=module, reason=reason
        )
    ]


def _questionnaire(
    prerequisite: Prerequisite, registration: RegistrationDraft, module: int
) -> list[Violation]:
    minimum = prerequisite.minimum_score if prerequisite.minimum_score is not None else 0.0
    score = registration.questionnaire_score
    if score is not None and score >= minimum:
        return []
    reason = (
        messages.NO_SCORE
        if score is None
        else messages.LOW_SCORE.format(score=messages.french_percent(score))
    )
    return [
        _violation(
            PREREQUISITE_CONCEPTS_QUESTIONNAIRE,
            "questionnaireScore",
            module=module,
            minimum=messages.french_percent(minimum),
            reason=reason,
        )
    ]


_CHECKS = {
    PrerequisiteKind.EMPLOYER_COMMITMENT: _employer_commitment,
    PrerequisiteKind.PRIOR_CPS_TRAINING: _prior_training,
    PrerequisiteKind.CONCEPTS_QUESTIONNAIRE: _questionnaire,
    # Interest, experience and the ability to work in partnership are declared, not checked.
}


def check_registration(
    registration: RegistrationDraft, target: RegistrationTarget, today: date
) -> list[Violation]:
    """The module's prerequisites that can be checked, and a target still open: not cancelled,
    and its first day not begun by ``today``."""
    violations: list[Violation] = []
    if target.status is SessionStatus.CANCELLED:
        violations.append(_violation(REGISTRATION_TARGET_CANCELLED, "target", title=target.title))
    elif target.starts_on <= today:
        violations.append(
            _violation(
                REGISTRATION_TARGET_STARTED,
                "target",
                title=target.title,
                date=messages.french_date(target.starts_on),
            )
        )
    for prerequisite in target.prerequisites:
        check = _CHECKS.get(prerequisite.kind)
        if check is not None:
            violations += check(prerequisite, registration, target.module_number or 0)
    return violations


# --- Sessions ------------------------------------------------------------------------------------


def check_session(session: SessionDraft) -> list[Violation]:
    """Days that make sense, a place, and a capacity that holds the seats already given."""
    violations: list[Violation] = []
    if not session.days:
        violations.append(_violation(SESSION_HAS_DAYS, "days"))
    repeated = [day for day, count in Counter(d.date for d in session.days).items() if count > 1]
    for repeated_date in sorted(repeated):
        violations.append(
            _violation(SESSION_DAYS_DISTINCT, "days", date=messages.french_date(repeated_date))
        )
    for day in session.days:
        if day.end_time <= day.start_time:
            violations.append(
                _violation(
                    SESSION_DAY_ENDS_AFTER_START,
                    "days",
                    date=messages.french_date(day.date),
                    start=messages.french_time(day.start_time),
                    end=messages.french_time(day.end_time),
                )
            )
    if session.days:
        first = min(day.date for day in session.days)
        if first.year != session.year:
            violations.append(
                _violation(
                    SESSION_STARTS_IN_ITS_YEAR,
                    "days",
                    year=session.year,
                    date=messages.french_date(first),
                )
            )
    if not session.places:
        violations.append(_violation(SESSION_HAS_PLACE, "places"))
    if session.capacity is not None and session.capacity < 1:
        violations.append(
            _violation(SESSION_CAPACITY_POSITIVE, "capacity", capacity=session.capacity)
        )
    elif session.capacity is not None and session.capacity < session.seats_taken:
        violations.append(
            _violation(
                SESSION_CAPACITY_NOT_BELOW_SEATS_TAKEN,
                "capacity",
                capacity=session.capacity,
                taken=session.seats_taken,
            )
        )
    return violations


# --- Events --------------------------------------------------------------------------------------


def check_event(event: EventDraft, same_year_events: Sequence[EventDraft]) -> list[Violation]:
    """An event ends after it starts, within the year it belongs to."""
    violations: list[Violation] = []
    if event.end_time <= event.start_time:
        violations.append(
            _violation(
                EVENT_ENDS_AFTER_START,
                "endsAt",
                start=messages.french_time(event.start_time),
                end=messages.french_time(event.end_time),
            )
        )
    if event.date.year != event.year:
        violations.append(
            _violation(
                EVENT_DATE_IN_ITS_YEAR,
                "date",
                year=event.year,
                date=messages.french_date(event.date),
            )
        )
    return violations
