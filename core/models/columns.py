"""Column helpers shared by the models."""

from __future__ import annotations

import enum

from sqlalchemy import Enum


def enum_column(enum_type: type[enum.Enum]) -> Enum:
    """A portable enum column: a VARCHAR of the member values, with a CHECK constraint."""
    return Enum(
        enum_type,
        native_enum=False,
        create_constraint=True,
        length=40,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
