"""Running the rules: every plugin in scope, one at a time, failures isolated and named.

The eligibility query, the synchronisation of the plugins' events and (later) every write call
these functions, so a draft meets the very same rules wherever it comes from. No database here:
the caller reads the target and the neighbours a rule needs and passes them in.

A ``RuleCheck`` is ``PASSED`` when no rule is violated and no plugin failed, ``REFUSED`` when a
rule is violated, ``UNDETERMINED`` when a plugin raised or a plugin whose rules apply could not
be loaded or is disabled (``PluginManager.unavailable``): a broken or missing rule never lets a
draft pass.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from core.hooks import messages
from core.hooks.manager import PluginManager
from core.hooks.types import (
    EventDraft,
    PluginFailure,
    RegistrationDraft,
    RegistrationTarget,
    Rule,
    RuleSubject,
    SessionDraft,
    TargetKind,
    Violation,
)

RULES_UNDETERMINED = "RULES_UNDETERMINED"
TEXT_LIMIT = 300
_DEPARTMENT = re.compile(r"^(\d{2}|2[AB]|97\d)$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CheckStatus(enum.StrEnum):
    """The verdict of a check."""

    PASSED = "PASSED"
    REFUSED = "REFUSED"
    UNDETERMINED = "UNDETERMINED"


class RuleOutcomeStatus(enum.StrEnum):
    """What became of one rule in a check."""

    SATISFIED = "SATISFIED"
    VIOLATED = "VIOLATED"
    NOT_EVALUATED = "NOT_EVALUATED"


@dataclass(frozen=True)
class RuleOutcome:
    """One rule of a plugin in scope, and whether the draft met it."""

    plugin: str
    rule: Rule
    status: RuleOutcomeStatus


@dataclass(frozen=True)
class RuleCheck:
    """Everything a check found: violations (each with its plugin), the rules evaluated with
    their outcome, and the plugins that failed."""

    violations: tuple[Violation, ...]
    outcomes: tuple[RuleOutcome, ...]
    failures: tuple[PluginFailure, ...]

    @property
    def status(self) -> CheckStatus:
        """``UNDETERMINED`` if a plugin failed, else ``REFUSED`` if a rule is violated."""
        if self.failures:
            return CheckStatus.UNDETERMINED
        return CheckStatus.REFUSED if self.violations else CheckStatus.PASSED

    @property
    def passed(self) -> bool:
        """True only when every rule in scope ran and none is violated."""
        return self.status is CheckStatus.PASSED


def failure_violations(check: RuleCheck, field: str, undetermined: str) -> list[Violation]:
    """The violations that refuse a write whose check could not run, one per failure: a rule
    that raised gives ``undetermined`` (formatted with ``plugin``), code ``RULES_UNDETERMINED``;
    unavailable rules give the failure's own code and message."""
    return [
        Violation(
            failure.code,
            field,
            undetermined.format(plugin=failure.plugin)
            if failure.code == RULES_UNDETERMINED
            else failure.message,
            plugin=failure.plugin,
        )
        for failure in check.failures
    ]


def _run(
    plugins: PluginManager,
    department_codes: Sequence[str],
    hook: str,
    subject: RuleSubject,
    input_violations: Sequence[Violation],
    target_kind: TargetKind | None = None,
    **kwargs: Any,
) -> RuleCheck:
    names = plugins.scope(department_codes)
    violations = list(input_violations)
    failures: list[PluginFailure] = plugins.unavailable(department_codes)
    violated: set[tuple[str, str]] = set()
    for name in names:
        found, failure = plugins.collect_safely(name, hook, Violation, **kwargs)
        if failure is not None:
            failures.append(failure)
            continue
        for violation in found:
            violations.append(replace(violation, plugin=name))
            violated.add((name, violation.code))
    failed = {failure.plugin for failure in failures}
    outcomes = tuple(
        RuleOutcome(
            plugin=name,
            rule=rule,
            status=RuleOutcomeStatus.NOT_EVALUATED
            if name in failed
            else RuleOutcomeStatus.VIOLATED
            if (name, rule.code) in violated
            else RuleOutcomeStatus.SATISFIED,
        )
        for name, rule in plugins.rules_of(names, subject, target_kind)
    )
    return RuleCheck(tuple(violations), outcomes, tuple(failures))


def registration_input_errors(registration: RegistrationDraft) -> list[Violation]:
    """What is malformed in the draft itself, before any rule: codes the core owns."""
    errors: list[Violation] = []
    if not _DEPARTMENT.match(registration.department_code):
        errors.append(
            Violation(
                "INVALID_DEPARTMENT",
                "departmentCode",
                messages.INVALID_DEPARTMENT.format(value=registration.department_code[:20]),
            )
        )
    for field, value in (
        ("fullName", registration.full_name),
        ("email", registration.email),
        ("employer", registration.employer),
    ):
        if value is not None and len(value) > TEXT_LIMIT:
            errors.append(
                Violation("TEXT_TOO_LONG", field, messages.TEXT_TOO_LONG.format(limit=TEXT_LIMIT))
            )
    training = registration.prior_cps_training
    if training is not None and len(training.organization_name) > TEXT_LIMIT:
        errors.append(
            Violation(
                "TEXT_TOO_LONG", "priorCpsTraining", messages.TEXT_TOO_LONG.format(limit=TEXT_LIMIT)
            )
        )
    email = registration.email
    if email is not None and len(email) <= TEXT_LIMIT and not _EMAIL.match(email):
        errors.append(
            Violation("INVALID_EMAIL", "email", messages.INVALID_EMAIL.format(value=email))
        )
    score = registration.questionnaire_score
    if score is not None and not 0 <= score <= 1:
        errors.append(
            Violation("SCORE_OUT_OF_RANGE", "questionnaireScore", messages.SCORE_OUT_OF_RANGE)
        )
    for year in sorted(registration.confirmed_trainer_training_years):
        if not 2000 <= year <= 2100:
            errors.append(
                Violation(
                    "INVALID_YEAR",
                    "confirmedTrainerTrainingYears",
                    messages.INVALID_YEAR.format(value=year),
                )
            )
    return errors


def check_registration(
    plugins: PluginManager,
    registration: RegistrationDraft,
    target: RegistrationTarget,
    *,
    today: date,
) -> RuleCheck:
    """Every rule that applies to ``registration`` for ``target`` on ``today`` (the app's
    clock, in Paris): the regional rules and those of each department concerned, after the
    checks of the input itself."""
    return _run(
        plugins,
        target.department_codes,
        "cps_validate_registration",
        RuleSubject.REGISTRATION,
        registration_input_errors(registration),
        target.kind,
        registration=registration,
        target=target,
        today=today,
    )


def check_session(plugins: PluginManager, session: SessionDraft, *, today: date) -> RuleCheck:
    """Every rule that applies to ``session`` on ``today``: regional, and of each department
    concerned."""
    return _run(
        plugins,
        session.department_codes,
        "cps_validate_session",
        RuleSubject.SESSION,
        (),
        session=session,
        today=today,
    )


def check_event(
    plugins: PluginManager,
    event: EventDraft,
    same_year_events: Sequence[EventDraft],
    *,
    today: date,
) -> RuleCheck:
    """Every rule that applies to ``event`` on ``today``, given the other events of its
    department and year."""
    return _run(
        plugins,
        event.department_codes,
        "cps_validate_event",
        RuleSubject.EVENT,
        (),
        event=event,
        same_year_events=tuple(same_year_events),
        today=today,
    )
