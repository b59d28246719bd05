"""A participant list as a table: the French column headings and one row of typed cells per
participant, shared by the CSV and ODS files so that both always have the same columns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.services.participants import Participant, ParticipantList

Cell = str | int | float | datetime | None

COLUMNS = (
    "Nom",
    "Adresse e-mail",
    "Organisation",
    "Département d'exercice",
    "Statut",
    "Position en liste d'attente",
    "Date d'inscription",
    "Formation CPS suivie auprès de",
    "Score au questionnaire (%)",
    "Engagement de l'employeur",
)


@dataclass(frozen=True)
class Table:
    """A titled table: ``columns`` headings, then ``rows`` of cells in the same order."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def _department(participant: Participant) -> str | None:
    if participant.department_code is None:
        return None
    if participant.department_name is None:
        return participant.department_code
    return f"{participant.department_name} ({participant.department_code})"


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("oui" if value else "non")


def _score(value: float | None) -> float | None:
    # Stored as a share from 0 to 1; people read it as a percentage.
    return None if value is None else round(value * 100, 1)


def _row(participant: Participant) -> tuple[Cell, ...]:
    return (
        participant.full_name,
        participant.email,
        participant.organization,
        _department(participant),
        participant.status_label,
        participant.waitlist_position,
        participant.registered_at,
        participant.prior_training_by,
        _score(participant.questionnaire_score),
        _yes_no(participant.employer_commitment),
    )


def participant_table(participants: ParticipantList) -> Table:
    """The table of ``participants``, titled with its session's or event's title."""
    return Table(
        title=participants.target.title,
        columns=COLUMNS,
        rows=tuple(_row(participant) for participant in participants.participants),
    )
