"""The entries a department's plugin adds to its department's calendar.

The department's calendar feed shows its sessions and events from the database, plus these
entries, which are neither (``cps_calendar_entries``). Only that department's plugin is asked;
if it raises or returns something else than calendar entries, the feed goes on without them and
the failure is logged with the plugin's name (and handed to ``failures`` when given).
"""

from __future__ import annotations

from core.calendars.entries import entry_order
from core.hooks.manager import PluginManager
from core.hooks.types import CalendarEntry, PluginFailure


def department_calendar_entries(
    plugin_manager: PluginManager,
    department_code: str,
    failures: list[PluginFailure] | None = None,
) -> list[CalendarEntry]:
    """The entries the plugin of ``department_code`` contributes, by start; ``[]`` when no plugin
    speaks for that department or when it failed."""
    name = plugin_manager.department_plugin(department_code)
    if name is None:
        return []
    entries, failure = plugin_manager.collect_safely(name, "cps_calendar_entries", CalendarEntry)
    if failure is not None and failures is not None:
        failures.append(failure)
    unique = {entry.uid: entry for entry in entries}
    return sorted(unique.values(), key=entry_order)
