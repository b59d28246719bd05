"""``CalendarFeeds``: answers feed requests, building a feed only when its content changed.

Three caches, none of which can serve stale data, so each worker keeps its own:

- stamps, keyed by feed, filter and day, valid while the data revisions of the tables the feed
  reads (``marker``, moved by every committed write of those tables, in any process) have not
  moved: an unchanged feed's poll costs reading the revisions, one query; after a write to a
  table it reads, the first poll of each feed in each worker reads the feed's stamp again, one
  more query, and finds it unchanged unless the write touched that feed; a write to a table it
  does not read (a COTER's name for the region feed, a registration for a public feed) costs
  it nothing;
- feed bodies (identity, brotli and gzip), keyed by ETag, which derives from the stamp: a feed whose
  stamp is unchanged is never rebuilt;
- each entry's ``VEVENT`` text (``render.EntryRenderer``), keyed by the change stamps of the
  rows it shows: a rebuild writes only the entries that changed. Those texts are also kept in
  the database for every worker (``texts``): a worker's first build writes only the entries
  no worker wrote under their current stamps.

A build reads its rows on the event loop, then makes and writes the entries in the build thread
(one per application), so that no other request waits on it; one build per feed and filter runs
at a time, and a request that comes meanwhile awaits it (``flight.SingleFlight``). Compressing
a feed is done in that thread too. A large build's texts (``icalendar``, most of a cold build's
work) are written in a process of its own (``writer.EntryTextWriter``), so that the build
thread does not take the interpreter from the event loop meanwhile.

The ETag derives from the stamp (``state``). ``Last-Modified`` is recorded per feed with the
ETag it goes with (``versions``): the first time, the latest change time among the feed's rows
(or the end of the day a cancelled entry last left the feed); for each new ETag, a later time,
at least one second after the previous one. So it never goes backwards and moves with every
change of the bytes, an entry leaving the feed or two edits in one second included. Each entry's SEQUENCE and DTSTAMP likewise come from the fingerprint of its text. An
unchanged feed gives the same bytes and validators on every poll and from every worker.

A private feed shows the registration counts of its sessions and events, so its stamp also
covers their registrations (by status) and it reads the registrations' revision. A public
feed's stamp leaves registrations out, and so does the revision it compares.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time as time_module
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from core.calendars import build, links, texts, versions
from core.calendars.bodies import FeedBodies, FeedBody
from core.calendars.cache import LruCache
from core.calendars.entries import CalendarEntry
from core.calendars.flight import SingleFlight
from core.calendars.keys import EntryKind, FeedFilter, FeedKey, FeedKind
from core.calendars.marker import ChangeMarker
from core.calendars.render import DEFAULT_ENTRY_CACHE_BYTES, PAUSE_EVERY, EntryRenderer
from core.calendars.rows import FeedRows, feed_rows
from core.calendars.scope import feed_scope, feed_tables
from core.calendars.stamp import FeedStamp, feed_stamp
from core.calendars.state import FEED_FORMAT, FeedState, feed_name, feed_state
from core.calendars.writer import EntryTextWriter
from core.db import Database, utcnow

logger = logging.getLogger(__name__)

ExtraEntriesProvider = Callable[[str], Sequence[CalendarEntry]]
T = TypeVar("T")


# Work a build thread does between two pauses, at most (seconds).
PAUSE_INTERVAL = 0.002
_last_pause = threading.local()


def let_the_event_loop_run() -> None:
    """Called in the build thread every few entries: once ``PAUSE_INTERVAL`` of work has passed
    since the last pause, give up the GIL, so that the event loop, when it has work, takes it
    at once and keeps it for a switch interval (5 ms) instead of sharing the interpreter evenly
    with the build. By time, not by entries: an entry found written costs a hundredth of one
    written, and a pause on a busy machine costs a tenth of a millisecond or more."""
    now = time_module.perf_counter()
    if now - getattr(_last_pause, "at", 0.0) >= PAUSE_INTERVAL:
        time_module.sleep(0)
        _last_pause.at = time_module.perf_counter()


class CalendarFeeds:
    """Every feed of one application; made in its lifespan, closed with it.

    ``extra_entries``, given a department code, returns what that department's plugin adds to
    its feed; it is called at each request of a department feed, so it must be cheap (a
    failing plugin's entries are left out). ``clock`` gives the current instant, which only
    decides which day it is in Paris. ``max_feed_bytes`` bounds the feeds kept (all their
    forms), ``max_entry_bytes`` the entries' texts (``render.EntryRenderer``): both in bytes,
    so that a larger feed still fits.
    """

    def __init__(
        self,
        database: Database,
        base_url: str,
        *,
        extra_entries: ExtraEntriesProvider | None = None,
        clock: Callable[[], datetime] = utcnow,
        renderer: EntryRenderer | None = None,
        max_feed_bytes: int = 256 * 1024 * 1024,
        max_entry_bytes: int = DEFAULT_ENTRY_CACHE_BYTES,
        max_stamps: int = 10_000,
        text_writer: EntryTextWriter | None = None,
    ) -> None:
        self.database = database
        self.base_url = base_url
        self.extra_entries = extra_entries
        self.clock = clock
        self.renderer = renderer or EntryRenderer(max_entry_bytes)
        self.marker = ChangeMarker(database.engine)
        self._stamps: LruCache[tuple[object, ...], tuple[object, FeedStamp]] = LruCache(max_stamps)
        self._bodies = FeedBodies(max_feed_bytes, max_stamps)
        self._feed_versions: LruCache[str, tuple[str, datetime]] = LruCache(max_stamps)
        self.builds = 0
        self._flights: SingleFlight[
            tuple[object, ...], tuple[FeedState, FeedBody] | None
        ] = SingleFlight()
        # One thread makes and writes entries and compresses feeds, off the event loop; one
        # only, so that the renderer's caches are never used by two threads at once.
        self._build_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cps-feed-build")
        # Writes the entries' texts of a large build in a process, off this interpreter.
        self.text_writer = text_writer or EntryTextWriter()

    async def close(self) -> None:
        """Release the marker's connection, the build thread and the text writer's process."""
        self._build_thread.shutdown(wait=False, cancel_futures=True)
        await asyncio.to_thread(self.text_writer.close)
        await self.marker.close()

    def clear_caches(self) -> None:
        """Forget every stamp, feed and entry text held (the next answers are built afresh)."""
        self._stamps = LruCache(self._stamps.max_entries)
        self._bodies = FeedBodies(self._bodies.max_bytes, self._bodies.max_feeds)
        self.renderer = EntryRenderer(self.renderer.max_bytes)
        self._feed_versions = LruCache(self._feed_versions.max_entries)

    @property
    def shared_builds(self) -> int:
        """Requests that awaited a build another request started (one build for both)."""
        return self._flights.shared

    @property
    def cached_feed_bytes(self) -> int:
        """Bytes of built feeds held (all their forms)."""
        return self._bodies.weight

    def today(self) -> date:
        """The day it is in Paris."""
        return build.paris_today(self.clock())

    async def state(self, feed: FeedKey, criteria: FeedFilter) -> FeedState | None:
        """The feed's validators, or None when its subject does not exist.

        One query (the change marker) while nothing changed since this feed was last asked
        for; one more (the feed's stamp) otherwise.
        """
        today = self.today()
        stamp = await self._stamp(feed, criteria, today)
        if not stamp.exists:
            return None
        state = self._state(feed, criteria, stamp, today, self._extras(feed, criteria, today))
        return await self._settled(feed, criteria, state)

    async def _stamp(self, feed: FeedKey, criteria: FeedFilter, today: date) -> FeedStamp:
        """The feed's stamp, read again only when a table it reads was written since."""
        key = (feed, criteria, today)
        revisions = await self.marker.read()
        marker = None if revisions is None else revisions.of(feed_tables(feed.kind, criteria))
        cached = self._stamps.get(key)
        if cached is not None and marker is not None and cached[0] == marker:
            return cached[1]
        async with self.database.sessions() as db:
            stamp = await feed_stamp(db, feed_scope(feed, criteria), today)
        if marker is not None:
            self._stamps.put(key, (marker, stamp))
        return stamp

    def _state(
        self,
        feed: FeedKey,
        criteria: FeedFilter,
        stamp: FeedStamp,
        today: date,
        extras: tuple[CalendarEntry, ...],
    ) -> FeedState:
        return feed_state(
            feed, criteria, stamp, base_url=self.base_url, today=today, extras=extras
        )

    async def _settled(self, feed: FeedKey, criteria: FeedFilter, state: FeedState) -> FeedState:
        """``state`` with the ``Last-Modified`` recorded for its ETag (``versions``): a new
        ETag is recorded once, later than the previous one, whichever worker sees it."""
        name = feed_name(feed, criteria)
        known = self._feed_versions.get(name)
        if known is not None and known[0] == state.etag:
            return replace(state, last_modified=known[1])
        async with self.database.sessions() as db:
            last_modified = await versions.settle_feed(
                db, name, state.etag, state.last_modified, now=self.clock()
            )
        self._feed_versions.put(name, (state.etag, last_modified))
        return replace(state, last_modified=last_modified)

    def _content(
        self, feed: FeedKey, criteria: FeedFilter, rows: FeedRows, state: FeedState
    ) -> build.FeedContent:
        """The feed's header and pending entries on the state's day (in the build thread)."""
        return build.feed_content(
            feed,
            rows,
            base_url=self.base_url,
            url=links.feed_url(self.base_url, feed),
            today=state.today,
            include_cancelled=criteria.include_cancelled,
            extras=state.extras,
            private=criteria.include_private,
        )

    def _shown(
        self, content: build.FeedContent, shared: texts.SharedTexts
    ) -> tuple[list[versions.ShownEntry], dict[str, versions.EntryVersion]]:
        """For each entry, what ``versions`` needs to version it, or its version when known
        already: the CPU-bound half of a build, run in the build thread.

        An entry whose text every worker stored under its key is not built: the stored text
        says its fingerprint, and its version too while that is the current one. An entry
        whose rows do not say when it changed (a plugin's) is dated by the clock.
        """
        now = self.clock()
        shown = []
        settled = {}
        for index, pending in enumerate(content.entries):
            if index % PAUSE_EVERY == 0:
                let_the_event_loop_run()
            stored = None if self.renderer.has_built(pending) else shared.match(pending)
            if stored is not None and stored.current:
                settled[pending.uid] = stored.version
            elif stored is not None:
                shown.append(
                    versions.ShownEntry(
                        pending.uid, stored.fingerprint, stored.sequence, stored.changed_at
                    )
                )
            else:
                entry, fingerprint = self.renderer.prepare(pending)
                changed_at = entry.last_modified or now
                shown.append(
                    versions.ShownEntry(entry.uid, fingerprint, entry.sequence, changed_at)
                )
        return shown, settled

    async def _in_build_thread(self, work: Callable[..., T], *arguments: object) -> T:
        """``work(*arguments)`` in the build thread, the event loop answering meanwhile."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._build_thread, partial(work, *arguments))

    async def body(
        self, feed: FeedKey, criteria: FeedFilter, state: FeedState
    ) -> tuple[FeedState, FeedBody] | None:
        """The feed's bytes for ``state``, built if no worker-local copy has that ETag.

        One build per feed (and filter) at a time: a request that comes while one is under way
        awaits it and gets its result. The state returned is the build's (see ``_build``), so
        the answer's ETag always describes its bytes. None when the subject disappeared.
        """
        cached = self._bodies.get(state.etag)
        if cached is not None:
            return state, cached
        return await self._flights.run(
            (feed, criteria, state.today), lambda: self._build(feed, criteria, state)
        )

    async def _build(
        self, feed: FeedKey, criteria: FeedFilter, state: FeedState
    ) -> tuple[FeedState, FeedBody] | None:
        """Build the feed: read the stamp again with the rows, in one transaction (a consistent
        snapshot on PostgreSQL), and return that stamp's state with the bytes. Entries are
        made and written in the build thread, never on the event loop."""
        cached = self._bodies.get(state.etag)
        if cached is not None:
            return state, cached
        read = await self._read_snapshot(feed, criteria, state.today)
        if read is None:
            return None
        stamp, rows = read
        fresh = await self._settled(
            feed, criteria, self._state(feed, criteria, stamp, state.today, state.extras)
        )
        body = await self._write(feed, criteria, rows, state)
        self.builds += 1
        self._bodies.keep((feed, criteria), fresh.etag, body)
        return fresh, body

    async def _read_snapshot(
        self, feed: FeedKey, criteria: FeedFilter, today: date
    ) -> tuple[FeedStamp, FeedRows] | None:
        """The feed's stamp and rows read in one transaction; None when its subject is gone."""
        scope = feed_scope(feed, criteria)
        async with self.database.sessions() as db:
            if self.database.engine.dialect.name == "postgresql":
                await db.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            stamp = await feed_stamp(db, scope, today)
            rows = await feed_rows(db, feed, scope)
        return (stamp, rows) if stamp.exists else None

    async def _write(
        self, feed: FeedKey, criteria: FeedFilter, rows: FeedRows, state: FeedState
    ) -> FeedBody:
        """The feed's bytes: entries made (or found stored), versioned, then written, in the
        build thread (a large build's texts in the text writer's process); the texts written
        now stored for every worker."""
        renderer = self.renderer
        audience = "private" if criteria.include_private else "public"
        content = await self._in_build_thread(self._content, feed, criteria, rows, state)
        shared = texts.SharedTexts(texts.key_prefix(FEED_FORMAT, self.base_url))
        # Only the entries this worker has no text of under their key: after a change, a few.
        unknown = [entry.uid for entry in content.entries if not renderer.has_text(entry)]
        if unknown:
            async with self.database.sessions() as db:
                shared.stored = await texts.read_texts(db, audience, unknown)
        shown, entry_versions = await self._in_build_thread(self._shown, content, shared)
        if shown:
            async with self.database.sessions() as db:
                entry_versions.update(
                    await versions.settle_entries(db, audience, shown, now=self.clock())
                )
        identity = await self._in_build_thread(
            renderer.calendar,
            content.header,
            content.entries,
            entry_versions,
            let_the_event_loop_run,
            shared,
            self.text_writer.write,
        )
        await self._store_texts(audience, shared, state.today)
        return FeedBody(identity, content.file_name)

    async def _store_texts(self, audience: str, shared: texts.SharedTexts, today: date) -> None:
        """Store the texts written now for every worker. A text not stored costs a later
        worker one more writing, never an answer: a failure is logged, not raised."""
        if not shared.new:
            return
        try:
            async with self.database.sessions() as db:
                await texts.write_texts(db, audience, shared.new, today)
        except SQLAlchemyError:
            logger.warning("entry texts not stored (%d)", len(shared.new), exc_info=True)

    async def encoded(self, state: FeedState, body: FeedBody, coding: str | None) -> bytes:
        """``body`` in ``coding`` (``br``, ``gzip``; None: as is), compressed once, in the build thread."""
        if coding is None:
            return body.identity
        known = body.known(coding)
        if known is not None:
            return known
        content = await self._in_build_thread(body.encode, coding)
        self._bodies.reweigh(state.etag, body)
        return content

    def _extras(
        self, feed: FeedKey, criteria: FeedFilter, today: date
    ) -> tuple[CalendarEntry, ...]:
        """The plugin's entries the feed shows today (department feeds only)."""
        if self.extra_entries is None or feed.kind is not FeedKind.DEPARTMENT:
            return ()
        if criteria.module_number is not None or (
            criteria.contents is not None and EntryKind.LOCAL not in criteria.contents
        ):
            return ()
        try:
            entries = build.extra_entries(self.extra_entries(feed.key))
        except Exception:
            logger.exception("entries added to the calendar of department %s left out", feed.key)
            return ()
        return tuple(
            entry for entry in entries if build.shows(entry, today, criteria.include_cancelled)
        )
