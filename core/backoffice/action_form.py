"""The action form of the back-office: what staff typed, read into the values a directory
command takes (``core.commands.directory``: the model's field names) or into French errors by
field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.backoffice.forms import french_date, optional_date, read_form
from core.backoffice.session_form import SessionForm
from core.calendars.messages import ACTION_KINDS, PROGRAMMES
from core.models import Action
from core.models.enums import ActionKind, Programme
from core.places.communes import DEPARTMENT_NAMES

TEXT_FIELDS = ("departement", "type", "titre", "programme", "debut", "fin")
LONG_FIELDS = ("description",)
# Where a command's violation is shown: its field, as the commands name it, to the form's.
FIELD_OF = {
    "departmentCode": "departement",
    "kind": "type",
    "title": "titre",
    "programme": "programme",
    "periodStart": "debut",
    "periodEnd": "fin",
    "description": "description",
}
KIND_CHOICES = [(kind.value, label) for kind, label in ACTION_KINDS.items()]
PROGRAMME_CHOICES = [(programme.value, label) for programme, label in PROGRAMMES.items()]


def typed(form: Mapping[str, object]) -> dict[str, str]:
    """The form's fields as text."""
    return read_form(form, TEXT_FIELDS, LONG_FIELDS)


def read_action(values: dict[str, str], *, new: bool) -> tuple[SessionForm, dict[str, Any] | None]:
    """The action's values as the commands take them (with its department when ``new``), or
    ``None`` with the errors by field. An empty title is the command's to refuse."""
    form = SessionForm(values, {})
    if values["type"] not in ActionKind.__members__:
        form.add("type", "Choisissez le type d'action.")
    if values["programme"] and values["programme"] not in Programme.__members__:
        form.add("programme", "Choisissez le programme dans la liste, ou aucun.")
    if new and values["departement"] not in DEPARTMENT_NAMES:
        form.add("departement", "Choisissez le département dans la liste.")
    if not values["debut"]:
        form.add("debut", "Indiquez le premier jour de la période au format JJ/MM/AAAA.")
    starts = optional_date(values, "debut", form.errors)
    ends = optional_date(values, "fin", form.errors)
    if form.errors:
        return form, None
    given: dict[str, Any] = {
        "kind": ActionKind(values["type"]),
        "title": values["titre"],
        "programme": Programme(values["programme"]) if values["programme"] else None,
        "period_start": starts,
        "period_end": ends,
        "description": values["description"] or None,
    }
    if new:
        given["department_code"] = values["departement"]
    return form, given


def values_of_new_action(department: str) -> dict[str, str]:
    """An empty form for a new action of ``department``."""
    return {**dict.fromkeys((*TEXT_FIELDS, *LONG_FIELDS), ""), "departement": department}


def values_of_action(action: Action) -> dict[str, str]:
    """The form of an existing action, as it stands."""
    return {
        "departement": action.department_code,
        "type": action.kind.value,
        "titre": action.title,
        "programme": action.programme.value if action.programme else "",
        "debut": french_date(action.period_start),
        "fin": french_date(action.period_end),
        "description": action.description or "",
    }
