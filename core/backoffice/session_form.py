"""The session form of the back-office: what staff typed, read into a command's input or into
French errors by field, and the command's violations put next to the fields they concern."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time

from core.backoffice.forms import errors_by_field, parse_date, parse_hour
from core.backoffice.places import only_postal_code
from core.commands.sessions import DayInput, NewSession, PlaceInput
from core.hooks.types import Violation
from core.places.communes import place_violations

DAY_ROWS = 4
GENERAL = "_general"
# Where a command's violation is shown: its field, as the commands name it, to the form's.
FIELD_OF = {
    "year": "annee",
    "number": "numero",
    "module": "module",
    "moduleNumber": "module",
    "days": "jour1_date",
    "date": "jour1_date",
    "places": "commune",
    "capacity": "places_max",
    "dayCountReason": "raison_jours",
    "trainers": "intervenants",
}
PLACE_FIELDS = ("commune", "code_postal", "lieu", "commune2", "code_postal2")
MAX_TRAINERS = 20
TEXT_FIELDS = (
    "annee", "numero", "module", *PLACE_FIELDS, "places_max", "raison_jours",
    *(f"jour{n}_{part}" for n in range(1, DAY_ROWS + 1) for part in ("date", "debut", "fin")),
)  # fmt: skip
CHECKBOXES = ("lieu_a_confirmer", "validation")


@dataclass
class SessionForm:
    """What was typed (``values``), and the errors by field (``errors``; ``GENERAL`` for those
    of no field)."""

    values: dict[str, str]
    errors: dict[str, str]

    def add(self, field: str, message: str) -> None:
        """Add an error to ``field`` (after any already there)."""
        self.errors[field] = f"{self.errors[field]} {message}" if field in self.errors else message


def typed(form: Mapping[str, object]) -> dict[str, str]:
    """The form's fields as text (at most 300 characters each), checkboxes as "1" or ""."""
    values = {name: str(form.get(name, "") or "")[:300].strip() for name in TEXT_FIELDS}
    values.update({name: "1" if form.get(name) else "" for name in CHECKBOXES})
    return values


def chosen_trainers(form: Mapping[str, object]) -> list[str]:
    """The trainers ticked in the form (``intervenants``), in the list's order, once each."""
    getlist = getattr(form, "getlist", None)
    ticked = getlist("intervenants") if getlist else []
    return list(dict.fromkeys(str(value)[:64] for value in ticked))[:MAX_TRAINERS]


def _integer(form: SessionForm, name: str, message: str, *, optional: bool = False) -> int | None:
    text = form.values[name]
    if not text and optional:
        return None
    if not text.isdigit():
        form.add(name, message)
        return None
    return int(text)


def read_hour(form: SessionForm, name: str) -> time | None:
    """The hour typed in ``name`` (``HH:MM`` or ``9h30``), or ``None`` with its error added."""
    try:
        return parse_hour(form.values[name])
    except ValueError as error:
        form.add(name, str(error))
        return None


def _day(form: SessionForm, row: int) -> DayInput | None:
    names = [f"jour{row}_{part}" for part in ("date", "debut", "fin")]
    if not form.values[names[0]]:
        return None
    try:
        on = parse_date(form.values[names[0]])
    except ValueError as error:
        form.add(names[0], str(error))
        on = None
    starts, ends = read_hour(form, names[1]), read_hour(form, names[2])
    if starts and ends and ends <= starts:
        form.add(names[2], "L'heure de fin doit suivre l'heure de début.")
        return None
    return DayInput(on, starts, ends) if on and starts and ends else None


def read_place(form: SessionForm, city_field: str, code_field: str, required: bool) -> PlaceInput | None:
    """The commune typed in ``city_field`` and its postal code (filled in when the official
    list gives it only one), checked against the official communes; ``None`` with the errors
    added to their fields, or when no commune was typed and none is ``required``."""
    city = form.values[city_field]
    if not city:
        if required:
            form.add(city_field, "Choisissez la commune dans la liste.")
        return None
    code = form.values[code_field] or only_postal_code(city) or ""
    if not code:
        form.add(code_field, f"Indiquez le code postal de {city} : la commune en a plusieurs.")
        return None
    form.values[code_field] = code
    found = place_violations(city, code, city_field)
    for violation in found:
        form.add(code_field if violation.code == "POSTAL_CODE_MISMATCH" else city_field, violation.message)
    if not code.isdigit() or len(code) != 5:
        form.add(code_field, f"Code postal invalide : « {code} » (5 chiffres attendus).")
        return None
    return None if found else PlaceInput(city, code, form.values["lieu"] or None if city_field == "commune" else None)


def read_places(form: SessionForm) -> list[PlaceInput]:
    """The places typed in ``form``: the commune (required) and another possible one; what is
    wrong with them goes into ``form.errors``."""
    return [
        place
        for place in (
            read_place(form, "commune", "code_postal", required=True),
            read_place(form, "commune2", "code_postal2", required=False),
        )
        if place
    ]


def read_new_session(
    values: dict[str, str], trainers: Sequence[str] = ()
) -> tuple[SessionForm, NewSession | None]:
    """The form's ``NewSession`` led by ``trainers`` (public IDs), or ``None`` with the errors
    by field."""
    form = SessionForm(values, {})
    year = _integer(form, "annee", "Indiquez l'année en chiffres, par exemple 2026.")
    number = _integer(form, "numero", "Indiquez le numéro de la session en chiffres.")
    module = _integer(form, "module", "Choisissez le module.")
    capacity = _integer(form, "places_max", "Indiquez un nombre de places en chiffres, ou rien pour sans limite.", optional=True)
    days = [day for row in range(1, DAY_ROWS + 1) if (day := _day(form, row))]
    if not days and "jour1_date" not in form.errors:
        form.add("jour1_date", "Indiquez au moins une journée.")
    places = read_places(form)
    if form.errors or year is None or number is None or module is None:
        return form, None
    return form, NewSession(
        year=year,
        number=number,
        module_number=module,
        places=places,
        days=days,
        place_tentative=bool(values["lieu_a_confirmer"]) or len(places) > 1,
        capacity=capacity,
        requires_approval=bool(values["validation"]),
        trainer_public_ids=list(trainers),
        day_count_reason=values["raison_jours"] or None,
    )


def place_violations_on(form: SessionForm, violations: Iterable[Violation]) -> None:
    """Put a command's violations next to the fields they concern (or at the top)."""
    for field, message in errors_by_field(violations, FIELD_OF, GENERAL).items():
        form.add(field, message)


def values_of_session(year: int, number: int) -> dict[str, str]:
    """An empty form for a new session of ``year``, proposing ``number``."""
    values = dict.fromkeys(TEXT_FIELDS, "")
    values.update(dict.fromkeys(CHECKBOXES, ""))
    values.update(annee=str(year), numero=str(number))
    for row in range(1, 4):
        values.update({f"jour{row}_debut": "09:00", f"jour{row}_fin": "17:00"})
    return values


def as_date(day: date) -> str:
    """A date as the form shows it (JJ/MM/AAAA)."""
    return day.strftime("%d/%m/%Y")
