"""The hook specifications: everything a plugin can tell the service or be asked by it.

How the core calls a hook:

- **One plugin at a time.** The core never fires a hook at every plugin at once: it calls each
  plugin in scope separately, so that a plugin that raises is isolated and named, and every
  result is attributed to the plugin that gave it (pretix's receivers, one by one). So no hook
  here is ``firstresult``: each plugin's answer counts.
- **Scope.** A hook about one department's object is called only on the plugins *in scope*: the
  plugin that speaks for that department (see ``cps_department``) and the plugins that speak for
  no department, whose rules apply to everything (the core's own ``regional`` plugin). A plugin
  therefore never checks whether an object is its own.
- **The date.** The validation hooks receive ``today``, the day it is in Paris by the
  service's clock (tests set it): a rule that depends on the date compares with it and never
  asks the system clock. A hook implementation may leave out the arguments it does not use.
- **Faults.** A plugin that raises while contributing to a read (events, actions, calendar
  entries, its GraphQL extension) is left out of that read and named in the answer; a plugin
  that raises while validating makes the check fail with its name: a broken rule never lets a
  write through. A rule reports a plain violation by returning it, never by raising.

Plain data crosses the boundary: see ``core.hooks.types``. Plugins never query the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.hooks.markers import hookspec
from core.hooks.types import (
    CalendarEntry,
    DepartmentInfo,
    EventDraft,
    LocalAction,
    LocalEvent,
    RegistrationDraft,
    RegistrationTarget,
    Rule,
    SessionDraft,
    Violation,
)


@hookspec
def cps_department() -> DepartmentInfo | None:
    """The department this plugin speaks for: code, name and COTER.

    Called once per plugin when the plugin manager is built; the answer decides the plugin's
    scope (the department's objects only). Receives nothing. Returns a ``DepartmentInfo``; a
    plugin that speaks for no department does not implement this hook (or returns ``None``) and
    its rules then apply to everything. Two plugins speaking for the same department is a
    conflict that stops the start. Not ``firstresult``: each plugin is asked on its own.
    """


@hookspec
def cps_rules() -> list[Rule]:
    """The catalogue of rules this plugin enforces: code, subject and a one-line description.

    Called once per plugin when the plugin manager is built, for ``cps plugins``, the GraphQL
    plugin list, and to report which rules a check evaluated. Receives nothing. Returns every
    rule the plugin's ``cps_validate_*`` hooks can report, each code stable and unique across
    plugins (a department's codes start with ``DEPT_NN_``); a repeated code stops the start.
    Not ``firstresult``.
    """


@hookspec
def cps_events() -> list[LocalEvent]:
    """The department's own events: practice-exchange days, the yearly event, COTER meetings.

    Called on each plugin when its content is synchronised into the database (on ``cps seed``
    and each time the service starts); the API then serves them like any event, with a global
    ID derived from each event's key. Receives nothing. Returns every event the plugin publishes,
    of its own department (``department_code``); an event it stops returning is marked
    cancelled, never deleted. If it raises, the plugin's content is left as it was and the
    plugin is reported by name. Not ``firstresult``.
    """


@hookspec
def cps_actions() -> list[LocalAction]:
    """The deployment-pack actions the department's COTER prioritised, with their periods.

    Called with ``cps_events``, when the plugin's content is synchronised. Receives nothing.
    Returns every action of the plugin's department, each with its natural key, period and the
    evidence-based programme where there is one; an action it stops returning is archived.
    Not ``firstresult``.
    """


@hookspec
def cps_validate_registration(
    registration: RegistrationDraft, target: RegistrationTarget, today: date
) -> list[Violation]:
    """Check a would-be registration against this plugin's rules.

    Called by the eligibility query and before any registration is written, only on the plugins
    in scope of ``target`` (its departments' plugins and the regional ones). Receives the draft
    as the person declared it, the session or event it is for, and ``today`` (Paris). Returns
    every violation found (each with a code from ``cps_rules``, the input field and a French
    message), or an empty list. Raising makes the check fail: the answer says which plugin
    failed, never "eligible". Not ``firstresult``: every plugin in scope is asked.
    """


@hookspec
def cps_validate_session(session: SessionDraft, today: date) -> list[Violation]:
    """Check a training session about to be created or changed.

    Called before a session is written, only on the plugins in scope of the session (its
    holding department, or each department of its tentative places, and the regional ones).
    Receives the session as it would be written and ``today`` (Paris). Returns every violation
    found, or an empty list; raising makes the write fail. Not ``firstresult``.
    """


@hookspec
def cps_validate_event(
    event: EventDraft, same_year_events: Sequence[EventDraft], today: date
) -> list[Violation]:
    """Check an event about to be created or changed, including a plugin's own events.

    Called before an event is written (and on every event a plugin publishes, when its content
    is synchronised), only on the plugins in scope of the event's department and the regional
    ones. Receives the event as it would be written and the other events of the same department
    and year (the core reads them; the event itself is not among them), and ``today`` (Paris).
    Returns every violation found, or an empty list; raising makes the write fail.
    Not ``firstresult``.
    """


@hookspec
def cps_calendar_entries() -> list[CalendarEntry]:
    """Entries of the department's calendar that are neither sessions nor events of the core.

    Called each time the department's calendar is read, only on that department's plugin.
    Receives nothing. Returns the entries (stable ``uid``, aware times in Europe/Paris), or an
    empty list. If it raises, the calendar is served without them and the failure is logged with
    the plugin's name. Not ``firstresult``.
    """


@hookspec
def cps_graphql_types() -> list[type]:
    """Strawberry types this plugin adds to the GraphQL schema.

    Called once per plugin when the schema is built. Receives nothing. Returns Strawberry types,
    at least the one implementing ``core.hooks.graphql.DepartmentExtension`` that
    ``cps_department_extension`` returns; their names must be unique (prefix them with the
    department, as ``Dept44Extension``), a clash stops the start. Not ``firstresult``.
    """


@hookspec
def cps_department_extension() -> object | None:
    """What this plugin adds under its department in GraphQL (``Department.extension``).

    Called when a query selects ``extension`` on the plugin's department, only on that
    department's plugin. Receives nothing. Returns an instance of one of the types given by
    ``cps_graphql_types`` implementing ``DepartmentExtension``, or ``None``. If it raises, the
    field is null and the response's ``extensions.pluginFailures`` names the plugin.
    Not ``firstresult``.
    """
