"""What a command needs to run: who asks, the database, the plugins, settings and clock."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.auth.viewer import Viewer
from core.clock import Clock
from core.db import Database
from core.hooks.manager import PluginManager
from core.settings import Settings


@dataclass(frozen=True)
class CommandContext:
    """One caller's context for running commands.

    ``viewer`` is the principal (an API token's, or a signed-in staff account's); commands check
    its role and departments. ``caller_address`` is the caller's network (an IPv6 /64), which
    scopes the idempotency keys of an anonymous caller; "unknown" when there is none (the CLI).
    """

    database: Database
    settings: Settings
    # The application's plugins; a bare manager (no plugin) for commands without rules.
    plugin_manager: PluginManager = field(default_factory=PluginManager)
    viewer: Viewer = field(default_factory=Viewer)
    clock: Clock = field(default_factory=Clock)
    caller_address: str = "unknown"
