"""``cps serve --workers 2`` on PostgreSQL: a write is seen by the next request to any worker,
in GraphQL and in the calendar feeds (their ETags included); 50 registrations sent at once for
10 seats get exactly 10; concurrent retries of one idempotency key all get the first result; a
private feed stops on every worker as soon as its owner's token is revoked.

The write is made in the database directly, through the ORM as the service writes: that is all
another worker's write amounts to. Each answer names its worker (``CPS_WORKER_HEADER``), and
requests go on, each on a new connection, until both workers have answered.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from strawberry.relay import to_base64
from typer.testing import CliRunner

from core import bootstrap
from core.cli import app as cps_app
from core.db import Database
from core.models import Registration, SessionPlace, TrainingSession
from core.models.enums import StaffRole
from core.services.api_tokens import create_token
from core.settings import Settings
from tests.conftest import TEST_DATABASE_URL
from tests.factories import add_sessions
from tests.serving import cps_serve
from tests.services import unavailable

REGION_FEED = "/calendars/region.ics"
SESSION = "{ sessions(first: 1, filter: {year: 2025}) { edges { node { id number capacity } } } }"


async def _reset(url: str) -> None:
    database = Database.open(url)
    try:
        await bootstrap.check_connection(database, url)
        async with database.engine.begin() as connection:
            await connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            await connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        await database.close()


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest) -> str:
    """A PostgreSQL database for the service: the suite's own when it runs on PostgreSQL (freshly
    seeded), else ``CPS_TEST_POSTGRES_URL``, emptied (``cps serve`` migrates and seeds it)."""
    if TEST_DATABASE_URL and not TEST_DATABASE_URL.startswith("sqlite"):
        return request.getfixturevalue("database_url")
    given = os.environ.get("CPS_TEST_POSTGRES_URL", "").strip()
    if not given:
        unavailable("PostgreSQL", "ni CPS_TEST_DATABASE_URL ni CPS_TEST_POSTGRES_URL")
    url = Settings.from_env(database_url=given).database_url
    try:
        asyncio.run(_reset(url))
    except bootstrap.DatabaseUnavailable as error:
        unavailable("PostgreSQL", str(error))
    return url


async def _write(url: str, capacity: int, venue: str) -> None:
    database = Database.open(url)
    try:
        async with database.sessions() as session, session.begin():
            training = await session.scalar(
                select(TrainingSession).where(
                    TrainingSession.year == 2025, TrainingSession.number == 1
                )
            )
            training.capacity = capacity
            place = await session.scalar(select(SessionPlace).where(SessionPlace.city == "Le Mans"))
            place.venue = venue
    finally:
        await database.close()


def _each_worker(fetch: Callable[[], httpx.Response]) -> dict[str, httpx.Response]:
    """One answer of each of the two workers to ``fetch`` (which opens a new connection)."""
    answers: dict[str, httpx.Response] = {}
    for _ in range(200):
        response = fetch()
        answers.setdefault(response.headers["x-cps-worker"], response)
        if len(answers) == 2:
            return answers
    pytest.fail(f"only worker(s) {sorted(answers)} answered 200 requests")


def _capacity(response: httpx.Response) -> int | None:
    assert response.status_code == 200, response.text
    return response.json()["data"]["sessions"]["edges"][0]["node"]["capacity"]


@contextmanager
def _serving(postgres_url: str, tmp_path: Path, **settings: str) -> Iterator[str]:
    """``cps serve --workers 2`` on ``postgres_url`` with ``settings`` (``CPS_*`` variables);
    yields its base URL once ready, and stops it on the way out."""
    env = {
        "CPS_DATABASE_URL": postgres_url,
        "CPS_WORKER_HEADER": "true",
        "CPS_RATE_LIMIT_ANONYMOUS": "10000",
        **settings,
    }
    with cps_serve(tmp_path, env, "--workers", "2") as base:
        yield base


def test_two_workers_on_postgresql_see_a_write_at_once(postgres_url: str, tmp_path: Path):
    with _serving(postgres_url, tmp_path) as base:
        sent: list[int] = []

        def post() -> httpx.Response:
            sent.append(1)
            return httpx.post(f"{base}/graphql", json={"query": SESSION})

        def get(**headers: str) -> Callable[[], httpx.Response]:
            def fetch() -> httpx.Response:
                sent.append(1)
                return httpx.get(f"{base}/graphql", params={"query": SESSION}, headers=headers)

            return fetch

        def feed(**headers: str) -> Callable[[], httpx.Response]:
            return lambda: httpx.get(f"{base}{REGION_FEED}", headers=headers)

        # Both workers have read the data (a worker that kept it would keep these answers).
        before = _each_worker(post)
        assert all(_capacity(response) != 17 for response in before.values())
        [old_etag] = {response.headers["etag"] for response in _each_worker(get()).values()}
        feeds = _each_worker(feed())
        assert all(response.status_code == 200 for response in feeds.values())
        assert all(b"Salle B" not in response.content for response in feeds.values())
        [old_feed_etag] = {response.headers["etag"] for response in feeds.values()}

        asyncio.run(_write(postgres_url, capacity=17, venue="Salle B"))

        after = _each_worker(post)
        assert set(after) == set(before)
        assert all(_capacity(response) == 17 for response in after.values())
        revalidated = _each_worker(get(**{"if-none-match": old_etag}))
        assert all(_capacity(response) == 17 for response in revalidated.values())
        assert len({response.headers["etag"] for response in revalidated.values()}) == 1
        feeds = _each_worker(feed(**{"if-none-match": old_feed_etag}))
        assert all(response.status_code == 200 for response in feeds.values())
        assert all(b"Salle B" in response.content for response in feeds.values())
        [new_feed_etag] = {response.headers["etag"] for response in feeds.values()}
        assert new_feed_etag != old_feed_etag
        unchanged = _each_worker(feed(**{"if-none-match": new_feed_etag}))
        assert all(response.status_code == 304 for response in unchanged.values())

        # Whichever worker answers the scrape, it counts every worker's GraphQL requests.
        metrics = httpx.get(f"{base}/metrics").text
        answered = 'cps_http_requests_total{operation="anonymous",route="/graphql",status="200"}'
        [line] = [line for line in metrics.splitlines() if line.startswith(answered)]
        assert float(line.split()[-1]) == len(sent)


REGISTER = """
mutation($target: ID!, $registration: RegistrationDraftInput!, $key: String) {
  register(target: $target, registration: $registration, idempotencyKey: $key) {
    reference registration { id status } errors { code }
  }
}
"""


async def _future_session(url: str, capacity: int, number: int = 1) -> str:
    """Add a module 1 session in 2030 (its ``number``) with ``capacity`` seats; its global ID."""
    database = Database.open(url)
    try:
        await add_sessions(database, 1, year=2030 + number)
        async with database.sessions() as session, session.begin():
            training = await session.scalar(
                select(TrainingSession).where(TrainingSession.year == 2030 + number)
            )
            training.capacity = capacity
            return to_base64("TrainingSession", training.public_id)
    finally:
        await database.close()


async def _registrations(url: str) -> int:
    database = Database.open(url)
    try:
        async with database.sessions() as session:
            return await session.scalar(select(func.count(Registration.id)))
    finally:
        await database.close()


def _person(n: int) -> dict:
    return {
        "departmentCode": "49", "fullName": f"Camille Martin {n}",
        "email": f"camille.martin.{n}@example.org", "employerCommitment": True,
    }


async def _send_together(
    base: str, bodies: list[dict], token: str | None = None
) -> list[httpx.Response]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(base_url=base, timeout=60, headers=headers) as http:
        return await asyncio.gather(*(http.post("/graphql", json=body) for body in bodies))


# Every registration here comes from one address: the caps per address are the subject of
# tests/staff/test_registration_flood.py, not of these.
UNCAPPED = {"CPS_REGISTRATION_CAP_PER_TARGET": "0", "CPS_REGISTRATION_CAP_PER_ADDRESS": "0"}


def _on_both_workers(batch: Callable[[int], list[httpx.Response]]) -> list[httpx.Response]:
    """The answers of the first ``batch(attempt)`` that both workers took part in: on a busy
    machine one worker may accept every connection of a batch, which proves nothing."""
    for attempt in range(8):
        answers = batch(attempt)
        if len({answer.headers["x-cps-worker"] for answer in answers}) == 2:
            return answers
    pytest.fail("one worker answered every batch")


def test_50_registrations_at_once_for_10_seats_on_two_workers(postgres_url, tmp_path):
    # Staff registrations take their seats at once (an anonymous one waits for its address to
    # be confirmed, which tests/mail races the same way); the seats are the subject here.
    with _serving(postgres_url, tmp_path, **UNCAPPED) as base:
        token, _token_id = asyncio.run(_regional_token(postgres_url))

        def batch(attempt: int) -> list[httpx.Response]:
            target = asyncio.run(_future_session(postgres_url, capacity=10, number=attempt + 1))
            bodies = [
                {"query": REGISTER, "variables": {"target": target, "registration": _person(n)}}
                for n in range(50)
            ]
            return asyncio.run(_send_together(base, bodies, token))

        answers = _on_both_workers(batch)
    assert all(answer.status_code == 200 for answer in answers)
    payloads = [answer.json()["data"]["register"] for answer in answers]
    statuses = [payload["registration"]["status"] for payload in payloads]
    assert statuses.count("CONFIRMED") == 10 and statuses.count("WAITLISTED") == 40


def test_concurrent_retries_of_one_key_on_two_workers_get_the_first_result(
    postgres_url, tmp_path
):
    with _serving(postgres_url, tmp_path, **UNCAPPED) as base:
        target = asyncio.run(_future_session(postgres_url, capacity=100))
        sent: list[int] = []

        def batch(attempt: int) -> list[httpx.Response]:
            sent.append(attempt)
            variables = {
                "target": target, "registration": _person(attempt), "key": f"formulaire-{attempt}"
            }
            return asyncio.run(
                _send_together(base, [{"query": REGISTER, "variables": variables}] * 20)
            )

        answers = _on_both_workers(batch)
        registered = asyncio.run(_registrations(postgres_url))
    assert all(answer.status_code == 200 for answer in answers)
    payloads = [answer.json()["data"]["register"] for answer in answers]
    assert all(payload["errors"] == [] for payload in payloads), payloads
    assert len({payload["reference"] for payload in payloads}) == 1
    assert payloads[0]["reference"].startswith("ref_")
    # Anonymous: the one registration waits for its address to be confirmed.
    assert {payload["registration"]["status"] for payload in payloads} == {"UNCONFIRMED"}
    # One registration per batch (one person each), however many retries each batch held.
    assert registered == len(sent)


async def _regional_token(url: str) -> tuple[str, str]:
    """A new regional API token: its secret and its ID."""
    database = Database.open(url)
    try:
        async with database.sessions() as session:
            created = await create_token(session, role=StaffRole.REGIONAL, name="Sortante")
            await session.commit()
            return created.secret, created.row.public_id
    finally:
        await database.close()


def test_a_private_feed_dies_with_its_owners_token_on_every_worker(postgres_url, tmp_path):
    subscribe = (
        'mutation { createCalendarSubscription(label: "Bureau", scope: DEPARTMENT, '
        'departmentCode: "44") { url } }'
    )
    with _serving(postgres_url, tmp_path) as base:
        secret, token_id = asyncio.run(_regional_token(postgres_url))
        created = httpx.post(
            f"{base}/graphql", json={"query": subscribe},
            headers={"Authorization": f"Bearer {secret}"},
        )
        url = created.json()["data"]["createCalendarSubscription"]["url"]
        path = url.split("/calendars/", 1)[1]

        def feed() -> httpx.Response:
            return httpx.get(f"{base}/calendars/{path}")

        assert {r.status_code for r in _each_worker(feed).values()} == {200}
        revoked = CliRunner().invoke(
            cps_app, ["token", "revoke", token_id], env={"CPS_DATABASE_URL": postgres_url}
        )
        assert revoked.exit_code == 0 and "Bureau" in revoked.output, revoked.output
        assert {r.status_code for r in _each_worker(feed).values()} == {404}
