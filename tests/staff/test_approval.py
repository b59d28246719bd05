"""What becomes of registrations not yet confirmed: held seats awaiting staff approval, a
session cancelled, a rule a plugin brings at start."""

from __future__ import annotations

from core.hooks import Rule, RuleSubject, Violation, hookimpl
from tests.plugins.conftest import builtin_plugins, service
from tests.staff.conftest import module_1_person, session_id

UPDATE = """
mutation($id: ID!, $input: UpdateTrainingSessionInput!) {
  updateTrainingSession(id: $id, input: $input) {
    trainingSession { requiresApproval } errors { code }
  }
}
"""

COUNTS = """
query($id: ID!) {
  node(id: $id) {
    ... on TrainingSession { seatsTaken seatsLeft waitlistLength pendingApprovalCount }
  }
}
"""

ACTION = """
mutation($id: ID!) { %s(id: $id) { registration { status } errors { code message } } }
"""

MINE = "query($r: String!) { myRegistration(reference: $r) { status } }"
MINE_WITH_RULES = """
query($r: String!) { myRegistration(reference: $r) { status evaluatedRules { code outcome } } }
"""


async def _register_four(graphql, register) -> list[dict]:
    return [await register(graphql, session_id(2), module_1_person(n)) for n in range(4)]


async def _status(graphql, answer: dict) -> str:
    data = await graphql.data(MINE, {"r": answer["reference"]})
    return data["myRegistration"]["status"]


async def test_registrations_wait_for_approval_holding_their_seat(
    staff_49, graphql, set_capacity, register
):
    await set_capacity(2, 2)
    asked = await staff_49.data(UPDATE, {"id": session_id(2), "input": {"requiresApproval": True}})
    assert asked["updateTrainingSession"] == {
        "trainingSession": {"requiresApproval": True}, "errors": []
    }
    answers = await _register_four(graphql, register)
    assert [a["registration"]["status"] for a in answers] == [
        "PENDING_APPROVAL", "PENDING_APPROVAL", "WAITLISTED", "WAITLISTED"
    ]
    counts = (await graphql.data(COUNTS, {"id": session_id(2)}))["node"]
    assert counts == {
        "seatsTaken": 2, "seatsLeft": 0, "waitlistLength": 2, "pendingApprovalCount": 2
    }

    first, second = (a["registration"]["id"] for a in answers[:2])
    confirmed = await staff_49.data(ACTION % "confirmRegistration", {"id": first})
    assert confirmed["confirmRegistration"]["registration"]["status"] == "CONFIRMED"
    refused = await staff_49.data(ACTION % "refuseRegistration", {"id": second})
    assert refused["refuseRegistration"]["registration"]["status"] == "REFUSED"
    # The freed seat goes to the first waitlisted, who in turn awaits approval.
    assert await _status(graphql, answers[2]) == "PENDING_APPROVAL"
    assert await _status(graphql, answers[3]) == "WAITLISTED"
    full = await staff_49.data(ACTION % "confirmRegistration", {"id": second})
    assert full["confirmRegistration"]["errors"][0]["code"] == "NO_SEAT_LEFT"
    counts = (await graphql.data(COUNTS, {"id": session_id(2)}))["node"]
    assert counts == {
        "seatsTaken": 2, "seatsLeft": 0, "waitlistLength": 1, "pendingApprovalCount": 1
    }


async def test_lifting_approval_confirms_those_awaiting_it(
    staff_49, graphql, set_capacity, register
):
    await set_capacity(2, 3)
    await staff_49.data(UPDATE, {"id": session_id(2), "input": {"requiresApproval": True}})
    answers = await _register_four(graphql, register)
    lifted = await staff_49.data(UPDATE, {"id": session_id(2), "input": {"requiresApproval": False}})
    assert lifted["updateTrainingSession"]["trainingSession"] == {"requiresApproval": False}
    assert [await _status(graphql, a) for a in answers] == [
        "CONFIRMED", "CONFIRMED", "CONFIRMED", "WAITLISTED"
    ]


async def test_cancelling_the_session_refuses_those_awaiting_approval(
    staff_49, graphql, register
):
    await staff_49.data(UPDATE, {"id": session_id(2), "input": {"requiresApproval": True}})
    [answer, *_] = await _register_four(graphql, register)
    await staff_49.data(
        "mutation($id: ID!) { cancelTrainingSession(id: $id) { errors { code } } }",
        {"id": session_id(2)},
    )
    assert await _status(graphql, answer) == "REFUSED"


async def test_a_new_session_can_ask_for_approval(staff_49):
    created = await staff_49.data(
        """
        mutation($input: CreateTrainingSessionInput!) {
          createTrainingSession(input: $input) {
            trainingSession { requiresApproval } errors { code }
          }
        }
        """,
        {
            "input": {
                "year": 2026, "number": 40, "moduleNumber": 1, "requiresApproval": True,
                "places": [{"city": "Angers", "postalCode": "49000"}],
                "days": [{"date": "2026-03-02"}, {"date": "2026-03-03"}, {"date": "2026-03-20"}],
            }
        },
    )
    assert created["createTrainingSession"] == {
        "trainingSession": {"requiresApproval": True}, "errors": []
    }


async def test_cancelling_a_session_releases_its_confirmed_seats(
    staff_49, graphql, set_capacity, register
):
    await set_capacity(2, 1)
    confirmed, waitlisted, *_ = await _register_four(graphql, register)
    await staff_49.data(
        "mutation($id: ID!) { cancelTrainingSession(id: $id) { errors { code } } }",
        {"id": session_id(2)},
    )
    assert await _status(graphql, confirmed) == "CANCELLED"
    assert await _status(graphql, waitlisted) == "REFUSED"
    counts = (await graphql.data(COUNTS, {"id": session_id(2)}))["node"]
    assert counts["seatsTaken"] == 0 and counts["waitlistLength"] == 0


class ClosedRegistrations:
    """A regional plugin whose new rule refuses every registration."""

    @hookimpl
    def cps_rules(self):
        return [Rule("TEST_CLOSED", RuleSubject.REGISTRATION, "Les inscriptions sont closes.")]

    @hookimpl
    def cps_validate_registration(self, registration, target):
        return [Violation("TEST_CLOSED", "target", "Les inscriptions sont closes.")]


async def test_a_rule_brought_by_a_plugin_is_applied_at_start_to_those_waiting(
    settings, graphql, set_capacity, register
):
    await set_capacity(2, 1)
    confirmed, waiting, *_ = await _register_four(graphql, register)
    plugins = builtin_plugins()
    plugins.register(ClosedRegistrations(), name="closed")
    async with service(settings, plugins) as restarted:
        kept = await restarted.data(MINE_WITH_RULES, {"r": confirmed["reference"]})
        refused = await restarted.data(MINE_WITH_RULES, {"r": waiting["reference"]})
    assert kept["myRegistration"]["status"] == "CONFIRMED"
    assert refused["myRegistration"]["status"] == "REFUSED"
    assert {"code": "TEST_CLOSED", "outcome": "VIOLATED"} in refused["myRegistration"][
        "evaluatedRules"
    ]
