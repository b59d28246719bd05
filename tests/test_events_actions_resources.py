"""Events, deployment-pack actions and resources, as a partner site lists them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from strawberry.relay import to_base64

from core.models import Action, Event
from core.models.enums import ActionKind, Programme
from core.hooks import EventKind
from core.timezone import paris_datetime
from tests.factories import add_private_meeting
from tests.plugins.conftest import full_name, published_actions, published_events

EVENTS = """
query($filter: EventFilter) {
  events(filter: $filter) {
    totalCount
    edges { node {
      id kind title date startsAt endsAt accessConditions isPublic
      department { code }
      place { city postalCode department { code } }
      leaders { fullName }
    } }
  }
}
"""



def nodes(connection: dict) -> list[dict]:
    return [edge["node"] for edge in connection["edges"]]


async def test_the_2025_practice_exchange_days_with_their_leaders(graphql):
    # What the departments' data files publish; the seed has one day per department in 2025.
    data = await graphql.data(EVENTS, {"filter": {"kind": ["PRACTICE_EXCHANGE_DAY"], "year": 2025}})
    events = nodes(data["events"])
    published = [
        e
        for e in published_events()
        if e.kind is EventKind.PRACTICE_EXCHANGE_DAY and e.year == 2025
    ]
    assert {e.department_code for e in published} == {"44", "49", "53", "72", "85"}
    assert [
        (
            e["department"]["code"],
            e["date"],
            e["place"]["city"],
            [leader["fullName"] for leader in e["leaders"]],
            e["accessConditions"],
            e["startsAt"],
        )
        for e in events
    ] == [
        (
            e.department_code,
            e.date.isoformat(),
            e.city,
            [full_name(key) for key in e.leaders],
            list(e.access_conditions),
            paris_datetime(e.date, e.start_time).isoformat(),
        )
        for e in published
    ]


async def test_events_filter_by_department_and_date_range(graphql):
    in_53 = await graphql.data(EVENTS, {"filter": {"department": "53"}})
    assert [e["date"] for e in nodes(in_53["events"])] == [
        e.date.isoformat() for e in published_events("53")
    ]
    autumn = await graphql.data(EVENTS, {"filter": {"dateFrom": "2025-10-01", "dateTo": "2025-11-30"}})
    assert [e["department"]["code"] for e in nodes(autumn["events"])] == [
        e.department_code
        for e in published_events()
        if date(2025, 10, 1) <= e.date <= date(2025, 11, 30)
    ]


async def test_a_private_event_is_never_listed_nor_reachable(graphql, database):
    public_id = await add_private_meeting(database)
    data = await graphql.data(EVENTS, {"filter": {"department": "44"}})
    assert [e["kind"] for e in nodes(data["events"])] == [
        e.kind.value for e in published_events("44")
    ]
    found = await graphql.data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": to_base64("Event", public_id)}
    )
    assert found["node"] is None


async def test_actions_of_a_department_with_their_programme(graphql, database):
    async with database.sessions() as session, session.begin():
        session.add_all(
            [
                Action(
                    department_code="72",
                    kind=ActionKind.EVIDENCE_BASED_PROGRAMME,
                    programme=Programme.UNPLUGGED,
                    title="Soutien à l'implantation d'Unplugged",
                    period_start=date(2025, 1, 1),
                    period_end=date(2025, 12, 31),
                ),
                Action(
                    department_code="49",
                    kind=ActionKind.TRAINER_TRAINING,
                    title="Formation de formateurs CPS",
                    period_start=date(2025, 9, 1),
                ),
            ]
        )
    query = """query($filter: ActionFilter) { actions(filter: $filter) { totalCount edges { node {
        kind programme title periodStart periodEnd department { code } } } } }"""
    # The department's plugin publishes its own actions too (a TRAINER_TRAINING one).
    in_72 = await graphql.data(
        query, {"filter": {"department": "72", "kind": "EVIDENCE_BASED_PROGRAMME"}}
    )
    assert nodes(in_72["actions"]) == [
        {
            "kind": "EVIDENCE_BASED_PROGRAMME",
            "programme": "UNPLUGGED",
            "title": "Soutien à l'implantation d'Unplugged",
            "periodStart": "2025-01-01",
            "periodEnd": "2025-12-31",
            "department": {"code": "72"},
        }
    ]
    active = await graphql.data(query, {"filter": {"activeOn": "2026-02-01"}})
    # The action added here, and those the plugins publish that run on that day.
    assert sorted(a["department"]["code"] for a in nodes(active["actions"])) == sorted(
        ["49"]
        + [
            a.department_code
            for a in published_actions()
            if a.period_start <= date(2026, 2, 1) <= (a.period_end or date.max)
        ]
    )
    by_programme = await graphql.data(query, {"filter": {"programme": "PRIMAVERA"}})
    assert by_programme["actions"]["totalCount"] == 0


RESOURCES = """
query($filter: ResourceFilter) {
  resources(filter: $filter, first: 50) {
    totalCount
    edges { node { title kind publisher url audience themes { label slug } } }
  }
}
"""


async def test_the_resources_of_the_brochure(graphql):
    data = await graphql.data(RESOURCES)
    resources = nodes(data["resources"])
    assert data["resources"]["totalCount"] == 8
    cartable = next(r for r in resources if r["kind"] == "WEBSITE")
    assert cartable["title"] == "Le cartable des compétences psychosociales"
    assert {"label": "Milieu scolaire", "slug": "milieu-scolaire"} in cartable["themes"]
    assert {r["kind"] for r in resources} >= {
        "KNOWLEDGE_FILE",
        "TOOL_CATALOGUE",
        "THEMATIC_SELECTION",
        "SYNTHESIS",
        "INFOGRAPHIC",
        "FRAMEWORK",
    }


async def test_resources_filter_by_kind_theme_and_text(graphql):
    frameworks = await graphql.data(RESOURCES, {"filter": {"kind": "FRAMEWORK"}})
    assert frameworks["resources"]["totalCount"] == 2
    school = await graphql.data(RESOURCES, {"filter": {"theme": "Milieu scolaire"}})
    assert [r["kind"] for r in nodes(school["resources"])] == ["WEBSITE"]
    by_slug = await graphql.data(RESOURCES, {"filter": {"theme": "interventions-efficaces"}})
    assert by_slug["resources"]["totalCount"] == 1
    safe = await graphql.data(RESOURCES, {"filter": {"text": "sequencee"}})
    assert [r["title"] for r in nodes(safe["resources"])][0].startswith("Facteurs communs")
    pret = await graphql.data(RESOURCES, {"filter": {"text": "PRÊT"}})
    assert [r["kind"] for r in nodes(pret["resources"])] == ["TOOL_CATALOGUE"]


async def test_every_list_is_synced_with_updated_since(graphql, database):
    async with database.sessions() as session, session.begin():
        event = await session.scalar(select(Event).where(Event.department_code == "49"))
        event.title = event.title + " (salle à confirmer)"
        await session.flush()
        changed_at = event.updated_at
    since = changed_at.isoformat()
    data = await graphql.data(EVENTS, {"filter": {"updatedSince": since}})
    assert [e["department"]["code"] for e in nodes(data["events"])] == ["49"]
    for field, filter_type in [
        ("sessions", "TrainingSessionFilter"),
        ("trainers", "TrainerFilter"),
        ("resources", "ResourceFilter"),
        ("actions", "ActionFilter"),
        ("departments", "DepartmentFilter"),
    ]:
        query = f"query($f: {filter_type}) {{ {field}(filter: $f) {{ totalCount }} }}"
        result = await graphql.data(query, {"f": {"updatedSince": since}})
        assert result[field]["totalCount"] == 0, field


async def test_updated_since_without_an_offset_is_refused(graphql):
    body = await graphql(EVENTS, {"filter": {"updatedSince": "2025-01-01T00:00:00"}})
    assert body["errors"][0]["extensions"]["code"] == "DATETIME_WITHOUT_OFFSET"
