"""The pluggy markers of the service: ``hookspec`` for the core, ``hookimpl`` for plugins."""

from __future__ import annotations

import pluggy

PROJECT_NAME = "cps"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
