"""The feeds over HTTP: ``/calendars/…`` routes, conditional requests, compression and HEAD.

Every answer to a known feed carries ``ETag`` and ``Last-Modified``. ``If-None-Match`` is
checked first and, when it is absent, ``If-Modified-Since`` (RFC 9110); either ends in
``304 Not Modified`` without building anything. The brotli and gzip forms (for clients that
accept them, ``core.http.compression``) have their own ETags, the identity one with ``-br`` or
``-gzip`` appended, and any of them matches a conditional request. A filter the feed does not
know gets 400 and an unknown object 404, each with a short French text.

Each 200 answer counts as a feed build, each 304 as a feed not modified, in the service's
metrics (``core.observability.metrics``), labelled with the feed's kind in lower case
(``region``, ``department``…) or ``private`` for every private feed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC
from email.utils import format_datetime, parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from core.calendars import links, messages
from core.calendars.filters import FilterError, parse_filter
from core.calendars.service import CalendarFeeds
from core.calendars.state import FeedState
from core.http.compression import SUFFIXES, choose_coding, identity_etag_value
from core.observability.metrics import record_feed_build, record_feed_not_modified
from core.calendars.keys import FeedFilter, FeedKey, FeedKind

MEDIA_TYPE = "text/calendar; charset=utf-8"
# Calendar applications poll at their own pace; a shared cache may keep a feed five minutes.
CACHE_CONTROL = "public, max-age=300"
# Longer keys are no public ID, code or number: answered 404 without a query.
MAX_KEY_LENGTH = 64
# One-click files for a single session or event are downloaded; the others are subscribed to.
_ATTACHMENTS = {FeedKind.SESSION, FeedKind.EVENT}


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Whether ``If-None-Match`` names the feed's ETag, in either encoding (weak comparison)."""
    for candidate in if_none_match.split(","):
        if candidate.strip() == "*":
            return True
        if identity_etag_value(candidate) == etag:
            return True
    return False


def not_modified(request: Request, state: FeedState) -> bool:
    """Whether the client's copy is current: ``If-None-Match`` first, else ``If-Modified-Since``."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return etag_matches(if_none_match, state.etag)
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return state.last_modified <= since
    return False


def metric_label(feed: FeedKey, criteria: FeedFilter) -> str:
    """The ``feed`` label of the feed metrics: ``private``, or the kind in lower case."""
    return "private" if criteria.include_private else feed.kind.value.lower()


def _validators(
    state: FeedState, coding: str | None, cache_control: str = CACHE_CONTROL
) -> dict[str, str]:
    return {
        "etag": f'"{state.etag}{SUFFIXES[coding] if coding else ""}"',
        "last-modified": format_datetime(state.last_modified.astimezone(UTC), usegmt=True),
        "cache-control": cache_control,
        "vary": "Accept-Encoding",
    }


async def answer_feed(
    request: Request,
    feed: FeedKey,
    criteria: FeedFilter,
    *,
    not_found: str,
    disposition: str = "inline",
    cache_control: str = CACHE_CONTROL,
    extra_headers: Mapping[str, str] | None = None,
) -> Response:
    """Answer a GET or HEAD of ``feed`` as ``criteria`` filter it: 304, 200 (brotli or gzip
    when accepted) or 404 with ``not_found``. Public and private feeds both go through here."""
    feeds: CalendarFeeds = request.app.state.calendars
    state = await feeds.state(feed, criteria)
    if state is None:
        return PlainTextResponse(not_found, status_code=404)
    coding = choose_coding(request.headers.get("accept-encoding"))
    validators = {**_validators(state, coding, cache_control), **(extra_headers or {})}
    if not_modified(request, state):
        record_feed_not_modified(request, metric_label(feed, criteria))
        return Response(status_code=304, headers=validators)
    built = await feeds.body(feed, criteria, state)
    if built is None:
        return PlainTextResponse(not_found, status_code=404)
    record_feed_build(request, metric_label(feed, criteria))
    state, body = built
    content = await feeds.encoded(state, body, coding)
    headers = {
        **_validators(state, coding, cache_control),
        **(extra_headers or {}),
        "content-type": MEDIA_TYPE,
        "content-disposition": f'{disposition}; filename="{body.file_name}"',
        "content-length": str(len(content)),
    }
    if coding is not None:
        headers["content-encoding"] = coding
    if request.method == "HEAD":
        return Response(status_code=200, headers=headers)
    return Response(content, status_code=200, headers=headers)


async def serve_feed(request: Request, kind: FeedKind) -> Response:
    """Answer a GET or HEAD of one public feed."""
    key = request.path_params.get("key", "")
    not_found = messages.NOT_FOUND.get(kind.value, "").format(key=key[:MAX_KEY_LENGTH])
    if len(key) > MAX_KEY_LENGTH:
        return PlainTextResponse(not_found, status_code=404)
    try:
        criteria = parse_filter(kind, request.query_params.multi_items())
    except FilterError as error:
        return PlainTextResponse(str(error), status_code=400)
    return await answer_feed(
        request,
        FeedKey(kind, key),
        criteria,
        not_found=not_found,
        disposition="attachment" if kind in _ATTACHMENTS else "inline",
    )


BrowserPage = Callable[[Request, FeedKey], Awaitable[Response | None]]


def wants_a_page(request: Request) -> bool:
    """A browser's GET: it asks for HTML by name and not for a calendar. Calendar applications
    ask for ``text/calendar`` or anything (``*/*``); they always get the feed."""
    accept = request.headers.get("accept", "").lower()
    return request.method == "GET" and "text/html" in accept and "text/calendar" not in accept


def _endpoint(kind: FeedKind, browser_page: BrowserPage | None):
    async def endpoint(request: Request) -> Response:
        if browser_page is not None and kind not in _ATTACHMENTS and wants_a_page(request):
            page = await browser_page(request, FeedKey(kind, request.path_params.get("key", "")))
            if page is not None:
                return page
        return await serve_feed(request, kind)

    endpoint.__name__ = f"{kind.value.lower()}_calendar"
    endpoint.__doc__ = f"The {kind.value.lower()} calendar feed."
    return endpoint


def calendar_routes(browser_page: BrowserPage | None = None) -> list[Route]:
    """The feed routes, GET and HEAD: ``/calendars/region.ics``, ``/calendars/modules/1.ics``…

    ``browser_page``, when given, answers a browser that opens a feed to subscribe to (not a
    one-click file): a page that explains how to subscribe, or ``None`` to send the feed.
    """
    return [
        Route(
            links.feed_path(FeedKey(kind, "{key}")),
            _endpoint(kind, browser_page),
            methods=["GET", "HEAD"],
        )
        for kind in FeedKind
    ]
