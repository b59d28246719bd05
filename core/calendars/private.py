"""Private feeds over HTTP: ``/calendars/private/<token>.ics``, one token per subscription.

The token is resolved on every request (one indexed look-up), so a revoked or rotated token
stops the feed at once, whatever the caches hold. The answer is the subscription's calendar
with its non-public events, built and cached by the same ``CalendarFeeds`` as the public feeds
(a private feed's cache key says it is private), under a name of its own ("… (privé)") and
without ``SOURCE`` (which would point to the public feed). The logs never show the token,
whatever the answer (``core.http.redaction``), and answers are ``Cache-Control: private``.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from core.calendars.http import answer_feed
from core.calendars.links import PATH_PREFIX
from core.services import feed_subscriptions
from core.calendars.keys import FeedFilter

PRIVATE_PATH = f"{PATH_PREFIX}/private"
NOT_FOUND = "Flux privé introuvable : ce lien a été révoqué ou remplacé."
PRIVATE_FILTER = FeedFilter(include_private=True)


def private_feed_url(base_url: str, token: str) -> str:
    """The URL of a private feed: the only place its token is ever shown."""
    return f"{base_url}{PRIVATE_PATH}/{token}.ics"


async def serve_private_feed(request: Request) -> Response:
    """Answer a GET or HEAD of a private feed; 404 for an unknown, rotated or revoked token."""
    token = request.path_params.get("token", "")
    async with request.app.state.database.sessions() as db:
        subscription = await feed_subscriptions.resolve(db, token)
        await db.commit()
    if subscription is None:
        return PlainTextResponse(NOT_FOUND, status_code=404)
    return await answer_feed(
        request,
        feed_subscriptions.feed_of(subscription),
        PRIVATE_FILTER,
        not_found=NOT_FOUND,
        cache_control="private, max-age=300",
        extra_headers={"referrer-policy": "no-referrer"},
    )


def private_calendar_routes() -> list[Route]:
    """The private feed route, GET and HEAD."""
    return [
        Route(f"{PRIVATE_PATH}/{{token}}.ics", serve_private_feed, methods=["GET", "HEAD"])
    ]
