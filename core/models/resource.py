"""Documents and tools for people who develop children's psychosocial skills."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.models.columns import enum_column
from core.models.enums import RecordStatus, ResourceKind


class Resource(Base):
    """A resource the Pôle recommends."""

    __tablename__ = "resource"
    __table_args__ = (Index("ix_resource_sort_title_id", "sort_title", "id"),)

    title: Mapped[str] = mapped_column(String(300))
    sort_title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[ResourceKind] = mapped_column(enum_column(ResourceKind), index=True)
    publisher: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    audience: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(500))
    search_text: Mapped[str] = mapped_column(Text)
    status: Mapped[RecordStatus] = mapped_column(
        enum_column(RecordStatus), default=RecordStatus.ACTIVE
    )

    themes: Mapped[list[ResourceTheme]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="ResourceTheme.position"
    )


class ResourceTheme(Base):
    """A theme a resource is filed under."""

    __tablename__ = "resource_theme"
    __table_args__ = (UniqueConstraint("resource_id", "slug"),)

    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(120), index=True)
