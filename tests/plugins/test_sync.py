"""The plugins' content reaches the database at start: stable IDs, changes after a restart,
edits made through the API kept, withdrawn content cancelled, never deleted."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from strawberry.relay import to_base64

from core.db import seeded_public_id
from core.hooks import DepartmentPlugin, EventKind
from core.models import Event, PluginContent
from core.services.plugin_content import sync_plugin_content
from plugins import dept_53, dept_72
from tests.conftest import SEED_DAY
from tests.plugins.conftest import (
    builtin_plugins,
    copy_of,
    published_actions,
    published_events,
    service,
    swap,
)


def day_53():
    """Department 53's first public practice-exchange day, as its data file says."""
    return next(
        e for e in published_events("53") if e.kind is EventKind.PRACTICE_EXCHANGE_DAY
    )


def edited_53(**changes):
    """Department 53's plugin after its maintainer edited its practice-exchange day."""
    day = day_53()
    events = [
        dataclasses.replace(e, **changes) if e == day else e for e in dept_53.plugin.cps_events()
    ]
    return copy_of(dept_53.plugin, cps_events=lambda: events)


async def test_the_seed_ids_are_kept(graphql):
    data = await graphql.data(
        "{ events(first: 100) { edges { node { id } } } "
        "actions(first: 100) { edges { node { id } } } }"
    )
    event_ids = {e["node"]["id"] for e in data["events"]["edges"]}
    assert event_ids == {
        to_base64("Event", seeded_public_id(f"event:{event.key}")) for event in published_events()
    }
    action_ids = {a["node"]["id"] for a in data["actions"]["edges"]}
    assert action_ids == {
        to_base64("Action", seeded_public_id(f"action:{action.key}"))
        for action in published_actions()
    }


async def test_a_maintainers_edit_shows_after_a_restart(settings):
    plugins = swap(builtin_plugins(), "dept_53", edited_53(venue="Salle du Conseil départemental"))
    day_id = to_base64("Event", seeded_public_id(f"event:{day_53().key}"))
    async with service(settings, plugins) as graphql:
        data = await graphql.data(
            "query($id: ID!) { node(id: $id) { ... on Event { place { venue } } } }", {"id": day_id}
        )
    assert data["node"]["place"]["venue"] == "Salle du Conseil départemental"


async def test_an_edit_through_the_api_survives_a_restart_until_the_plugin_changes(
    settings, database
):
    public_id = seeded_public_id(f"event:{day_53().key}")
    async with database.sessions() as db, db.begin():
        event = await db.scalar(select(Event).where(Event.public_id == public_id))
        event.title = "Journée d'échanges de pratique — salle à confirmer"
    report = await sync_plugin_content(database, builtin_plugins(), today=SEED_DAY)
    assert not report.changed and report.failures == []
    async with database.sessions() as db:
        assert (await db.get(Event, event.id)).title.endswith("salle à confirmer")
    # The maintainer changes the day: the plugin's data wins again.
    plugins = swap(
        builtin_plugins(), "dept_53", edited_53(title="Journée des formateurs CPS de la Mayenne")
    )
    report = await sync_plugin_content(database, plugins, today=SEED_DAY)
    assert report.updated == {"event": 1}
    async with database.sessions() as db:
        changed = await db.get(Event, event.id)
        assert changed.title == "Journée des formateurs CPS de la Mayenne"
        # Calendar applications only take a new version of an entry with a higher SEQUENCE.
        assert changed.sequence > event.sequence


async def test_withdrawn_content_is_cancelled_or_archived_not_deleted(settings):
    plugins = swap(
        builtin_plugins(),
        "dept_53",
        copy_of(dept_53.plugin, cps_events=lambda: [], cps_actions=lambda: []),
    )
    async with service(settings, plugins) as graphql:
        data = await graphql.data(
            """{ events(filter: {department: "53"}) { edges { node { status } } }
                 actions(filter: {department: "53"}) { edges { node { status } } } }"""
        )
    statuses = [e["node"]["status"] for e in data["events"]["edges"]]
    assert statuses == ["CANCELLED"] * len(published_events("53"))
    actions = [a["node"]["status"] for a in data["actions"]["edges"]]
    assert actions == ["ARCHIVED"] * len(published_actions("53"))


async def test_a_referent_changed_in_the_data_file(settings):
    department = dept_53.plugin.cps_department()
    coter = dataclasses.replace(department.coter, referents=("audrey-pavageau",))
    plugin = copy_of(
        dept_53.plugin, cps_department=lambda: dataclasses.replace(department, coter=coter)
    )
    async with service(settings, swap(builtin_plugins(), "dept_53", plugin)) as graphql:
        data = await graphql.data('{ department(code: "53") { referents { fullName } } }')
        mayenne = await graphql.data(
            '{ trainers(filter: {department: "53"}) { edges { node { fullName } } } }'
        )
    assert data["department"]["referents"] == [{"fullName": "Audrey Pavageau"}]
    assert [e["node"]["fullName"] for e in mayenne["trainers"]["edges"]] == ["Audrey Pavageau"]


async def test_an_event_that_breaks_a_rule_is_not_written(database):
    plugins = swap(builtin_plugins(), "dept_53", edited_53(city="Le Mans", postal_code="72000"))
    report = await sync_plugin_content(database, plugins, today=SEED_DAY)
    [failure] = report.failures
    assert (failure.plugin, failure.hook) == ("dept_53", "cps_validate_event")
    assert failure in plugins.startup_failures
    async with database.sessions() as db:
        day = await db.scalar(
            select(Event).where(Event.public_id == seeded_public_id(f"event:{day_53().key}"))
        )
    assert day.postal_code == day_53().postal_code


async def test_an_unknown_leader_or_a_key_of_another_plugin_fails_that_plugin_only(database):
    plugins = swap(builtin_plugins(), "dept_53", edited_53(leaders=("personne-inconnue",)))
    report = await sync_plugin_content(database, plugins, today=SEED_DAY)
    assert [(f.plugin, f.hook) for f in report.failures] == [("dept_53", "cps_events")]
    day_72 = dept_72.plugin.cps_events()[0]
    thief = copy_of(
        dept_53.plugin,
        cps_events=lambda: [dataclasses.replace(
            day_72, department_code="53", city="Laval", postal_code="53000"
        )],
    )
    report = await sync_plugin_content(
        database, swap(builtin_plugins(), "dept_53", thief), today=SEED_DAY
    )
    assert [(f.plugin, f.hook) for f in report.failures] == [("dept_53", "sync")]
    async with database.sessions() as db:
        owner = await db.scalar(
            select(PluginContent.plugin).where(
                PluginContent.natural_key == f"event:{day_72.key}"
            )
        )
    assert owner == "dept_72"


async def test_content_that_breaks_a_rule_is_reported_with_its_file_and_line(database, tmp_path):
    path = tmp_path / "department.toml"
    text = dept_53.DATA_FILE.read_text(encoding="utf-8")
    # Its first event moved to Le Mans: a real commune (the place check passes), in the Sarthe.
    moved = text.replace('city = "Laval"', 'city = "Le Mans"', 1)
    path.write_text(moved.replace('postal_code = "53000"', 'postal_code = "72000"', 1), "utf-8")
    plugins = swap(builtin_plugins(), "dept_53", DepartmentPlugin(path))
    report = await sync_plugin_content(database, plugins, today=SEED_DAY)
    [failure] = report.failures
    lines = path.read_text().splitlines()
    first_event = lines.index("[[events]]") + 2  # the key follows the table's header
    assert failure.detail.startswith(f"{path}, ligne {first_event} : « ")
    assert "DEPT_53_EVENT_IN_DEPARTMENT" in failure.detail
