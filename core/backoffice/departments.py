"""The departments a form offers an account: those it covers, named in French."""

from __future__ import annotations

from core.auth.viewer import Viewer
from core.places.communes import DEPARTMENT_NAMES

# The choice of an object of the whole region (no department), offered to regional staff;
# an empty choice is no choice at all.
REGION = "region"
REGION_LABEL = "Toute la région (aucun département)"


def department_choices(viewer: Viewer, *, with_region: bool = False) -> list[tuple[str, str]]:
    """``(code, "44 — Loire-Atlantique")`` for each department the viewer covers; first the
    region itself when ``with_region`` and the viewer is regional."""
    codes = sorted(DEPARTMENT_NAMES) if viewer.is_regional else sorted(viewer.department_codes)
    choices = [(code, f"{code} — {DEPARTMENT_NAMES[code]}") for code in codes if code in DEPARTMENT_NAMES]
    if with_region and viewer.is_regional:
        choices.insert(0, (REGION, REGION_LABEL))
    return choices


def department_label(code: str | None) -> str:
    """A department as a list shows it ("44 — Loire-Atlantique"), or the region."""
    if code is None:
        return "Région"
    return f"{code} — {DEPARTMENT_NAMES.get(code, code)}"
