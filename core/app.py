"""The ASGI application: routes, lifespan and the GraphQL endpoint."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.websockets import WebSocket

from core import production
from core.auth.request import resolve_viewer
from core.backoffice.routes import backoffice_routes
from core.calendars.http import calendar_routes
from core.calendars.private import private_calendar_routes
from core.calendars.service import CalendarFeeds
from core.clock import Clock
from core.db import Database
from core.graphql.context import Context
from core.graphql.schema import build_schema
from core.hooks.manager import PluginManager, build_plugin_manager
from core.http.graphql_view import PublicGraphQL
from core.mail.link_pages import link_page_routes
from core.mail.pages import debug_mail_routes
from core.observability.metrics import Metrics
from core.outbox.running import running_dispatcher
from core.calendars.contributions import department_calendar_entries
from core.services.plugin_content import sync_plugin_content
from core.services.registrations.target_changes import reevaluate_every_pending
from core.settings import Settings
from core.web.feed_page import feed_page
from core.web.pages import page_not_found
from core.web.rendering import build_templates
from core.web.routes import site_routes


class GraphQLEndpoint(PublicGraphQL[Context]):
    """The public GraphQL view (``core.http``), giving each request a fresh ``Context``."""

    def __init__(self, settings: Settings, plugins: PluginManager, clock: Clock) -> None:
        super().__init__(
            build_schema(plugins, planned=settings.planned_execution),
            # GraphiQL is served by the site, on the service's own files (core.web.api_pages).
            graphql_ide=None,
            allow_queries_via_get=True,
            subscription_protocols=(),
        )
        self.settings = settings
        self.plugins = plugins
        self.clock = clock

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        """A new context (and so new DataLoaders) for every request."""
        if not isinstance(request, Request):
            raise TypeError("GraphQL over WebSocket is not served (no subscription protocol)")
        return Context(
            database=request.app.state.database,
            settings=self.settings,
            request=request,
            viewer=await resolve_viewer(request.app.state.database, request),
            plugin_manager=self.plugins,
            clock=self.clock,
        )


def create_app(
    settings: Settings, plugin_manager: PluginManager | None = None, *, clock: Clock | None = None
) -> Starlette:
    """The service's ASGI application; the database opens and closes with its lifespan.

    ``plugin_manager`` defaults to a new one built from the settings (every installed plugin
    but the disabled ones). At start the plugins' content is synchronised into the database.
    ``clock`` (the real one unless given) is the one every date-dependent answer asks.
    """
    clock = clock if clock is not None else Clock()
    plugins = (
        plugin_manager
        if plugin_manager is not None
        else build_plugin_manager(
            disabled=settings.disabled_plugins,
            accepted_disabled=settings.accept_disabled_plugins,
        )
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.database = Database.open(settings.database_url, echo=settings.sql_echo)
        await sync_plugin_content(app.state.database, plugins, today=clock.today())
        # The plugins' rules may have changed since the last start.
        await reevaluate_every_pending(app.state.database, plugins, today=clock.today())
        app.state.calendars = CalendarFeeds(
            app.state.database,
            settings.base_url,
            extra_entries=lambda code: department_calendar_entries(plugins, code),
            clock=clock.now,
            max_feed_bytes=settings.feed_cache_bytes,
            max_entry_bytes=settings.feed_entry_cache_bytes,
        )
        try:
            async with (
                production.resources(app, settings, clock),
                running_dispatcher(app, settings),
            ):
                yield
        finally:
            await app.state.calendars.close()
            await app.state.database.close()

    graphql = GraphQLEndpoint(settings, plugins, clock)
    metrics = Metrics(settings.metrics_dir)
    metrics.record_plugins(d.status.value for d in plugins.describe())
    app = Starlette(
        debug=settings.debug,
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            *private_calendar_routes(),
            *calendar_routes(browser_page=feed_page),
            *production.routes(),
            *link_page_routes(),
            *debug_mail_routes(settings),
            *backoffice_routes(),
            *site_routes(),
        ],
        exception_handlers={404: page_not_found},
        middleware=production.middleware(settings, metrics),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.plugin_manager = plugins
    app.state.clock = clock
    app.state.graphql_schema = graphql.schema
    app.state.templates = build_templates(settings.base_url)
    return app
