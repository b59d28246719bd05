"""The department a postal code gives: the one place this rule is written.

A French postal code begins with its department's number ("49100" is in Maine-et-Loire, 49).
That holds for the five departments of the region, and for every metropolitan department but
Corsica's two (20…), which the service does not concern. The module imports nothing, so that
the plugin API (``core.hooks``) may use it.
"""

from __future__ import annotations

from collections.abc import Iterable


def department_of(postal_code: str) -> str:
    """The department code of ``postal_code`` ("44000" gives "44"), spaces around ignored."""
    return postal_code.strip()[:2]


def departments_of(postal_codes: Iterable[str]) -> list[str]:
    """The departments of these postal codes, each once, in the order first met."""
    return list(dict.fromkeys(department_of(code) for code in postal_codes))
