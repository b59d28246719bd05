"""Which feed: its kind and subject (``FeedKey``), what its query string narrows it to
(``FeedFilter``) and the kinds of entries each feed holds.

Plain values, no SQL: the links, the filters, the private subscriptions and the web pages name
feeds with them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class FeedKind(enum.StrEnum):
    """Which calendar a feed is."""

    REGION = "REGION"
    DEPARTMENT = "DEPARTMENT"
    TRAINER = "TRAINER"
    MODULE = "MODULE"
    SESSION = "SESSION"
    EVENT = "EVENT"


class EntryKind(enum.StrEnum):
    """The kinds of entries a feed can hold; ``LOCAL`` is what a department's plugin adds."""

    SESSIONS = "sessions"
    EVENTS = "events"
    ACTIONS = "actions"
    LOCAL = "local"


# What each feed holds when no filter narrows it.
FEED_CONTENTS: dict[FeedKind, frozenset[EntryKind]] = {
    FeedKind.REGION: frozenset({EntryKind.SESSIONS, EntryKind.EVENTS}),
    FeedKind.DEPARTMENT: frozenset(EntryKind),
    FeedKind.TRAINER: frozenset({EntryKind.SESSIONS, EntryKind.EVENTS}),
    FeedKind.MODULE: frozenset({EntryKind.SESSIONS}),
    FeedKind.SESSION: frozenset({EntryKind.SESSIONS}),
    FeedKind.EVENT: frozenset({EntryKind.EVENTS}),
}


@dataclass(frozen=True)
class FeedKey:
    """One calendar: its kind and the natural key of its subject.

    ``key`` is a department code (``"44"``), a module number (``"1"``) or the public ID of a
    person, session or event; ``""`` for the region.
    """

    kind: FeedKind
    key: str = ""


@dataclass(frozen=True)
class FeedFilter:
    """What a feed's query string narrows it to.

    ``contents`` is the kinds of entries kept (within what the feed holds); ``module_number``
    keeps the sessions of one module only; ``include_cancelled`` False leaves cancelled entries
    out.
    """

    contents: frozenset[EntryKind] | None = None
    module_number: int | None = None
    include_cancelled: bool = True
    # Private feeds (a staff subscription's token) add the events that are not public.
    include_private: bool = False
