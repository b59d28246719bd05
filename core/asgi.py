"""Entry point for ASGI servers: ``uvicorn --factory core.asgi:app_from_env``."""

from __future__ import annotations

from starlette.applications import Starlette

from core.app import create_app
from core.settings import Settings


def app_from_env() -> Starlette:
    """The application configured from the environment."""
    return create_app(Settings.from_env())
