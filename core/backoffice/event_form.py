"""The event form of the back-office: what staff typed, read into a command's input
(``core.commands.events``) or into French errors by field; a command's violations put next to
the fields they concern."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time

from core.backoffice.departments import REGION
from core.backoffice.forms import french_date, parse_date, read_form
from core.backoffice.session_form import SessionForm, read_hour, read_place
from core.commands.events import EventChanges, NewEvent
from core.commands.sessions import PlaceInput
from core.models import Event
from core.models.enums import EventKind, SessionStatus
from core.places.communes import DEPARTMENT_NAMES
from core.services.agenda import EVENT_KIND_LABELS

TEXT_FIELDS = (
    "titre", "type", "departement", "date", "debut", "fin", "commune", "code_postal", "lieu",
    "statut",
)  # fmt: skip
LONG_FIELDS = ("description",)
CHECKBOXES = ("public",)
# Where a command's violation is shown: its field, as the commands name it, to the form's.
FIELD_OF = {
    "title": "titre",
    "kind": "type",
    "departmentCode": "departement",
    "department_code": "departement",
    "year": "date",
    "date": "date",
    "startTime": "debut",
    "start_time": "debut",
    "endTime": "fin",
    "end_time": "fin",
    "city": "commune",
    "postalCode": "code_postal",
    "postal_code": "code_postal",
    "venue": "lieu",
    "description": "description",
    "status": "statut",
}
KIND_CHOICES = [(kind.value, label) for kind, label in EVENT_KIND_LABELS.items()]
STATUS_CHOICES = [
    (SessionStatus.PLANNED.value, "Prévu"),
    (SessionStatus.CONFIRMED.value, "Confirmé"),
]


def typed(form: Mapping[str, object]) -> dict[str, str]:
    """The form's fields as text, the description longer, the checkbox as "1" or ""."""
    return read_form(form, TEXT_FIELDS, LONG_FIELDS, CHECKBOXES)


def _common(form: SessionForm) -> tuple[date | None, time | None, time | None, PlaceInput | None]:
    """The day, hours and place typed (``None`` for each one with an error)."""
    day: date | None = None
    if not form.values["date"]:
        form.add("date", "Indiquez la date au format JJ/MM/AAAA.")
    else:
        try:
            day = parse_date(form.values["date"])
        except ValueError as error:
            form.add("date", str(error))
    starts, ends = read_hour(form, "debut"), read_hour(form, "fin")
    if starts and ends and ends <= starts:
        form.add("fin", "L'heure de fin doit suivre l'heure de début.")
    if not form.values["titre"]:
        form.add("titre", "Indiquez le titre de l'évènement.")
    place = read_place(form, "commune", "code_postal", required=False)
    return day, starts, ends, place


def read_new_event(values: dict[str, str]) -> tuple[SessionForm, NewEvent | None]:
    """The form's ``NewEvent``, or ``None`` with the errors by field."""
    form = SessionForm(values, {})
    kind = EventKind(values["type"]) if values["type"] in EventKind.__members__ else None
    if kind is None:
        form.add("type", "Choisissez le type d'évènement.")
    department = values["departement"]
    if department != REGION and department not in DEPARTMENT_NAMES:
        form.add("departement", "Choisissez le département dans la liste.")
    day, starts, ends, place = _common(form)
    if form.errors or kind is None or day is None or starts is None or ends is None:
        return form, None
    return form, NewEvent(
        kind=kind,
        title=values["titre"],
        year=day.year,
        date=day,
        start_time=starts,
        end_time=ends,
        department_code=None if department == REGION else department,
        description=values["description"] or None,
        city=place.city if place else None,
        postal_code=place.postal_code if place else None,
        venue=values["lieu"] or None,
        is_public=bool(values["public"]),
    )


def read_event_changes(values: dict[str, str]) -> tuple[SessionForm, EventChanges | None]:
    """The form's ``EventChanges`` (every field, as typed: the command keeps what did not
    change), or ``None`` with the errors by field."""
    form = SessionForm(values, {})
    status = values["statut"]
    if status not in dict(STATUS_CHOICES):
        form.add("statut", "Choisissez l'état de l'évènement.")
    day, starts, ends, place = _common(form)
    if form.errors or day is None or starts is None or ends is None:
        return form, None
    return form, EventChanges(
        values={
            "title": values["titre"],
            "description": values["description"] or None,
            "city": place.city if place else None,
            "postal_code": place.postal_code if place else None,
            "venue": values["lieu"] or None,
            "is_public": bool(values["public"]),
            "status": SessionStatus(status),
        },
        date=day,
        start_time=starts,
        end_time=ends,
    )


def values_of_new_event(department: str) -> dict[str, str]:
    """An empty form for a new public event of ``department``, from 09:00 to 17:00."""
    values = dict.fromkeys((*TEXT_FIELDS, *LONG_FIELDS), "")
    values.update(departement=department, debut="09:00", fin="17:00", public="1")
    return values


def values_of_event(event: Event) -> dict[str, str]:
    """The form of an existing event, as it stands."""
    return {
        "titre": event.title,
        "type": event.kind.value,
        "departement": event.department_code or REGION,
        "date": french_date(event.date),
        "debut": event.start_time.strftime("%H:%M"),
        "fin": event.end_time.strftime("%H:%M"),
        "commune": event.city or "",
        "code_postal": event.postal_code or "",
        "lieu": event.venue or "",
        "description": event.description or "",
        "statut": event.status.value,
        "public": "1" if event.is_public else "",
    }
