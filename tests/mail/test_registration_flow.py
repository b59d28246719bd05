"""Registering without a staff token, as a person does from a partner site: the e-mail asking
to confirm the address, the link followed over HTTP, the outcome page and e-mail, the
registration's page and its cancel button; the neutral answers."""

from __future__ import annotations

import asyncio
import re
from datetime import date

import icalendar
from asgi_lifespan import LifespanManager

from core.app import create_app
from core.hooks.testkit import GraphQLClient
from core.models.enums import StaffRole
from core.services.api_tokens import create_token
from tests.mail.smtp import html_of, links_in, subject_of, text_of
from tests.mail.conftest import QUICK_OUTBOX
from tests.serving import BASE_URL, client_of, settings_for
from tests.staff.conftest import REGISTER, module_2_person, session_id

COUNTS = """
query($id: ID!) { node(id: $id) { ... on TrainingSession { seatsTaken seatsLeft waitlistLength } } }
"""
SET_SESSION_CAPACITY = """
mutation($id: ID!, $capacity: Int) {
  updateTrainingSession(id: $id, input: {capacity: $capacity}) { errors { code } }
}
"""


async def staff_client(app, http) -> GraphQLClient:
    """A GraphQL client of ``http`` sending a new regional staff token."""
    async with app.state.database.sessions() as db:
        created = await create_token(db, role=StaffRole.REGIONAL, name="Pôle régional")
        await db.commit()
    return GraphQLClient(http, created.secret)


async def _register(graphql, n: int = 0, **overrides) -> dict:
    data = await graphql.data(
        REGISTER, {"target": session_id(1), "registration": module_2_person(n, **overrides)}
    )
    return data["register"]


async def test_an_anonymous_registration_holds_nothing_until_its_address_is_confirmed(
    mail_client, smtp, clock
):
    clock.set_day(date(2025, 3, 1))
    graphql = GraphQLClient(mail_client)
    answer = await _register(graphql)
    assert answer["errors"] == [] and answer["reference"]
    assert answer["registration"]["status"] == "UNCONFIRMED"
    counts = (await graphql.data(COUNTS, {"id": session_id(1)}))["node"]
    assert counts["seatsTaken"] == 0

    [request] = await smtp.wait_for(1)
    assert request["To"] == "camille.martin.0@example.org"
    assert subject_of(request) == (
        "Confirmez votre adresse pour votre inscription : Session 1 (2025) — Module 2"
    )
    assert "aucune place n'est réservée" in text_of(request)
    assert "<img" not in html_of(request)
    [confirm] = links_in(request, BASE_URL)
    assert confirm.startswith("/inscription/confirmer/lien_")

    # Following the link shows a button; only its POST confirms (a link scanner confirms nothing).
    page = await mail_client.get(confirm)
    assert page.status_code == 200 and "Confirmer mon adresse" in page.text
    assert (await graphql.data(COUNTS, {"id": session_id(1)}))["node"]["seatsTaken"] == 0
    outcome = await mail_client.post(confirm)
    assert outcome.status_code == 200
    assert "Votre inscription est confirmée" in outcome.text
    assert (await graphql.data(COUNTS, {"id": session_id(1)}))["node"]["seatsTaken"] == 1
    # Single use.
    assert (await mail_client.post(confirm)).status_code == 404
    assert (await mail_client.get(confirm)).status_code == 404

    [_, confirmed] = await smtp.wait_for(2)
    assert subject_of(confirmed) == "Inscription confirmée : Session 1 (2025) — Module 2"
    assert "lundi 28 avril 2025, 9 h – 17 h" in text_of(confirmed)
    assert confirmed["Message-ID"] != request["Message-ID"]
    [manage] = links_in(confirmed, BASE_URL)
    page = await mail_client.get(manage)
    assert page.status_code == 200
    assert "Inscription confirmée" in page.text and "Annuler mon inscription" in page.text
    # The session's calendar file, linked from the page, is the feed's.
    calendar_paths = re.findall(r'href="(/calendars/sessions/[^"]+)"', page.text)
    assert len(calendar_paths) == 1
    calendar_path = calendar_paths[0]
    assert calendar_path.startswith("/calendars/sessions/")
    feed = icalendar.Calendar.from_ical((await mail_client.get(calendar_path)).content)
    assert len(list(feed.walk("VEVENT"))) == 3

    cancelled = await mail_client.post(manage + "/annuler")
    assert cancelled.status_code == 303
    page = await mail_client.get(cancelled.headers["location"])
    assert "Inscription annulée" in page.text and "Annuler mon inscription" not in page.text
    assert (await graphql.data(COUNTS, {"id": session_id(1)}))["node"]["seatsTaken"] == 0


async def test_a_script_registering_50_addresses_without_confirming_holds_no_seat(
    mail_client, smtp, clock, mail_app
):
    clock.set_day(date(2025, 3, 1))
    graphql = GraphQLClient(mail_client)
    for n in range(50):
        answer = await _register(graphql, n, email=f"inventee.{n}@example.org")
        assert answer["registration"]["status"] == "UNCONFIRMED"
    counts = (await graphql.data(COUNTS, {"id": session_id(1)}))["node"]
    assert counts == {"seatsTaken": 0, "seatsLeft": counts["seatsLeft"], "waitlistLength": 0}
    assert counts["seatsLeft"] is None or counts["seatsLeft"] > 0
    await smtp.wait_for(50)
    # A real person who confirms gets a seat at once.
    await _register(graphql, 99)
    messages = await smtp.wait_for(51)
    [real] = [m for m in messages if m["To"] == "camille.martin.99@example.org"]
    await mail_client.post(links_in(real, BASE_URL)[0])
    assert (await graphql.data(COUNTS, {"id": session_id(1)}))["node"]["seatsTaken"] == 1


async def test_registering_an_address_already_registered_answers_as_for_a_new_one(
    mail_client, smtp, clock
):
    clock.set_day(date(2025, 3, 1))
    graphql = GraphQLClient(mail_client)
    await _register(graphql)
    [request] = await smtp.wait_for(1)
    await mail_client.post(links_in(request, BASE_URL)[0])
    await smtp.wait_for(2)

    again = await _register(graphql)
    fresh = await _register(graphql, 1)
    assert again["errors"] == fresh["errors"] == []
    assert again["registration"]["status"] == fresh["registration"]["status"] == "UNCONFIRMED"
    assert again["reference"] and again["registration"]["id"]
    assert set(again) == set(fresh)

    messages = await smtp.wait_for(4)
    [told] = [m for m in messages[2:] if m["To"] == "camille.martin.0@example.org"]
    assert subject_of(told) == "Vos liens d'inscription au Pôle CPS"
    assert "déjà inscrit·e" in text_of(told)
    [manage] = links_in(told, BASE_URL)
    page = await mail_client.get(manage)
    assert "Inscription confirmée" in page.text
    assert (await graphql.data(COUNTS, {"id": session_id(1)}))["node"]["seatsTaken"] == 1


SEND_LINKS = """
mutation($email: String!) { sendMyRegistrationLinks(email: $email) { message } }
"""
CANCEL_SESSION = """
mutation($id: ID!) { cancelTrainingSession(id: $id) { errors { code } } }
"""


async def _confirm_latest(mail_client, smtp, count: int, to: str) -> str:
    """Wait for the ``count``-th e-mail, follow the confirmation link sent to ``to``; the
    outcome page's text."""
    messages = await smtp.wait_for(count)
    [request] = [
        m for m in messages
        if m["To"] == to and subject_of(m).startswith("Confirmez votre adresse")
    ]
    return (await mail_client.post(links_in(request, BASE_URL)[0])).text


async def test_send_me_my_links_again_answers_the_same_for_any_address(
    mail_client, smtp, clock
):
    clock.set_day(date(2025, 3, 1))
    graphql = GraphQLClient(mail_client)
    await _register(graphql)
    await _confirm_latest(mail_client, smtp, 1, "camille.martin.0@example.org")
    await smtp.wait_for(2)

    known = await graphql.data(SEND_LINKS, {"email": "Camille.Martin.0@example.org"})
    unknown = await graphql.data(SEND_LINKS, {"email": "personne@example.org"})
    assert known == unknown
    assert "Si cette adresse a des inscriptions" in known["sendMyRegistrationLinks"]["message"]
    [*_, links] = await smtp.wait_for(3)
    assert links["To"] == "camille.martin.0@example.org"
    assert subject_of(links) == "Vos liens d'inscription au Pôle CPS"
    assert "Vous avez demandé à recevoir de nouveau" in text_of(links)
    [manage] = links_in(links, BASE_URL)
    assert "Inscription confirmée" in (await mail_client.get(manage)).text
    # Asked again at once: the same answer, and no flood of e-mails.
    again = await graphql.data(SEND_LINKS, {"email": "camille.martin.0@example.org"})
    assert again == known
    await asyncio.sleep(0.5)
    assert len(smtp.messages) == 3


async def test_waitlisted_then_promoted_with_a_link_to_give_the_seat_up(
    mail_client, smtp, clock, mail_app
):
    clock.set_day(date(2025, 3, 1))
    graphql = GraphQLClient(mail_client)
    regional = await staff_client(mail_app, mail_client)
    await regional.data(SET_SESSION_CAPACITY, {"id": session_id(1), "capacity": 1})
    await _register(graphql, 0)
    await _confirm_latest(mail_client, smtp, 1, "camille.martin.0@example.org")
    await _register(graphql, 1)
    await _register(graphql, 2)
    page = await _confirm_latest(mail_client, smtp, 4, "camille.martin.1@example.org")
    assert "liste d'attente, en position 1" in page
    page = await _confirm_latest(mail_client, smtp, 5, "camille.martin.2@example.org")
    assert "liste d'attente, en position 2" in page
    messages = await smtp.wait_for(6)
    [waitlisted] = [
        m for m in messages
        if m["To"] == "camille.martin.2@example.org" and subject_of(m).startswith("Liste")
    ]
    assert "en position 2" in text_of(waitlisted)

    # The confirmed person cancels from her page: the first waiting is promoted and told.
    [confirmed] = [m for m in messages if subject_of(m).startswith("Inscription confirmée")]
    await mail_client.post(links_in(confirmed, BASE_URL)[0] + "/annuler")
    messages = await smtp.wait_for(8)
    [cancelled] = [m for m in messages if subject_of(m).startswith("Inscription annulée")]
    assert cancelled["To"] == "camille.martin.0@example.org"
    [promoted] = [m for m in messages if subject_of(m).startswith("Une place")]
    assert promoted["To"] == "camille.martin.1@example.org"
    assert subject_of(promoted) == "Une place s'est libérée : Session 1 (2025) — Module 2"
    assert "elle vous est attribuée" in text_of(promoted)
    assert "Votre inscription est confirmée" in text_of(promoted)
    # She does not want it: one click (and its button) gives it to the next.
    [give_up] = links_in(promoted, BASE_URL)
    assert (await mail_client.post(give_up + "/annuler")).status_code == 303
    messages = await smtp.wait_for(10)
    [_, promoted_next] = [m for m in messages if subject_of(m).startswith("Une place")]
    assert promoted_next["To"] == "camille.martin.2@example.org"


async def test_a_registration_refused_when_confirmed_says_why(mail_client, smtp, clock, mail_app):
    clock.set_day(date(2025, 3, 1))
    graphql = GraphQLClient(mail_client)
    await _register(graphql)
    regional = await staff_client(mail_app, mail_client)
    await regional.data(CANCEL_SESSION, {"id": session_id(1)})
    page = await _confirm_latest(mail_client, smtp, 1, "camille.martin.0@example.org")
    assert "L'inscription n'a pas pu être acceptée" in page
    assert "est annulé" in page
    counts = (await graphql.data(COUNTS, {"id": session_id(1)}))["node"]
    assert counts["seatsTaken"] == 0 and counts["waitlistLength"] == 0
    [_, refused] = await smtp.wait_for(2)
    assert subject_of(refused) == "Inscription refusée : Session 1 (2025) — Module 2"
    assert "« Session 1 (2025) — Module 2 » est annulé" in text_of(refused)


async def test_no_link_secret_or_reference_in_any_log_line(mail_client, smtp, clock, caplog):
    caplog.set_level("DEBUG")
    clock.set_day(date(2025, 3, 1))
    graphql = GraphQLClient(mail_client)
    answer = await _register(graphql)
    [request] = await smtp.wait_for(1)
    [confirm] = links_in(request, BASE_URL)
    await mail_client.get(confirm)
    await mail_client.post(confirm)
    [_, confirmed] = await smtp.wait_for(2)
    [manage] = links_in(confirmed, BASE_URL)
    await mail_client.get(manage)
    await mail_client.post(manage + "/annuler")
    # The service's own lines (the test's HTTP client and the database driver's debug lines
    # are not the service's log).
    logged = "\n".join(
        record.getMessage() + repr(record.__dict__)
        for record in caplog.records
        if record.name.split(".")[0] in ("cps", "core", "uvicorn", "starlette")
    )
    assert "/inscription/{secret}" in logged  # the requests were logged, without the secret
    for secret in (confirm.rsplit("/", 1)[1], manage.rsplit("/", 1)[1], answer["reference"]):
        assert secret not in logged


async def test_an_unconfirmed_registration_expires_holding_nothing(database_url, smtp, clock):
    clock.set_day(date(2025, 3, 1))
    settings = settings_for(
        database_url, smtp_url=smtp.url, confirmation_hours=0.0003, **QUICK_OUTBOX
    )  # about a second
    app = create_app(settings, clock=clock)
    async with LifespanManager(app), client_of(app) as http:
        graphql = GraphQLClient(http)
        answer = await _register(graphql)
        [request] = await smtp.wait_for(1)
        [confirm] = links_in(request, BASE_URL)
        await asyncio.sleep(1.5)
        assert (await http.get(confirm)).status_code == 404
        assert (await http.post(confirm)).status_code == 404
        mine = await graphql.data(
            "query($r: String!) { myRegistration(reference: $r) { status fullName } }",
            {"r": answer["reference"]},
        )
        assert mine["myRegistration"] == {"status": "CANCELLED", "fullName": None}
        assert (await graphql.data(COUNTS, {"id": session_id(1)}))["node"]["seatsTaken"] == 0
