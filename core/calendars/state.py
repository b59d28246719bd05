"""A feed's validators on a given day: its ETag and ``Last-Modified``, from its stamp.

The ETag is a hash of the feed's identity, filter, the service's base URL, the stamp, the
entries a plugin adds and ``FEED_FORMAT``, never of the clock: an unchanged feed has the same
ETag on every poll and in every worker. ``Last-Modified`` here is the latest change among the
feed's rows (or the end of the day a cancelled entry last left the feed); the one served is
what ``versions.settle_feed`` records for the ETag.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from core.calendars.entries import UNKNOWN_CHANGE_TIME, CalendarEntry, last_change
from core.calendars.filters import canonical_query
from core.calendars.keys import FeedFilter, FeedKey
from core.calendars.stamp import FeedStamp
from core.timezone import PARIS

# Part of every ETag: change it when the text written for the same rows changes, so that
# clients holding the old text fetch the new one.
FEED_FORMAT = "2"


@dataclass(frozen=True)
class FeedState:
    """A feed's validators on a given day: its ETag (unquoted) and its last change."""

    etag: str
    last_modified: datetime
    today: date
    extras: tuple[CalendarEntry, ...] = ()


def feed_name(feed: FeedKey, criteria: FeedFilter) -> str:
    """The name under which a feed and its filter are versioned: ``DEPARTMENT:44?…``."""
    return f"{feed.kind.value}:{feed.key}?{canonical_query(criteria)}"


def feed_state(
    feed: FeedKey,
    criteria: FeedFilter,
    stamp: FeedStamp,
    *,
    base_url: str,
    today: date,
    extras: tuple[CalendarEntry, ...],
) -> FeedState:
    """The state of ``feed`` filtered by ``criteria`` whose rows have ``stamp``, on ``today``,
    with the plugin's ``extras``."""
    identity = "\x1f".join(
        [
            FEED_FORMAT,
            feed.kind.value,
            feed.key,
            canonical_query(criteria),
            base_url,
            stamp.fingerprint(),
            repr(sorted(extras, key=lambda entry: entry.uid)),
        ]
    )
    return FeedState(
        etag=hashlib.sha256(identity.encode()).hexdigest()[:32],
        last_modified=_last_change(stamp, extras),
        today=today,
        extras=extras,
    )


def _last_change(stamp: FeedStamp, extras: tuple[CalendarEntry, ...]) -> datetime:
    """The latest change among the rows and the added entries, to the second, in UTC."""
    changes = [UNKNOWN_CHANGE_TIME, *(last_change(entry) for entry in extras)]
    if stamp.changed_at is not None:
        changes.append(stamp.changed_at)
    if stamp.last_expired_on is not None:
        # The moment the last expired cancelled entry left the feed: the next midnight.
        left_on = stamp.last_expired_on + timedelta(days=1)
        changes.append(datetime.combine(left_on, time(0), tzinfo=PARIS))
    return max(moment.astimezone(UTC) for moment in changes).replace(microsecond=0)
