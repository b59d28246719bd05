"""Apps with settings of their own and clients calling from chosen addresses.

The production tests need a service configured otherwise than the ``app`` fixture (a small rate
limit, a debug mode, partner origins) and callers that the service tells apart by address.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from core.app import create_app
from core.settings import Settings

BASE_URL = "https://cps.example.org"

# What a partner site asks in normal use: a page of sessions with their days, trainers and places.
PARTNER_QUERY = """
query PartnerSessions($first: Int) {
  sessions(first: $first, filter: {year: 2025}) {
    totalCount
    edges { node {
      id title status
      module { number title }
      days { date startsAt endsAt }
      trainers { fullName organization { name } }
      places { city venue department { code name } }
    } }
  }
}
"""


def settings_for(database_url: str, **overrides: object) -> Settings:
    """Test settings on ``database_url`` with ``overrides``, validated as the environment is.

    No outbox dispatcher unless asked for (``outbox_dispatcher=True``): its passes would run
    statements in the middle of tests that count them."""
    overrides.setdefault("outbox_dispatcher", False)
    return Settings.from_env(database_url=database_url, base_url=BASE_URL, **overrides)


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[Starlette]:
    """A new application on ``settings``, with its lifespan running."""
    application = create_app(settings)
    async with LifespanManager(application):
        yield application


def client_of(app: Starlette, address: str = "203.0.113.10") -> httpx.AsyncClient:
    """An HTTP client calling ``app`` in-process from ``address``."""
    transport = httpx.ASGITransport(app=app, client=(address, 43210))
    return httpx.AsyncClient(transport=transport, base_url=BASE_URL)


async def partner_query_succeeds(http: httpx.AsyncClient, **headers: str) -> dict:
    """Send the partner query; it must be answered 200 with every session and no error."""
    response = await http.post(
        "/graphql", json={"query": PARTNER_QUERY, "variables": {"first": 100}}, headers=headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    assert body["data"]["sessions"]["totalCount"] == 6
    return body
