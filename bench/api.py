"""Benchmark of the GraphQL API against the floor: the same data straight from SQL.

Run it from the repository root (it needs nothing but the project installed):

    .venv/bin/python -m bench.api                       # scratch SQLite database
    .venv/bin/python -m bench.api --database-url postgresql://postgres@127.0.0.1:5432/bench

A PostgreSQL database given here is emptied: its ``public`` schema is dropped and rebuilt.
Both endpoints run in this process, in one app, on one engine, called in-process through
httpx's ASGI transport, so the ratio measures the service's own overhead. Figures are medians;
ratios are GraphQL over floor (lower is better). Nothing here is asserted: machines are noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time as time_of_day
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy import event, text
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bench import dataset
from core.app import create_app
from core.db import Database
from core.runtime import tune_garbage_collector
from core.settings import Settings
from core.timezone import paris_datetime

# The floor answers uncompressed, so the service is asked for the same.
IDENTITY = {"accept-encoding": "identity"}
UPCOMING_FROM = date(2026, 1, 1)

PARTNER_QUERY = """
query Partner($department: String!, $from: Date!, $first: Int!) {
  sessions(filter: {department: $department, dateFrom: $from}, first: $first) {
    edges { node {
      id number year status startsOn placeTentative placeLabel
      department { code name }
      module { number title }
      places { city postalCode }
      days { date startsAt endsAt }
      trainers { fullName organization { name } }
    } }
  }
}
"""

LIST_QUERY = """
query Page($after: String) {
  sessions(first: 100, after: $after) {
    pageInfo { endCursor hasNextPage }
    edges { node { id number startsOn } }
  }
}
"""

FLOOR_SESSIONS = text(
    """
    SELECT s.id, s.public_id, s.number, s.year, s.status, s.starts_on, s.place_tentative,
           d.code, d.name, m.number, m.title
    FROM training_session s
    JOIN training_module m ON m.id = s.module_id
    LEFT JOIN department d ON d.code = s.department_code
    WHERE (s.department_code = :department OR EXISTS (
              SELECT 1 FROM session_place p
              WHERE p.session_id = s.id AND p.department_code = :department))
      AND s.ends_on >= :upcoming
      AND EXISTS (SELECT 1 FROM session_day d2 WHERE d2.session_id = s.id AND d2.date >= :upcoming)
    ORDER BY s.starts_on, s.id
    LIMIT :first
    """
)


def _in(ids: list[int]) -> str:
    return ",".join(str(int(i)) for i in ids) or "NULL"


async def floor_partner(request: Request) -> JSONResponse:
    """The partner query's data, hand-written: four statements and plain dictionaries."""
    database: Database = request.app.state.database
    first = int(request.query_params["first"])
    async with database.engine.connect() as connection:
        rows = (
            await connection.execute(
                FLOOR_SESSIONS,
                {
                    "department": request.query_params["department"],
                    "upcoming": UPCOMING_FROM,
                    "first": first,
                },
            )
        ).all()
        ids = [row[0] for row in rows]
        days, places, trainers = defaultdict(list), defaultdict(list), defaultdict(list)
        for session_id, day, start, end in await connection.execute(
            text(f"SELECT session_id, date, start_time, end_time FROM session_day "
                 f"WHERE session_id IN ({_in(ids)}) ORDER BY session_id, date")
        ):
            day = date.fromisoformat(day) if isinstance(day, str) else day
            start_at = paris_datetime(day, start if not isinstance(start, str) else _time(start))
            end_at = paris_datetime(day, end if not isinstance(end, str) else _time(end))
            days[session_id].append(
                {"date": day.isoformat(), "startsAt": start_at.isoformat(), "endsAt": end_at.isoformat()}
            )
        for session_id, city, postal_code in await connection.execute(
            text(f"SELECT session_id, city, postal_code FROM session_place "
                 f"WHERE session_id IN ({_in(ids)}) ORDER BY session_id, position")
        ):
            places[session_id].append({"city": city, "postalCode": postal_code})
        for session_id, given, family, organization in await connection.execute(
            text(
                "SELECT st.session_id, p.given_name, p.family_name, o.name FROM session_trainer st "
                "JOIN person p ON p.id = st.person_id LEFT JOIN organization o ON o.id = p.organization_id "
                f"WHERE st.session_id IN ({_in(ids)}) ORDER BY st.session_id, st.position"
            )
        ):
            trainers[session_id].append(
                {"fullName": f"{given} {family}", "organization": {"name": organization}}
            )
    edges = [
        {
            "node": {
                "id": row[1],
                "number": row[2],
                "year": row[3],
                "status": row[4],
                "startsOn": str(row[5]),
                "placeTentative": bool(row[6]),
                "placeLabel": " ou ".join(p["city"] for p in places[row[0]]),
                "department": {"code": row[7], "name": row[8]} if row[7] else None,
                "module": {"number": f"MODULE_{row[9]}", "title": row[10]},
                "places": places[row[0]],
                "days": days[row[0]],
                "trainers": trainers[row[0]],
            }
        }
        for row in rows
    ]
    return JSONResponse({"data": {"sessions": {"edges": edges}}})


def _time(value: str) -> time_of_day:
    return time_of_day.fromisoformat(value)


@dataclass
class Measure:
    """Latencies of one scenario and the SQL statements it ran."""

    latencies: list[float]
    statements: int

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p99(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000

    @property
    def rps(self) -> float:
        return len(self.latencies) / sum(self.latencies)

    def per_request(self) -> float:
        return self.statements / len(self.latencies)


class Counter:
    """Counts SQL statements on an engine."""

    def __init__(self, database: Database) -> None:
        self.count = 0
        event.listen(database.sync_engine, "before_cursor_execute", self._hit)

    def _hit(self, *_: Any) -> None:
        self.count += 1


async def measure_pair(
    call, base, repeat: int, counter: Counter, warmup: int = 5
) -> tuple[Measure, Measure]:
    """Run ``call`` and ``base`` in turn, ``warmup`` then ``repeat`` times each; each must
    succeed. Taking turns, both see the same machine: a shared machine's load changes from
    one second to the next, and would skew a ratio of two runs made one after the other."""
    for _ in range(warmup):
        await call()
        await base()
    latencies: tuple[list[float], list[float]] = ([], [])
    statements = [0, 0]
    for _ in range(repeat):
        for side, function in enumerate((call, base)):
            before = counter.count
            started = time.perf_counter()
            await function()
            latencies[side].append(time.perf_counter() - started)
            statements[side] += counter.count - before
    return Measure(latencies[0], statements[0]), Measure(latencies[1], statements[1])


async def run(database_url: str | None, repeat: int) -> list[tuple[str, Measure, Measure | None]]:
    """Build the data set, start the app with the floor route, and measure every scenario."""
    with tempfile.TemporaryDirectory() as folder:
        if database_url is None:
            url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        else:
            url = Settings.from_env(database_url=database_url).database_url
            scratch = Database.open(url)
            async with scratch.engine.begin() as connection:
                await connection.exec_driver_sql("DROP SCHEMA public CASCADE")
                await connection.exec_driver_sql("CREATE SCHEMA public")
            await scratch.close()
        builder = Database.open(url)
        await dataset.build(builder, url)
        await builder.close()

        # The 1,000-session query is over the public limits on purpose; the rate limiter would
        # refuse a benchmark and would add its own write to every request.
        settings = Settings.from_env(
            database_url=url,
            max_page_size=1000,
            max_query_cost=100_000,
            rate_limit_anonymous=0,
            rate_limit_partner=0,
        )
        app = create_app(settings)
        tune_garbage_collector(settings.gc_threshold)  # as core.asgi does for a served app
        app.router.routes.append(Route("/floor/partner", floor_partner))
        results, sizes = [], []
        async with LifespanManager(app):
            counter = Counter(app.state.database)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

                async def graphql(query: str, variables: dict) -> dict:
                    # Both sides answer uncompressed; the gzip saving is measured apart.
                    response = await client.post(
                        "/graphql",
                        json={"query": query, "variables": variables},
                        headers=IDENTITY,
                    )
                    body = response.json()
                    assert response.status_code == 200 and "errors" not in body, response.text[:300]
                    return body

                for size in (100, 1000):
                    variables = {"department": "44", "from": UPCOMING_FROM.isoformat(), "first": size}
                    got = await graphql(PARTNER_QUERY, variables)
                    assert len(got["data"]["sessions"]["edges"]) == size

                    async def floor(size=size):
                        response = await client.get("/floor/partner", params={"department": "44", "first": size})
                        assert len(response.json()["data"]["sessions"]["edges"]) == size

                    api, base = await measure_pair(
                        lambda: graphql(PARTNER_QUERY, variables),
                        floor,
                        repeat if size == 100 else max(5, repeat // 5),
                        counter,
                    )
                    results.append((f"partner query, {size} sessions", api, base))
                    sizes.append((size, *await answer_sizes(client, PARTNER_QUERY, variables)))

                cursors, after = [], None
                while len(cursors) < 50:
                    page = await graphql(LIST_QUERY, {"after": after})
                    cursors.append(after)
                    after = page["data"]["sessions"]["pageInfo"]["endCursor"]
                page50, page1 = await measure_pair(
                    lambda: graphql(LIST_QUERY, {"after": cursors[49]}),
                    lambda: graphql(LIST_QUERY, {"after": cursors[0]}),
                    repeat,
                    counter,
                )
                results.append(("sessions list, page 50 (vs page 1)", page50, page1))
    return results, sizes


async def answer_sizes(
    client: httpx.AsyncClient, query: str, variables: dict
) -> tuple[int, int, int]:
    """The bytes of the answer to ``query`` on the wire: uncompressed, in gzip, in brotli."""
    sent = []
    for headers in (IDENTITY, {"accept-encoding": "gzip"}, {"accept-encoding": "br"}):
        request = {"query": query, "variables": variables}
        async with client.stream("POST", "/graphql", json=request, headers=headers) as response:
            sent.append(len(b"".join([chunk async for chunk in response.aiter_raw()])))
    return sent[0], sent[1], sent[2]


def report(results, sizes, database: str) -> str:
    """The results as a Markdown table."""
    lines = [
        f"Database: {database}; Python {platform.python_version()} on {platform.machine()}, "
        f"{platform.system()}",
        "",
        "| scenario | req/s | p50 ms | p99 ms | SQL/req | floor req/s | floor p50 ms | ratio p50 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, api, base in results:
        lines.append(
            f"| {name} | {api.rps:.0f} | {api.p50:.2f} | {api.p99:.2f} | {api.per_request():.1f} | "
            f"{base.rps:.0f} | {base.p50:.2f} | {api.p50 / base.p50:.2f}x |"
        )
    lines.append("")
    for size, identity, gzipped, brotli in sizes:
        lines.append(
            f"Partner query, {size} sessions: {identity / 1000:.1f} kB, "
            f"{gzipped / 1000:.1f} kB in gzip ({identity / gzipped:.1f}x smaller), "
            f"{brotli / 1000:.1f} kB in brotli ({identity / brotli:.1f}x smaller)."
        )
    return "\n".join(lines)


def main() -> None:
    """Parse the arguments, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to empty and use")
    parser.add_argument("--repeat", type=int, default=100, help="requests per scenario")
    arguments = parser.parse_args()
    results, sizes = asyncio.run(run(arguments.database_url, arguments.repeat))
    print(report(results, sizes, "PostgreSQL" if arguments.database_url else "SQLite"))


if __name__ == "__main__":
    main()
