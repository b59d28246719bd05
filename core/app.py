"""The ASGI application: routes, lifespan and the GraphQL endpoint."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from core.db import Database
from core.graphql.context import Context
from core.graphql.schema import build_schema
from core.settings import Settings


class GraphQLEndpoint(GraphQL):
    """Strawberry's ASGI view, giving each request a fresh ``Context``."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            build_schema(),
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=True,
            subscription_protocols=(),
        )
        self.settings = settings

    async def get_context(self, request: Request, response: Response) -> Context:
        """A new context (and so new DataLoaders) for every request."""
        return Context(
            database=request.app.state.database, settings=self.settings, request=request
        )


def create_app(settings: Settings) -> Starlette:
    """The service's ASGI application; the database opens and closes with its lifespan."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.database = Database.open(settings.database_url, echo=settings.sql_echo)
        try:
            yield
        finally:
            await app.state.database.close()

    async def home(_request: Request) -> Response:
        return RedirectResponse("/graphql")

    graphql = GraphQLEndpoint(settings)
    app = Starlette(
        routes=[
            Route("/", home),
            Route("/graphql", graphql, methods=["GET", "POST"]),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app
