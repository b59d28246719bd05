"""Private feeds over HTTP: ``/calendars/private/<token>.ics``, one token per subscription.

The token is resolved on every request (one indexed look-up), so a revoked or rotated token
stops the feed at once, whatever the caches hold. The answer is the subscription's calendar
with its non-public events, built and cached by the same ``CalendarFeeds`` as the public feeds
(a private feed's cache key says it is private). The token is replaced in the request's path
before the access log writes it, and answers are ``Cache-Control: private``.
"""

from __future__ import annotations

from email.utils import format_datetime

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from core.calendars.http import MEDIA_TYPE, accepts_gzip, not_modified
from core.calendars.links import PATH_PREFIX
from core.calendars.service import CalendarFeeds, FeedState
from core.services import feed_subscriptions
from core.services.calendar_feeds import FeedFilter

PRIVATE_PATH = f"{PATH_PREFIX}/private"
REDACTED_PATH = f"{PRIVATE_PATH}/[jeton].ics"
NOT_FOUND = "Flux privé introuvable : ce lien a été révoqué ou remplacé."
PRIVATE_FILTER = FeedFilter(include_private=True)


def private_feed_url(base_url: str, token: str) -> str:
    """The URL of a private feed: the only place its token is ever shown."""
    return f"{base_url}{PRIVATE_PATH}/{token}.ics"


def _headers(state: FeedState, gzipped: bool) -> dict[str, str]:
    return {
        "etag": f'"{state.etag}{"-gzip" if gzipped else ""}"',
        "last-modified": format_datetime(state.last_modified, usegmt=True),
        "cache-control": "private, max-age=300",
        "vary": "Accept-Encoding",
        "referrer-policy": "no-referrer",
    }


async def serve_private_feed(request: Request) -> Response:
    """Answer a GET or HEAD of a private feed; 404 for an unknown, rotated or revoked token."""
    token = request.path_params.get("token", "")
    # Keep the token out of the access log, which writes the path when the answer is sent.
    request.scope["path"] = REDACTED_PATH
    database = request.app.state.database
    async with database.sessions() as db:
        subscription = await feed_subscriptions.resolve(db, token)
        await db.commit()
    if subscription is None:
        return PlainTextResponse(NOT_FOUND, status_code=404)
    feeds: CalendarFeeds = request.app.state.calendars
    feed = feed_subscriptions.feed_of(subscription)
    state = await feeds.state(feed, PRIVATE_FILTER)
    if state is None:
        return PlainTextResponse(NOT_FOUND, status_code=404)
    gzipped = accepts_gzip(request.headers.get("accept-encoding"))
    if not_modified(request, state):
        return Response(status_code=304, headers=_headers(state, gzipped))
    built = await feeds.body(feed, PRIVATE_FILTER, state)
    if built is None:
        return PlainTextResponse(NOT_FOUND, status_code=404)
    state, body = built
    content = body.gzipped() if gzipped else body.identity
    headers = {
        **_headers(state, gzipped),
        "content-type": MEDIA_TYPE,
        "content-disposition": f'inline; filename="{body.file_name}"',
        "content-length": str(len(content)),
    }
    if gzipped:
        headers["content-encoding"] = "gzip"
    if request.method == "HEAD":
        return Response(status_code=200, headers=headers)
    return Response(content, status_code=200, headers=headers)


def private_calendar_routes() -> list[Route]:
    """The private feed route, GET and HEAD."""
    return [
        Route(f"{PRIVATE_PATH}/{{token}}.ics", serve_private_feed, methods=["GET", "HEAD"])
    ]
