"""Entry point for ASGI servers: ``uvicorn --factory core.asgi:app_from_env``."""

from __future__ import annotations

from starlette.applications import Starlette

from core.app import create_app
from core.observability.logs import configure_logging
from core.settings import Settings


def app_from_env() -> Starlette:
    """The application configured from the environment, logging as the settings say.

    Each worker process calls it: logging is configured here, once per process.
    """
    settings = Settings.from_env()
    configure_logging(settings)
    return create_app(settings)
