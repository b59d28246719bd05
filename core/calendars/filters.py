"""The query-string filters of a feed: ``?module=1``, ``?kind=sessions,events``,
``?cancelled=exclude``.

Each feed accepts the filters that make sense for it. An unknown parameter, an unknown value or
a contradiction is refused with ``FilterError``, whose French message says what is accepted
(the route answers 400 with it): a mistyped subscription URL must not silently give another
calendar than the one asked for.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.calendars import messages
from core.calendars.keys import FEED_CONTENTS, EntryKind, FeedFilter, FeedKind

MODULE = "module"
KIND = "kind"
CANCELLED = "cancelled"
CANCELLED_VALUES = {"include": True, "exclude": False}
MODULE_NUMBERS = ("1", "2")

# Feeds whose entries are all of one module, or one object: only the cancelled filter helps.
_ACCEPTED = {
    FeedKind.REGION: (MODULE, KIND, CANCELLED),
    FeedKind.DEPARTMENT: (MODULE, KIND, CANCELLED),
    FeedKind.TRAINER: (MODULE, KIND, CANCELLED),
    FeedKind.MODULE: (CANCELLED,),
    FeedKind.SESSION: (CANCELLED,),
    FeedKind.EVENT: (CANCELLED,),
}


class FilterError(Exception):
    """A feed's query string cannot be used; the message is French and says what is accepted."""


def _ordered_kinds(kinds: Iterable[EntryKind]) -> list[str]:
    return [kind.value for kind in EntryKind if kind in set(kinds)]


def _single(name: str, values: list[str]) -> str:
    if len(values) > 1:
        raise FilterError(messages.repeated_parameter(name))
    return values[0].strip()


def parse_filter(kind: FeedKind, parameters: Iterable[tuple[str, str]]) -> FeedFilter:
    """The ``FeedFilter`` of a feed of ``kind`` from its query parameters, in order.

    ``kind`` takes one or several kinds of entries, separated by commas or repeated; the
    others take one value. Raises ``FilterError``.
    """
    accepted = _ACCEPTED[kind]
    given: dict[str, list[str]] = {}
    for name, value in parameters:
        if name not in accepted:
            raise FilterError(messages.unknown_parameter(name, accepted))
        given.setdefault(name, []).append(value)

    include_cancelled = True
    if CANCELLED in given:
        value = _single(CANCELLED, given[CANCELLED]).lower()
        if value not in CANCELLED_VALUES:
            raise FilterError(messages.unknown_value(CANCELLED, value, CANCELLED_VALUES))
        include_cancelled = CANCELLED_VALUES[value]

    module_number = None
    if MODULE in given:
        raw = _single(MODULE, given[MODULE])
        # The API's enum (MODULE_1) is accepted too: the module is written the same everywhere.
        value = raw.upper().removeprefix("MODULE_")
        if value not in MODULE_NUMBERS:
            raise FilterError(messages.unknown_value(MODULE, raw, MODULE_NUMBERS))
        module_number = int(value)

    contents = None
    if KIND in given:
        possible = _ordered_kinds(FEED_CONTENTS[kind])
        chosen = set()
        for value in (part.strip().lower() for raw in given[KIND] for part in raw.split(",")):
            if value not in possible:
                raise FilterError(messages.unknown_value(KIND, value, possible))
            chosen.add(EntryKind(value))
        contents = frozenset(chosen)
        if module_number is not None and EntryKind.SESSIONS not in contents:
            raise FilterError(messages.MODULE_WITHOUT_SESSIONS)
    return FeedFilter(
        contents=contents, module_number=module_number, include_cancelled=include_cancelled
    )


def canonical_query(criteria: FeedFilter) -> str:
    """The filter as a canonical query string (same filter, same text), for cache keys."""
    parts = []
    if criteria.contents is not None:
        parts.append(f"{KIND}={','.join(_ordered_kinds(criteria.contents))}")
    if criteria.module_number is not None:
        parts.append(f"{MODULE}={criteria.module_number}")
    if not criteria.include_cancelled:
        parts.append(f"{CANCELLED}=exclude")
    if criteria.include_private:
        parts.append("private")
    return "&".join(parts)
