"""Capacity is never exceeded: 50 registrations sent at once for 10 seats, through HTTP."""

from __future__ import annotations

import asyncio

from tests.staff.conftest import REGISTER, module_1_person, session_id


async def test_50_simultaneous_registrations_for_10_seats(graphql, set_capacity):
    await set_capacity(2, 10)
    answers = await asyncio.gather(
        *(
            graphql.data(
                REGISTER, {"target": session_id(2), "registration": module_1_person(n)}
            )
            for n in range(50)
        )
    )
    statuses = [answer["register"]["registration"]["status"] for answer in answers]
    assert statuses.count("CONFIRMED") == 10
    assert statuses.count("WAITLISTED") == 40
    counts = await graphql.data(
        "query($id: ID!) { node(id: $id) { ... on TrainingSession { seatsTaken seatsLeft "
        "waitlistLength } } }",
        {"id": session_id(2)},
    )
    assert counts["node"] == {"seatsTaken": 10, "seatsLeft": 0, "waitlistLength": 40}
