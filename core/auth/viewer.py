"""The viewer: who is asking, resolved once per request from its bearer token."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.models.enums import StaffRole


@dataclass(frozen=True)
class Viewer:
    """Who is asking; anonymous (no role) unless a valid token was sent or a staff member
    is signed in to the back-office.

    ``department_codes`` are the departments a DEPARTMENT token or account may act on. A token's
    viewer has ``token_id`` and the token's name in ``token_name``; a signed-in staff account's
    has ``account_id``, ``token_id`` None and the account's e-mail address in ``token_name``
    (so the audit trail names it). Tell staff from anonymous by ``role``, never by
    ``token_id``.
    """

    role: StaffRole | None = None
    department_codes: frozenset[str] = frozenset()
    token_id: int | None = None
    token_name: str | None = None
    account_id: int | None = None

    @property
    def is_staff(self) -> bool:
        """Regional or department staff (a partner is not staff)."""
        return self.role in (StaffRole.REGIONAL, StaffRole.DEPARTMENT)

    @property
    def is_regional(self) -> bool:
        """Regional staff: every department."""
        return self.role is StaffRole.REGIONAL

    @property
    def can_see_private_contacts(self) -> bool:
        """Staff see the directory's unpublished professional contact details."""
        return self.is_staff

    def covers(self, department_codes: Iterable[str | None]) -> bool:
        """Whether this viewer may act on an object of these departments.

        Regional staff cover everything; department staff cover an object only when every
        department it concerns is theirs, so a regional object (no department) is not theirs.
        """
        if self.is_regional:
            return True
        if self.role is not StaffRole.DEPARTMENT:
            return False
        codes = list(department_codes)
        return bool(codes) and all(
            code is not None and code in self.department_codes for code in codes
        )

    @property
    def actor(self) -> str:
        """How the audit trail names the viewer: "anonyme", or "role:token name"."""
        if self.role is None:
            return self.token_name or "anonyme"
        return f"{self.role.value.lower()}:{self.token_name}"


# Who the audit trail names for writes the service makes by itself (a waitlist promoted).
SYSTEM = Viewer(token_name="système")
