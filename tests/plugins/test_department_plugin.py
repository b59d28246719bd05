"""``DepartmentPlugin``: a department's own rule added next to the standard ones, as
docs/plugins.md (« Add a rule ») tells a maintainer to, and the mistakes it refuses."""

from __future__ import annotations

import types

import pytest

from core.hooks import (
    DepartmentPlugin,
    RegistrationDraft,
    Rule,
    RuleSubject,
    TargetKind,
    Violation,
)
from core.hooks.manager import PluginConflictError, build_plugin_manager
from core.hooks.testing import module_session, practice_day
from plugins import dept_53
from tests.plugins.conftest import violation_codes

EMPLOYER_NAMED = Rule(
    "DEPT_53_EMPLOYER_NAMED",
    RuleSubject.REGISTRATION,
    "L'inscription à une journée du département nomme l'employeur.",
    frozenset({TargetKind.EVENT}),
)


def check_registration(department, registration, target):
    if target.kind is TargetKind.EVENT and not registration.employer:
        return [
            Violation("DEPT_53_EMPLOYER_NAMED", "employer", "Indiquez le nom de votre employeur.")
        ]
    return []


def rules_module(**members) -> types.ModuleType:
    """A department's ``rules.py``, as the guide writes it."""
    module = types.ModuleType("plugins.dept_53.rules")
    for name, value in members.items():
        setattr(module, name, value)
    return module


TRAINED_2025 = frozenset({2025})


@pytest.fixture
def cps_plugins():
    """Department 53's plugin, with one rule of its own."""
    rules = rules_module(RULES=[EMPLOYER_NAMED], check_registration=check_registration)
    return {"dept_53": DepartmentPlugin(dept_53.DATA_FILE, rules=rules)}


def test_its_own_rule_is_listed_after_the_standard_ones(cps_plugin_manager):
    assert [rule.code for rule in cps_plugin_manager.description("dept_53").rules] == [
        "DEPT_53_PRACTICE_DAY_TRAINER_TRAINING",
        "DEPT_53_PRACTICE_DAY_OWN_DEPARTMENT",
        "DEPT_53_ONE_YEARLY_EVENT",
        "DEPT_53_EVENT_IN_DEPARTMENT",
        "DEPT_53_SESSION_IN_DEPARTMENT",
        "DEPT_53_EMPLOYER_NAMED",
    ]


def test_its_own_rule_is_checked_after_the_standard_ones(cps_rules):
    day = practice_day("53")
    anonymous = cps_rules.registration(
        RegistrationDraft(department_code="72", confirmed_trainer_training_years=TRAINED_2025), day
    )
    assert violation_codes(anonymous) == [
        "DEPT_53_PRACTICE_DAY_OWN_DEPARTMENT",
        "DEPT_53_EMPLOYER_NAMED",
    ]
    assert {v.plugin for v in anonymous.violations} == {"dept_53"}
    named = cps_rules.registration(
        RegistrationDraft(
            department_code="53",
            employer="Mairie de Laval",
            confirmed_trainer_training_years=TRAINED_2025,
        ),
        day,
    )
    assert named.passed
    assert ("dept_53", "DEPT_53_EMPLOYER_NAMED", "SATISFIED") in {
        (outcome.plugin, outcome.rule.code, outcome.status) for outcome in named.outcomes
    }
    # It concerns registrations to events only: a session's registration does not report it.
    session = cps_rules.registration(
        RegistrationDraft(department_code="53", employer_commitment=True), module_session(1, "53")
    )
    assert session.passed
    assert "DEPT_53_EMPLOYER_NAMED" not in {outcome.rule.code for outcome in session.outcomes}


def test_a_rule_without_its_check_function_is_refused_by_name():
    forgotten = rules_module(RULES=[EMPLOYER_NAMED])
    with pytest.raises(TypeError) as raised:
        DepartmentPlugin(dept_53.DATA_FILE, rules=forgotten)
    assert str(raised.value) == (
        "plugins.dept_53.rules : la règle DEPT_53_EMPLOYER_NAMED (sujet REGISTRATION) n'a pas "
        "de fonction check_registration qui la vérifie."
    )
    undeclared = rules_module(check_registration=check_registration)
    with pytest.raises(TypeError, match="RULES manque"):
        DepartmentPlugin(dept_53.DATA_FILE, rules=undeclared)


def test_the_data_file_is_read_once():
    plugin = DepartmentPlugin(dept_53.DATA_FILE)
    assert plugin.content() is plugin.content()
    assert repr(plugin) == f"DepartmentPlugin({str(dept_53.DATA_FILE)!r})"


def test_one_plugin_object_under_two_names_stops_the_start():
    with pytest.raises(PluginConflictError, match="« dept_54 » .* sous le nom « dept_53 »"):
        build_plugin_manager(builtin_only=True, extra=[("dept_54", dept_53.plugin)])
