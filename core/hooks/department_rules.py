"""Rules the brochure sets for every department, written once for the departments' plugins.

``DepartmentPlugin`` declares them under each department's codes (``DEPT_53_…``, see
``catalogue``) and runs the checks below before the department's own rules; the check
functions have the shape a department's ``rules.py`` gives its own. Each check is only ever
given objects of the plugin's department (the core scopes the calls), so none of them asks
whether an object is its own. Each returns violations, never raises.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.hooks import messages
from core.hooks.types import (
    DepartmentInfo,
    EventDraft,
    EventKind,
    RegistrationDraft,
    RegistrationTarget,
    Rule,
    RuleSubject,
    SessionDraft,
    SessionStatus,
    TargetKind,
    Violation,
)

PRACTICE_DAY_TRAINER_TRAINING = "PRACTICE_DAY_TRAINER_TRAINING"
PRACTICE_DAY_OWN_DEPARTMENT = "PRACTICE_DAY_OWN_DEPARTMENT"
ONE_YEARLY_EVENT = "ONE_YEARLY_EVENT"
EVENT_IN_DEPARTMENT = "EVENT_IN_DEPARTMENT"
SESSION_IN_DEPARTMENT = "SESSION_IN_DEPARTMENT"

_STANDARD = {
    PRACTICE_DAY_TRAINER_TRAINING: (
        RuleSubject.REGISTRATION,
        messages.PRACTICE_DAY_TRAINER_TRAINING,
    ),
    PRACTICE_DAY_OWN_DEPARTMENT: (RuleSubject.REGISTRATION, messages.PRACTICE_DAY_OWN_DEPARTMENT),
    ONE_YEARLY_EVENT: (RuleSubject.EVENT, messages.ONE_YEARLY_EVENT),
    EVENT_IN_DEPARTMENT: (RuleSubject.EVENT, messages.EVENT_IN_DEPARTMENT),
    SESSION_IN_DEPARTMENT: (RuleSubject.SESSION, messages.SESSION_IN_DEPARTMENT),
}


def code(department_code: str, rule: str) -> str:
    """A department's code for a rule: ``DEPT_53_PRACTICE_DAY_OWN_DEPARTMENT``."""
    return f"DEPT_{department_code}_{rule}"


def catalogue(department_code: str) -> list[Rule]:
    """The standard rules under the department's codes, for its ``cps_rules``."""
    return [
        Rule(
            code(department_code, name),
            subject,
            texts[0],
            frozenset({TargetKind.EVENT}) if subject is RuleSubject.REGISTRATION else frozenset(),
        )
        for name, (subject, texts) in _STANDARD.items()
    ]


def _violation(department: DepartmentInfo, rule: str, field: str, **values: object) -> Violation:
    """A violation of the standard ``rule`` under the department's code, with its message."""
    _subject, (_description, message) = _STANDARD[rule]
    return Violation(
        code=code(department.code, rule),
        field=field,
        message=message.format(code=department.code, name=department.name, **values),
    )


def _is_practice_day(target: RegistrationTarget) -> bool:
    return target.kind is TargetKind.EVENT and target.event_kind is EventKind.PRACTICE_EXCHANGE_DAY


def practice_day_trainer_training(
    department: DepartmentInfo, registration: RegistrationDraft, target: RegistrationTarget
) -> list[Violation]:
    """A practice-exchange day of year Y is for people whose participation in the trainer
    training of year Y is confirmed."""
    if not _is_practice_day(target) or target.year in registration.confirmed_trainer_training_years:
        return []
    return [
        _violation(
            department,
            PRACTICE_DAY_TRAINER_TRAINING,
            "confirmedTrainerTrainingYears",
            date=messages.french_date(target.starts_on),
            year=target.year,
        )
    ]


def practice_day_own_department(
    department: DepartmentInfo, registration: RegistrationDraft, target: RegistrationTarget
) -> list[Violation]:
    """One registers to the practice-exchange day of the department where one practises."""
    if not _is_practice_day(target) or registration.department_code == department.code:
        return []
    return [
        _violation(
            department,
            PRACTICE_DAY_OWN_DEPARTMENT,
            "departmentCode",
            date=messages.french_date(target.starts_on),
            their_code=registration.department_code,
        )
    ]


def one_yearly_event(
    department: DepartmentInfo, event: EventDraft, same_year_events: Sequence[EventDraft]
) -> list[Violation]:
    """A department has one yearly departmental event per year."""
    if event.kind is not EventKind.DEPARTMENT_EVENT or event.status is SessionStatus.CANCELLED:
        return []
    for other in same_year_events:
        if other.kind is EventKind.DEPARTMENT_EVENT and other.status is not SessionStatus.CANCELLED:
            return [
                _violation(
                    department,
                    ONE_YEARLY_EVENT,
                    "kind",
                    year=event.year,
                    title=other.title,
                    date=messages.french_date(other.date),
                )
            ]
    return []


def event_in_department(department: DepartmentInfo, event: EventDraft) -> list[Violation]:
    """An event of the department takes place in it, as its postal code shows."""
    if event.postal_code is None or event.postal_code.startswith(department.code):
        return []
    return [
        _violation(department, EVENT_IN_DEPARTMENT, "postalCode", postal_code=event.postal_code)
    ]


def session_in_department(department: DepartmentInfo, session: SessionDraft) -> list[Violation]:
    """A session held in the department takes place there: each of its places is in it.

    A session whose place is tentative across departments (no holding department) is held by
    none yet; each of its places already names its own department.
    """
    if session.department_code != department.code:
        return []
    return [
        _violation(
            department,
            SESSION_IN_DEPARTMENT,
            "places",
            city=place.city,
            postal_code=place.postal_code,
        )
        for place in session.places
        if place.department_code != department.code
    ]


def check_registration(
    department: DepartmentInfo, registration: RegistrationDraft, target: RegistrationTarget
) -> list[Violation]:
    """Every standard registration rule."""
    return [
        *practice_day_trainer_training(department, registration, target),
        *practice_day_own_department(department, registration, target),
    ]


def check_event(
    department: DepartmentInfo, event: EventDraft, same_year_events: Sequence[EventDraft]
) -> list[Violation]:
    """Every standard event rule."""
    return [
        *one_yearly_event(department, event, same_year_events),
        *event_in_department(department, event),
    ]


def check_session(department: DepartmentInfo, session: SessionDraft) -> list[Violation]:
    """Every standard session rule."""
    return session_in_department(department, session)
