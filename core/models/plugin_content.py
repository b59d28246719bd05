"""Which rows a plugin's content was written to, so that the next synchronisation knows them."""

from __future__ import annotations

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class PluginContent(Base):
    """One unit of a plugin's content (an event, an action, a COTER's institution or contacts).

    ``natural_key`` is the unit's key (``event:2025-practice-exchange-44``), from which the
    written row's public ID derives; ``digest`` fingerprints what the plugin last said, so a
    row is rewritten only when the plugin's data changes (an edit made since through the API
    survives restarts). ``withdrawn`` marks a unit the plugin no longer publishes.
    """

    __tablename__ = "plugin_content"

    natural_key: Mapped[str] = mapped_column(String(200), unique=True)
    plugin: Mapped[str] = mapped_column(String(100), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
