"""A place's commune, postal code and department must agree, by the official list.

``communes.csv`` (written by ``tools/generate_communes.py`` from Etalab's
``@etalab/decoupage-administratif``, under the Licence Ouverte) lists every current commune of
Loire-Atlantique, Maine-et-Loire, Mayenne, Sarthe and Vendée with its postal codes. It is read
once per process. ``place_violations`` is called by every service that writes a place (sessions,
events, the plugins' events), so that "Angers, 44000" never reaches a calendar.

A place outside the five departments (a regional event elsewhere) is not checked here: the
rules of the department concerned decide whether it may be there.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.hooks.types import Violation
from core.places.departments import department_of
from core.text import search_key

COMMUNES_FILE = Path(__file__).with_name("communes.csv")
DEPARTMENT_NAMES = {
    "44": "Loire-Atlantique",
    "49": "Maine-et-Loire",
    "53": "Mayenne",
    "72": "Sarthe",
    "85": "Vendée",
}
_IN = {"44": "en", "49": "en", "53": "en", "72": "dans la", "85": "en"}


@dataclass(frozen=True)
class Commune:
    """A current commune: its INSEE code, name, department and postal codes."""

    code: str
    name: str
    department: str
    postal_codes: tuple[str, ...]

    @property
    def where(self) -> str:
        """"Angers est en Maine-et-Loire (49000, 49100)"."""
        return (
            f"{self.name} est {_IN[self.department]} {DEPARTMENT_NAMES[self.department]} "
            f"({', '.join(self.postal_codes)})"
        )


@dataclass(frozen=True)
class CommuneIndex:
    """The communes by folded name and by postal code."""

    by_name: dict[str, tuple[Commune, ...]]
    by_postal_code: dict[str, tuple[Commune, ...]]


@cache
def communes() -> CommuneIndex:
    """The official list, read once from ``communes.csv``."""
    by_name: dict[str, list[Commune]] = defaultdict(list)
    by_postal_code: dict[str, list[Commune]] = defaultdict(list)
    with COMMUNES_FILE.open(encoding="utf-8") as file:
        lines = (line for line in file if not line.startswith("#"))
        for row in csv.DictReader(lines):
            commune = Commune(
                row["code_insee"], row["nom"], row["departement"],
                tuple(row["codes_postaux"].split()),
            )
            by_name[search_key(commune.name)].append(commune)
            for postal_code in commune.postal_codes:
                by_postal_code[postal_code].append(commune)
    return CommuneIndex(
        {key: tuple(found) for key, found in by_name.items()},
        {key: tuple(found) for key, found in by_postal_code.items()},
    )


def place_violations(city: str | None, postal_code: str | None, field: str) -> list[Violation]:
    """Why ``city`` and ``postal_code`` do not agree, in French, naming ``field``; [] if they do.

    Codes: ``POSTAL_CODE_MISMATCH`` (the commune exists, not at that postal code: the message
    gives its department and postal codes), ``UNKNOWN_COMMUNE`` (no commune of that name in the
    five departments, while the postal code is theirs: the message gives the communes of that
    postal code).
    """
    if not city or not postal_code or not postal_code.isdigit() or len(postal_code) != 5:
        return []
    index = communes()
    named = index.by_name.get(search_key(city), ())
    if any(postal_code in commune.postal_codes for commune in named):
        return []
    if named:
        return [
            Violation(
                "POSTAL_CODE_MISMATCH",
                field,
                f"Le code postal {postal_code} ne correspond pas à {named[0].name} : "
                + " ; ".join(commune.where for commune in named)
                + ".",
            )
        ]
    if department_of(postal_code) not in DEPARTMENT_NAMES:
        return []
    at_code = index.by_postal_code.get(postal_code, ())
    suggestion = (
        f" Au code postal {postal_code} : {', '.join(c.name for c in at_code[:8])}"
        + (" …" if len(at_code) > 8 else "")
        + "."
        if at_code
        else f" Le code postal {postal_code} n'existe pas."
    )
    return [
        Violation(
            "UNKNOWN_COMMUNE",
            field,
            f"« {city.strip()[:80]} » n'est pas une commune de "
            f"{DEPARTMENT_NAMES[department_of(postal_code)]}.{suggestion}",
        )
    ]
