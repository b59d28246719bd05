"""The contract every department plugin keeps, run over each plugin the entry points declare.

A new department's plugin, or a change to one, passes here before anything else: it loads on
its own, speaks for the department its name says, implements the department hooks, declares
unique, prefixed and described rules, reports only declared codes with French messages, a
violation writes nothing, its own rules are each shown violated in its own tests, and its own
content (read from a valid data file) passes every rule. Nothing here depends on what the
department's data file holds: a maintainer's edit never turns it red, only a mistake does.
"""

from __future__ import annotations

import re
from pathlib import Path
from datetime import date, time

import pytest
from sqlalchemy import func, select
from strawberry.relay import to_base64

from core.hooks import (
    DayDraft,
    EventDraft,
    EventKind,
    PlaceDraft,
    PriorTraining,
    RegistrationDraft,
    SessionDraft,
    Violation,
)
from core.hooks import department_rules
from core.hooks.manager import PluginStatus, build_plugin_manager
from core.hooks.testing import KIT_DAY, RuleRunner, module_session, practice_day
from core.db import seeded_public_id
from core.models import Event, Registration
from core.models.enums import PersonRole, StaffRole
from core.seed.schema import read_seed_file
from core.services.plugin_content import event_draft
from tests.plugins.conftest import declared_plugins, published_events
from tests.staff.conftest import (  # noqa: F401  (new_token and as_token are fixtures)
    REGISTER,
    as_token,
    module_1_person,
    new_token,
)

CREATE_EVENT = """mutation($input: CreateEventInput!) {
  createEvent(input: $input) { event { id } errors { code message } } }"""

DEPARTMENT_HOOKS = {
    "cps_department",
    "cps_rules",
    "cps_events",
    "cps_actions",
    "cps_calendar_entries",
    "cps_validate_registration",
    "cps_validate_session",
    "cps_validate_event",
}
FRENCH = re.compile(r"\b(le|la|les|l'|du|de|des|d'|un|une|et|est|dans|au|à)\b", re.IGNORECASE)


PLUGINS = declared_plugins()
SEED = read_seed_file()


def test_the_five_departments_have_a_plugin():
    assert list(PLUGINS) == ["dept_44", "dept_49", "dept_53", "dept_72", "dept_85"]


@pytest.fixture(params=list(PLUGINS), ids=list(PLUGINS))
def plugin(request) -> tuple[str, object]:
    return request.param, PLUGINS[request.param]


def alone(name, department_plugin):
    return build_plugin_manager(discover=False, extra=[(name, department_plugin)])


def test_loads_on_its_own(plugin):
    name, department_plugin = plugin
    plugins = alone(name, department_plugin)
    assert plugins.description(name).status is PluginStatus.LOADED
    assert plugins.startup_failures == []


def test_speaks_for_the_department_its_name_says(plugin):
    name, department_plugin = plugin
    department = alone(name, department_plugin).description(name).department
    assert name == f"dept_{department.code}"
    seeded = {d.code: d.name for d in SEED.departments}
    assert department.name == seeded[department.code]
    assert department.coter.name.startswith("COTER ")
    assert {s.kind for s in department.coter.steering} == {
        "ARS_TERRITORIAL_DELEGATION",
        "DSDEN",
        "DEPARTMENTAL_COUNCIL",
    }


def test_its_referents_and_leaders_are_in_the_directory(plugin):
    _, department_plugin = plugin
    people = {person.key: person for person in SEED.people}
    for key in department_plugin.cps_department().coter.referents:
        assert PersonRole.REFERENT in people[key].roles, key
    for event in department_plugin.cps_events():
        assert all(key in people for key in event.leaders), event.key


def test_implements_the_department_hooks(plugin):
    name, department_plugin = plugin
    assert DEPARTMENT_HOOKS <= set(alone(name, department_plugin).description(name).hooks)


def test_rules_are_unique_prefixed_and_described(plugin):
    name, department_plugin = plugin
    code = name.removeprefix("dept_")
    rules = alone(name, department_plugin).description(name).rules
    assert rules
    for rule in rules:
        assert rule.code.startswith(f"DEPT_{code}_"), rule.code
        assert rule.description.strip() == rule.description and FRENCH.search(rule.description)
    every_code = [
        rule.code
        for described in build_plugin_manager(builtin_only=True).loaded()
        for rule in described.rules
    ]
    assert len(every_code) == len(set(every_code))


def drafts_against(code: str):
    """Registrations, sessions and events that break the standard rules of department ``code``."""
    other = "72" if code != "72" else "53"
    registrations = [
        (RegistrationDraft(department_code=other), practice_day(code)),
        (
            RegistrationDraft(
                department_code=code, confirmed_trainer_training_years=frozenset({2024})
            ),
            practice_day(code),
        ),
        (RegistrationDraft(department_code=code, questionnaire_score=0.5), module_session(2, code)),
        (
            RegistrationDraft(
                department_code=code,
                prior_cps_training=PriorTraining("Planning Familial", interactions_member=False),
            ),
            module_session(2, code),
        ),
    ]
    sessions = [
        SessionDraft(
            year=2026,
            module_number=1,
            department_code=code,
            places=(PlaceDraft("Ailleurs", f"{other}000"),),
            days=(DayDraft(date(2026, 3, 2), time(9), time(17)),),
        )
    ]
    yearly = EventDraft(
        kind=EventKind.DEPARTMENT_EVENT,
        year=2026,
        date=date(2026, 6, 4),
        start_time=time(9),
        end_time=time(17),
        title="Évènement annuel",
        department_code=code,
        postal_code=f"{other}000",
    )
    events = [(yearly, [yearly])]
    return registrations, sessions, events


# A real commune of each department (its postal code is the code followed by 000), so that a
# place in another department passes the commune check and meets the department's own rule.
PREFECTURES = {
    "44": "Nantes", "49": "Angers", "53": "Laval", "72": "Le Mans", "85": "La Roche-sur-Yon"
}


def test_reports_declared_codes_with_french_messages(plugin):
    """Whatever the drafts, every violation reported has a declared code and a French message;
    the shared rules (``department_rules``) are each seen violated once."""
    name, department_plugin = plugin
    code = name.removeprefix("dept_")
    plugins = alone(name, department_plugin)
    declared_codes = {rule.code for rule in plugins.description(name).rules}
    registrations, sessions, events = drafts_against(code)
    found: list[Violation] = []
    for registration, target in registrations:
        found += plugins.collect(
            name,
            "cps_validate_registration",
            Violation,
            registration=registration,
            target=target,
            today=KIT_DAY,
        )
    for session in sessions:
        found += plugins.collect(
            name, "cps_validate_session", Violation, session=session, today=KIT_DAY
        )
    for event, others in events:
        found += plugins.collect(
            name,
            "cps_validate_event",
            Violation,
            event=event,
            same_year_events=others,
            today=KIT_DAY,
        )
    reported = {violation.code for violation in found}
    assert reported <= declared_codes
    assert {rule.code for rule in department_rules.catalogue(code)} <= reported
    for violation in found:
        assert violation.field and violation.plugin is None
        assert violation.message.strip() and FRENCH.search(violation.message), violation


def test_its_own_rules_are_each_shown_violated_in_its_tests(plugin):
    """A rule of the department's own (beyond the shared ones) is exercised by the department's
    own test file, ``tests/plugins/test_dept_NN.py``, which must name its code."""
    name, department_plugin = plugin
    code = name.removeprefix("dept_")
    shared = {rule.code for rule in department_rules.catalogue(code)}
    own = [r.code for r in alone(name, department_plugin).description(name).rules]
    own = [rule for rule in own if rule not in shared]
    if not own:
        return
    tests = Path(__file__).with_name(f"test_{name}.py")
    assert tests.exists(), f"{tests} doit montrer une violation de chaque règle propre"
    text = tests.read_text(encoding="utf-8")
    assert [rule for rule in own if rule not in text] == []


def test_its_data_file_is_valid_and_its_content_is_its_department(plugin):
    name, department_plugin = plugin
    code = name.removeprefix("dept_")
    content = department_plugin.content()
    assert content.department.code == code
    assert {event.department_code for event in department_plugin.cps_events()} == {code}
    assert {action.department_code for action in department_plugin.cps_actions()} == {code}
    for entry in department_plugin.cps_calendar_entries():
        assert entry.uid and entry.start.tzinfo is not None


def test_its_own_events_pass_every_rule(plugin):
    name, department_plugin = plugin
    plugins = alone(name, department_plugin)
    drafts = [event_draft(event) for event in department_plugin.cps_events()]
    for draft in drafts:
        same_year = [other for other in drafts if other is not draft and other.year == draft.year]
        check = RuleRunner(plugins).event(draft, same_year)
        assert check.passed, check.violations


def test_event_and_action_keys_are_unique_across_plugins():
    keys = [f"event:{e.key}" for plugin in PLUGINS.values() for e in plugin.cps_events()]
    keys += [f"action:{a.key}" for plugin in PLUGINS.values() for a in plugin.cps_actions()]
    assert len(keys) == len(set(keys))


async def test_a_violation_of_its_rules_writes_nothing(
    plugin, graphql, clock, database, new_token, as_token
):
    """Through the service's doors: a registration or an event that breaks one of the
    department's rules is refused with its code, and nothing is written."""
    name, _ = plugin
    code = name.removeprefix("dept_")
    other = "72" if code != "72" else "53"
    staff = as_token(await new_token(StaffRole.DEPARTMENT, code, name=f"COTER {code}"))
    meeting = {
        "kind": "COTER_MEETING",
        "title": "Réunion hors du département",
        "year": 2026,
        "date": "2026-05-05",
        "startTime": "14:00:00",
        "endTime": "16:00:00",
        "departmentCode": code,
        "city": PREFECTURES[other],
        "postalCode": f"{other}000",
        "isPublic": False,
    }
    before = await count(database, Event)
    created = (await staff.data(CREATE_EVENT, {"input": meeting}))["createEvent"]
    assert created["event"] is None
    assert f"DEPT_{code}_EVENT_IN_DEPARTMENT" in [e["code"] for e in created["errors"]]
    assert await count(database, Event) == before
    days = [e for e in published_events(code) if e.kind is EventKind.PRACTICE_EXCHANGE_DAY]
    for day in days:
        clock.set_day(date(day.year - 1, 12, 1))
        person = module_1_person(departmentCode=other, confirmedTrainerTrainingYears=[day.year])
        target = to_base64("Event", seeded_public_id(f"event:{day.key}"))
        answer = await graphql.data(REGISTER, {"target": target, "registration": person})
        assert answer["register"]["registration"] is None
        assert f"DEPT_{code}_PRACTICE_DAY_OWN_DEPARTMENT" in [
            e["code"] for e in answer["register"]["errors"]
        ]
    assert await count(database, Registration) == 0


async def count(database, model) -> int:
    async with database.sessions() as db:
        return await db.scalar(select(func.count(model.id)))
