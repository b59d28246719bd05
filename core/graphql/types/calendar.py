"""Calendar feeds as the API shows them: a name and the URLs to subscribe with."""

from __future__ import annotations

from typing import Self, TYPE_CHECKING

import strawberry

from core.calendars import links, messages
from core.calendars.keys import FeedKey, FeedKind
from core.calendars.listing import FeedListing

if TYPE_CHECKING:  # strawberry.enum gives back the class it marks
    CalendarKind = FeedKind
else:
    CalendarKind = strawberry.enum(
        FeedKind, name="CalendarKind", description="Which calendar a feed is."
    )


@strawberry.type(
    name="Calendar",
    description="An iCalendar feed anyone can subscribe to from a calendar application.",
)
class CalendarType:
    """A public feed: its name and its two URLs."""

    kind: CalendarKind = strawberry.field(description="Which calendar it is.")
    name: str = strawberry.field(
        description="The calendar's name, in French, as applications show it."
    )
    url: str = strawberry.field(
        description="The feed's absolute URL, on the service's public base URL (https in "
        "production): to download or to paste in a calendar application."
    )
    webcal_url: str = strawberry.field(
        description="The same URL with the webcal:// scheme, which opens a subscription in the "
        "calendar application."
    )

    @classmethod
    def of(cls, base_url: str, feed: FeedKey, name: str) -> Self:
        """The calendar of ``feed``, named ``name``."""
        url = links.feed_url(base_url, feed)
        return cls(kind=feed.kind, name=name, url=url, webcal_url=links.webcal_url(url))

    @classmethod
    def region(cls, base_url: str) -> Self:
        """The region's calendar."""
        return cls.of(base_url, FeedKey(FeedKind.REGION), messages.REGION_NAME)

    @classmethod
    def department(cls, base_url: str, code: str, name: str) -> Self:
        """A department's calendar."""
        return cls.of(
            base_url, FeedKey(FeedKind.DEPARTMENT, code), messages.department_name(code, name)
        )

    @classmethod
    def trainer(cls, base_url: str, public_id: str, full_name: str) -> Self:
        """A trainer's calendar."""
        return cls.of(
            base_url, FeedKey(FeedKind.TRAINER, public_id), messages.trainer_name(full_name)
        )

    @classmethod
    def module(cls, base_url: str, number: int, title: str) -> Self:
        """A module's calendar."""
        return cls.of(
            base_url, FeedKey(FeedKind.MODULE, str(number)), messages.module_name(number, title)
        )

    @classmethod
    def session(cls, base_url: str, public_id: str, number: int, year: int, module: int) -> Self:
        """A session's calendar."""
        return cls.of(
            base_url,
            FeedKey(FeedKind.SESSION, public_id),
            messages.session_name(number, year, module),
        )

    @classmethod
    def event(cls, base_url: str, public_id: str, title: str) -> Self:
        """A public event's calendar."""
        return cls.of(base_url, FeedKey(FeedKind.EVENT, public_id), messages.event_name(title))

    @classmethod
    def from_listing(cls, base_url: str, listing: FeedListing) -> Self:
        """The calendar of one row of the feed list."""
        feed, words = listing.feed, listing.words
        if feed.kind is FeedKind.DEPARTMENT:
            return cls.department(base_url, feed.key, words[0] or "")
        if feed.kind is FeedKind.TRAINER:
            return cls.trainer(base_url, feed.key, f"{words[0]} {words[1]}")
        if feed.kind is FeedKind.MODULE:
            return cls.module(base_url, int(feed.key), words[0] or "")
        if feed.kind is FeedKind.SESSION:
            year, number, module = (_number(word) for word in words[:3])
            return cls.session(base_url, feed.key, number, year, module)
        if feed.kind is FeedKind.EVENT:
            return cls.event(base_url, feed.key, words[0] or "")
        return cls.region(base_url)


def _number(word: str | None) -> int:
    """A number of a session's listing (its year, number, module): never null, its columns
    are not."""
    if word is None:
        raise ValueError("a session's feed listing has its year, number and module")
    return int(word)
