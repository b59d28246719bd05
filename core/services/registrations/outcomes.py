"""What a registration write answers (``RegistrationOutcome``, its refusals) and what it leaves
behind: the rules' outcomes stored on the row and the audit entry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import Viewer
from core.hooks.types import Violation
from core.models import Registration
from core.models.enums import RegistrationStatus
from core.services import audit, rule_checks, staff_messages


@dataclass(frozen=True)
class RegistrationOutcome:
    """What a registration write did: the row written or changed, the reference (only when a
    registration is created), and the violations when nothing was written."""

    registration: Registration | None = None
    reference: str | None = None
    errors: tuple[Violation, ...] = ()


def refused(*violations: Violation) -> RegistrationOutcome:
    """The answer of a write refused for ``violations`` (nothing written)."""
    return RegistrationOutcome(errors=tuple(violations))


def invalid_transition(status: RegistrationStatus, action: str) -> RegistrationOutcome:
    """The refusal of ``action`` on a registration whose status does not allow it."""
    return refused(
        Violation(
            "INVALID_TRANSITION",
            "status",
            staff_messages.INVALID_TRANSITION.format(
                status=staff_messages.STATUS_WORDS[status.value],
                action=staff_messages.ACTION_WORDS[action],
            ),
        )
    )


def target_not_found() -> RegistrationOutcome:
    """The refusal of a write whose session or event does not exist."""
    return refused(Violation("TARGET_NOT_FOUND", "target", staff_messages.TARGET_NOT_FOUND))


def already_registered() -> Violation:
    """The violation of an address that has an active registration of the target already."""
    return Violation("ALREADY_REGISTERED", "email", staff_messages.ALREADY_REGISTERED)


def check_failed(check: rule_checks.RuleCheck) -> list[Violation]:
    """The violations that say a department's rules could not be evaluated."""
    return rule_checks.failure_violations(check, "target", staff_messages.RULES_UNDETERMINED)


def rules_refusal(check: rule_checks.RuleCheck) -> RegistrationOutcome | None:
    """The refusal of a check that did not pass (a plugin failure or a rule violated)."""
    if check.failures:
        return refused(*check_failed(check))
    if not check.passed:
        return refused(*check.violations)
    return None


def rule_outcomes(check: rule_checks.RuleCheck) -> list[dict[str, str]]:
    """The outcome of each rule of ``check``, as stored on the registration."""
    return [
        {
            "plugin": outcome.plugin,
            "code": outcome.rule.code,
            "subject": outcome.rule.subject.value,
            "description": outcome.rule.description,
            "outcome": outcome.status.value,
        }
        for outcome in check.outcomes
    ]


async def record_change(
    db: AsyncSession,
    viewer: Viewer,
    row: Registration,
    action: str,
    changes: Mapping[str, object],
    department_codes: Sequence[str] | None = None,
) -> None:
    """Record a change of a registration in the audit log (``registration.<action>``)."""
    await audit.record(
        db,
        viewer,
        action=f"registration.{action}",
        object_type="Registration",
        object_public_id=row.public_id,
        department_codes=row.department_codes if department_codes is None else department_codes,
        changes=changes,
    )
