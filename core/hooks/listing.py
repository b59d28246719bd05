"""The plugins as ``cps plugins`` prints them: one block per plugin, French, for people."""

from __future__ import annotations

from collections.abc import Iterable

from core.hooks.manager import PluginDescription, PluginStatus
from core.hooks.types import RuleSubject, TargetKind

SUBJECTS = {
    RuleSubject.REGISTRATION: "inscription",
    RuleSubject.SESSION: "session",
    RuleSubject.EVENT: "évènement",
}

TARGETS = {TargetKind.SESSION: "à une session", TargetKind.EVENT: "à un évènement"}


def _heading(plugin: PluginDescription) -> str:
    origin = " ".join(
        part
        for part in (plugin.version, f"({plugin.distribution})" if plugin.distribution else None)
        if part
    )
    name = f"{plugin.name} {origin}".strip()
    if plugin.status is PluginStatus.DISABLED:
        return f"{name} — désactivée (CPS_DISABLED_PLUGINS)"
    if plugin.status is PluginStatus.FAILED:
        return f"{name} — en échec au chargement : {plugin.error}"
    if plugin.department is None:
        return f"{name} — règles régionales, pour tous les départements"
    return f"{name} — département {plugin.department.code}, {plugin.department.name}"


def format_plugins(plugins: Iterable[PluginDescription]) -> str:
    """Name, version, department, hooks and rules (code, subject, description) of each plugin."""
    blocks = []
    for plugin in plugins:
        lines = [_heading(plugin)]
        if plugin.status is PluginStatus.LOADED:
            lines.append(f"  hooks : {', '.join(plugin.hooks) or 'aucun'}")
            lines.append("  règles :" if plugin.rules else "  règles : aucune")
            width = max((len(rule.code) for rule in plugin.rules), default=0)
            for rule in plugin.rules:
                subject = SUBJECTS[rule.subject] + "".join(
                    f", {TARGETS[target]}" for target in sorted(rule.targets)
                )
                lines.append(f"    {rule.code:<{width}}  [{subject}] {rule.description}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
