"""Naming, in every GraphQL response, the plugins that failed.

A plugin that raises while the service reads its contribution is left out of the answer rather
than failing it; ``PluginFailures`` then adds ``extensions.pluginFailures`` to the response: the
plugins that failed during this request, and those that failed to load or to synchronise their
content since the service started (their content may be missing or out of date).
"""

from __future__ import annotations

from typing import Any

from strawberry.extensions import SchemaExtension


class PluginFailures(SchemaExtension):
    """Add ``extensions.pluginFailures`` (plugin, hook, French message) when a plugin failed."""

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        plugins = getattr(context, "plugin_manager", None)
        failures = [
            *(plugins.startup_failures if plugins is not None else ()),
            *getattr(context, "plugin_failures", ()),
        ]
        if not failures:
            return {}
        unique = list(dict.fromkeys(failures))
        return {
            "pluginFailures": [
                {"plugin": f.plugin, "hook": f.hook, "message": f.message} for f in unique
            ]
        }
