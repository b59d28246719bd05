"""What subscribers were last shown: each entry's version and each feed's last change.

Calendar applications replace an entry only when its ``SEQUENCE`` grows (or its ``DTSTAMP``
moves) and ask for a feed again only when its ``Last-Modified`` is later than what they hold.
Both must therefore follow what the feed shows, not the rows' change times: a removed row makes
no change time later, and an entry a department plugin adds has no row at all. These two tables
remember what was shown, so that a new text gets a higher number and a later time, never a lower
one. Not part of the domain: only ``core.calendars.versions`` reads and writes them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime


class FeedEntryVersion(Base):
    """The last text shown of one entry (by UID) to one audience, and its version.

    ``audience`` is ``public`` or ``private`` (a private feed adds registration counts, so the
    same UID has two texts). ``fingerprint`` is a hash of everything the entry shows except its
    version; ``sequence`` and ``changed_at`` are its ``SEQUENCE`` and ``DTSTAMP``/``LAST-MODIFIED``.
    """

    __tablename__ = "feed_entry_version"
    __table_args__ = (UniqueConstraint("uid", "audience"),)

    uid: Mapped[str] = mapped_column(String(255))
    audience: Mapped[str] = mapped_column(String(16))
    fingerprint: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FeedVersion(Base):
    """The last validators given for one feed (its kind, key and filter): ETag and change time."""

    __tablename__ = "feed_version"

    feed: Mapped[str] = mapped_column(String(400), unique=True)
    etag: Mapped[str] = mapped_column(String(64))
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime())
