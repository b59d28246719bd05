"""Reading what staff type into the back-office's forms: French dates, choices, errors.

A form is read into plain values and a dict of errors by field (French messages shown next to
the field and summarised at the top), never half-applied: a handler writes only when
``errors`` is empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time

from core.hooks.types import Violation

from core.timezone import PARIS

_FRENCH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")

DATE_EXPECTED = "Indiquez une date au format JJ/MM/AAAA, par exemple 28/04/2026."


def parse_date(text: str) -> date:
    """A date typed as ``JJ/MM/AAAA`` (or sent by ``<input type=date>`` as ``AAAA-MM-JJ``).

    Raises ``ValueError`` with the French message to show next to the field.
    """
    french = _FRENCH_DATE.match(text)
    iso = _ISO_DATE.match(text)
    try:
        if french:
            day, month, year = (int(part) for part in french.groups())
            return date(year, month, day)
        if iso:
            year, month, day = (int(part) for part in iso.groups())
            return date(year, month, day)
    except ValueError:
        raise ValueError(f"« {text.strip()} » n'est pas une date du calendrier.") from None
    raise ValueError(DATE_EXPECTED)


HOUR_EXPECTED = "Indiquez une heure au format HH:MM, par exemple 09:00."


def parse_hour(text: str) -> time:
    """An hour typed as ``HH:MM`` (or ``9h30``). Raises ``ValueError`` with the French message
    to show next to the field."""
    try:
        hours, _, minutes = text.replace("h", ":").partition(":")
        return time(int(hours), int(minutes or 0))
    except ValueError:
        raise ValueError(HOUR_EXPECTED) from None


def start_of_day(day: date) -> datetime:
    """Midnight in Paris at the start of ``day`` (the bound of a date filter)."""
    return datetime.combine(day, time.min, tzinfo=PARIS)


def french_date(day: date | None) -> str:
    """``day`` as a form shows it again: ``JJ/MM/AAAA`` (empty for none)."""
    return day.strftime("%d/%m/%Y") if day else ""


def errors_by_field(
    violations: Iterable[Violation], field_of: Mapping[str, str], general: str = "_general"
) -> dict[str, str]:
    """A command's violations as the form's errors: each under the form field ``field_of``
    gives for its field (``general``, shown at the top only, for the others), joined."""
    errors: dict[str, str] = {}
    for violation in violations:
        field = field_of.get(violation.field, general)
        errors[field] = f"{errors[field]} {violation.message}" if field in errors else violation.message
    return errors


def read_fields(
    form: Mapping[str, object], names: Iterable[str], checkboxes: Iterable[str] = (), limit: int = 300
) -> dict[str, str]:
    """The fields ``names`` of a posted form as trimmed text (at most ``limit`` characters
    each; a missing field is empty) and the ``checkboxes`` as "1" or ""."""
    values = {name: str(form.get(name, "") or "")[:limit].strip() for name in names}
    values.update({name: "1" if form.get(name) else "" for name in checkboxes})
    return values


def read_form(
    form: Mapping[str, object],
    names: Iterable[str],
    long_names: Iterable[str] = (),
    checkboxes: Iterable[str] = (),
) -> dict[str, str]:
    """``read_fields`` of a form with short fields, long ones (a description: up to 6,000
    characters) and checkboxes."""
    return {**read_fields(form, names, checkboxes), **read_fields(form, long_names, limit=6_000)}


def optional_date(values: Mapping[str, str], name: str, errors: dict[str, str]) -> date | None:
    """The date typed in ``name`` (``None`` when empty), its error added to ``errors``."""
    if not values[name]:
        return None
    try:
        return parse_date(values[name])
    except ValueError as error:
        errors[name] = str(error)
        return None
