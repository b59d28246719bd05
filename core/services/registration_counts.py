"""How many registrations each session or event of a private calendar feed has, by status.

Private feeds (a staff subscription's token) show these counts in each entry's description;
public feeds never read them. ``COUNTED_STATUSES`` says which statuses are counted and into
which field of ``RegistrationCounts``: counting one more status is one more entry there, one
more field and its words in ``core.calendars.messages``. Refused and cancelled registrations
are not counted, but their change times are: cancelling one changes what the feed says.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.models import Registration
from core.models.enums import RegistrationStatus

# The statuses counted, each with the field of ``RegistrationCounts`` it adds to.
COUNTED_STATUSES: dict[RegistrationStatus, str] = {
    RegistrationStatus.CONFIRMED: "confirmed",
    RegistrationStatus.PENDING_APPROVAL: "pending_approval",
    RegistrationStatus.WAITLISTED: "waitlisted",
}


class RegistrationCounts(NamedTuple):
    """A session's or event's registrations, by status, and when the latest of them changed.

    ``changed_at`` covers every registration of the target, counted or not (None: none yet).
    A named tuple: it is part of the key under which an entry's text is cached.
    """

    confirmed: int = 0
    pending_approval: int = 0
    waitlisted: int = 0
    changed_at: datetime | None = None

    @property
    def any(self) -> bool:
        """Whether at least one registration is counted."""
        return bool(self.confirmed or self.pending_approval or self.waitlisted)


NO_REGISTRATIONS = RegistrationCounts()


async def registration_counts(
    db: AsyncSession, target: Any, target_ids: Select[Any]
) -> dict[int, RegistrationCounts]:
    """The counts of each target of ``target_ids`` that has registrations, in one statement.

    ``target`` is the column naming the target (``Registration.session_id`` or
    ``Registration.event_id``); ``target_ids`` selects the IDs of the targets. A target without
    any registration is left out (``NO_REGISTRATIONS``).
    """
    statement = (
        select(
            target,
            Registration.status,
            func.count(Registration.id),
            func.max(Registration.updated_at),
        )
        .where(target.in_(target_ids))
        .group_by(target, Registration.status)
    )
    counted: dict[int, dict[str, int]] = defaultdict(dict)
    changed: dict[int, datetime] = {}
    for target_id, status, count, changed_at in await db.execute(statement):
        field = COUNTED_STATUSES.get(status)
        if field is not None:
            counted[target_id][field] = count
        if target_id not in changed or changed_at > changed[target_id]:
            changed[target_id] = changed_at
    return {
        target_id: RegistrationCounts(**counted.get(target_id, {}), changed_at=changed_at)
        for target_id, changed_at in changed.items()
    }
