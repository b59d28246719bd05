"""A department's plugin is only ever asked about its own department's objects.

Department 44's rules would object to anything in Vendée (a postal code outside 44, a
registrant from elsewhere): the core never shows them an object of department 85, so they never
reject one. The plugin is spied on to show it is not even called.
"""

from __future__ import annotations

import functools
from datetime import date, time

from core.hooks import (
    DayDraft,
    EventDraft,
    EventKind,
    PlaceDraft,
    RegistrationDraft,
    SessionDraft,
)
from core.hooks.testing import RuleRunner, module_session, practice_day
from plugins import dept_44
from tests.plugins.conftest import HOOKS, builtin_plugins, copy_of, swap


def spied_44():
    """The built-in plugins, with department 44's plugin recording every call it gets."""
    calls: list[str] = []

    def recording(hook):
        original = getattr(dept_44.plugin, hook)

        @functools.wraps(original)  # pluggy reads the arguments' names through the wrapper
        def record(*args):
            calls.append(hook)
            return original(*args)

        return record

    validators = [hook for hook in HOOKS if hook.startswith("cps_validate_")]
    spy = copy_of(dept_44.plugin, **{hook: recording(hook) for hook in validators})
    return swap(builtin_plugins(), "dept_44", spy), calls


VENDEE_EVENT = EventDraft(
    kind=EventKind.DEPARTMENT_EVENT,
    year=2026,
    date=date(2026, 5, 19),
    start_time=time(9),
    end_time=time(17),
    title="Rencontre départementale CPS de la Vendée",
    department_code="85",
    city="La Roche-sur-Yon",
    postal_code="85000",
)
VENDEE_SESSION = SessionDraft(
    year=2026,
    module_number=2,
    department_code="85",
    places=(PlaceDraft("La Roche-sur-Yon", "85000"),),
    days=(DayDraft(date(2026, 4, 2), time(9), time(17)),),
    capacity=14,
)


def test_department_44_never_rejects_an_object_of_department_85():
    plugins, calls = spied_44()
    # A registrant from 44 to Vendée's day: refused by Vendée's rule, never by Loire-Atlantique's.
    registration = RuleRunner(plugins).registration(RegistrationDraft(department_code="44", confirmed_trainer_training_years=frozenset({2025})),
        practice_day("85", day=date(2025, 10, 16)),
    )
    assert [v.code for v in registration.violations] == ["DEPT_85_PRACTICE_DAY_OWN_DEPARTMENT"]
    # A yearly event and a session in Vendée, both at 85000: 44's place rule would object.
    assert RuleRunner(plugins).event(VENDEE_EVENT, []).passed
    assert RuleRunner(plugins).session(VENDEE_SESSION).passed
    assert calls == []
    assert not any(
        outcome.plugin == "dept_44"
        for check in (registration, RuleRunner(plugins).event(VENDEE_EVENT, []))
        for outcome in check.outcomes
    )


def test_department_44_is_asked_about_its_own_objects():
    plugins, calls = spied_44()
    check = RuleRunner(plugins).registration(RegistrationDraft(department_code="85"), practice_day("44", day=date(2025, 9, 23))
    )
    assert {v.code for v in check.violations} == {
        "DEPT_44_PRACTICE_DAY_OWN_DEPARTMENT",
        "DEPT_44_PRACTICE_DAY_TRAINER_TRAINING",
    }
    assert calls == ["cps_validate_registration"]


def test_regional_rules_apply_to_every_department():
    plugins, _ = spied_44()
    for code in ("44", "49", "53", "72", "85"):
        check = RuleRunner(plugins).registration(RegistrationDraft(department_code=code, employer_commitment=False),
            module_session(1, code),
        )
        assert [(v.code, v.plugin) for v in check.violations] == [
            ("PREREQUISITE_EMPLOYER_COMMITMENT", "regional")
        ]
