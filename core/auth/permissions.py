"""Refusing a caller: ``UNAUTHENTICATED`` without a valid staff token, ``FORBIDDEN`` outside
its departments. Both are GraphQL errors with ``extensions.code``, raised before anything is
written."""

from __future__ import annotations

from collections.abc import Iterable

from core.auth.viewer import Viewer
from core.services.errors import InputError

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"


class AccessDenied(InputError):
    """The caller may not do this: no valid staff token, or an object outside its departments."""


def require_staff(viewer: Viewer) -> None:
    """Raise ``UNAUTHENTICATED`` unless the viewer holds a valid staff token."""
    if not viewer.is_staff:
        raise AccessDenied(
            UNAUTHENTICATED,
            "Authentification requise : envoyez un jeton du personnel valide "
            "(en-tête « Authorization: Bearer … »).",
        )


def require_regional(viewer: Viewer) -> None:
    """Raise unless the viewer is regional staff."""
    require_staff(viewer)
    if not viewer.is_regional:
        raise AccessDenied(FORBIDDEN, "Action réservée au personnel régional du Pôle CPS.")


def require_departments(viewer: Viewer, department_codes: Iterable[str | None]) -> None:
    """Raise unless the viewer is staff covering every department of the object."""
    require_staff(viewer)
    codes = list(department_codes)
    if not viewer.covers(codes):
        shown = ", ".join(code for code in codes if code) or "régional"
        raise AccessDenied(
            FORBIDDEN,
            f"Ce jeton ne permet pas d'agir sur un objet de ce périmètre ({shown}).",
        )
