"""The command context of a signed-in account: what a screen hands the commands
(``core.commands``) it calls."""

from __future__ import annotations

from starlette.requests import Request

from core.commands.context import CommandContext
from core.services.staff_sign_in import Staff
from core.web import commanding


def command_context(request: Request, staff: Staff) -> CommandContext:
    """The context the commands run in for this signed-in account and request."""
    return commanding.command_context(request, staff.viewer)
