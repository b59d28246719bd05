"""Who a staff change of registrations will e-mail, said before staff confirm it.

The registration commands tell each person whose registration they confirm, refuse or cancel
(``registration_mail.registration_written``), and every seat they free goes to the first on the
waitlist, who is told too (``registration_mail.registration_promoted``). A move tells nobody
but those promoted on the old waitlist. This module reads that off a ``ParticipantList``
without writing anything, so a screen can say "3 personnes recevront un e-mail" first.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass

from core.models.enums import RegistrationStatus
from core.services.participants import Participant, ParticipantList
from core.services.registrations.seats import SEAT_HOLDING


class StaffChange(enum.StrEnum):
    """What staff do to registrations."""

    CONFIRM = "confirm"
    REFUSE = "refuse"
    CANCEL = "cancel"
    MOVE = "move"


@dataclass(frozen=True)
class ChangeNotice:
    """Who the change e-mails: the people it concerns (``told``), and the waitlisted people
    the seats it frees go to (``promoted``). ``unaware`` are those it concerns but does not
    e-mail (a move): staff should tell them."""

    told: tuple[Participant, ...]
    promoted: tuple[Participant, ...]
    unaware: tuple[Participant, ...] = ()

    @property
    def count(self) -> int:
        """How many people receive an e-mail."""
        return len(self.told) + len(self.promoted)


def notice_of(
    participants: ParticipantList, change: StaffChange, public_ids: Collection[str]
) -> ChangeNotice:
    """Who ``change`` applied to the registrations ``public_ids`` of ``participants`` would
    e-mail, if it goes through (a refused change e-mails nobody)."""
    chosen = [row for row in participants.participants if row.public_id in public_ids]
    freed = 0
    if change is not StaffChange.CONFIRM:
        freed = sum(1 for row in chosen if row.status in SEAT_HOLDING)
    capacity = participants.target.capacity
    if capacity is not None:
        taken = len(participants.with_status(*SEAT_HOLDING))
        freed = min(freed, max(capacity - (taken - freed), 0))
    waiting = [
        row
        for row in participants.with_status(RegistrationStatus.WAITLISTED)
        if row.public_id not in public_ids
    ]
    if change is StaffChange.MOVE:
        return ChangeNotice(told=(), promoted=tuple(waiting[:freed]), unaware=tuple(chosen))
    return ChangeNotice(told=tuple(chosen), promoted=tuple(waiting[:freed]))
