"""A feed's address opened in a browser: how to subscribe to it, instead of a file download.

A person who pastes a calendar's address in a browser would otherwise download the file, and a
double click imports a copy that never updates. Calendar applications never ask for HTML
(``core.calendars.http.wants_a_page``), so they still get the feed itself at the same address.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from core.calendars import messages
from core.calendars.links import feed_url
from core.services import agenda as agenda_service
from core.calendars.keys import FeedKey, FeedKind
from core.web.pages import database_reader
from core.web.rendering import render
from core.web.subscribe import SubscribeLinks


async def _name(request: Request, feed: FeedKey) -> str | None:
    if feed.kind is FeedKind.REGION:
        return messages.REGION_NAME
    async with database_reader(request) as db:
        if feed.kind is FeedKind.DEPARTMENT:
            name = (await agenda_service.department_names(db, [feed.key])).get(feed.key)
            return messages.department_name(feed.key, name) if name else None
        if feed.kind is FeedKind.MODULE:
            titles = await agenda_service.module_titles(db)
            number = int(feed.key) if feed.key.isdigit() else None
            return messages.module_name(number, titles[number]) if number in titles else None
        if feed.kind is FeedKind.TRAINER:
            full_name = await agenda_service.trainer_name(db, feed.key)
            return messages.trainer_name(full_name) if full_name else None
    return None


async def feed_page(request: Request, feed: FeedKey) -> Response | None:
    """The page of a feed to subscribe to; ``None`` (the feed answers, a 404 included) when
    the feed's subject does not exist or a filter is asked."""
    if request.query_params:
        return None
    name = await _name(request, feed)
    if name is None:
        return None
    calendar = SubscribeLinks(name, feed_url(request.app.state.settings.base_url, feed))
    response = render(request, "feed.html", {"calendar": calendar})
    # The same address answers calendar applications with the feed: no shared cache may keep
    # this page for them.
    response.headers["Vary"] = "Accept"
    response.headers["Cache-Control"] = "private, max-age=60"
    return response
