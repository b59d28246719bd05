"""From a feed's rows to its entries and header: what each training day, event and action says.

One entry per training day (never ``RDATE``: several applications drop or lose such dates),
its UID the day's public ID, which never changes. An entry's ``SEQUENCE`` here is its row's own
and its ``LAST-MODIFIED`` the latest change of any row its text comes from (the day, its session,
module, prerequisites, places and trainers); what the feed finally says is the version
``core.calendars.versions`` gives its text, which grows with every change shown. A cancelled entry (a day taken out of its session,
a day of a cancelled session, a cancelled event) stays until its date has passed, unless the
feed leaves cancelled entries out.

Entries are not built up front: each comes as a ``PendingEntry`` whose ``key`` holds the change
stamps (``updated_at``, ``sequence``, counts) of every row its text comes from, plus its rank in
its session. Every write moves the ``updated_at`` of the rows it touches, so the key changes
whenever the text would, and the renderer builds and writes an entry only when it has no text
under that key: an unchanged day costs a tuple and a dictionary look-up.

A private feed adds the registration counts to the descriptions of its session days (every
day of a session says the session's counts) and of its events that have registrations; those
counts, with the latest change of the registrations, are then part of the entry's key, so a
public entry and a private one never share a text unless they say the same.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property, partial
from itertools import groupby
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import Row

from core.calendars import links, messages
from core.calendars.entries import CalendarEntry, CalendarStatus, entry_order
from core.calendars.render import CalendarHeader
from core.models.enums import SessionStatus
from core.calendars.keys import FeedKey, FeedKind
from core.calendars.rows import ActionRow, DayRow, EventRow, FeedRows, PersonLinkRow, SessionRow
from core.services import stages
from core.services.registration_counts import NO_REGISTRATIONS, RegistrationCounts
from core.timezone import PARIS, paris_datetime


class PendingEntry(NamedTuple):
    """An entry known by a key that changes whenever its text would; built only if needed.

    ``uid`` is the entry's; ``order`` sorts the feed (local date and time, then UID); ``cancelled`` and ``first_day``
    decide whether the feed shows it today. A named tuple: one is made per day at every build.
    """

    uid: str
    order: tuple[date, time, str]
    key: Hashable
    make: Callable[[], CalendarEntry]
    cancelled: bool
    first_day: date


@dataclass(frozen=True)
class FeedContent:
    """A feed's header, entries (in no particular order) and offered file name."""

    header: CalendarHeader
    entries: list[PendingEntry]
    file_name: str


def _latest(*moments: datetime | None) -> datetime:
    return max(moment for moment in moments if moment is not None)


def _names(rows: Sequence[PersonLinkRow]) -> list[str]:
    return [f"{row.given_name} {row.family_name}" for row in rows]


def _stamp_of(rows: Sequence[tuple], *columns: str) -> tuple:
    """How many rows, and the latest value of each change-time column: a deleted or changed
    row moves it."""
    return (len(rows), *(max((getattr(row, c) for row in rows), default=None) for c in columns))


def shows(entry: PendingEntry | CalendarEntry, today: date, include_cancelled: bool) -> bool:
    """Whether an entry is in the feed on ``today``: a cancelled one only until its date passed."""
    if not entry.cancelled:
        return True
    return include_cancelled and entry.first_day >= today


class _SessionText:
    """What every day of one session says, worked out once and only if a day needs it.

    ``registrations`` is None in a public feed, which shows no counts.
    """

    def __init__(
        self,
        rows: FeedRows,
        session: SessionRow,
        base_url: str,
        registrations: RegistrationCounts | None = None,
        held_days: Sequence[DayRow] = (),
    ) -> None:
        self.session = session
        self.held_days = held_days
        self.registrations = registrations
        self.module = rows.modules[session.module_id]
        self.places = rows.places.get(session.id, [])
        self.trainers = rows.trainers.get(session.id, [])
        self.prerequisites = rows.prerequisites.get(session.module_id, [])
        self.base_url = base_url
        self.cancelled = session.status == SessionStatus.CANCELLED

    def stamp(self) -> tuple:
        """The change stamps of every row the days' text comes from, besides the day's own."""
        return (
            self.session.updated_at,
            self.module.updated_at,
            _stamp_of(self.prerequisites, "updated_at"),
            _stamp_of(self.places, "updated_at"),
            _stamp_of(self.trainers, "updated_at", "link_updated_at"),
            self.registrations,
        )

    @cached_property
    def changed_at(self) -> datetime:
        return _latest(
            self.session.updated_at,
            self.module.updated_at,
            *(row.updated_at for row in self.prerequisites),
            *(row.updated_at for row in self.places),
            *(row.updated_at for row in self.trainers),
            *(row.link_updated_at for row in self.trainers),
            self.registrations.changed_at if self.registrations else None,
        )

    @cached_property
    def registration_lines(self) -> list[str]:
        """The line of the registration counts; none in a public feed."""
        counts = self.registrations
        if counts is None:
            return []
        return [
            messages.registrations_line(
                counts.confirmed, counts.pending_approval, counts.waitlisted, self.session.capacity
            )
        ]

    @cached_property
    def closes_at(self) -> str:
        """When registration closes, in words (the API's ``registrationClosesAt``)."""
        return stages.when(stages.session_closes_at(self.held_days))

    @cached_property
    def link(self) -> str:
        return links.entry_link(self.base_url, FeedKey(FeedKind.SESSION, self.session.public_id))

    @cached_property
    def location(self) -> str | None:
        if not self.places:
            return None
        if self.session.place_tentative:
            return messages.tentative_place(place.city for place in self.places)
        first = self.places[0]
        return messages.place(first.city, first.postal_code, first.venue)

    @cached_property
    def shared_lines(self) -> list[str]:
        module, session = self.module, self.session
        place = (
            " ou ".join(place.city for place in self.places)
            if session.place_tentative
            else self.location
        )
        lines = [
            messages.session_heading(session.number, session.year, module.number, module.title)
        ]
        tail = [
            messages.place_line(place, session.place_tentative) if place else None,
            None if self.cancelled else messages.registration_closing_line(self.closes_at),
            messages.trainers_line(_names(self.trainers)),
            messages.bullet_list(messages.PREREQUISITES, [row.label for row in self.prerequisites])
            if self.prerequisites
            else None,
            messages.link_line(self.link),
        ]
        return [lines[0], *(line for line in tail if line)]

    def entry(self, day: DayRow, rank: int | None, of: int) -> CalendarEntry:
        """The entry of one day; ``rank`` is None for a day taken out of the session."""
        module = self.module
        heading, *rest = self.shared_lines
        if rank is None:
            summary = messages.removed_day_summary(module.number, module.title)
            lines = [messages.DAY_REMOVED, heading, *self.registration_lines, *rest]
        else:
            summary = messages.day_summary(module.number, module.title, rank, of)
            notice = [messages.SESSION_CANCELLED] if self.cancelled else []
            rank_line = messages.day_rank(rank, of)
            lines = [*notice, heading, rank_line, *self.registration_lines, *rest]
        if rank is None or self.cancelled:
            status = CalendarStatus.CANCELLED
        else:
            tentative = self.session.place_tentative
            status = CalendarStatus.TENTATIVE if tentative else CalendarStatus.CONFIRMED
        return CalendarEntry(
            uid=day.public_id,
            summary=summary,
            start=paris_datetime(day.date, day.start_time),
            end=paris_datetime(day.date, day.end_time),
            status=status,
            sequence=day.sequence,
            last_modified=_latest(day.updated_at, self.changed_at),
            location=self.location,
            description="\n".join(lines),
            url=self.link,
            categories=(messages.TRAINING_CATEGORY, f"Module {module.number}"),
        )


def session_day_entries(rows: FeedRows, base_url: str) -> list[PendingEntry]:
    """The entries of every day of the feed's sessions, removed days included; with the
    registration counts when ``rows`` hold them (private feeds)."""
    pending: list[PendingEntry] = []
    counted = rows.session_registrations
    # The days come by session, then in date order (``feed_rows``).
    for session_id, days_of_session in groupby(rows.days, key=attrgetter("session_id")):
        registrations = None if counted is None else counted.get(session_id, NO_REGISTRATIONS)
        session_days = list(days_of_session)
        held_days = [day for day in session_days if not day.removed] or session_days
        text = _SessionText(rows, rows.sessions[session_id], base_url, registrations, held_days)
        session_stamp = text.stamp()
        held = [day.public_id for day in session_days if not day.removed]
        rank = {public_id: number for number, public_id in enumerate(held, start=1)}
        of = len(held)
        for day in session_days:
            day_rank = rank.get(day.public_id)
            pending.append(
                PendingEntry(
                    uid=day.public_id,
                    order=(day.date, day.start_time, day.public_id),
                    key=(day.public_id, day.updated_at, day.sequence, day_rank, of, session_stamp),
                    make=partial(text.entry, day, day_rank, of),
                    cancelled=day.removed or text.cancelled,
                    first_day=day.date,
                )
            )
    return pending


def _event_entry(
    event: EventRow,
    leaders: Sequence[PersonLinkRow],
    base_url: str,
    registrations: RegistrationCounts | None = None,
) -> CalendarEntry:
    cancelled = event.status == SessionStatus.CANCELLED
    link = (
        links.entry_link(base_url, FeedKey(FeedKind.EVENT, event.public_id))
        if event.is_public
        else links.private_event_link(base_url, event.public_id)
    )
    conditions = list(event.access_conditions or [])
    counts = (
        messages.registrations_line(
            registrations.confirmed,
            registrations.pending_approval,
            registrations.waitlisted,
            None,
            has_capacity=False,
        )
        if registrations is not None
        else None
    )
    starts = paris_datetime(event.date, event.start_time)
    lines = [
        messages.EVENT_CANCELLED if cancelled else None,
        event.description,
        None if cancelled else messages.registration_closing_line(stages.when(starts)),
        counts,
        messages.leaders_line(_names(leaders)),
        messages.bullet_list(messages.ACCESS_CONDITIONS, conditions) if conditions else None,
        messages.link_line(link),
    ]
    return CalendarEntry(
        uid=event.public_id,
        summary=event.title,
        start=starts,
        end=paris_datetime(event.date, event.end_time),
        status=CalendarStatus.CANCELLED if cancelled else CalendarStatus.CONFIRMED,
        sequence=event.sequence,
        last_modified=_latest(
            event.updated_at,
            *(leader.updated_at for leader in leaders),
            *(leader.link_updated_at for leader in leaders),
            registrations.changed_at if registrations is not None else None,
        ),
        location=messages.place(event.city, event.postal_code, event.venue) if event.city else None,
        description="\n".join(line for line in lines if line),
        url=link,
        categories=(messages.EVENT_KINDS[event.kind],),
    )


def event_entries(rows: FeedRows, base_url: str) -> list[PendingEntry]:
    """The entries of the feed's events; with the registration counts of those that have
    registrations when ``rows`` hold them (private feeds)."""
    pending = []
    counted = rows.event_registrations or {}
    for event in rows.events:
        leaders = rows.leaders.get(event.id, [])
        registrations = counted.get(event.id)
        if registrations is not None and not registrations.any:
            # Nothing to count (every registration refused or cancelled): the public text.
            registrations = None
        pending.append(
            PendingEntry(
                uid=event.public_id,
                order=(event.date, event.start_time, event.public_id),
                key=(
                    event.public_id,
                    event.updated_at,
                    event.sequence,
                    _stamp_of(leaders, "updated_at", "link_updated_at"),
                    registrations,
                ),
                make=partial(_event_entry, event, leaders, base_url, registrations),
                cancelled=event.status == SessionStatus.CANCELLED,
                first_day=event.date,
            )
        )
    return pending


def _action_entry(action: ActionRow) -> CalendarEntry:
    programme = messages.PROGRAMMES[action.programme] if action.programme else None
    lines = [action.description, messages.programme_line(programme) if programme else None]
    return CalendarEntry(
        uid=action.public_id,
        summary=action.title,
        start=action.period_start,
        end=(action.period_end or action.period_start) + timedelta(days=1),
        status=CalendarStatus.CONFIRMED,
        sequence=action.sequence,
        last_modified=action.updated_at,
        description="\n".join(line for line in lines if line) or None,
        categories=(messages.ACTION_CATEGORY, messages.ACTION_KINDS[action.kind]),
    )


def action_entries(rows: FeedRows) -> list[PendingEntry]:
    """The entries of the department's actions: all-day, over their period."""
    return [
        PendingEntry(
            uid=action.public_id,
            order=(action.period_start, time.min, action.public_id),
            key=(action.public_id, action.updated_at, action.sequence),
            make=partial(_action_entry, action),
            cancelled=False,
            first_day=action.period_start,
        )
        for action in rows.actions
    ]


def extra_entries(extras: Iterable[CalendarEntry]) -> list[CalendarEntry]:
    """The entries a department's plugin adds, with the feed's category for them first."""
    return [
        replace(extra, categories=(messages.LOCAL_CATEGORY, *extra.categories))
        for extra in extras
    ]


def pending_extras(entries: Iterable[CalendarEntry]) -> list[PendingEntry]:
    """Added entries, in memory already: each is its own key."""
    pending = []
    for entry in entries:
        pending.append(
            PendingEntry(
                uid=entry.uid,
                order=entry_order(entry),
                key=entry,
                make=partial(lambda value: value, entry),
                cancelled=entry.cancelled,
                first_day=entry.first_day,
            )
        )
    return pending


def feed_header(
    feed: FeedKey, subject: Row[Any] | None, url: str | None, private: bool = False
) -> CalendarHeader:
    """A feed's name and description, from its subject's row (None for the region); a private
    feed has a name of its own and no ``url``."""
    if feed.kind is FeedKind.REGION:
        name, description = messages.REGION_NAME, messages.REGION_DESCRIPTION
    elif subject is None:
        raise LookupError(f"the subject of the {feed.kind.value} feed {feed.key!r} is gone")
    else:
        name, description = _subject_words(feed.kind, subject)
    if private:
        return CalendarHeader(name=messages.private_name(name), description=description, url=None)
    return CalendarHeader(name=name, description=description, url=url)


def _subject_words(kind: FeedKind, subject: Row[Any]) -> tuple[str, str]:
    """The name and description of a feed of ``kind`` about ``subject``."""
    if kind is FeedKind.DEPARTMENT:
        return (
            messages.department_name(subject.code, subject.name),
            messages.department_description(subject.code, subject.name),
        )
    if kind is FeedKind.TRAINER:
        full_name = f"{subject.given_name} {subject.family_name}"
        return messages.trainer_name(full_name), messages.trainer_description(full_name)
    if kind is FeedKind.MODULE:
        return (
            messages.module_name(subject.number, subject.title),
            messages.module_description(subject.number),
        )
    if kind is FeedKind.SESSION:
        return (
            messages.session_name(subject.number, subject.year, subject.module),
            messages.session_description(subject.number, subject.year),
        )
    return messages.event_name(subject.title), messages.event_description(subject.title)


def feed_content(
    feed: FeedKey,
    rows: FeedRows,
    *,
    base_url: str,
    url: str,
    today: date,
    include_cancelled: bool,
    extras: Iterable[CalendarEntry] = (),
    private: bool = False,
) -> FeedContent:
    """Everything a feed shows on ``today``; ``extras`` are the entries a plugin added;
    ``private`` for a private feed (its own name, no ``SOURCE``)."""
    header = feed_header(feed, rows.subject, url, private)
    candidates = [
        *session_day_entries(rows, base_url),
        *event_entries(rows, base_url),
        *action_entries(rows),
        *pending_extras(extras),
    ]
    entries = [entry for entry in candidates if shows(entry, today, include_cancelled)]
    return FeedContent(header, entries, links.file_name(feed, header.name))


def paris_today(now: datetime) -> date:
    """The day it is in Paris at ``now``."""
    return now.astimezone(PARIS).date()
