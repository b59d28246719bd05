"""The plugin manager: built by a factory for each application (never a global), it discovers
the plugins, knows which department each speaks for, and calls them one at a time.

Exceptions::

    PluginConflictError   two plugins claim the same department, rule code or plugin name:
                          raised by the factory, the service does not start (fail fast)
    PluginLoadError       a plugin cannot be used (import error, unknown hook, malformed
                          department or rules): caught by the factory, the plugin is reported
                          by name and left out, the others still load

A plugin is a module whose functions, or an object whose methods, carry ``@hookimpl`` (a
department's ``DepartmentPlugin``); it is registered under its entry-point name (``dept_44``),
and the entry point names the module (``acme_cps_rules``) or the object
(``plugins.dept_44:plugin``). Discovery reads the ``cps.plugins`` entry-point group of every
installed distribution, so installing a plugin's package is enough; ``CPS_DISABLED_PLUGINS``
blocks plugins by name.

Failing closed: a plugin named ``dept_NN`` speaks for department NN (the manager checks it), so
even when it fails to load or is disabled the manager knows whose rules are missing. Every check
of an object of that department is then ``UNDETERMINED`` (``unavailable``) until a plugin for
it loads; a failed or disabled plugin of any other name may have spoken for every department,
so every check is ``UNDETERMINED``, unless an operator accepted it disabled
(``CPS_ACCEPT_DISABLED_PLUGINS``). ``not_ready`` lists what ``/readyz`` reports.
"""

from __future__ import annotations

import enum
import importlib.metadata
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import pluggy

from core import regional
from core.hooks import hookspecs, messages
from core.hooks.datafile import DepartmentFileError
from core.hooks.markers import PROJECT_NAME
from core.hooks.types import DepartmentInfo, PluginFailure, Rule, RuleSubject, TargetKind

ENTRY_POINT_GROUP = "cps.plugins"
CORE_DISTRIBUTION = "pole-cps"
REGIONAL_PLUGIN = "regional"

logger = logging.getLogger("core.hooks")

T = TypeVar("T")

_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_DEPARTMENT_PLUGIN = re.compile(r"^dept_(\d{2}|2[ab]|97\d)$", re.IGNORECASE)

DEPARTMENT_RULES_UNAVAILABLE = "DEPARTMENT_RULES_UNAVAILABLE"
REGIONAL_RULES_UNAVAILABLE = "REGIONAL_RULES_UNAVAILABLE"


class PluginConflictError(Exception):
    """Raised when two plugins claim the same department, rule code or name.

    The message names both plugins and says how to resolve it (disable one with
    ``CPS_DISABLED_PLUGINS``).
    """


class PluginLoadError(Exception):
    """Raised when a plugin cannot be used: it is reported by name and left out."""


class PluginStatus(enum.StrEnum):
    """Whether a plugin runs."""

    LOADED = "LOADED"
    DISABLED = "DISABLED"
    FAILED = "FAILED"


@dataclass(frozen=True)
class PluginDescription:
    """What ``cps plugins`` and the GraphQL API say of a plugin.

    ``error`` explains a ``FAILED`` plugin (for the command line and the log, not for the
    public API).
    """

    name: str
    status: PluginStatus
    version: str | None = None
    distribution: str | None = None
    department: DepartmentInfo | None = None
    hooks: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()
    error: str | None = None

    @property
    def department_code(self) -> str | None:
        """The code of the department the plugin speaks for, if any."""
        return self.department.code if self.department else None


def named_department(name: str) -> str | None:
    """The department a plugin's name says it speaks for (``dept_53`` → ``"53"``), if any."""
    found = _DEPARTMENT_PLUGIN.match(name)
    return found.group(1).upper() if found else None


def failure_of(plugin: str, hook: str, error: BaseException) -> PluginFailure:
    """Log ``error`` with the plugin's name and give the failure to report.

    The log says what went wrong in a line (a data file's mistakes, one per line); the
    traceback only when the ``core.hooks`` logger is set to DEBUG (``CPS_LOG_LEVEL=DEBUG``).
    """
    detail = str(error) or type(error).__name__
    traceback = error if logger.isEnabledFor(logging.DEBUG) else None
    logger.error("plugin %s failed in %s: %s", plugin, hook, detail, exc_info=traceback)
    return PluginFailure(
        plugin=plugin,
        hook=hook,
        message=f"L'extension « {plugin} » a échoué ({hook}) : sa contribution est omise.",
        detail=detail,
    )


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, with the service's hookspecs and the department of each plugin.

    ``register`` also asks the plugin which department it speaks for and which rules it
    declares, and refuses conflicts; ``call`` asks one plugin, so that results and failures are
    attributed; ``scope`` says which plugins a department's object concerns.
    """

    def __init__(self, *, accepted_disabled: Iterable[str] = ()) -> None:
        super().__init__(PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self._descriptions: dict[str, PluginDescription] = {}
        self.startup_failures: list[PluginFailure] = []
        # Disabled plugins an operator accepts (CPS_ACCEPT_DISABLED_PLUGINS): the service is
        # ready without them; a department's writes stay refused without its rules.
        self.accepted_disabled = frozenset(accepted_disabled)

    # --- Registration ---------------------------------------------------------------------------

    def register(
        self,
        plugin: object,
        name: str | None = None,
        *,
        version: str | None = None,
        distribution: str | None = None,
    ) -> str | None:
        """Register ``plugin`` and describe it; ``None`` if the name is blocked.

        ``plugin`` is a module or an object (a ``DepartmentPlugin``) whose functions or methods
        carry ``@hookimpl``. Raises ``PluginLoadError`` when the plugin is unusable and
        ``PluginConflictError`` when it clashes with a registered plugin; either way the manager
        is left as it was.
        """
        try:
            registered = super().register(plugin, name)
        except pluggy.PluginValidationError as error:
            raise PluginLoadError(str(error)) from error
        except ValueError as error:
            # pluggy refuses a name already taken and an object already registered under another
            # name (two entry points naming the same ``plugin`` object).
            registered_as = self.get_name(plugin)
            taken = f"l'extension « {name} » est déjà enregistrée"
            if registered_as not in (None, name):
                taken += f" sous le nom « {registered_as} »"
            raise PluginConflictError(
                f"{taken} ; désactivez-en une avec CPS_DISABLED_PLUGINS."
            ) from error
        if registered is None:
            return None
        try:
            description = self._describe(registered, version, distribution)
            self._check_conflicts(description)
        except BaseException:
            super().unregister(name=registered)
            raise
        self._descriptions[registered] = description
        return registered

    def unregister(self, plugin: object | None = None, name: str | None = None) -> Any:
        """Unregister a plugin and forget its description."""
        removed = super().unregister(plugin=plugin, name=name)
        for known, described in list(self._descriptions.items()):
            if described.status is PluginStatus.LOADED and self.get_plugin(known) is None:
                del self._descriptions[known]
        return removed

    def add_disabled(self, name: str, *, version: str | None, distribution: str | None) -> None:
        """Record a discovered plugin that the settings disable."""
        self._descriptions[name] = PluginDescription(
            name=name, status=PluginStatus.DISABLED, version=version, distribution=distribution
        )

    def add_failed(
        self, name: str, error: BaseException, *, version: str | None, distribution: str | None
    ) -> None:
        """Record a plugin that could not be loaded, and report it by name."""
        # A data file's mistakes are already French lines for the maintainer.
        reason = (
            str(error)
            if isinstance(error, DepartmentFileError)
            else f"{type(error).__name__}: {error}".strip()
        )
        self._descriptions[name] = PluginDescription(
            name=name,
            status=PluginStatus.FAILED,
            version=version,
            distribution=distribution,
            error=reason,
        )
        self.startup_failures.append(failure_of(name, "load", error))

    def load_entry_points(self, *, distribution: str | None = None) -> None:
        """Load every plugin of the ``cps.plugins`` entry-point group, each on its own.

        ``distribution`` keeps only the entry points of that distribution (the built-in
        plugins are those of ``pole-cps``). A plugin that fails to load is recorded as failed;
        the others still load.
        """
        found: dict[str, tuple[importlib.metadata.EntryPoint, str, str | None]] = {}
        for dist in importlib.metadata.distributions():
            dist_name = _canonical(dist.metadata["Name"] or "")
            if distribution is not None and dist_name != _canonical(distribution):
                continue
            for entry_point in dist.entry_points.select(group=ENTRY_POINT_GROUP):
                known = found.get(entry_point.name)
                if known is not None:
                    if known[1] == dist_name:
                        continue  # one distribution seen twice on sys.path: the first one wins
                    raise PluginConflictError(
                        f"deux distributions déclarent l'extension « {entry_point.name} » : "
                        f"{known[1]} et {dist_name} ; désinstallez-en une."
                    )
                found[entry_point.name] = (entry_point, dist_name, dist.version)
        for name in sorted(found):
            entry_point, dist_name, version = found[name]
            if self.is_blocked(name):
                self.add_disabled(name, version=version, distribution=dist_name)
                continue
            self.load(name, entry_point.load, version=version, distribution=dist_name)

    def load(
        self,
        name: str,
        load: Callable[[], object],
        *,
        version: str | None = None,
        distribution: str | None = None,
    ) -> None:
        """Import a plugin with ``load`` and register it as ``name``; a plugin that fails to
        import or to register is recorded as failed (``PluginConflictError`` still stops)."""
        try:
            self.register(load(), name=name, version=version, distribution=distribution)
        except PluginConflictError:
            raise
        except Exception as error:
            self.add_failed(name, error, version=version, distribution=distribution)

    # --- Describing -----------------------------------------------------------------------------

    def _describe(
        self, name: str, version: str | None, distribution: str | None
    ) -> PluginDescription:
        plugin = self.get_plugin(name)
        hooks = sorted(caller.name for caller in self.get_hookcallers(plugin) or [])
        unknown = [hook for hook in hooks if not getattr(self.hook, hook).has_spec()]
        if unknown:
            raise PluginLoadError(f"hook inconnu : {', '.join(unknown)}")
        department = self.ask(name, "cps_department")
        if department is not None and not isinstance(department, DepartmentInfo):
            raise PluginLoadError("cps_department doit renvoyer un DepartmentInfo")
        claimed = named_department(name)
        if claimed is not None and (department is None or department.code != claimed):
            raise PluginLoadError(
                f"l'extension « {name} » doit parler pour le département {claimed} "
                f"(cps_department donne {department.code if department else 'aucun département'})"
            )
        rules = self.collect(name, "cps_rules", Rule)
        codes = [rule.code for rule in rules]
        for rule in rules:
            if not _CODE.match(rule.code) or not rule.description.strip():
                raise PluginLoadError(f"règle mal formée : {rule.code!r}")
            if not isinstance(rule.subject, RuleSubject):
                raise PluginLoadError(f"règle {rule.code} : sujet inconnu {rule.subject!r}")
        if len(set(codes)) != len(codes):
            raise PluginLoadError("des codes de règles sont répétés")
        return PluginDescription(
            name=name,
            status=PluginStatus.LOADED,
            version=version,
            distribution=distribution,
            department=department,
            hooks=tuple(hooks),
            rules=tuple(rules),
        )

    def _check_conflicts(self, new: PluginDescription) -> None:
        for other in self.loaded():
            if new.department_code and other.department_code == new.department_code:
                raise PluginConflictError(
                    f"les extensions « {other.name} » et « {new.name} » parlent toutes deux pour "
                    f"le département {new.department_code} ; désactivez-en une avec "
                    "CPS_DISABLED_PLUGINS."
                )
            shared = {rule.code for rule in other.rules} & {rule.code for rule in new.rules}
            if shared:
                raise PluginConflictError(
                    f"les extensions « {other.name} » et « {new.name} » déclarent la même règle "
                    f"{', '.join(sorted(shared))} ; désactivez-en une avec CPS_DISABLED_PLUGINS."
                )

    def describe(self) -> list[PluginDescription]:
        """Every plugin known: loaded, disabled or failed; the core's regional rules first, then
        the others by name."""
        return sorted(
            self._descriptions.values(), key=lambda d: (d.name != REGIONAL_PLUGIN, d.name)
        )

    def description(self, name: str) -> PluginDescription | None:
        """The description of one plugin by name."""
        return self._descriptions.get(name)

    def loaded(self) -> list[PluginDescription]:
        """The plugins that run, regional ones first."""
        return [d for d in self.describe() if d.status is PluginStatus.LOADED]

    def department_plugin(self, department_code: str) -> str | None:
        """The name of the plugin that speaks for ``department_code``, if one is loaded."""
        for described in self.loaded():
            if described.department_code == department_code:
                return described.name
        return None

    def scope(self, department_codes: Iterable[str]) -> list[str]:
        """The plugins an object of these departments concerns: the regional plugins, then the
        plugin of each department, in the order given."""
        names = [d.name for d in self.loaded() if d.department is None]
        for code in department_codes:
            name = self.department_plugin(code)
            if name is not None and name not in names:
                names.append(name)
        return names

    def unavailable(self, department_codes: Iterable[str]) -> list[PluginFailure]:
        """Why the rules of an object of these departments cannot all be run: the failed or
        disabled plugin of one of them (when no other plugin speaks for it), and every failed
        or disabled plugin that speaks for no known department (unless accepted disabled)."""
        codes = set(department_codes)
        failures = []
        for described in self.describe():
            if described.status is PluginStatus.LOADED:
                continue
            state = (
                messages.PLUGIN_DISABLED
                if described.status is PluginStatus.DISABLED
                else messages.PLUGIN_FAILED
            )
            department = named_department(described.name)
            if department is None and not self._accepted(described):
                code, text = REGIONAL_RULES_UNAVAILABLE, messages.REGIONAL_RULES_UNAVAILABLE
            elif department in codes and self.department_plugin(department) is None:
                code, text = DEPARTMENT_RULES_UNAVAILABLE, messages.DEPARTMENT_RULES_UNAVAILABLE
            else:
                continue
            message = text.format(department=department, plugin=described.name, state=state)
            failures.append(PluginFailure(described.name, "load", message, code))
        return failures

    def _accepted(self, described: PluginDescription) -> bool:
        return described.status is PluginStatus.DISABLED and (
            described.name in self.accepted_disabled
        )

    def not_ready(self) -> list[PluginDescription]:
        """The plugins that keep the service from being ready: failed, or disabled without the
        operator accepting it."""
        return [
            d
            for d in self.describe()
            if d.status is not PluginStatus.LOADED and not self._accepted(d)
        ]

    def rules_of(
        self, names: Iterable[str], subject: RuleSubject, target: TargetKind | None = None
    ) -> list[tuple[str, Rule]]:
        """The rules about ``subject`` of the named plugins (those concerning ``target``, for
        registrations), with the plugin of each."""
        rules = []
        for name in names:
            described = self._descriptions.get(name)
            for rule in described.rules if described else ():
                if rule.subject is subject and (
                    target is None or not rule.targets or target in rule.targets
                ):
                    rules.append((name, rule))
        return rules

    # --- Calling one plugin ---------------------------------------------------------------------

    def call(self, name: str, hook_name: str, **kwargs: Any) -> list[Any]:
        """The results of ``hook_name`` from the plugin ``name`` only (pluggy's list of results)."""
        plugin = self.get_plugin(name)
        if plugin is None:
            return []
        others = [other for other in self.get_plugins() if other is not plugin]
        results: list[Any] = self.subset_hook_caller(hook_name, remove_plugins=others)(**kwargs)
        return results

    def ask(self, name: str, hook_name: str, **kwargs: Any) -> Any:
        """The one result of a single-valued hook from the plugin ``name``, or ``None``."""
        results = self.call(name, hook_name, **kwargs)
        return results[0] if results else None

    def collect(self, name: str, hook_name: str, item_type: type[T], **kwargs: Any) -> list[T]:
        """The items a list-valued hook of the plugin ``name`` returns, checked to be
        ``item_type``; raises ``TypeError`` on anything else."""
        items: list[T] = []
        for result in self.call(name, hook_name, **kwargs):
            if not isinstance(result, list | tuple):
                raise TypeError(f"{hook_name} doit renvoyer une liste, pas {type(result).__name__}")
            for item in result:
                if not isinstance(item, item_type):
                    raise TypeError(
                        f"{hook_name} doit renvoyer des {item_type.__name__}, "
                        f"pas {type(item).__name__}"
                    )
                items.append(item)
        return items

    def collect_safely(
        self, name: str, hook_name: str, item_type: type[T], **kwargs: Any
    ) -> tuple[list[T], PluginFailure | None]:
        """Like ``collect``, but a plugin that raises gives no items and a failure."""
        return guarded(
            name, hook_name, lambda: self.collect(name, hook_name, item_type, **kwargs), []
        )


def guarded(
    plugin: str, hook: str, work: Callable[[], T], fallback: T
) -> tuple[T, PluginFailure | None]:
    """Run ``work`` (a call into ``plugin``); if it raises, log it and give ``fallback`` and the
    failure instead."""
    try:
        return work(), None
    except Exception as error:
        return fallback, failure_of(plugin, hook, error)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _core_version() -> str | None:
    try:
        return importlib.metadata.version(CORE_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None


def build_plugin_manager(
    *,
    disabled: Sequence[str] = (),
    accepted_disabled: Sequence[str] = (),
    discover: bool = True,
    builtin_only: bool = False,
    extra: Iterable[tuple[str, object]] = (),
) -> PluginManager:
    """A new plugin manager: the core's regional rules, then every discovered plugin.

    - ``disabled``: plugin names not to load (``CPS_DISABLED_PLUGINS``).
    - ``accepted_disabled``: disabled plugins the service is ready without
      (``CPS_ACCEPT_DISABLED_PLUGINS``); a department's writes stay refused without its plugin.
    - ``discover``: read the ``cps.plugins`` entry points; ``builtin_only`` keeps those of the
      service's own distribution (the schema it ships is built that way).
    - ``extra``: ``(name, plugin)`` pairs registered after discovery (tests, the test kit).

    Raises ``PluginConflictError`` on a conflict; a plugin that fails to load is reported in
    ``describe()`` and ``startup_failures`` and the others load.
    """
    manager = PluginManager(accepted_disabled=accepted_disabled)
    for name in disabled:
        manager.set_blocked(name)
    if manager.is_blocked(REGIONAL_PLUGIN):
        manager.add_disabled(
            REGIONAL_PLUGIN, version=_core_version(), distribution=CORE_DISTRIBUTION
        )
    else:
        manager.register(
            regional, name=REGIONAL_PLUGIN, version=_core_version(), distribution=CORE_DISTRIBUTION
        )
    if discover:
        manager.load_entry_points(distribution=CORE_DISTRIBUTION if builtin_only else None)
    for name, plugin in extra:
        manager.load(name, partial(_given_plugin, plugin))
    for name in disabled:
        if manager.description(name) is None:
            logger.warning("CPS_DISABLED_PLUGINS names %s, which is not installed", name)
    return manager


def _given_plugin(plugin: object) -> object:
    """The loader of a plugin given as an object (``extra``): the object itself."""
    return plugin
