"""The feeds' addresses and file names.

URLs stay short (Google Calendar refuses a subscription URL over 256 characters): a feed is
``/calendars/<kind>/<key>.ics``, its key a department code, a module number or a public ID.
"""

from __future__ import annotations

from urllib.parse import quote

from strawberry.relay import to_base64

from core.calendars.keys import FeedKey, FeedKind
from core.text import slugify

PATH_PREFIX = "/calendars"
EVENT_QUERY = '{node(id:"%s"){id ...on Event{title date startsAt endsAt isPublic}}}'
_FOLDERS = {
    FeedKind.DEPARTMENT: "departments",
    FeedKind.TRAINER: "trainers",
    FeedKind.MODULE: "modules",
    FeedKind.SESSION: "sessions",
    FeedKind.EVENT: "events",
}


def feed_path(feed: FeedKey) -> str:
    """The path of a feed: ``/calendars/region.ics``, ``/calendars/departments/44.ics``…"""
    if feed.kind is FeedKind.REGION:
        return f"{PATH_PREFIX}/region.ics"
    return f"{PATH_PREFIX}/{_FOLDERS[feed.kind]}/{feed.key}.ics"


def feed_url(base_url: str, feed: FeedKey) -> str:
    """The absolute URL of a feed, on the service's public base URL."""
    return base_url + feed_path(feed)


def webcal_url(url: str) -> str:
    """The ``webcal://`` form of a feed URL, which calendar applications open to subscribe."""
    return "webcal://" + url.split("://", 1)[1]


def entry_link(base_url: str, feed: FeedKey) -> str:
    """The link back from a calendar entry to its object: the session's or event's own file.

    The service has no web pages; the object's one-click calendar file is the public page it
    has, and the one to open to add that session or event alone to one's agenda.
    """
    return feed_url(base_url, feed)


def private_event_link(base_url: str, public_id: str) -> str:
    """The link from the entry of a private event (in a private feed), which has no public
    file: the API's answer about it, a GraphQL ``node`` query by GET. Staff who send their
    token get the event; anyone else gets ``node: null``, never its content."""
    query = EVENT_QUERY % to_base64("Event", public_id)
    return f"{base_url}/graphql?query={quote(query, safe='')}"


def file_name(feed: FeedKey, title: str) -> str:
    """The file name offered for a feed: ``pole-cps-departement-44-loire-atlantique.ics``."""
    slug = slugify(title.removeprefix("Pôle CPS — "))[:60].strip("-")
    return f"pole-cps-{slug or feed.kind.lower()}.ics"
