"""Capacity is never exceeded: 50 addresses confirmed at once for 10 seats, through HTTP."""

from __future__ import annotations

import asyncio

from tests.registering import confirmation_link
from tests.staff.conftest import REGISTER, module_1_person, session_id

MINE = "query($r: String!) { myRegistration(reference: $r) { status } }"


async def test_50_simultaneous_confirmations_for_10_seats(graphql, client, app, set_capacity):
    await set_capacity(2, 10)
    answers = await asyncio.gather(
        *(
            graphql.data(
                REGISTER, {"target": session_id(2), "registration": module_1_person(n)}
            )
            for n in range(50)
        )
    )
    assert {answer["register"]["registration"]["status"] for answer in answers} == {"UNCONFIRMED"}
    # The seats are taken when the addresses are confirmed: the 50 links followed at once.
    links = [await confirmation_link(app, module_1_person(n)["email"]) for n in range(50)]
    pages = await asyncio.gather(*(client.post(link) for link in links))
    assert all(page.status_code == 200 for page in pages)
    statuses = [
        (await graphql.data(MINE, {"r": answer["register"]["reference"]}))["myRegistration"][
            "status"
        ]
        for answer in answers
    ]
    assert statuses.count("CONFIRMED") == 10
    assert statuses.count("WAITLISTED") == 40
    assert sum("Votre inscription est confirmée" in page.text for page in pages) == 10
    assert sum("en position" in page.text for page in pages) == 40
    counts = await graphql.data(
        "query($id: ID!) { node(id: $id) { ... on TrainingSession { seatsTaken seatsLeft "
        "waitlistLength } } }",
        {"id": session_id(2)},
    )
    assert counts["node"] == {"seatsTaken": 10, "seatsLeft": 0, "waitlistLength": 40}
