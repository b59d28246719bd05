"""The communes staff choose a session's places from: the official list of the five
departments (``core.places.communes``), offered as suggestions and checked on the server."""

from __future__ import annotations

from functools import cache

from core.places.communes import DEPARTMENT_NAMES, Commune, communes
from core.text import search_key


@cache
def commune_choices() -> tuple[tuple[str, str], ...]:
    """Every commune as the form suggests it: its name, and "49000, 49100 — Maine-et-Loire"."""
    every = {commune for found in communes().by_name.values() for commune in found}
    return tuple(
        (commune.name, f"{', '.join(commune.postal_codes)} — {DEPARTMENT_NAMES[commune.department]}")
        for commune in sorted(every, key=lambda c: (search_key(c.name), c.department))
    )


def only_postal_code(city: str) -> str | None:
    """The postal code of ``city`` when the list gives it exactly one (so staff need not type
    it); ``None`` when the commune is unknown or has several."""
    found: tuple[Commune, ...] = communes().by_name.get(search_key(city), ())
    codes = {code for commune in found for code in commune.postal_codes}
    return codes.pop() if len(codes) == 1 else None
