"""The command context of a web request: what a page hands the commands (``core.commands``)
it calls, on behalf of whoever is asking (a person following a link, a visitor filling a form,
a signed-in staff account)."""

from __future__ import annotations

from starlette.requests import Request

from core.auth.viewer import Viewer
from core.commands.context import CommandContext
from core.ratelimit.policy import network_of


def command_context(request: Request, viewer: Viewer) -> CommandContext:
    """The context the commands run in for this request, acting as ``viewer``; the caller's
    network (an IPv6 /64) scopes idempotency as it does for GraphQL."""
    state = request.app.state
    client = request.scope.get("client")
    return CommandContext(
        database=state.database,
        settings=state.settings,
        plugin_manager=state.plugin_manager,
        viewer=viewer,
        clock=state.clock,
        caller_address=network_of(client[0]) if client else "unknown",
    )
