"""Staff accounts of the back-office: adding, listing, disabling, and finding one by address.

An account is an e-mail address with a role: ``REGIONAL`` (every department) or ``DEPARTMENT``
with the departments it acts on, as for API tokens, so that a signed-in account resolves to
the same ``Viewer`` and meets the same permission checks. Partners have no account.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import Viewer
from core.email_address import is_plausible_email, normalise_email
from core.models import Department, StaffAccount, StaffWebSession
from core.models.enums import StaffRole
from core.services import audit, feed_subscriptions
from core.services.errors import InputError

STAFF_ROLES = (StaffRole.REGIONAL, StaffRole.DEPARTMENT)


def viewer_of(account: StaffAccount) -> Viewer:
    """The viewer a signed-in account stands for: its role and departments."""
    return Viewer(
        role=account.role,
        department_codes=frozenset(account.department_codes or ()),
        token_name=account.email,
        account_id=account.id,
    )


async def add_account(
    db: AsyncSession,
    viewer: Viewer,
    *,
    email: str,
    role: StaffRole,
    department_codes: Sequence[str] = (),
) -> StaffAccount:
    """Create an account for ``email`` (or enable again a disabled one with this role).

    Raises ``InputError``: ``INVALID_EMAIL``, ``INVALID_ROLE`` (a partner has no account),
    ``DEPARTMENT_REQUIRED``, ``DEPARTMENT_NOT_ALLOWED``, ``UNKNOWN_DEPARTMENT`` or
    ``ACCOUNT_EXISTS`` (an enabled account has this address). Flushes and audits, never commits.
    """
    address = normalise_email(email)
    if not is_plausible_email(address):
        raise InputError(
            "INVALID_EMAIL", f"« {email} » n'est pas une adresse électronique.", field="email"
        )
    if role not in STAFF_ROLES:
        raise InputError(
            "INVALID_ROLE",
            "Un compte du personnel est régional ou départemental.",
            field="role",
        )
    codes = await _checked_departments(db, role, department_codes)
    row = await find_by_email(db, address)
    if row is not None and row.disabled_at is None:
        raise InputError(
            "ACCOUNT_EXISTS", f"Un compte existe déjà pour {address}.", field="email"
        )
    if row is None:
        row = StaffAccount(email=address, role=role, department_codes=codes)
        db.add(row)
    else:
        row.role, row.department_codes, row.disabled_at = role, codes, None
    await db.flush()
    await audit.record(
        db,
        viewer,
        action="addStaffAccount",
        object_type="StaffAccount",
        object_public_id=row.public_id,
        department_codes=codes,
        changes={"role": role.value, "departmentCodes": codes},
    )
    return row


async def _checked_departments(
    db: AsyncSession, role: StaffRole, department_codes: Sequence[str]
) -> list[str]:
    codes = sorted({code.strip() for code in department_codes if code.strip()})
    if role is StaffRole.DEPARTMENT and not codes:
        raise InputError(
            "DEPARTMENT_REQUIRED",
            "Un compte départemental doit nommer au moins un département.",
            field="departments",
        )
    if role is not StaffRole.DEPARTMENT and codes:
        raise InputError(
            "DEPARTMENT_NOT_ALLOWED",
            "Seul un compte départemental nomme des départements.",
            field="departments",
        )
    if codes:
        known = set(await db.scalars(select(Department.code).where(Department.code.in_(codes))))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise InputError(
                "UNKNOWN_DEPARTMENT",
                f"Département inconnu : {', '.join(unknown)}.",
                field="departments",
            )
    return codes


async def find_by_email(db: AsyncSession, email: str) -> StaffAccount | None:
    """The account of ``email`` (any spelling of it), disabled or not."""
    return await db.scalar(
        select(StaffAccount).where(StaffAccount.email == normalise_email(email))
    )


async def list_accounts(db: AsyncSession) -> list[StaffAccount]:
    """Every account, disabled ones included, by address."""
    return list(await db.scalars(select(StaffAccount).order_by(StaffAccount.email)))


async def disable_account(
    db: AsyncSession, viewer: Viewer, email: str, *, now: datetime
) -> StaffAccount:
    """Disable the account of ``email``, sign it out everywhere at once and revoke the private
    calendar feeds it made; disabling it again changes nothing. Raises ``ACCOUNT_NOT_FOUND``.
    Flushes and audits, never commits."""
    row = await find_by_email(db, email)
    if row is None:
        raise InputError(
            "ACCOUNT_NOT_FOUND", f"Aucun compte du personnel pour {normalise_email(email)}."
        )
    if row.disabled_at is None:
        row.disabled_at = now
        await db.execute(
            update(StaffWebSession)
            .where(StaffWebSession.account_id == row.id, StaffWebSession.ended_at.is_(None))
            .values(ended_at=now)
        )
        await db.flush()
        await audit.record(
            db,
            viewer,
            action="disableStaffAccount",
            object_type="StaffAccount",
            object_public_id=row.public_id,
            department_codes=row.department_codes or (),
            changes={"disabled": True},
        )
        await feed_subscriptions.revoke_owned_by(db, viewer, account_id=row.id)
    return row
