"""The two modules of the trainers' course and their prerequisites."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.models.columns import enum_column
from core.models.enums import PrerequisiteKind


class TrainingModule(Base):
    """Module 1 or 2 of the course for trainers of trainers."""

    __tablename__ = "training_module"

    number: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(String(300))
    length_days: Mapped[int] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)

    prerequisites: Mapped[list[ModulePrerequisite]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="ModulePrerequisite.position"
    )


class ModulePrerequisite(Base):
    """One prerequisite of a module, structured so that rules can check it."""

    __tablename__ = "module_prerequisite"
    __table_args__ = (UniqueConstraint("module_id", "code"),)

    module_id: Mapped[int] = mapped_column(
        ForeignKey("training_module.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(60))
    kind: Mapped[PrerequisiteKind] = mapped_column(enum_column(PrerequisiteKind))
    label: Mapped[str] = mapped_column(Text)
    # For CONCEPTS_QUESTIONNAIRE: the least share of right answers (0.8 for 80 %).
    minimum_score: Mapped[float | None] = mapped_column(Float)
    # For PRIOR_CPS_TRAINING: the training must come from a member of InteractionS.
    requires_interactions_member: Mapped[bool] = mapped_column(default=False)
