"""Resolving the viewer of an HTTP request from its ``Authorization: Bearer`` header."""

from __future__ import annotations

from starlette.requests import Request

from core.auth.viewer import Viewer
from core.db import Database
from core.services.api_tokens import viewer_for_bearer

ANONYMOUS = Viewer()


def bearer_in(authorization: str) -> str | None:
    """The token of an ``Authorization`` header's value ``Bearer …``, if it is one."""
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def bearer_of(request: Request | None) -> str | None:
    """The token of the request's ``Authorization: Bearer …`` header, if any."""
    if request is None:
        return None
    return bearer_in(request.headers.get("authorization", ""))


async def resolve_viewer(database: Database, request: Request | None) -> Viewer:
    """The request's viewer: a token's holder, or anonymous (no, unknown, expired or revoked
    token). A refused token is not an error here: public reads stay open, and writes that need
    staff answer ``UNAUTHENTICATED``."""
    bearer = bearer_of(request)
    if bearer is None or len(bearer) > 200:
        return ANONYMOUS
    async with database.sessions() as db:
        viewer = await viewer_for_bearer(db, bearer)
        await db.commit()
    return viewer or ANONYMOUS
