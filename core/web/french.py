"""Dates, hours and small labels written the French way, as the pages show them."""

from __future__ import annotations

from datetime import date, time

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def long_date(day: date) -> str:
    """« lundi 28 avril 2025 » (« 1er » for the first of the month)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """« 28 avril 2025 »."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def hour(at: time) -> str:
    """« 9 h », « 9 h 30 »."""
    return f"{at.hour} h" if at.minute == 0 else f"{at.hour} h {at.minute:02d}"


def hours(starts_at: time, ends_at: time) -> str:
    """« de 9 h à 17 h »."""
    return f"de {hour(starts_at)} à {hour(ends_at)}"


def count(number: int, singular: str, plural: str) -> str:
    """« 1 place », « 3 places », « aucune place » (``plural`` after 0 too)."""
    if number == 0:
        return f"aucune {singular}" if singular.endswith("e") else f"0 {plural}"
    return f"{number} {singular if number == 1 else plural}"


def lower_first(text: str) -> str:
    """``text`` with its first letter in lower case, to follow a colon: "Engagement de…" gives
    "engagement de…"."""
    return text[:1].lower() + text[1:]
