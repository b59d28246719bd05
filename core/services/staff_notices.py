"""Telling staff of the registrations awaiting their approval: at once, or in a daily digest.

Staff accounts do not exist yet: ``staff_addresses`` is the one place that says who staff
are for a department (its referents in the directory, plus ``CPS_STAFF_NOTIFY_EMAILS``);
accounts with their own preferences will take over there. The notices are written by the
dispatcher's pass (a chore, which has the settings and the clock), each once (the outbox's
``dedupe_key``), one e-mail per address.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import Clock
from core.models import Person, PersonDepartment, PersonRoleAssignment, Registration
from core.models.enums import PersonRole, RecordStatus, RegistrationStatus
from core.services import outbox, registration_mail
from core.timezone import PARIS

# The digest goes out at the first pass after this hour (Paris), listing what waits then.
DIGEST_HOUR = 8


async def staff_addresses(
    db: AsyncSession, department_codes: Sequence[str], extra: Sequence[str] = ()
) -> list[str]:
    """The addresses told of what concerns ``department_codes``: their referents' and
    ``extra`` (the setting's), each once, in lower case."""
    referents = await db.scalars(
        select(Person.email)
        .join(PersonRoleAssignment, PersonRoleAssignment.person_id == Person.id)
        .join(PersonDepartment, PersonDepartment.person_id == Person.id)
        .where(
            PersonRoleAssignment.role == PersonRole.REFERENT,
            PersonDepartment.department_code.in_(list(department_codes)),
            Person.status == RecordStatus.ACTIVE,
            Person.email.is_not(None),
        )
    )
    found = [*referents, *extra]
    return list(dict.fromkeys(address.strip().lower() for address in found if address))


async def _entry(db: AsyncSession, row: Registration) -> dict[str, str]:
    return {
        "title": await registration_mail.target_title(db, row),
        "full_name": row.full_name or "",
        "registration": row.public_id,
    }


async def write_due(
    db: AsyncSession, clock: Clock, *, extra: Sequence[str] = (), digest: bool = False
) -> int:
    """Write the staff notices due: one per registration awaiting approval not yet told
    of, or (``digest``) one per department and day, from ``DIGEST_HOUR`` on, listing them
    all. Returns how many."""
    waiting = list(
        await db.scalars(
            select(Registration)
            .where(Registration.status == RegistrationStatus.PENDING_APPROVAL)
            .order_by(Registration.created_at, Registration.id)
        )
    )
    written = 0
    if digest and clock.now().astimezone(PARIS).hour < DIGEST_HOUR:
        return 0
    if digest:
        by_department: dict[str, list[Registration]] = defaultdict(list)
        for row in waiting:
            for code in row.department_codes:
                by_department[code].append(row)
        for code, rows in sorted(by_department.items()):
            entries = [await _entry(db, row) for row in rows]
            for address in await staff_addresses(db, [code], extra):
                key = f"staff-digest:{code}:{clock.today().isoformat()}:{address}"
                if not await outbox.written(db, key):
                    context = {"department": code, "registrations": entries}
                    await outbox.enqueue_email(
                        db, "staff_digest", address, context, dedupe_key=key
                    )
                    written += 1
        return written
    for row in waiting:
        for address in await staff_addresses(db, row.department_codes, extra):
            key = f"staff-pending:{row.public_id}:{address}"
            if not await outbox.written(db, key):
                context = {"registrations": [await _entry(db, row)]}
                await outbox.enqueue_email(
                    db, "staff_pending_approval", address, context, dedupe_key=key
                )
                written += 1
    return written
