"""The five departments of Pays de la Loire and their committees (COTER)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class Department(Base):
    """A department: its code (``"44"``…), its name and its territorial committee."""

    __tablename__ = "department"

    code: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    coter_name: Mapped[str] = mapped_column(String(200))
