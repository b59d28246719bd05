"""Each entry's ``VEVENT`` text, kept where every worker and every restart can reuse it.

Writing an entry with ``icalendar`` costs about ten times what the rest of a feed build does
per entry; a worker that has just started would otherwise write every entry of every feed
again. Not part of the domain: only ``core.calendars.texts`` reads and writes this table.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime


class FeedEntryText(Base):
    """The text of one entry (by UID) for one audience, under one key and version.

    ``entry_key`` is a hash of the change stamps of every row the text comes from, the
    service's base URL and the feed format: the text is valid while they are unchanged.
    ``fingerprint``, ``sequence`` and ``changed_at`` are the entry's version
    (``feed_entry_version``) the text was written under. ``expires_on`` is the last day a
    cancelled entry shows; the row goes once that day has passed (None: it stays, one per entry
    and audience, replaced when the entry changes).
    """

    __tablename__ = "feed_entry_text"
    __table_args__ = (UniqueConstraint("uid", "audience"),)

    uid: Mapped[str] = mapped_column(String(255))
    audience: Mapped[str] = mapped_column(String(16))
    entry_key: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(Text)
