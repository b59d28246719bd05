"""Writing feeds as RFC 5545 text with ``icalendar``, each entry serialised only once.

``icalendar`` does what is easy to get subtly wrong (escaping commas, semicolons, backslashes
and newlines, folding at 75 octets without splitting a UTF-8 character, ``TZID`` parameters,
value types), but serialising an event with it costs about ten times what writing the same
lines by hand does. A feed is therefore assembled from pieces: a small header written per feed,
the ``VTIMEZONE`` written once per process, and each ``VEVENT``'s bytes from ``EntryRenderer``'s
cache, under the entry's key (``build.PendingEntry``: the change stamps of every row its text
comes from). An entry that changed in any way has a new key and is built and written afresh; an
unchanged one is never built nor written twice (a text is kept per key and version, the
version being what ``core.calendars.versions`` gives the entry's fingerprint): rebuilding a
feed after a change costs the entries that changed, a look-up for each of the others, and a
join. The cache is bounded (least recently used entries go first; bounded by bytes, so a
larger feed gets room, not a rewrite of every entry) and needs no invalidation, since a key
holds the data's own stamps. A worker that has just started finds the texts every worker
wrote in the database (``texts``) before it writes any. The texts a build must write are
written together, by ``writer.EntryTextWriter`` (in a process of its own for a large build)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from datetime import UTC, date, datetime, timedelta

import icalendar

from core.calendars import messages
from core.calendars.cache import LruCache
from core.calendars.entries import CalendarEntry, last_change
from core.calendars.versions import EntryVersion
from core.timezone import PARIS

if TYPE_CHECKING:
    from core.calendars.build import PendingEntry
    from core.calendars.texts import SharedTexts

PRODID = "-//Pole CPS Pays de la Loire//Calendriers CPS//FR"
TZID = "Europe/Paris"
# How often calendar applications should poll again; 304 answers are cheap.
REFRESH_INTERVAL = timedelta(hours=1)
END_CALENDAR = b"END:VCALENDAR\r\n"


def _paris_timezone() -> icalendar.Timezone:
    """The ``VTIMEZONE`` of Europe/Paris with its two yearly rules (EU rules since 1996)."""
    timezone = icalendar.Timezone()
    timezone.add("tzid", TZID)
    timezone.add("x-lic-location", TZID)
    summer = icalendar.TimezoneDaylight()
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime(1970, 3, 29, 2, 0, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = icalendar.TimezoneStandard()
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime(1970, 10, 25, 3, 0, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    timezone.add_component(summer)
    timezone.add_component(winter)
    return timezone


VTIMEZONE = _paris_timezone().to_ical()

_LINE_BREAKS = re.compile(r"\r\n?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plain(text: str) -> str:
    """``text`` fit for a feed: line breaks as ``\\n`` (icalendar escapes them), every other
    control character but tab (U+0000 to U+001F, DEL) replaced by a space. New input cannot hold
    them (``core.limits.text_input``), but older rows and the plugins' data files might."""
    return _CONTROL.sub(" ", _LINE_BREAKS.sub("\n", text))


@dataclass(frozen=True)
class CalendarHeader:
    """What a feed says about itself: its name, its description and its own URL (``SOURCE``),
    None for a private feed, whose URL is a secret the text must not hold."""

    name: str
    description: str
    url: str | None

    def to_ical(self) -> bytes:
        """The ``VCALENDAR`` properties, ending before the time zone and the events."""
        calendar = icalendar.Calendar()
        calendar.add("version", "2.0")
        calendar.add("prodid", PRODID)
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        # icalendar escapes only the properties it knows as text: say it for the others.
        name, description = plain(self.name), plain(self.description)
        calendar.add("name", icalendar.vText(name))
        calendar.add("x-wr-calname", icalendar.vText(name))
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", icalendar.vText(description))
        calendar.add("x-wr-timezone", icalendar.vText(TZID))
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
        if self.url is not None:
            calendar.add("source", self.url, parameters={"VALUE": "URI"})
        text = calendar.to_ical()
        if not text.endswith(END_CALENDAR):
            raise AssertionError("icalendar changed how it ends a calendar")
        return text[: -len(END_CALENDAR)]


def vevent(entry: CalendarEntry) -> bytes:
    """One entry as a ``VEVENT``, written by ``icalendar``.

    A cancelled entry's summary starts with "ANNULÉ — " and it is transparent (it no longer
    takes the time). There is no ``ORGANIZER``: some applications would then offer to e-mail
    the organizer at every change.
    """
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", last_change(entry).astimezone(UTC))
    event.add("dtstart", _moment(entry.start))
    event.add("dtend", _moment(entry.end))
    summary = plain(entry.summary)
    event.add("summary", messages.cancelled(summary) if entry.cancelled else summary)
    if entry.location:
        event.add("location", plain(entry.location))
    if entry.description:
        event.add("description", plain(entry.description))
    if entry.url:
        event.add("url", entry.url, parameters={"VALUE": "URI"})
    if entry.categories:
        event.add("categories", [plain(category) for category in entry.categories])
    event.add("status", entry.status.value)
    event.add("transp", "TRANSPARENT" if entry.cancelled else "OPAQUE")
    event.add("sequence", entry.sequence)
    event.add("last-modified", last_change(entry).astimezone(UTC))
    return event.to_ical()


def _moment(value: datetime | date) -> datetime | date:
    return value.astimezone(PARIS) if isinstance(value, datetime) else value


# What a cached entry costs besides its text, estimated: its key (the change stamps of its
# rows), the entry object, its fingerprint and the cache's own bookkeeping.
ENTRY_OVERHEAD_BYTES = 1_400
# Entries made or written between two pauses of a long build (under 2 ms of work when cold).
PAUSE_EVERY = 4
# Default bound of an ``EntryRenderer``'s caches (``CPS_FEED_ENTRY_CACHE_BYTES``).
DEFAULT_ENTRY_CACHE_BYTES = 512 * 1024 * 1024


def _built_weight(built: tuple[CalendarEntry, str]) -> int:
    entry, _ = built
    texts = (entry.summary, entry.location, entry.description, entry.url, *entry.categories)
    return ENTRY_OVERHEAD_BYTES + sum(len(text) for text in texts if text)


def _text_weight(versioned: tuple[EntryVersion | None, bytes]) -> int:
    return ENTRY_OVERHEAD_BYTES // 2 + len(versioned[1])


class EntryRenderer:
    """Each entry built once per key and its ``VEVENT`` written once per version; what is kept
    is bounded by its estimated size in memory (``max_bytes`` in all, least recently used out),
    not by a count that a larger feed would outgrow."""

    def __init__(self, max_bytes: int = DEFAULT_ENTRY_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        # Entries are built for each text written: both caches share the bound, half each.
        self._built: LruCache[Hashable, tuple[CalendarEntry, str]] = LruCache(
            max_weight=max_bytes // 2, weigh=_built_weight
        )
        # One text per entry key, under its latest version: an older one is never shown again.
        self._texts: LruCache[Hashable, tuple[EntryVersion | None, bytes]] = LruCache(
            max_weight=max_bytes // 2, weigh=_text_weight
        )
        # Entries built and written, for tests and the benchmark.
        self.written = 0

    @property
    def weight(self) -> int:
        """Estimated bytes held."""
        return self._built.weight + self._texts.weight

    def prepare(self, entry: PendingEntry) -> tuple[CalendarEntry, str]:
        """The entry built, with the fingerprint of everything it shows but its version."""
        built = self._built.get(entry.key)
        if built is None:
            value = entry.make()
            built = (value, fingerprint(value))
            self._built.put(entry.key, built)
        return built

    def has_built(self, entry: PendingEntry) -> bool:
        """Whether ``entry`` was built already under its key (``prepare`` costs nothing)."""
        return self._built.get(entry.key) is not None

    def has_text(self, entry: PendingEntry) -> bool:
        """Whether a text of ``entry`` under its key is kept (under some version)."""
        return self._texts.get(entry.key) is not None

    def _known_text(
        self, entry: PendingEntry, version: EntryVersion | None, shared: SharedTexts | None
    ) -> bytes | None:
        """The entry's text under ``version`` if this worker keeps it or ``shared`` has it."""
        kept = self._texts.get(entry.key)
        if kept is not None and kept[0] == version:
            return kept[1]
        text = None if shared is None else shared.text(entry, version)
        if text is not None:
            self._texts.put(entry.key, (version, text))
        return text

    def _versioned(self, entry: PendingEntry, version: EntryVersion | None) -> CalendarEntry:
        """The entry built, with ``version``'s SEQUENCE and change time when given."""
        value, _ = self.prepare(entry)
        if version is None:
            return value
        return replace(value, sequence=version.sequence, last_modified=version.changed_at)

    def _keep_written(
        self,
        entry: PendingEntry,
        version: EntryVersion | None,
        shared: SharedTexts | None,
        text: bytes,
    ) -> bytes:
        """Keep a text written now, and record it in ``shared`` for every worker."""
        self.written += 1
        if shared is not None and version is not None:
            _, entry_fingerprint = self.prepare(entry)
            shared.record(entry, entry_fingerprint, version, text)
        self._texts.put(entry.key, (version, text))
        return text

    def calendar(
        self,
        header: CalendarHeader,
        entries: Iterable[PendingEntry],
        versions: Mapping[str, EntryVersion] | None = None,
        pause: Callable[[], None] = lambda: None,
        shared: SharedTexts | None = None,
        write: WriteTexts | None = None,
    ) -> bytes:
        """The whole feed: header, ``VTIMEZONE``, the entries in time order (then UID), end.

        ``versions``, by UID, give each entry's SEQUENCE and DTSTAMP (``core.calendars.
        versions``); an entry without one keeps its own. ``pause`` is called every
        ``PAUSE_EVERY`` entries (a build thread lets the event loop run there). ``shared``
        holds the texts every worker stored, and collects those written now. The texts neither
        kept nor stored are written together by ``write`` (``writer.EntryTextWriter.write``:
        in a process for a large build), or here.
        """
        ordered = sorted(entries, key=lambda entry: entry.order)
        versions = versions or {}
        texts: list[bytes] = []
        missing: list[tuple[int, PendingEntry, EntryVersion | None]] = []
        for index, entry in enumerate(ordered):
            if index % PAUSE_EVERY == 0:
                pause()
            version = versions.get(entry.uid)
            known = self._known_text(entry, version, shared)
            if known is None:
                missing.append((index, entry, version))
            texts.append(b"" if known is None else known)
        if missing:
            values = []
            for count, (_, entry, version) in enumerate(missing):
                if count % PAUSE_EVERY == 0:
                    pause()
                values.append(self._versioned(entry, version))
            written = (write or write_vevents)(values, pause)
            for (index, entry, version), text in zip(missing, written, strict=True):
                texts[index] = self._keep_written(entry, version, shared, text)
        return b"".join([header.to_ical(), VTIMEZONE, *texts, END_CALENDAR])


# Writes entries' texts in order, calling the pause it is given between entries.
WriteTexts = Callable[[Sequence[CalendarEntry], Callable[[], None]], list[bytes]]


def write_vevents(
    entries: Sequence[CalendarEntry], pause: Callable[[], None] = lambda: None
) -> list[bytes]:
    """Each entry's ``VEVENT`` text, in order, ``pause`` called every ``PAUSE_EVERY`` entries."""
    texts = []
    for index, entry in enumerate(entries):
        if index % PAUSE_EVERY == 0:
            pause()
        texts.append(vevent(entry))
    return texts


def fingerprint(entry: CalendarEntry) -> str:
    """A hash of everything ``entry`` shows except its SEQUENCE and change time."""
    shown = replace(entry, sequence=0, last_modified=None)
    return hashlib.sha256(repr(shown).encode()).hexdigest()
