"""The core's own plugin: the regional rules, on the same hooks as the departments' plugins.

It speaks for no department, so the core calls it for every object (see
``core.hooks.hookspecs``); ``cps plugins`` lists its rules like any other. Registered by
``core.hooks.manager.build_plugin_manager`` under the name ``regional``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.hooks import (
    EventDraft,
    RegistrationDraft,
    RegistrationTarget,
    Rule,
    SessionDraft,
    Violation,
    hookimpl,
)
from core.regional import rules


@hookimpl
def cps_rules() -> list[Rule]:
    return list(rules.RULES)


@hookimpl
def cps_validate_registration(
    registration: RegistrationDraft, target: RegistrationTarget, today: date
) -> list[Violation]:
    return rules.check_registration(registration, target, today)


@hookimpl
def cps_validate_session(session: SessionDraft) -> list[Violation]:
    return rules.check_session(session)


@hookimpl
def cps_validate_event(
    event: EventDraft, same_year_events: Sequence[EventDraft]
) -> list[Violation]:
    return rules.check_event(event, same_year_events)
