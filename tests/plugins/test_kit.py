"""The test kit as a plugin author outside this repository uses it: its own seeded database,
the service with only their plugin, in a few lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.hooks import RegistrationDraft, Rule, RuleSubject, Violation, hookimpl
from core.hooks.testing import module_session
from plugins import dept_53


@pytest.fixture
def cps_database_url(cps_template_database: Path, tmp_path: Path) -> str:
    """The kit's own database (the core's seed only), not this repository's."""
    target = tmp_path / "kit.sqlite3"
    shutil.copyfile(cps_template_database, target)
    return f"sqlite+aiosqlite:///{target}"


class Workshop:
    """A small regional plugin, as an author would write it in their own package."""

    @hookimpl
    def cps_rules(self):
        return [
            Rule("WORKSHOP_EMAIL", RuleSubject.REGISTRATION, "L'inscription donne une adresse.")
        ]

    @hookimpl
    def cps_validate_registration(self, registration, target):
        if registration.email:
            return []
        return [Violation("WORKSHOP_EMAIL", "email", "Indiquez votre adresse électronique.")]


@pytest.fixture
def cps_plugins():
    return {"workshop": Workshop(), "dept_53": dept_53.plugin}


async def test_the_service_runs_with_the_authors_plugins_only(cps_graphql):
    data = await cps_graphql.data(
        "{ plugins { name } events { edges { node { department { code } } } } }"
    )
    assert [p["name"] for p in data["plugins"]] == ["regional", "dept_53", "workshop"]
    # Only the loaded department plugin's content was synchronised into the kit's database.
    assert {e["node"]["department"]["code"] for e in data["events"]["edges"]} == {"53"}


def test_rules_are_checked_as_the_service_checks_them(cps_rules):
    check = cps_rules.registration(
        RegistrationDraft(department_code="53", employer_commitment=True), module_session(1, "53")
    )
    assert [(v.code, v.plugin) for v in check.violations] == [("WORKSHOP_EMAIL", "workshop")]


def test_each_test_gets_a_fresh_plugin_manager(cps_plugin_manager):
    assert cps_plugin_manager.get_plugin("workshop") is not None
    cps_plugin_manager.unregister(name="workshop")
    assert cps_plugin_manager.description("workshop") is None


def test_and_the_previous_tests_change_did_not_leak(cps_plugin_manager):
    assert cps_plugin_manager.get_plugin("workshop") is not None
