"""One test per hook (``test_hook_<name>``), each through the interface the hook serves."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import strawberry

from core.graphql.schema import build_schema, schema_sdl
from core.hooks import (
    CalendarEntry,
    DayDraft,
    EventDraft,
    EventKind,
    LocalAction,
    LocalEvent,
    PlaceDraft,
    SessionDraft,
    hookimpl,
)
from core.hooks.graphql import DepartmentExtension
from core.hooks.manager import PluginConflictError, build_plugin_manager
from core.hooks.testing import RuleRunner
from core.calendars.contributions import department_calendar_entries
from core.timezone import PARIS
from plugins import dept_44, dept_53
from tests.plugins.conftest import builtin_plugins, copy_of, service, swap


def codes(check) -> list[str]:
    return [violation.code for violation in check.violations]


async def test_hook_cps_department(graphql):
    data = await graphql.data(
        "{ departments { edges { node { code plugin { name status department { code } } } } } }"
    )
    plugins = {e["node"]["code"]: e["node"]["plugin"] for e in data["departments"]["edges"]}
    assert plugins == {
        code: {"name": f"dept_{code}", "status": "LOADED", "department": {"code": code}}
        for code in ("44", "49", "53", "72", "85")
    }
    # A second plugin speaking for the same department stops the start, naming both.
    with pytest.raises(PluginConflictError, match="dept_44.*intrus.*44"):
        build_plugin_manager(builtin_only=True, extra=[("intrus", copy_of(dept_44.plugin))])


async def test_hook_cps_rules(graphql):
    data = await graphql.data("{ plugins { name rules { code subject description targets } } }")
    rules = {plugin["name"]: plugin["rules"] for plugin in data["plugins"]}
    assert list(rules) == ["regional", "dept_44", "dept_49", "dept_53", "dept_72", "dept_85"]
    assert {
        "code": "DEPT_53_PRACTICE_DAY_OWN_DEPARTMENT",
        "subject": "REGISTRATION",
        "description": "Journée d'échanges de pratique : inscription dans son propre département.",
        "targets": ["EVENT"],
    } in rules["dept_53"]
    assert "PREREQUISITE_CONCEPTS_QUESTIONNAIRE" in {rule["code"] for rule in rules["regional"]}


class YearlyEvent:
    """A plugin for a department that now knows the date of its yearly event."""

    def __init__(self, base, event: LocalEvent, action: LocalAction | None = None) -> None:
        self.base = base
        self.event = event
        self.action = action

    def plugin(self):
        return copy_of(
            self.base,
            cps_events=lambda: [*self.base.cps_events(), self.event],
            cps_actions=lambda: [*self.base.cps_actions(), *([self.action] if self.action else [])],
        )


YEARLY_53 = LocalEvent(
    key="2026-department-event-53",
    kind=EventKind.DEPARTMENT_EVENT,
    year=2026,
    date=date(2026, 3, 12),
    start_time=time(9, 30),
    end_time=time(16, 30),
    title="Rencontre départementale CPS de la Mayenne",
    department_code="53",
    city="Laval",
    postal_code="53000",
    leaders=("magali-segretain",),
)


async def test_hook_cps_events(settings):
    plugins = swap(builtin_plugins(), "dept_53", YearlyEvent(dept_53.plugin, YEARLY_53).plugin())
    async with service(settings, plugins) as graphql:
        data = await graphql.data(
            """{ events(filter: {department: "53"}) { edges { node {
                 kind year date startsAt title leaders { fullName } } } } }"""
        )
    assert [e["node"] for e in data["events"]["edges"]][1] == {
        "kind": "DEPARTMENT_EVENT",
        "year": 2026,
        "date": "2026-03-12",
        "startsAt": "2026-03-12T09:30:00+01:00",
        "title": "Rencontre départementale CPS de la Mayenne",
        "leaders": [{"fullName": "Magali Ségrétain"}],
    }


async def test_hook_cps_actions(settings):
    unplugged = LocalAction(
        key="2026-unplugged-53",
        kind="EVIDENCE_BASED_PROGRAMME",
        programme="UNPLUGGED",
        title="Soutien à l'implantation d'Unplugged dans les collèges",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        department_code="53",
    )
    plugin = YearlyEvent(dept_53.plugin, YEARLY_53, unplugged).plugin()
    async with service(settings, swap(builtin_plugins(), "dept_53", plugin)) as graphql:
        data = await graphql.data(
            """{ actions(filter: {department: "53", programme: UNPLUGGED}) { edges { node {
                 kind programme title periodStart periodEnd department { code } } } } }"""
        )
    assert [e["node"] for e in data["actions"]["edges"]] == [
        {
            "kind": "EVIDENCE_BASED_PROGRAMME",
            "programme": "UNPLUGGED",
            "title": "Soutien à l'implantation d'Unplugged dans les collèges",
            "periodStart": "2026-01-01",
            "periodEnd": "2026-06-30",
            "department": {"code": "53"},
        }
    ]


async def test_hook_cps_validate_registration(graphql):
    data = await graphql.data('{ events(filter: {department: "53"}) { edges { node { id } } } }')
    body = await graphql.data(
        """query($target: ID!) { eligibility(target: $target,
             registration: {departmentCode: "53", confirmedTrainerTrainingYears: [2024]}) {
             violations { code plugin } } }""",
        {"target": data["events"]["edges"][0]["node"]["id"]},
    )
    assert {"code": "DEPT_53_PRACTICE_DAY_TRAINER_TRAINING", "plugin": "dept_53"} in (
        body["eligibility"]["violations"]
    )


def session_in(
    department_code: str | None, *places: tuple[str, str], capacity: int | None = 12
) -> SessionDraft:
    return SessionDraft(
        year=2026,
        module_number=1,
        department_code=department_code,
        places=tuple(PlaceDraft(city, postal_code) for city, postal_code in places),
        days=tuple(DayDraft(date(2026, 3, day), time(9), time(17)) for day in (2, 3, 16)),
        place_tentative=len(places) > 1,
        capacity=capacity,
    )


def test_hook_cps_validate_session():
    plugins = builtin_plugins()
    assert RuleRunner(plugins).session(session_in("44", ("Nantes", "44000"))).passed
    misplaced = RuleRunner(plugins).session(session_in("44", ("La Roche-sur-Yon", "85000")))
    assert codes(misplaced) == ["DEPT_44_SESSION_IN_DEPARTMENT"]
    assert "La Roche-sur-Yon (85000)" in misplaced.violations[0].message
    # Tentative across 44 and 85, like session 6: both plugins are asked, neither objects.
    tentative = RuleRunner(plugins).session(session_in(None, ("Nantes", "44000"), ("La Roche-sur-Yon", "85000"))
    )
    assert tentative.passed
    assert {outcome.plugin for outcome in tentative.outcomes} == {"regional", "dept_44", "dept_85"}


def event_in(
    department_code: str, kind: EventKind, day: date, postal_code: str, title: str
) -> EventDraft:
    return EventDraft(
        kind=kind,
        year=day.year,
        date=day,
        start_time=time(9),
        end_time=time(17),
        title=title,
        department_code=department_code,
        city="Laval",
        postal_code=postal_code,
    )


def test_hook_cps_validate_event():
    plugins = builtin_plugins()
    first = event_in(
        "53", EventKind.DEPARTMENT_EVENT, date(2026, 3, 12), "53000", "Rencontre de mars"
    )
    second = event_in(
        "53", EventKind.DEPARTMENT_EVENT, date(2026, 10, 1), "53000", "Rencontre d'octobre"
    )
    assert RuleRunner(plugins).event(first, []).passed
    again = RuleRunner(plugins).event(second, [first])
    assert codes(again) == ["DEPT_53_ONE_YEARLY_EVENT"]
    assert "« Rencontre de mars », le jeudi 12 mars 2026" in again.violations[0].message
    next_year = event_in(
        "53", EventKind.DEPARTMENT_EVENT, date(2027, 3, 11), "53000", "Rencontre 2027"
    )
    assert RuleRunner(plugins).event(next_year, []).passed
    elsewhere = event_in("53", EventKind.COTER_MEETING, date(2026, 5, 5), "72000", "COTER")
    assert codes(RuleRunner(plugins).event(elsewhere, [])) == ["DEPT_53_EVENT_IN_DEPARTMENT"]


def test_hook_cps_calendar_entries():
    start = datetime(2026, 9, 1, 9, tzinfo=PARIS)
    entry = CalendarEntry(
        uid="inscriptions-2026.dept-53@pole-cps",
        summary="Date limite d'inscription à la journée d'échanges de pratique",
        start=start,
        end=start.replace(hour=10),
    )
    plugins = swap(
        builtin_plugins(), "dept_53", copy_of(dept_53.plugin, cps_calendar_entries=lambda: [entry])
    )
    assert department_calendar_entries(plugins, "53") == [entry]
    # Only the department's own plugin is asked.
    assert department_calendar_entries(plugins, "72") == []
    assert department_calendar_entries(plugins, "99") == []


@strawberry.type(name="Dept53Extension", description="Test extension of the Mayenne.")
class MayenneExtension(DepartmentExtension):
    motto: str = strawberry.field(description="A motto.")


def test_hook_cps_graphql_types():
    sdl = schema_sdl(build_schema())
    assert "type Dept44Extension implements DepartmentExtension" in sdl
    assert "Dept53Extension" not in sdl
    plugin = copy_of(dept_53.plugin, cps_graphql_types=lambda: [MayenneExtension])
    with_53 = schema_sdl(build_schema(swap(builtin_plugins(), "dept_53", plugin)))
    assert "type Dept53Extension implements DepartmentExtension" in with_53


async def test_hook_cps_department_extension(graphql):
    data = await graphql.data(
        """{ departments { edges { node { code extension { departmentCode
             ... on Dept44Extension { universityDiploma { title holder city } } } } } } }"""
    )
    extensions = {e["node"]["code"]: e["node"]["extension"] for e in data["departments"]["edges"]}
    assert extensions["44"] == {
        "departmentCode": "44",
        "universityDiploma": {
            "title": "Référent en développement des CPS, santé et bien-être des enfants et des jeunes",
            "holder": "Université de Nantes",
            "city": "Nantes",
        },
    }
    assert {code: value for code, value in extensions.items() if code != "44"} == dict.fromkeys(
        ("49", "53", "72", "85")
    )


def test_a_plugin_may_implement_only_some_hooks():
    class OnlyRules:
        @hookimpl
        def cps_rules(self):
            return []

    plugins = build_plugin_manager(discover=False, extra=[("only_rules", OnlyRules())])
    assert plugins.description("only_rules").hooks == ("cps_rules",)
