"""The list of every published feed, keyset-paginated (the GraphQL ``calendars`` field)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, String, cast, func, literal, null, select, tuple_, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from core.calendars.keys import FeedKey, FeedKind
from core.models import Department, Event, Person, TrainingModule, TrainingSession
from core.services.pagination import Page, PageRequest, decode_cursor


@dataclass(frozen=True)
class FeedListing:
    """One published feed, with what its name is made of."""

    feed: FeedKey
    # The subject's words: a department's name, a person's names, a module's title,
    # a session's year, number and module number, an event's title.
    words: tuple[str | None, ...]


_NO_TEXT = cast(null(), String)


def _listing_statement() -> Any:
    def row(rank: int, sort_key: Any, key: Any, *words: Any) -> list[Any]:
        padded = list(words) + [_NO_TEXT] * (3 - len(words))
        return [
            literal(rank, Integer).label("rank"),
            cast(sort_key, String).label("sort_key"),
            cast(key, String).label("key"),
            *(cast(word, String).label(f"word{index}") for index, word in enumerate(padded)),
        ]

    return union_all(
        select(*row(0, literal(""), literal(""))),
        select(*row(1, Department.code, Department.code, Department.name)),
        select(*row(2, TrainingModule.number, TrainingModule.number, TrainingModule.title)),
        select(*row(3, Person.sort_name, Person.public_id, Person.given_name, Person.family_name)),
        select(
            *row(
                4,
                TrainingSession.starts_on,
                TrainingSession.public_id,
                TrainingSession.year,
                TrainingSession.number,
                TrainingModule.number,
            )
        ).join(TrainingModule, TrainingModule.id == TrainingSession.module_id),
        select(*row(5, Event.date, Event.public_id, Event.title)).where(Event.is_public.is_(True)),
    ).subquery("feeds")


_RANKS = (
    FeedKind.REGION,
    FeedKind.DEPARTMENT,
    FeedKind.MODULE,
    FeedKind.TRAINER,
    FeedKind.SESSION,
    FeedKind.EVENT,
)


async def list_feeds(
    db: AsyncSession,
    request: PageRequest,
    *,
    kinds: Sequence[FeedKind] | None = None,
    with_total: bool = False,
) -> Page[FeedListing]:
    """A page of every published feed (of ``kinds`` only, when given): the region, departments,
    modules, trainers, sessions, then public events, each in its natural order."""
    feeds = _listing_statement()
    keys = (feeds.c.rank, feeds.c.sort_key, feeds.c.key)
    key_tuple = tuple_(*keys)
    statement = select(feeds)
    if kinds:
        statement = statement.where(feeds.c.rank.in_([_RANKS.index(kind) for kind in kinds]))
    if request.after is not None:
        statement = statement.where(key_tuple > tuple(decode_cursor(request.after, keys, "after")))
    if request.before is not None:
        statement = statement.where(
            key_tuple < tuple(decode_cursor(request.before, keys, "before"))
        )
    size = request.size()
    ordering = [key.desc() for key in keys] if request.backwards else list(keys)
    rows = list((await db.execute(statement.order_by(*ordering).limit(size + 1))).all())
    has_more = len(rows) > size
    rows = rows[:size]
    if request.backwards:
        rows.reverse()
        has_next, has_previous = request.before is not None, has_more
    else:
        has_next, has_previous = has_more, request.after is not None
    total = None
    if with_total:
        counted = select(func.count()).select_from(feeds)
        if kinds:
            counted = counted.where(feeds.c.rank.in_([_RANKS.index(kind) for kind in kinds]))
        total = await db.scalar(counted)
    return Page(
        rows=[
            FeedListing(
                feed=FeedKey(_RANKS[row.rank], row.key),
                words=(row.word0, row.word1, row.word2),
            )
            for row in rows
        ],
        sort_keys=keys,
        cursor_sources=list(rows),
        has_next_page=has_next,
        has_previous_page=has_previous,
        total_count=total,
    )
