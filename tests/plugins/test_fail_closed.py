"""A plugin that fails to load, or is disabled, never lets a write through: its rules are missing.

Each kind of failure a maintainer or an operator can cause is built on a fresh manager of the
built-in plugins (nothing shared changes): a department's data file with a mistake, a
``rules.py`` that raises at import, an external plugin that raises at import, a plugin
disabled by the settings. For each: the eligibility is UNDETERMINED and names the department,
registering and the staff writes are refused with a stable code and write nothing, ``/readyz``
answers 503 naming the plugin, and reads and feeds are still served.
"""

from __future__ import annotations

import importlib
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx
import icalendar
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import func, select

from core.app import create_app
from core.hooks import DepartmentPlugin
from core.hooks.manager import PluginManager, build_plugin_manager
from core.models import Event, Registration, TrainingSession
from core.models.enums import StaffRole
from core.hooks.testkit import GraphQLClient
from plugins import dept_53
from tests.plugins.conftest import builtin_plugins
from tests.staff.conftest import (  # noqa: F401  (new_token and as_token are fixtures)
    REGISTER,
    as_token,
    module_1_person,
    new_token,
    practice_day_id,
)

ELIGIBILITY = """query($t: ID!, $r: RegistrationDraftInput!) {
  eligibility(target: $t, registration: $r) { status failures { plugin message } } }"""
CREATE_EVENT = """mutation($input: CreateEventInput!) {
  createEvent(input: $input) { event { id } errors { code message plugin } } }"""
UPDATE_EVENT = """mutation($id: ID!, $input: UpdateEventInput!) {
  updateEvent(id: $id, input: $input) { event { title } errors { code plugin } } }"""
CREATE_SESSION = """mutation($input: CreateTrainingSessionInput!) {
  createTrainingSession(input: $input) { trainingSession { id } errors { code } } }"""
EVENTS = "{ events { edges { node { title department { code } } } } }"


def _broken_data_file(tmp_path: Path, old: str, new: str) -> Callable[[], object]:
    """Mayenne's plugin on a copy of its data file where ``old`` becomes ``new``."""
    text = dept_53.DATA_FILE.read_text(encoding="utf-8")
    assert old in text
    copy = tmp_path / "department.toml"
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    return lambda: DepartmentPlugin(copy)


def _package(tmp_path: Path, monkeypatch, name: str, files: dict[str, str]) -> Callable[[], object]:
    """A package written to ``tmp_path`` and importable; loading it imports it."""
    root = tmp_path / "site"
    (root / name).mkdir(parents=True)
    for file, text in files.items():
        (root / name / file).write_text(textwrap.dedent(text), encoding="utf-8")
    monkeypatch.syspath_prepend(str(root))
    return lambda: getattr(importlib.import_module(name), "plugin")


def _replaced(name: str, load: Callable[[], object]) -> PluginManager:
    plugins = builtin_plugins()
    if plugins.get_plugin(name) is not None:
        plugins.unregister(name=name)
    plugins.load(name, load)
    return plugins


def unknown_key(tmp_path, _monkeypatch):
    return _replaced("dept_53", _broken_data_file(tmp_path, "postal_code =", "postal_cod ="))


def bad_date(tmp_path, _monkeypatch):
    return _replaced("dept_53", _broken_data_file(tmp_path, "date = 2025-11-25", 'date = "25/11"'))


def duplicate_key(tmp_path, _monkeypatch):
    return _replaced(
        "dept_53", _broken_data_file(tmp_path, 'city = "Laval"', 'city = "Laval"\ncity = "Évron"')
    )


def rules_raising_at_import(tmp_path, monkeypatch):
    init = f"""
        from pathlib import Path
        from core.hooks import DepartmentPlugin
        from . import rules
        plugin = DepartmentPlugin(Path({str(dept_53.DATA_FILE)!r}), rules=rules)
    """
    rules = """
        from core.hooks import Rule, RuleSubject
        RULES = [Rule("DEPT_53_X", RuleSubject.EVENT, "Une règle.")]
        def check_event(department, event, same_year_events):
            return []
        raise NameError("name 'Violaton' is not defined")
    """
    return _replaced(
        "dept_53",
        _package(tmp_path, monkeypatch, "mayenne_copy", {"__init__.py": init, "rules.py": rules}),
    )


def external_plugin_raising_at_import(tmp_path, monkeypatch):
    broken = {"__init__.py": "raise ImportError('a dependency of this plugin is missing')\n"}
    return _replaced("ouest_rules", _package(tmp_path, monkeypatch, "ouest_rules", broken))


def disabled(_tmp_path, _monkeypatch):
    return build_plugin_manager(builtin_only=True, disabled=["dept_53"])


KINDS = {
    "unknown_key": (unknown_key, "dept_53"),
    "bad_date": (bad_date, "dept_53"),
    "duplicate_key": (duplicate_key, "dept_53"),
    "rules_raising_at_import": (rules_raising_at_import, "dept_53"),
    "external_plugin_raising_at_import": (external_plugin_raising_at_import, "ouest_rules"),
    "disabled": (disabled, "dept_53"),
}


@pytest.fixture(params=list(KINDS))
def kind(request) -> str:
    return request.param


@pytest.fixture
def plugins(kind, tmp_path, monkeypatch) -> PluginManager:
    """The app's plugins: the built-in ones with one failure of the kind under test."""
    return KINDS[kind][0](tmp_path, monkeypatch)


async def _count(database, model) -> int:
    async with database.sessions() as db:
        return await db.scalar(select(func.count(model.id)))


async def test_a_missing_plugin_fails_closed(kind, client, graphql, database, new_token, as_token):
    plugin = KINDS[kind][1]
    regional = plugin == "ouest_rules"
    code = "REGIONAL_RULES_UNAVAILABLE" if regional else "DEPARTMENT_RULES_UNAVAILABLE"

    ready = await client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["code"] == "PLUGINS_UNAVAILABLE" and ready.json()["plugins"] == [plugin]
    assert plugin in ready.json()["message"]

    trainer = module_1_person(departmentCode="53", confirmedTrainerTrainingYears=[2025])
    answer = (await graphql.data(ELIGIBILITY, {"t": practice_day_id("53"), "r": trainer}))
    assert answer["eligibility"]["status"] == "UNDETERMINED"
    [failure] = answer["eligibility"]["failures"]
    assert failure["plugin"] == plugin
    assert ("tous les départements" if regional else "département 53") in failure["message"]

    registered = (await graphql.data(REGISTER, {"target": practice_day_id("53"), "registration": trainer}))
    assert registered["register"]["registration"] is None
    assert [(e["code"], e["plugin"]) for e in registered["register"]["errors"]] == [(code, plugin)]

    staff = as_token(await new_token(StaffRole.DEPARTMENT, "53", name="COTER 53"))
    events_before = await _count(database, Event)
    meeting = {
        "kind": "COTER_MEETING",
        "title": "Réunion du COTER 53",
        "year": 2025,
        "date": "2025-12-15",
        "startTime": "14:00:00",
        "endTime": "16:00:00",
        "departmentCode": "53",
        "city": "Laval",
        "postalCode": "53000",
        "isPublic": False,
    }
    created = (await staff.data(CREATE_EVENT, {"input": meeting}))["createEvent"]
    assert created["event"] is None and [e["code"] for e in created["errors"]] == [code]
    assert "rien n'est enregistré" in created["errors"][0]["message"]
    updated = await staff.data(
        UPDATE_EVENT, {"id": practice_day_id("53"), "input": {"title": "Autre titre"}}
    )
    assert updated["updateEvent"]["event"] is None
    assert [e["code"] for e in updated["updateEvent"]["errors"]] == [code]
    sessions_before = await _count(database, TrainingSession)
    session = {
        "year": 2026,
        "number": 1,
        "moduleNumber": 1,
        "places": [{"city": "Laval", "postalCode": "53000"}],
        "days": [{"date": "2026-03-02"}, {"date": "2026-03-03"}, {"date": "2026-03-04"}],
    }
    opened = (await staff.data(CREATE_SESSION, {"input": session}))["createTrainingSession"]
    assert opened["trainingSession"] is None and [e["code"] for e in opened["errors"]] == [code]
    assert await _count(database, Event) == events_before
    assert await _count(database, TrainingSession) == sessions_before
    assert await _count(database, Registration) == 0

    # Another department's writes are refused only if the missing rules may concern it.
    sarthe = module_1_person(1, departmentCode="72", confirmedTrainerTrainingYears=[2025])
    other = await graphql.data(REGISTER, {"target": practice_day_id("72"), "registration": sarthe})
    if regional:
        assert [e["code"] for e in other["register"]["errors"]] == [code]
    else:
        # Accepted: it waits for its address to be confirmed (double opt-in), as any does.
        assert other["register"]["errors"] == []
        assert other["register"]["registration"]["status"] == "UNCONFIRMED"

    # Reads and feeds are still served.
    listed = await graphql(EVENTS)
    codes = {e["node"]["department"]["code"] for e in listed["data"]["events"]["edges"]}
    assert codes == {"44", "49", "53", "72", "85"}
    feed = await client.get("/calendars/departments/53.ics")
    assert feed.status_code == 200
    assert icalendar.Calendar.from_ical(feed.content).walk("VEVENT")


async def test_a_failed_plugin_is_counted_in_the_metrics(kind, client):
    exposition = (await client.get("/metrics")).text
    status = "DISABLED" if kind == "disabled" else "FAILED"
    assert f'cps_plugins{{status="{status}"}} 1.0' in exposition


async def test_an_accepted_disabled_plugin_leaves_the_service_ready_and_its_writes_refused(
    settings, clock
):
    plugins = build_plugin_manager(
        builtin_only=True, disabled=["dept_53"], accepted_disabled=["dept_53"]
    )
    clock.set_day(date(2025, 3, 1))
    application = create_app(settings, plugins, clock=clock)
    trainer = module_1_person(departmentCode="53", confirmedTrainerTrainingYears=[2025])
    async with LifespanManager(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="https://cps.example.org") as http:
            assert (await http.get("/readyz")).status_code == 200
            data = await GraphQLClient(http).data(
                REGISTER, {"target": practice_day_id("53"), "registration": trainer}
            )
    assert [e["code"] for e in data["register"]["errors"]] == ["DEPARTMENT_RULES_UNAVAILABLE"]
