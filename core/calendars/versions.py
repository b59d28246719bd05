"""Versions that only grow: each entry's SEQUENCE and DTSTAMP, each feed's Last-Modified.

What a subscriber sees changed is what the feed shows, so both derive from the text served:

- an entry's version (``settle_entries``) is kept per UID and audience with a fingerprint of
  its text (everything but the version itself). A new fingerprint gets the next ``SEQUENCE``
  (at least the row's own) and a change time later than the previous one (at least one second,
  the resolution of ``DTSTAMP``); the same fingerprint keeps its version. This covers every
  change alike: a title, a trainer's name in a description, a count in a private feed, a place,
  a status, an entry a department's plugin moved (whose maintainer never writes SEQUENCE);
- a feed's ``Last-Modified`` (``settle_feed``) is kept per feed with the ETag it was given for.
  A new ETag (the feed's bytes changed: an entry added, changed or removed, a day passing) gets
  a change time at least one second after the previous one, so it never goes backwards and an
  ``If-Modified-Since`` poll never gets 304 on a changed feed, even for two edits in a second.

A write races with another worker's only by doing nothing: an update applies only while it
raises the sequence (or moves the ETag), and the values returned are read back from the table.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Base, on_postgresql, utcnow
from core.services.key_list import keys_in
from core.services.plain_rows import plain_rows
from core.models import FeedEntryVersion, FeedVersion

# The resolution of DTSTAMP, LAST-MODIFIED and HTTP dates: a later version is at least this later.
TICK = timedelta(seconds=1)
# How many UIDs one statement reads (SQLite allows 32766 bound values).
READ_CHUNK = 500
# How many entries one statement records.
WRITE_CHUNK = 500


@dataclass(frozen=True)
class EntryVersion:
    """What an entry's ``SEQUENCE`` and ``DTSTAMP``/``LAST-MODIFIED`` say."""

    sequence: int
    changed_at: datetime


@dataclass(frozen=True)
class ShownEntry:
    """An entry about to be shown: its UID, fingerprint, own sequence and latest row change."""

    uid: str
    fingerprint: str
    sequence: int
    changed_at: datetime


def _second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


async def _raise(
    db: AsyncSession, model: type[Base], key: list[str], rows: list[dict[str, Any]], rises: str
) -> None:
    """Insert ``rows`` (in one batch), or update the row with the same ``key`` when the first
    value out of the key (the fingerprint, the ETag) differs from the row's and ``rises`` (a
    column) is greater than the row's: a late writer with an older version changes nothing."""
    insert = (postgresql if on_postgresql(db) else sqlite).insert(model)
    table = model.__table__
    changed = [name for name in rows[0] if name not in key]
    now = utcnow()
    await db.execute(
        insert.on_conflict_do_update(
            index_elements=[table.c[name] for name in key],
            set_={**{name: insert.excluded[name] for name in changed}, "updated_at": now},
            where=and_(
                table.c[changed[0]] != insert.excluded[changed[0]],
                table.c[rises] < insert.excluded[rises],
            ),
        ),
        [{**row, "public_id": str(uuid.uuid4()), "created_at": now, "updated_at": now}
         for row in rows],
    )


# Built once, the keys bound as one array on PostgreSQL (``keys_in``): a statement of 500 UIDs
# rendered with 500 parameters at each call, its rows read one by one, took 10 ms a chunk.
_ENTRY_VERSIONS = select(
    FeedEntryVersion.uid,
    FeedEntryVersion.fingerprint,
    FeedEntryVersion.sequence,
    FeedEntryVersion.changed_at,
).where(FeedEntryVersion.audience == bindparam("audience"), keys_in(FeedEntryVersion.uid, "uids"))


async def _read_entries(
    db: AsyncSession, audience: str, uids: list[str]
) -> dict[str, Any]:
    """The rows (uid, fingerprint, sequence, changed_at) of these entries, by uid."""
    found: dict[str, Any] = {}
    for start in range(0, len(uids), READ_CHUNK):
        parameters = {"audience": audience, "uids": uids[start : start + READ_CHUNK]}
        rows = plain_rows(await db.execute(_ENTRY_VERSIONS, parameters))
        found.update({row.uid: row for row in rows})
    return found


async def settle_entries(
    db: AsyncSession, audience: str, entries: Iterable[ShownEntry], now: datetime | None = None
) -> dict[str, EntryVersion]:
    """The version of each entry, recording a new one for every new fingerprint; commits.

    ``audience`` is ``public`` or ``private``; ``now`` (default: the current instant) dates a
    change of an entry whose rows say nothing later. Returns versions by UID.
    """
    shown = {entry.uid: entry for entry in entries}
    known = await _read_entries(db, audience, list(shown))
    moment = _second(now or utcnow())
    versions: dict[str, EntryVersion] = {}
    new_rows: list[dict[str, Any]] = []
    for uid, entry in shown.items():
        previous = known.get(uid)
        if previous is not None and previous.fingerprint == entry.fingerprint:
            versions[uid] = EntryVersion(previous.sequence, previous.changed_at)
            continue
        if previous is None:
            version = EntryVersion(entry.sequence, _second(entry.changed_at))
        else:
            version = EntryVersion(
                max(previous.sequence + 1, entry.sequence),
                max(_second(entry.changed_at), previous.changed_at + TICK, moment),
            )
        new_rows.append(
            {
                "uid": uid,
                "audience": audience,
                "fingerprint": entry.fingerprint,
                "sequence": version.sequence,
                "changed_at": version.changed_at,
            }
        )
    if not new_rows:
        return versions
    # In chunks: preparing one statement's parameters holds the event loop, so a first build
    # of thousands of entries must not prepare them all at once.
    for start in range(0, len(new_rows), WRITE_CHUNK):
        chunk = new_rows[start : start + WRITE_CHUNK]
        await _raise(db, FeedEntryVersion, ["uid", "audience"], chunk, rises="sequence")
    await db.commit()
    # Another worker may have recorded the same change first: its values are the ones shown.
    written = await _read_entries(db, audience, [row["uid"] for row in new_rows])
    for uid, row in written.items():
        versions[uid] = EntryVersion(row.sequence, row.changed_at)
    return versions


async def settle_feed(
    db: AsyncSession, feed: str, etag: str, changed_at: datetime, now: datetime | None = None
) -> datetime:
    """The ``Last-Modified`` of ``feed`` served with ``etag``; records it if the ETag is new.

    ``feed`` names the feed and its filter; ``changed_at`` is the latest change among its rows.
    The first ETag recorded keeps ``changed_at``; each new one gets the latest of
    ``changed_at``, ``now`` and one second after the previous ``Last-Modified``. Commits.
    """
    previous = (
        await db.execute(
            select(FeedVersion.etag, FeedVersion.last_modified).where(FeedVersion.feed == feed)
        )
    ).one_or_none()
    if previous is not None and previous.etag == etag:
        unchanged: datetime = previous.last_modified
        return unchanged
    changed_at = _second(changed_at)
    if previous is not None:
        changed_at = max(changed_at, previous.last_modified + TICK, _second(now or utcnow()))
    values = {"feed": feed, "etag": etag, "last_modified": changed_at}
    await _raise(db, FeedVersion, ["feed"], [values], rises="last_modified")
    await db.commit()
    return (
        await db.execute(select(FeedVersion.last_modified).where(FeedVersion.feed == feed))
    ).scalar_one()
