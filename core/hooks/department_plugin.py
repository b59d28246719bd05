"""``DepartmentPlugin``: the hooks every department's plugin shares, written once.

A department's plugin is one object, built from the department's data file and, where the
department has rules of its own, the module that holds them::

    # plugins/dept_53/__init__.py
    from pathlib import Path

    from core.hooks import DepartmentPlugin
    from plugins.dept_53 import rules            # only if the department has rules of its own

    DATA_FILE = Path(__file__).with_name("department.toml")
    plugin = DepartmentPlugin(DATA_FILE, rules=rules)

and its entry point names the object: ``dept_53 = "plugins.dept_53:plugin"``. The object's
methods are the hook implementations: the department, its events, actions and calendar entries,
read from the data file; the rules every department applies (``core.hooks.department_rules``)
under the department's codes, then the department's own. A plugin that adds a hook of its own
(a GraphQL extension) subclasses ``DepartmentPlugin`` and marks the new methods ``@hookimpl``.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any, Generic, Protocol, TypeVar, overload

from core.hooks import department_rules
from core.hooks.datafile import DepartmentFile, load_department_file, locate
from core.hooks.markers import hookimpl
from core.hooks.types import (
    CalendarEntry,
    DepartmentInfo,
    EventDraft,
    LocalAction,
    LocalEvent,
    RegistrationDraft,
    RegistrationTarget,
    Rule,
    RuleSubject,
    SessionDraft,
    Violation,
)

F = TypeVar("F", bound=DepartmentFile)

CHECKS = {
    RuleSubject.REGISTRATION: "check_registration",
    RuleSubject.SESSION: "check_session",
    RuleSubject.EVENT: "check_event",
}
"""The function that checks the rules of each subject, in a department's ``rules.py``."""


class DepartmentRules(Protocol):
    """The rules of a department's own: its ``rules.py``, or any object shaped the same.

    ``RULES`` declares them (codes ``DEPT_NN_…``). For each subject they check, the module
    defines its function, which receives the department first and returns violations:

    - ``check_registration(department, registration, target) -> list[Violation]``
    - ``check_session(department, session) -> list[Violation]``
    - ``check_event(department, event, same_year_events) -> list[Violation]``

    A function that depends on the date adds a keyword parameter ``today`` (a ``date``, the day
    it is in Paris by the service's clock), e.g. ``check_registration(department, registration,
    target, *, today)``; it never asks the system clock.
    """

    RULES: Sequence[Rule]


class DepartmentPlugin(Generic[F]):
    """A department's plugin: its data file and its rules, behind the service's hooks.

    - ``data_file``: the department's ``department.toml``, read and validated on first use
      (a mistake makes the plugin fail to load, with the file and the line).
    - ``rules``: the department's own rules (see ``DepartmentRules``), checked after the
      standard ones; ``None`` when it has none.
    - ``model``: the data file's model, a subclass of ``DepartmentFile`` for a department with
      tables of its own.

    Raises ``TypeError`` when ``rules`` declares a rule whose subject has no check function.
    """

    @overload
    def __init__(
        self: DepartmentPlugin[DepartmentFile],
        data_file: Path,
        *,
        rules: DepartmentRules | ModuleType | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        data_file: Path,
        *,
        rules: DepartmentRules | ModuleType | None = None,
        model: type[F],
    ) -> None: ...

    def __init__(
        self,
        data_file: Path,
        *,
        rules: DepartmentRules | ModuleType | None = None,
        model: type[F] = DepartmentFile,  # type: ignore[assignment]
    ) -> None:
        self.data_file = data_file
        self.model = model
        self.own_rules = rules
        self._declared: tuple[Rule, ...] = _declared_rules(rules) if rules is not None else ()
        self._content: F | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.data_file)!r})"

    def content(self) -> F:
        """The department's data file, validated; read once, on first use."""
        if self._content is None:
            self._content = load_department_file(self.data_file, self.model)
        return self._content

    def source_of(self, table: str, key: str) -> str | None:
        """Where the entry ``key`` of ``table`` (``events``, ``actions``, ``calendar``) is
        written: ``plugins/dept_53/department.toml, ligne 42``, for a maintainer's message."""
        entries = getattr(self.content(), table, [])
        index = next((i for i, entry in enumerate(entries) if entry.key == key), None)
        if index is None:
            return None
        line = locate(self.data_file.read_text(encoding="utf-8"), (table, index, "key"))
        return f"{self.data_file}, ligne {line}" if line else str(self.data_file)

    def _check(self, subject: RuleSubject, today: date, *arguments: Any) -> list[Violation]:
        """The standard rules of ``subject``, then the department's own, on ``arguments`` (and
        ``today`` for a function that asks for it)."""
        department = self.content().department_info()
        violations: list[Violation] = getattr(department_rules, CHECKS[subject])(
            department, *arguments
        )
        own = getattr(self.own_rules, CHECKS[subject], None)
        if own is not None:
            dated = "today" in inspect.signature(own).parameters
            violations += own(department, *arguments, **({"today": today} if dated else {}))
        return violations

    # --- The hooks ------------------------------------------------------------------------------

    @hookimpl
    def cps_department(self) -> DepartmentInfo:
        """The department, its name and its COTER, from the data file."""
        return self.content().department_info()

    @hookimpl
    def cps_rules(self) -> list[Rule]:
        """The standard rules under the department's codes, then its own."""
        return [*department_rules.catalogue(self.content().department.code), *self._declared]

    @hookimpl
    def cps_events(self) -> list[LocalEvent]:
        """The ``[[events]]`` of the data file."""
        return self.content().local_events()

    @hookimpl
    def cps_actions(self) -> list[LocalAction]:
        """The ``[[actions]]`` of the data file."""
        return self.content().local_actions()

    @hookimpl
    def cps_calendar_entries(self) -> list[CalendarEntry]:
        """The ``[[calendar]]`` entries of the data file."""
        return self.content().calendar_entries()

    @hookimpl
    def cps_validate_registration(
        self, registration: RegistrationDraft, target: RegistrationTarget, today: date
    ) -> list[Violation]:
        """The standard registration rules, then the department's own."""
        return self._check(RuleSubject.REGISTRATION, today, registration, target)

    @hookimpl
    def cps_validate_session(self, session: SessionDraft, today: date) -> list[Violation]:
        """The standard session rules, then the department's own."""
        return self._check(RuleSubject.SESSION, today, session)

    @hookimpl
    def cps_validate_event(
        self, event: EventDraft, same_year_events: Sequence[EventDraft], today: date
    ) -> list[Violation]:
        """The standard event rules, then the department's own."""
        return self._check(RuleSubject.EVENT, today, event, same_year_events)


def _declared_rules(rules: DepartmentRules | ModuleType) -> tuple[Rule, ...]:
    """The rules ``rules`` declares, once each has the function of its subject."""
    where = getattr(rules, "__name__", type(rules).__name__)
    declared = getattr(rules, "RULES", None)
    if declared is None:
        raise TypeError(f"{where} : RULES manque, la liste des règles propres au département.")
    for rule in declared:
        check = CHECKS.get(getattr(rule, "subject", None))  # type: ignore[arg-type]
        if check is not None and not callable(getattr(rules, check, None)):
            raise TypeError(
                f"{where} : la règle {rule.code} (sujet {rule.subject}) n'a pas de fonction "
                f"{check} qui la vérifie."
            )
    return tuple(declared)
