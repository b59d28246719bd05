"""Entries' ``VEVENT`` texts shared by every worker and every restart (``feed_entry_text``).

A worker keeps the texts it wrote (``render.EntryRenderer``), but one that has just started has
none: without this table, its first build of a feed would write every entry with ``icalendar``
again, many times the cost of the rest of the build. So a build reads the texts of its entries
before writing any: an entry whose stored text was written under the same key (the change
stamps of its rows, the base URL, ``FEED_FORMAT``) and the same version is not built nor
written again, only joined. What a build writes anew goes back to the table in batches,
replacing each entry's older text (one row per entry and audience); a cancelled entry's row
goes once its day has passed and the entry has left every feed.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.calendars.versions import EntryVersion
from core.db import on_postgresql, utcnow
from core.services.key_list import keys_in
from core.models import FeedEntryText, FeedEntryVersion

if TYPE_CHECKING:
    from core.calendars.build import PendingEntry

# How many UIDs one statement reads, and how many texts one statement writes.
READ_CHUNK = 500
WRITE_CHUNK = 500


@dataclass(frozen=True)
class StoredText:
    """A text found in the table: the key and version it was written under, and the text.

    ``current`` when the entry's version (``feed_entry_version``, read in the same statement)
    is still the one the text was written under: the build then needs no other version.
    """

    entry_key: str
    fingerprint: str
    sequence: int
    changed_at: datetime
    text: bytes
    current: bool

    @property
    def version(self) -> EntryVersion:
        """The version the text was written under."""
        return EntryVersion(self.sequence, self.changed_at)


@dataclass
class SharedTexts:
    """What one build found in the table (``stored``, by UID) and what it wrote anew (``new``).

    ``prefix`` is what every entry's key starts with: the feed format and the base URL. Used
    by the build thread only, once the stored texts have been read.
    """

    prefix: str
    stored: dict[str, StoredText] = field(default_factory=dict)
    new: list[dict[str, Any]] = field(default_factory=list)
    _keys: dict[str, str] = field(default_factory=dict, repr=False)

    def key(self, entry: PendingEntry) -> str:
        """The hash of ``entry``'s key, the same in every process."""
        known = self._keys.get(entry.uid)
        if known is None:
            known = self._keys[entry.uid] = hashlib.sha256(
                (self.prefix + repr(entry.key)).encode()
            ).hexdigest()
        return known

    def match(self, entry: PendingEntry) -> StoredText | None:
        """The stored text of ``entry`` if it was written under its current key."""
        stored = self.stored.get(entry.uid)
        if stored is None or stored.entry_key != self.key(entry):
            return None
        return stored

    def text(self, entry: PendingEntry, version: EntryVersion | None) -> bytes | None:
        """The stored text of ``entry`` under ``version``, or None."""
        stored = self.match(entry)
        if stored is None or version is None:
            return None
        if (stored.sequence, stored.changed_at) != (version.sequence, version.changed_at):
            return None
        return stored.text

    def record(
        self, entry: PendingEntry, fingerprint: str, version: EntryVersion, text: bytes
    ) -> None:
        """Remember a text written now, to store it after the build."""
        self.new.append(
            {
                "uid": entry.uid,
                "entry_key": self.key(entry),
                "fingerprint": fingerprint,
                "sequence": version.sequence,
                "changed_at": version.changed_at,
                "expires_on": entry.first_day if entry.cancelled else None,
                "text": text.decode(),
            }
        )


def key_prefix(feed_format: str, base_url: str) -> str:
    """What every entry's key starts with: a text is valid for one format and base URL."""
    return f"{feed_format}\x1f{base_url}\x1f"


# Built once, the UIDs bound as one array on PostgreSQL (``keys_in``), as in ``versions``.
_STORED_TEXTS = (
    select(
        FeedEntryText.uid,
        FeedEntryText.entry_key,
        FeedEntryText.fingerprint,
        FeedEntryText.sequence,
        FeedEntryText.changed_at,
        FeedEntryText.text,
        FeedEntryVersion.fingerprint,
        FeedEntryVersion.sequence,
        FeedEntryVersion.changed_at,
    )
    .outerjoin(
        FeedEntryVersion,
        and_(
            FeedEntryVersion.uid == FeedEntryText.uid,
            FeedEntryVersion.audience == FeedEntryText.audience,
        ),
    )
    .where(FeedEntryText.audience == bindparam("audience"), keys_in(FeedEntryText.uid, "uids"))
)


async def read_texts(db: AsyncSession, audience: str, uids: Iterable[str]) -> dict[str, StoredText]:
    """The stored texts of these entries for ``audience``, by UID, each with whether its
    version is the entry's current one."""
    wanted = list(uids)
    found: dict[str, StoredText] = {}
    for start in range(0, len(wanted), READ_CHUNK):
        parameters = {"audience": audience, "uids": wanted[start : start + READ_CHUNK]}
        rows = (await db.execute(_STORED_TEXTS, parameters)).all()
        for uid, key, fingerprint, sequence, changed_at, text, *version in rows:
            current = version == [fingerprint, sequence, changed_at]
            found[uid] = StoredText(
                key, fingerprint, sequence, changed_at, text.encode(), current
            )
    return found


async def write_texts(
    db: AsyncSession, audience: str, texts: list[dict[str, Any]], today: date
) -> None:
    """Store ``texts`` (``SharedTexts.new``) for ``audience``, each replacing its entry's older
    one, and drop the texts of cancelled entries whose day has passed; commits."""
    if not texts:
        return
    dialect = postgresql if on_postgresql(db) else sqlite
    now = utcnow()
    for start in range(0, len(texts), WRITE_CHUNK):
        insert = dialect.insert(FeedEntryText)
        replaced = ("entry_key", "fingerprint", "sequence", "changed_at", "expires_on", "text")
        await db.execute(
            insert.on_conflict_do_update(
                index_elements=[FeedEntryText.uid, FeedEntryText.audience],
                set_={**{name: insert.excluded[name] for name in replaced}, "updated_at": now},
            ),
            [
                {
                    **row,
                    "audience": audience,
                    "public_id": str(uuid.uuid4()),
                    "created_at": now,
                    "updated_at": now,
                }
                for row in texts[start : start + WRITE_CHUNK]
            ],
        )
    await db.execute(delete(FeedEntryText).where(FeedEntryText.expires_on < today))
    await db.commit()
