"""The training sessions as a partner site reads them."""

from __future__ import annotations

SESSIONS = """
query Sessions($filter: TrainingSessionFilter, $first: Int) {
  sessions(filter: $filter, first: $first) {
    totalCount
    edges { node {
      number year title status placeTentative placeLabel
      module { number title lengthDays }
      department { code }
      departments { code }
      places { city venue postalCode department { code } }
      days { date startsAt endsAt number of }
    } }
  }
}
"""

EXPECTED_2025 = {
    1: ("MODULE_2", ["2025-04-28", "2025-04-29", "2025-05-27"], ["Nantes"]),
    2: ("MODULE_1", ["2025-05-05", "2025-05-06", "2025-05-07"], ["Angers"]),
    3: ("MODULE_1", ["2025-05-22", "2025-05-23", "2025-06-12"], ["Nantes"]),
    4: ("MODULE_1", ["2025-10-06", "2025-10-07", "2025-10-16"], ["Angers"]),
    5: ("MODULE_2", ["2025-10-02", "2025-10-03", "2025-10-09"], ["Le Mans"]),
    6: ("MODULE_2", ["2025-11-17", "2025-11-18", "2025-12-02"], ["Nantes", "La Roche-sur-Yon"]),
}


def nodes(connection: dict) -> list[dict]:
    return [edge["node"] for edge in connection["edges"]]


async def test_the_six_2025_sessions_with_exact_days_places_and_modules(graphql):
    data = await graphql.data(SESSIONS, {"filter": {"year": 2025}})
    sessions = {node["number"]: node for node in nodes(data["sessions"])}
    assert data["sessions"]["totalCount"] == 6
    for number, (module, days, cities) in EXPECTED_2025.items():
        session = sessions[number]
        assert session["module"]["number"] == module
        assert [day["date"] for day in session["days"]] == days
        assert [place["city"] for place in session["places"]] == cities
        assert [(day["number"], day["of"]) for day in session["days"]] == [(1, 3), (2, 3), (3, 3)]


async def test_sessions_come_by_first_day(graphql):
    data = await graphql.data(SESSIONS)
    assert [node["number"] for node in nodes(data["sessions"])] == [1, 2, 3, 5, 4, 6]


async def test_session_6_is_tentative_with_both_alternatives(graphql):
    data = await graphql.data(SESSIONS, {"filter": {"year": 2025}})
    session6 = next(node for node in nodes(data["sessions"]) if node["number"] == 6)
    assert session6["placeTentative"] is True
    assert session6["placeLabel"] == "Nantes ou La Roche-sur-Yon"
    assert session6["department"] is None
    assert [(p["postalCode"], p["department"]["code"]) for p in session6["places"]] == [
        ("44000", "44"),
        ("85000", "85"),
    ]
    assert [d["code"] for d in session6["departments"]] == ["44", "85"]


async def test_a_tentative_session_shows_in_both_departments_lists(graphql):
    in_44 = await graphql.data(SESSIONS, {"filter": {"department": "44"}})
    in_85 = await graphql.data(SESSIONS, {"filter": {"department": "85"}})
    assert [n["number"] for n in nodes(in_44["sessions"])] == [1, 3, 6]
    assert [n["number"] for n in nodes(in_85["sessions"])] == [6]


async def test_session_5_names_its_venue(graphql):
    data = await graphql.data(SESSIONS, {"filter": {"city": "le mans"}})
    [session] = nodes(data["sessions"])
    assert session["number"] == 5
    assert session["places"][0]["venue"] == "Locaux de Promotion Santé, Pôle 72"
    assert session["department"]["code"] == "72"


async def test_days_are_full_working_days_in_paris_time_across_the_change_of_hour(graphql):
    data = await graphql.data(SESSIONS, {"filter": {"year": 2025}})
    session4 = next(node for node in nodes(data["sessions"]) if node["number"] == 4)
    session6 = next(node for node in nodes(data["sessions"]) if node["number"] == 6)
    # 16 October 2025 is summer time (UTC+2); 17 November 2025 is winter time (UTC+1).
    assert session4["days"][2]["startsAt"] == "2025-10-16T09:00:00+02:00"
    assert session6["days"][0]["startsAt"] == "2025-11-17T09:00:00+01:00"
    assert session6["days"][0]["endsAt"] == "2025-11-17T17:00:00+01:00"


async def test_filters_by_module_date_range_and_status(graphql):
    module_1 = await graphql.data(SESSIONS, {"filter": {"module": "MODULE_1"}})
    assert [n["number"] for n in nodes(module_1["sessions"])] == [2, 3, 4]
    # Session 1 runs 28 April to 27 May with no day between 30 April and 26 May.
    may = await graphql.data(
        SESSIONS, {"filter": {"dateFrom": "2025-05-01", "dateTo": "2025-05-20"}}
    )
    assert [n["number"] for n in nodes(may["sessions"])] == [2]
    cancelled = await graphql.data(SESSIONS, {"filter": {"status": ["CANCELLED"]}})
    assert cancelled["sessions"]["totalCount"] == 0


async def test_an_inverted_date_range_is_refused_with_a_code(graphql):
    body = await graphql(SESSIONS, {"filter": {"dateFrom": "2025-06-01", "dateTo": "2025-05-01"}})
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INVALID_DATE_RANGE"
    assert "précède" in error["message"]


async def test_a_session_is_reachable_by_its_global_id(graphql):
    data = await graphql.data("{ sessions(first: 1) { edges { node { id number } } } }")
    node_id = data["sessions"]["edges"][0]["node"]["id"]
    found = await graphql.data(
        "query($id: ID!) { node(id: $id) { id ... on TrainingSession { number } } }",
        {"id": node_id},
    )
    assert found["node"] == {"id": node_id, "number": 1}
