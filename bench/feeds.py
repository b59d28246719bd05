"""Benchmark of the region feed with 5,000 training days (``--days``): build and polling cost.

Run it from the repository's root, in the project's virtual environment:

    python bench/feeds.py                      # a scratch SQLite database in a temporary folder
    python bench/feeds.py --database-url postgresql://postgres@127.0.0.1:5432/bench_feeds
    python bench/feeds.py --results bench/RESULTS.md   # also record the figures there

A PostgreSQL database given here is emptied (its ``public`` schema is dropped and rebuilt).
The script migrates and seeds the database, adds sessions until the region feed holds 5,000
training days, starts the application in-process with its lifespan, and reports medians over
repeated runs, as ratios:

- a full build of the region feed (the two SQL statements of its stamp and rows, mapping rows to
  entries, writing them) against a minimal hand-written serializer of the same rows, the floor:
  with every entry written by ``icalendar`` (a cold process) and after one change (the usual
  case: one entry written again). Target: within 2x of the floor after a change;
- answers through the application, called in-process as an ASGI server would: 200 with gzip,
  and 304 to ``If-None-Match``, against a static file of the same size served by Starlette's
  ``StaticFiles`` from the same application (its 200, and its 304 to its own ETag). Target: the
  feed's 304 within 1.5x of the static 304.

Nothing is asserted: the figures are for people to read.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
from itertools import groupby
from operator import attrgetter
import platform
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, time as clock_time, timedelta
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from asgi_lifespan import LifespanManager  # noqa: E402
from sqlalchemy import delete, func, select  # noqa: E402
from starlette.routing import Mount  # noqa: E402
from starlette.staticfiles import StaticFiles  # noqa: E402

from core import bootstrap  # noqa: E402
from core.app import create_app  # noqa: E402
from core.calendars import build, links, messages  # noqa: E402
from core.calendars.render import VTIMEZONE  # noqa: E402
from core.db import Database  # noqa: E402
from core.models import (  # noqa: E402
    Department,
    FeedEntryText,
    Person,
    PersonRoleAssignment,
    SessionDay,
    SessionPlace,
    SessionTrainer,
    TrainingModule,
    TrainingSession,
)
from core.models.enums import PersonRole, SessionStatus  # noqa: E402
from core.services import scheduling  # noqa: E402
from core.calendars.keys import FeedFilter, FeedKey, FeedKind  # noqa: E402
from core.calendars.rows import FeedRows, feed_rows  # noqa: E402
from core.calendars.scope import feed_scope  # noqa: E402
from core.calendars.stamp import feed_stamp  # noqa: E402
from core.services.people import person_search_fields  # noqa: E402
from core.settings import Settings  # noqa: E402
from core.text import search_key  # noqa: E402

BASE_URL = "https://cps.example.org"
REGION = FeedKey(FeedKind.REGION)
REGION_PATH = links.feed_path(REGION)
TARGET_DAYS = 5_000
CITIES = [
    ("Nantes", "44000"), ("Saint-Nazaire", "44600"), ("Angers", "49000"), ("Cholet", "49300"),
    ("Laval", "53000"), ("Le Mans", "72000"), ("La Roche-sur-Yon", "85000"),
]


# --- The data -----------------------------------------------------------------------------------


async def add_training_days(database: Database, total_days: int) -> int:
    """Add sessions of three days (Monday, Tuesday, and the next week's Thursday) until the
    database holds ``total_days`` training days; return how many sessions were added."""
    async with database.sessions() as session, session.begin():
        existing = await session.scalar(select(func.count()).select_from(SessionDay))
        modules = {m.number: m.id for m in await session.scalars(select(TrainingModule))}
        people = [
            Person(
                given_name=f"Formatrice{index}", family_name="Banc", aliases=[],
                roles=[PersonRoleAssignment(role=PersonRole.DEPARTMENT_TRAINER)],
                **person_search_fields(f"Formatrice{index}", "Banc", []),
            )
            for index in range(40)
        ]
        session.add_all(people)
        await session.flush()
        missing, number, added = total_days - existing, 0, 0
        week = date(2026, 1, 5)
        while missing > 0:
            number += 1
            day_count = min(3, missing)
            monday = week + timedelta(weeks=number // 4)
            dates = [monday, monday + timedelta(days=1), monday + timedelta(days=10)][:day_count]
            city, postal_code = CITIES[number % len(CITIES)]
            training = TrainingSession(
                year=monday.year, number=number, module_id=modules[1 + number % 2],
                department_code=postal_code[:2], status=SessionStatus.CONFIRMED,
                places=[SessionPlace(position=0, city=city, city_search=search_key(city),
                                     postal_code=postal_code, department_code=postal_code[:2])],
                trainers=[SessionTrainer(person_id=people[(number + k) % 40].id, position=k)
                          for k in range(2)],
            )
            training.set_days([
                SessionDay(date=day, start_time=clock_time(9), end_time=clock_time(17))
                for day in dates
            ])
            session.add(training)
            missing -= day_count
            added += 1
            if added % 500 == 0:
                await session.flush()
    return added


async def prepare_database(url: str) -> None:
    """Migrate and seed an empty database (a PostgreSQL one is emptied first)."""
    database = Database.open(url)
    try:
        if url.startswith("postgresql"):
            async with database.engine.begin() as connection:
                await connection.exec_driver_sql("DROP SCHEMA public CASCADE")
                await connection.exec_driver_sql("CREATE SCHEMA public")
        await bootstrap.prepare(database, url)
    finally:
        await database.close()


# --- The floor: a minimal hand-written serializer ------------------------------------------------


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def _line(text: str) -> bytes:
    """One content line, folded at 75 octets without splitting a UTF-8 character."""
    data = text.encode()
    if len(data) <= 75:
        return data + b"\r\n"
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: back to the character's start
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def minimal_serializer(rows: FeedRows, header: bytes, vtimezone: bytes) -> bytes:
    """The same training days and events as the feed, written with string formatting only:
    what any serializer must at least do (the text, escaping, folding). The floor."""

    def utc(moment) -> str:
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    def local(day, at) -> str:
        return f"{day:%Y%m%d}T{at:%H%M%S}"

    out = [header, vtimezone]
    prerequisites = {
        module_id: "\n".join([messages.PREREQUISITES, *(f"- {row.label}" for row in items)])
        for module_id, items in rows.prerequisites.items()
    }
    for session_id, days in groupby(rows.days, key=attrgetter("session_id")):
        days = list(days)
        session = rows.sessions[session_id]
        module = rows.modules[session.module_id]
        places = rows.places.get(session_id, [])
        trainers = ", ".join(
            f"{t.given_name} {t.family_name}" for t in rows.trainers.get(session_id, [])
        )
        location = f"{places[0].postal_code} {places[0].city}" if places else ""
        link = f"{BASE_URL}/calendars/sessions/{session.public_id}.ics"
        heading = (
            f"Session {session.number} ({session.year}) du module {module.number} : {module.title}."
        )
        changed = max(session.updated_at, module.updated_at)
        for number, day in enumerate(days, start=1):
            description = "\n".join([
                heading, f"Jour {number} sur {len(days)}.", f"Lieu : {location}.",
                f"Formateurs : {trainers}.", prerequisites.get(session.module_id, ""),
                f"Détails et ajout à votre agenda : {link}",
            ])
            stamp = utc(max(day.updated_at, changed))
            out += [
                b"BEGIN:VEVENT\r\n",
                _line(f"SUMMARY:{_escape(f'Module {module.number} — {module.title}')} "
                      f"(jour {number}/{len(days)})"),
                f"DTSTART;TZID=Europe/Paris:{local(day.date, day.start_time)}\r\n"
                f"DTEND;TZID=Europe/Paris:{local(day.date, day.end_time)}\r\n"
                f"DTSTAMP:{stamp}\r\nUID:{day.public_id}\r\nSEQUENCE:{day.sequence}\r\n".encode(),
                _line(f"CATEGORIES:{_escape(messages.TRAINING_CATEGORY)},Module {module.number}"),
                _line(f"DESCRIPTION:{_escape(description)}"),
                f"LAST-MODIFIED:{stamp}\r\n".encode(),
                _line(f"LOCATION:{_escape(location)}"),
                b"STATUS:CONFIRMED\r\nTRANSP:OPAQUE\r\n",
                _line(f"URL;VALUE=URI:{link}"),
                b"END:VEVENT\r\n",
            ]
    for event in rows.events:
        out += [
            b"BEGIN:VEVENT\r\n", _line(f"SUMMARY:{_escape(event.title)}"),
            f"DTSTART;TZID=Europe/Paris:{local(event.date, event.start_time)}\r\n"
            f"DTEND;TZID=Europe/Paris:{local(event.date, event.end_time)}\r\n"
            f"DTSTAMP:{utc(event.updated_at)}\r\nUID:{event.public_id}\r\n".encode(),
            _line(f"DESCRIPTION:{_escape(event.description or '')}"),
            b"STATUS:CONFIRMED\r\nEND:VEVENT\r\n",
        ]
    out.append(b"END:VCALENDAR\r\n")
    return b"".join(out)


# --- Timing helpers -----------------------------------------------------------------------------


def median_of(samples: list[float]) -> float:
    return statistics.median(samples)


async def timed(work: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await work()
    return time.perf_counter() - started


class AsgiCaller:
    """Calls the application as an ASGI server would, without sockets."""

    def __init__(self, app) -> None:
        self.app = app

    async def get(
        self, path: str, headers: dict[str, str]
    ) -> tuple[int, dict[bytes, bytes], bytes]:
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
            "scheme": "https", "path": path, "raw_path": path.encode(), "query_string": b"",
            "root_path": "", "server": ("cps.example.org", 443), "client": ("127.0.0.1", 50000),
            "headers": [(b"host", b"cps.example.org")]
            + [(name.encode(), value.encode()) for name, value in headers.items()],
        }
        received = False
        messages_out: list[dict] = []

        async def receive() -> dict:
            nonlocal received
            if not received:
                received = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.Event().wait()  # never disconnects
            return {"type": "http.disconnect"}

        async def send(message: dict) -> None:
            messages_out.append(message)

        await self.app(scope, receive, send)
        start = messages_out[0]
        body = b"".join(m.get("body", b"") for m in messages_out[1:])
        return start["status"], dict(start["headers"]), body

    async def per_request(
        self, path: str, headers: dict[str, str], expect: int, count: int
    ) -> float:
        """Seconds per request over ``count`` sequential requests."""
        started = time.perf_counter()
        for _ in range(count):
            status, _headers, _body = await self.get(path, headers)
            if status != expect:
                raise AssertionError(f"{path}: {status}, expected {expect}")
        return (time.perf_counter() - started) / count


# --- The benchmark ------------------------------------------------------------------------------


async def run(
    url: str, repeats: int, requests: int, days: int = TARGET_DAYS
) -> dict[str, float | int | str]:
    await prepare_database(url)
    database = Database.open(url)
    try:
        added = await add_training_days(database, days)
    finally:
        await database.close()

    settings = Settings.from_env(
        database_url=url, base_url=BASE_URL, rate_limit_anonymous=0, rate_limit_partner=0
    )
    app = create_app(settings)
    static_folder = Path(tempfile.mkdtemp(prefix="cps-bench-static-"))
    app.router.routes.append(Mount("/bench-static", StaticFiles(directory=static_folder)))
    figures: dict[str, float | int | str] = {"sessions_added": added}
    async with LifespanManager(app):
        feeds = app.state.calendars
        database = app.state.database
        criteria = FeedFilter()
        scope = feed_scope(REGION, criteria)
        today = feeds.today()

        async def full_build() -> None:
            # After a change the ETag is new: no copy of the body has it, the feed is built.
            state = await feeds.state(REGION, criteria)
            built_before = feeds.builds
            await feeds.body(REGION, criteria, state)
            assert feeds.builds == built_before + 1

        changes: list[str] = []

        async def one_change() -> None:
            async with database.sessions() as session, session.begin():
                day = await session.scalar(
                    select(SessionDay.public_id).where(SessionDay.cancelled_at.is_(None)).limit(1)
                )
                changes.append(day)
                await scheduling.reschedule_session_day(
                    session, day, start_time=clock_time(9, len(changes) % 60)
                )

        async def forget_stored_texts() -> None:
            async with database.sessions() as session, session.begin():
                await session.execute(delete(FeedEntryText))

        # Full builds in a process that just started (every cache of the worker empty): with no
        # entry text stored in the database (the first build ever, and every cold build before
        # the texts were stored: every entry written by icalendar), then with the texts another
        # worker stored (a cold worker now: only the changed entry written).
        cold, cold_worker = [], []
        for _ in range(max(3, repeats // 2)):
            await one_change()
            feeds.clear_caches()
            await forget_stored_texts()
            gc.collect()
            cold.append(await timed(full_build))
            await one_change()
            feeds.clear_caches()
            gc.collect()
            written_before = feeds.renderer.written
            cold_worker.append(await timed(full_build))
            assert feeds.renderer.written - written_before <= 3
        # Full builds after one change: one entry written again.
        warm = []
        for _ in range(repeats):
            await one_change()
            gc.collect()
            warm.append(await timed(full_build))

        # The stages, and the floor, on the same rows.
        sql, mapping, writing, floor = [], [], [], []
        for _ in range(repeats):
            async def read():
                async with database.sessions() as session:
                    await feed_stamp(session, scope, today)
                    return await feed_rows(session, REGION, scope)

            started = time.perf_counter()
            rows = await read()
            sql.append(time.perf_counter() - started)
            url_of_feed = links.feed_url(BASE_URL, REGION)
            started = time.perf_counter()
            content = build.feed_content(
                REGION, rows, base_url=BASE_URL, url=url_of_feed, today=today,
                include_cancelled=True,
            )
            mapping.append(time.perf_counter() - started)
            started = time.perf_counter()
            body = feeds.renderer.calendar(content.header, content.entries)
            writing.append(time.perf_counter() - started)
            started = time.perf_counter()
            floor_body = minimal_serializer(rows, content.header.to_ical(), VTIMEZONE)
            floor.append(time.perf_counter() - started)
        figures.update(
            days=sum(1 for _ in rows.days), feed_bytes=len(body), floor_bytes=len(floor_body),
            build_cold=median_of(cold), build_cold_worker=median_of(cold_worker),
            build_warm=median_of(warm), sql=median_of(sql),
            mapping=median_of(mapping), writing=median_of(writing), floor=median_of(floor),
        )

        # Answers through the application.
        caller = AsgiCaller(app)
        status, headers, zipped = await caller.get(REGION_PATH, {"accept-encoding": "gzip"})
        assert status == 200 and headers[b"content-encoding"] == b"gzip"
        etag = headers[b"etag"].decode()
        (static_folder / "region.ics.gz").write_bytes(zipped)
        static_path = "/bench-static/region.ics.gz"
        _, static_headers, static_body = await caller.get(static_path, {})
        assert len(static_body) == len(zipped)
        static_etag = static_headers[b"etag"].decode()
        figures["gzip_bytes"] = len(zipped)
        builds_before = feeds.builds

        samples: dict[str, list[float]] = {name: [] for name in (
            "feed_200", "static_200", "feed_304", "static_304", "feed_304_after_write"
        )}
        gzip_headers = {"accept-encoding": "gzip"}
        for _ in range(repeats):
            samples["feed_200"].append(
                await caller.per_request(REGION_PATH, gzip_headers, 200, requests))
            samples["static_200"].append(
                await caller.per_request(static_path, gzip_headers, 200, requests))
            samples["feed_304"].append(await caller.per_request(
                REGION_PATH, {**gzip_headers, "if-none-match": etag}, 304, requests))
            samples["static_304"].append(await caller.per_request(
                static_path, {**gzip_headers, "if-none-match": static_etag}, 304, requests))
        # A 304 right after a write the region feed does not show (a COTER's name): the data
        # revision moved, so the feed's stamp is computed again, and found unchanged.
        for _ in range(repeats):
            per = []
            for index in range(max(20, requests // 50)):
                async with database.sessions() as session, session.begin():
                    department = await session.scalar(select(Department).limit(1))
                    department.coter_name = department.coter_name.rstrip(".") + (
                        "." if index % 2 else ""
                    )
                per.append(await caller.per_request(
                    REGION_PATH, {**gzip_headers, "if-none-match": etag}, 304, 1))
            samples["feed_304_after_write"].append(median_of(per))
        figures.update({name: median_of(values) for name, values in samples.items()})
        figures.update(
            rebuilds_of_unchanged=feeds.builds - builds_before,
            rss_mb=resident_megabytes(),
            entry_cache_mb=feeds.renderer.weight / 1e6,
            body_cache_mb=feeds.cached_feed_bytes / 1e6,
        )
    shutil.rmtree(static_folder, ignore_errors=True)
    return figures


def resident_megabytes(pid: int | str = "self") -> float:
    """The resident memory (RSS) of a process, in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1000
    return float("nan")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"


def versions(url: str) -> str:
    packages = ["icalendar", "starlette", "sqlalchemy", "aiosqlite", "asyncpg"]
    text_ = ", ".join(f"{name} {version(name)}" for name in packages)
    return f"Python {platform.python_version()}, {text_}, SQLite {sqlite3.sqlite_version}"


def table(figures: dict, url: str) -> str:
    ms = lambda seconds: f"{seconds * 1000:.1f} ms"  # noqa: E731
    us = lambda seconds: f"{seconds * 1e6:.0f} µs ({1 / seconds:,.0f}/s)"  # noqa: E731
    build_warm_ratio = (figures["mapping"] + figures["writing"]) / figures["floor"]
    rows = [
        ("Region feed", f"{figures['days']} training days, {figures['feed_bytes']:,} bytes "
         f"({figures['gzip_bytes']:,} gzipped)", "", "", ""),
        ("Full build, no text stored: every entry written by icalendar (first build ever)",
         ms(figures["build_cold"]), ms(figures["sql"] + figures["floor"]),
         f"{figures['build_cold'] / (figures['sql'] + figures['floor']):.2f}x", "—"),
        ("Full build in a cold worker, the texts stored by another (after one change)",
         ms(figures["build_cold_worker"]), ms(figures["sql"] + figures["floor"]),
         f"{figures['build_cold_worker'] / (figures['sql'] + figures['floor']):.2f}x", "≤ 2x"),
        ("Full build after one change (SQL + mapping + writing)", ms(figures["build_warm"]),
         ms(figures["sql"] + figures["floor"]),
         f"{figures['build_warm'] / (figures['sql'] + figures['floor']):.2f}x", "≤ 2x"),
        ("… of which rows → bytes (mapping + writing) vs floor serializer",
         ms(figures["mapping"] + figures["writing"]), ms(figures["floor"]),
         f"{build_warm_ratio:.2f}x", "≤ 2x"),
        ("… of which SQL (stamp + rows, same for both)", ms(figures["sql"]), "", "", ""),
        ("200, gzip, vs static file of the same size", us(figures["feed_200"]),
         us(figures["static_200"]), f"{figures['feed_200'] / figures['static_200']:.2f}x", "—"),
        ("304 to If-None-Match vs static 304", us(figures["feed_304"]), us(figures["static_304"]),
         f"{figures['feed_304'] / figures['static_304']:.2f}x", "≤ 1.5x"),
        ("304 right after a write the feed does not read (a COTER's name)",
         us(figures["feed_304_after_write"]), us(figures["static_304"]),
         f"{figures['feed_304_after_write'] / figures['static_304']:.2f}x", "≤ 2x"),
        ("Unchanged feed downloaded again: builds (served from the cache)",
         str(figures["rebuilds_of_unchanged"]), "", "", "0"),
        ("Memory of this process after the builds (RSS)", f"{figures['rss_mb']:.0f} MB",
         "", "", "—"),
        ("… entry cache / feed cache (estimated bytes held)",
         f"{figures['entry_cache_mb']:.0f} MB / {figures['body_cache_mb']:.0f} MB", "", "", "—"),
    ]
    lines = [
        "| measure | feed | floor / static | ratio | target |",
        "|---|---|---|---|---|",
        *(f"| {' | '.join(row)} |" for row in rows),
    ]
    return "\n".join(lines)


PREAMBLE = """# Feed benchmark results

Written by `python bench/feeds.py --results bench/RESULTS.md` (add
`--database-url postgresql://…` for PostgreSQL). Medians over repeated runs; the application
(`create_app`, its middleware included, rate limits off) is called in-process, as an ASGI
server would call it. The machine was shared with other work while these ran: expect some
noise from one run to the next.

How to read the rows:

- *Full build*: the first poll after a change, which reads the feed's stamp, then its stamp and
  rows in one transaction, maps the rows to entries and writes the feed. The floor column is the
  same SQL plus `minimal_serializer` (string formatting, escaping, folding, nothing else) over the
  same rows. "No text stored" is the first build ever: every entry goes through `icalendar`,
  about ten times the floor, and is stored; before the texts were stored, every worker paid it
  at its first build. "Cold worker" is a process whose caches are empty, after one change,
  on a database where another worker stored the texts: one entry is written.
  "After one change" is the usual case: one entry is written again, the others come from the
  cache under their rows' change stamps.
- *200, gzip*: a feed whose ETag is unchanged is served from the worker's copy (its gzip form
  made once); the static file is the same gzip bytes served by Starlette's `StaticFiles`.
- *304*: one query (the data revision) and no build; `StaticFiles` answers its own 304 after a
  `stat` in a thread.
- *304 right after a write*: a write the feed does not show moved the data revision, so the
  feed's stamp (one aggregate statement over its 5,000 days and their sessions, places,
  trainers) is read again, and found unchanged. Once per feed and worker after each write.

"""


def write_results(path: Path, kind: str, report: str, url: str) -> None:
    """Write this database's section of the results file, keeping the other database's."""
    heading = f"## {kind}"
    existing = path.read_text() if path.exists() else ""
    sections = dict(
        re.findall(r"(## [^\n]+)\n(.*?)(?=\n## |\Z)", existing, flags=re.S)
    )
    sections[heading] = report.strip() + "\n"
    preamble = PREAMBLE
    ordered = [h for h in ("## SQLite", "## PostgreSQL") if h in sections]
    path.write_text(preamble + "\n".join(f"{h}\n{sections[h]}" for h in ordered))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database the benchmark may empty")
    parser.add_argument("--repeats", type=int, default=7, help="runs of each measure (median)")
    parser.add_argument("--requests", type=int, default=1000, help="requests per HTTP run")
    parser.add_argument("--results", type=Path, help="write the figures into this Markdown file")
    parser.add_argument(
        "--days", type=int, default=TARGET_DAYS, help="training days of the region feed (5,000)"
    )
    arguments = parser.parse_args()

    folder = None
    if arguments.database_url:
        url = Settings.from_env(database_url=arguments.database_url).database_url
        kind = "PostgreSQL"
    else:
        folder = Path(tempfile.mkdtemp(prefix="cps-bench-"))
        url = f"sqlite+aiosqlite:///{folder / 'bench.sqlite3'}"
        kind = "SQLite"
    try:
        started = time.perf_counter()
        figures = asyncio.run(run(url, arguments.repeats, arguments.requests, arguments.days))
        report = "\n".join([
            f"Machine: {machine()}.",
            f"Versions: {versions(url)}.",
            f"Database: {kind}; {arguments.repeats} runs of each measure, "
            f"{arguments.requests} sequential requests per HTTP run; "
            f"{time.perf_counter() - started:.0f} s in all.",
            "",
            table(figures, url),
        ])
        print(report)
        if arguments.results:
            write_results(arguments.results, kind, report, url)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
