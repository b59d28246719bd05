"""Signing staff in to the back-office: single-use links by e-mail, then a session cookie.

``request_link`` writes a link (valid ``CPS_STAFF_LINK_MINUTES``) and its e-mail into the
outbox, for an enabled account only; the caller answers the same whether an account exists or
not. ``sign_in`` spends a link and opens a ``StaffWebSession`` whose cookie value is returned
once; ``viewer_for_cookie`` resolves that cookie on each request, within the idle and the
absolute timeouts; ``sign_out`` ends it. Every step is audited, without the address typed by
someone unknown. Only digests of links and cookies are stored.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.secrets import digest, new_secret
from core.auth.viewer import Viewer
from core.email_address import normalise_email
from core.models import StaffAccount, StaffSignInLink, StaffWebSession
from core.services import audit, outbox
from core.services.staff_accounts import find_by_email, viewer_of

LINK_PREFIX = "lien_"
COOKIE_PREFIX = "gestion_"
SIGN_IN_PATH = "/gestion/connexion/lien/"
MAX_SECRET_LENGTH = 200
# A session's last use is written at most this often (not on every request).
LAST_SEEN_PRECISION = timedelta(minutes=1)
# Who the trail names for an attempt nobody's account backs.
NOBODY = Viewer(token_name="anonyme")


class LinkState(enum.StrEnum):
    """What a sign-in link is worth now."""

    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SignedIn:
    """A new signed-in session: the cookie value (given once) and its account."""

    cookie: str
    account: StaffAccount
    expires_at: datetime


@dataclass(frozen=True)
class Staff:
    """The signed-in account behind a request, and the viewer it stands for."""

    account: StaffAccount
    viewer: Viewer


async def issue_link(
    db: AsyncSession, account: StaffAccount, *, now: datetime, valid_for: timedelta
) -> str:
    """Write a new sign-in link for ``account``; its path (with the secret), given once."""
    secret = new_secret(LINK_PREFIX)
    db.add(
        StaffSignInLink(account_id=account.id, link_hash=digest(secret), expires_at=now + valid_for)
    )
    await db.flush()
    return SIGN_IN_PATH + secret


async def request_link(
    db: AsyncSession, email: str, *, now: datetime, valid_for: timedelta, next_path: str
) -> bool:
    """E-mail a sign-in link to ``email`` if it is an enabled account's; whether it was.

    ``next_path`` is where the link leads once followed (a back-office path, checked by the
    caller). The e-mail goes through the outbox, in this transaction; the caller commits.
    """
    account = await find_by_email(db, email)
    if account is None or account.disabled_at is not None:
        await audit.record(
            db, NOBODY, action="staffSignInRefused", object_type="StaffAccount",
            object_public_id="inconnu", changes={"reason": "unknownAddress"},
        )
        return False
    path = await issue_link(db, account, now=now, valid_for=valid_for)
    link = path + ("?suite=" + next_path if next_path != "/gestion" else "")
    minutes = int(valid_for.total_seconds() // 60)
    await outbox.enqueue_email(db, "staff_sign_in", account.email, {"link": link, "minutes": minutes})
    await audit.record(
        db, viewer_of(account), action="staffSignInLinkSent", object_type="StaffAccount",
        object_public_id=account.public_id, department_codes=account.department_codes or (),
    )
    return True


async def _link(db: AsyncSession, secret: str) -> StaffSignInLink | None:
    if not secret or len(secret) > MAX_SECRET_LENGTH:
        return None
    return await db.scalar(select(StaffSignInLink).where(StaffSignInLink.link_hash == digest(secret)))


def _state(link: StaffSignInLink | None, account: StaffAccount | None, now: datetime) -> LinkState:
    if link is None or account is None or account.disabled_at is not None:
        return LinkState.UNKNOWN
    if link.used_at is not None:
        return LinkState.USED
    if link.expires_at <= now:
        return LinkState.EXPIRED
    return LinkState.VALID


async def link_state(db: AsyncSession, secret: str, *, now: datetime) -> LinkState:
    """Whether the link of ``secret`` may sign in now, or why not. Writes nothing."""
    link = await _link(db, secret)
    account = await db.get(StaffAccount, link.account_id) if link is not None else None
    return _state(link, account, now)


async def sign_in(
    db: AsyncSession, secret: str, *, now: datetime, session_length: timedelta
) -> SignedIn | LinkState:
    """Spend the link of ``secret`` and open a signed-in session; or the link's state when it
    cannot be used (used, expired, unknown). Audited either way; the caller commits."""
    link = await _link(db, secret)
    account = await db.get(StaffAccount, link.account_id) if link is not None else None
    state = _state(link, account, now)
    if state is not LinkState.VALID:
        await audit.record(
            db, viewer_of(account) if account is not None else NOBODY,
            action="staffSignInRefused", object_type="StaffAccount",
            object_public_id=account.public_id if account is not None else "inconnu",
            changes={"reason": f"{state.value}Link"},
        )
        return state
    assert link is not None and account is not None
    # Spent by a conditional update, so that two posts of one link at once open one session.
    spent = await db.execute(
        update(StaffSignInLink)
        .where(StaffSignInLink.id == link.id, StaffSignInLink.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], spent).rowcount != 1:
        return LinkState.USED
    account.last_signed_in_at = now
    cookie = new_secret(COOKIE_PREFIX)
    expires_at = now + session_length
    db.add(
        StaffWebSession(
            account_id=account.id, cookie_hash=digest(cookie), last_seen_at=now,
            expires_at=expires_at,
        )
    )
    await db.flush()
    await audit.record(
        db, viewer_of(account), action="staffSignIn", object_type="StaffAccount",
        object_public_id=account.public_id, department_codes=account.department_codes or (),
    )
    return SignedIn(cookie, account, expires_at)


async def staff_for_cookie(
    db: AsyncSession, cookie: str, *, now: datetime, idle: timedelta
) -> Staff | None:
    """The signed-in account of a session cookie, or ``None`` (unknown, ended, idle too long,
    past its absolute limit, or its account disabled). Records the session's last use (to the
    minute); the caller commits."""
    if not cookie.startswith(COOKIE_PREFIX) or len(cookie) > MAX_SECRET_LENGTH:
        return None
    found = (
        await db.execute(
            select(StaffWebSession, StaffAccount)
            .join(StaffAccount, StaffAccount.id == StaffWebSession.account_id)
            .where(StaffWebSession.cookie_hash == digest(cookie))
        )
    ).one_or_none()
    if found is None:
        return None
    web_session, account = found
    if (
        web_session.ended_at is not None
        or account.disabled_at is not None
        or web_session.expires_at <= now
        or now - web_session.last_seen_at > idle
    ):
        return None
    if now - web_session.last_seen_at > LAST_SEEN_PRECISION:
        web_session.last_seen_at = now
    return Staff(account, viewer_of(account))


async def sign_out(db: AsyncSession, cookie: str, *, now: datetime) -> None:
    """End the session of ``cookie`` (nothing when it is unknown or ended). Audited."""
    if not cookie.startswith(COOKIE_PREFIX) or len(cookie) > MAX_SECRET_LENGTH:
        return
    web_session = await db.scalar(
        select(StaffWebSession).where(StaffWebSession.cookie_hash == digest(cookie))
    )
    if web_session is None or web_session.ended_at is not None:
        return
    web_session.ended_at = now
    account = await db.get(StaffAccount, web_session.account_id)
    assert account is not None
    await audit.record(
        db, viewer_of(account), action="staffSignOut", object_type="StaffAccount",
        object_public_id=account.public_id, department_codes=account.department_codes or (),
    )


def normalised_address(email: str) -> str:
    """How the rate limit names a typed address (its canonical form)."""
    return normalise_email(email)
