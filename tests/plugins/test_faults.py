"""A broken plugin: the service stays up, the other departments are intact, the failure is named.

Each test builds a fresh manager of the built-in plugins and swaps one for a copy that raises in
one hook (see ``conftest.copy_of``); nothing shared is changed.
"""

from __future__ import annotations

import logging

from strawberry.relay import to_base64

from core.db import seeded_public_id
from core.hooks import hookimpl
from core.hooks.manager import PluginStatus, build_plugin_manager
from core.calendars.contributions import department_calendar_entries
from plugins import dept_44, dept_53
from tests.plugins.conftest import (
    builtin_plugins,
    copy_of,
    published_events,
    raising,
    service,
    swap,
)

DEPARTMENTS = """{ departments { edges { node { code name referents { fullName }
  coter { steeringInstitutions { shortName } } plugin { name }
  extension { departmentCode } } } } }"""
EVENTS = "{ events { edges { node { title department { code } } } } }"


def failures(body: dict) -> list[tuple[str, str]]:
    return [(f["plugin"], f["hook"]) for f in body.get("extensions", {}).get("pluginFailures", [])]


async def test_raising_on_read_leaves_the_service_up_and_the_others_intact(settings, caplog):
    plugins = swap(
        builtin_plugins(), "dept_44", copy_of(dept_44.plugin, cps_department_extension=raising())
    )
    with caplog.at_level(logging.ERROR, logger="core.hooks"):
        async with service(settings, plugins) as graphql:
            body = await graphql(DEPARTMENTS)
            assert "errors" not in body
            departments = {
                e["node"]["code"]: e["node"] for e in body["data"]["departments"]["edges"]
            }
            assert departments["44"]["extension"] is None
            assert departments["44"]["plugin"] == {"name": "dept_44"}
            assert [d["referents"][0]["fullName"] for d in departments.values()] == [
                "Audrey Pavageau",
                "Béatrice Beaudouin",
                "Magali Ségrétain",
                "Magali Ségrétain",
                "Béatrice Beaudouin",
            ]
            assert all(len(d["coter"]["steeringInstitutions"]) == 3 for d in departments.values())
            assert failures(body) == [("dept_44", "cps_department_extension")]
            assert "a échoué" in body["extensions"]["pluginFailures"][0]["message"]
            # The service is still up; a query that does not touch the plugin reports nothing.
            again = await graphql(EVENTS)
            assert len(again["data"]["events"]["edges"]) == len(published_events())
            assert failures(again) == []
    assert "plugin dept_44 failed in cps_department_extension" in caplog.text


async def test_raising_while_contributing_events_leaves_the_others_synchronised(settings):
    broken = copy_of(dept_53.plugin, cps_events=raising(), cps_actions=lambda: [])
    plugins = swap(builtin_plugins(), "dept_53", broken)
    async with service(settings, plugins) as graphql:
        body = await graphql(EVENTS)
        codes = [e["node"]["department"]["code"] for e in body["data"]["events"]["edges"]]
        # Nothing of 53 was withdrawn: its last synchronised events stay; the others are there.
        assert codes == [event.department_code for event in published_events()]
        assert failures(body) == [("dept_53", "cps_events")]
        listed = await graphql.data("{ plugins { name status failures { hook } } }")
        assert {
            "name": "dept_53",
            "status": "LOADED",
            "failures": [{"hook": "cps_events"}],
        } in listed["plugins"]


async def test_raising_on_validation_reports_the_failure_instead_of_an_answer(settings):
    plugins = swap(
        builtin_plugins(), "dept_53", copy_of(dept_53.plugin, cps_validate_registration=raising())
    )
    target = to_base64("Event", seeded_public_id("event:2025-practice-exchange-53"))
    async with service(settings, plugins) as graphql:
        body = await graphql(
            """query($t: ID!) { eligibility(target: $t, registration: {departmentCode: "53",
                 confirmedTrainerTrainingYears: [2025]}) {
                 status eligible failures { plugin hook } evaluatedRules { plugin code outcome } } }""",
            {"t": target},
        )
        answer = body["data"]["eligibility"]
        assert answer["status"] == "UNDETERMINED" and answer["eligible"] is False
        assert answer["failures"] == [{"plugin": "dept_53", "hook": "cps_validate_registration"}]
        assert {r["outcome"] for r in answer["evaluatedRules"] if r["plugin"] == "dept_53"} == {
            "NOT_EVALUATED"
        }
        assert failures(body) == [("dept_53", "cps_validate_registration")]
        # Another department's day is answered as usual.
        other = to_base64("Event", seeded_public_id("event:2025-practice-exchange-72"))
        fine = await graphql.data(
            """query($t: ID!) { eligibility(target: $t, registration: {departmentCode: "72",
                 confirmedTrainerTrainingYears: [2025]}) { status } }""",
            {"t": other},
        )
        assert fine["eligibility"]["status"] == "ELIGIBLE"


def test_a_rule_returning_something_else_than_violations_fails_the_check():
    from core.hooks import RegistrationDraft
    from core.hooks.testing import RuleRunner, practice_day

    broken = copy_of(dept_53.plugin, cps_validate_registration=lambda: ["non"])
    plugins = swap(builtin_plugins(), "dept_53", broken)
    check = RuleRunner(plugins).registration(
        RegistrationDraft(department_code="53"), practice_day("53")
    )
    assert check.status == "UNDETERMINED" and not check.passed


def test_raising_calendar_entries_are_left_out_and_named(caplog):
    broken = copy_of(dept_53.plugin, cps_calendar_entries=raising())
    plugins = swap(builtin_plugins(), "dept_53", broken)
    found: list = []
    with caplog.at_level(logging.ERROR, logger="core.hooks"):
        assert department_calendar_entries(plugins, "53", found) == []
    assert [(f.plugin, f.hook) for f in found] == [("dept_53", "cps_calendar_entries")]
    assert "plugin dept_53 failed in cps_calendar_entries" in caplog.text
    assert department_calendar_entries(plugins, "72", found) == [] and len(found) == 1


def test_a_plugin_that_fails_to_load_is_reported_and_the_others_load():
    class BadData:
        @hookimpl
        def cps_department(self):
            raise ValueError("plugins/dept_99/department.toml, ligne 3 : department.code")

    class Typo:
        @hookimpl
        def cps_event(self):  # not a hook: cps_events
            return []

    plugins = build_plugin_manager(
        builtin_only=True, extra=[("dept_99", BadData()), ("typo", Typo())]
    )
    statuses = {d.name: d.status for d in plugins.describe()}
    assert statuses["dept_99"] is PluginStatus.FAILED and statuses["typo"] is PluginStatus.FAILED
    assert "ligne 3" in plugins.description("dept_99").error
    assert "cps_event" in plugins.description("typo").error
    assert [name for name, status in statuses.items() if status is PluginStatus.LOADED] == [
        "regional",
        "dept_44",
        "dept_49",
        "dept_53",
        "dept_72",
        "dept_85",
    ]
    assert [(f.plugin, f.hook) for f in plugins.startup_failures] == [
        ("dept_99", "load"),
        ("typo", "load"),
    ]
    assert plugins.get_plugin("dept_99") is None and plugins.scope(["99"]) == ["regional"]


async def test_a_failed_plugin_is_listed_and_named_in_every_response(settings):
    class Broken:
        @hookimpl
        def cps_rules(self):
            raise RuntimeError("catalogue illisible")

    plugins = build_plugin_manager(builtin_only=True, extra=[("broken", Broken())])
    async with service(settings, plugins) as graphql:
        body = await graphql("{ plugins { name status hooks } }")
    assert {"name": "broken", "status": "FAILED", "hooks": []} in body["data"]["plugins"]
    # A failed plugin of no department may have spoken for all: no content is written either,
    # each department's stays as it was.
    assert failures(body) == [("broken", "load")] + [
        (f"dept_{code}", "cps_validate_event") for code in ("44", "49", "53", "72", "85")
    ]
