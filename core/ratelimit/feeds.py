"""The calendar feeds' own rate budget: polls never eat into the API's limit.

A calendar application polls each feed every few hours; a shared fetcher (Google Calendar's,
an office behind one address) polls many feeds for many people from one address. Feed GETs and
HEADs, 304s included, are therefore counted in a bucket of their own per caller, with a limit
far above any calendar client's needs (``CPS_RATE_LIMIT_FEEDS``), that only abusive volumes
reach. Any other method on a feed path counts as an ordinary request.
"""

from __future__ import annotations

from starlette.types import Scope

from core.ratelimit.policy import Caller, Tier

FEED_PATH_PREFIX = "/calendars/"
_POLL_METHODS = frozenset({"GET", "HEAD"})


def is_feed_poll(scope: Scope) -> bool:
    """Whether the request reads a calendar feed (GET or HEAD under ``/calendars/``)."""
    return scope["method"] in _POLL_METHODS and scope["path"].startswith(FEED_PATH_PREFIX)


def feed_caller(caller: Caller, limit: int) -> Caller:
    """``caller`` counted in the feeds' bucket (same address or token, its own key and limit)."""
    return Caller(Tier.FEEDS, f"feeds:{caller.key}", limit)
