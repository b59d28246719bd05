"""Text normalisation for accent- and case-insensitive search."""

from __future__ import annotations

import re

from unidecode import unidecode

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def search_key(text: str) -> str:
    """Fold accents, case, spaces and hyphens away: "Le Royer" and "LEROYER" both give "leroyer"."""
    return _NOT_ALNUM.sub("", unidecode(text).lower())


def slugify(text: str) -> str:
    """A readable ASCII slug: "Santé à l'école" gives "sante-a-l-ecole"."""
    return _NOT_ALNUM.sub("-", unidecode(text).lower()).strip("-")
