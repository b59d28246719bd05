"""Entry point for ASGI servers: ``uvicorn --factory core.asgi:app_from_env``."""

from __future__ import annotations

from starlette.applications import Starlette

from core.app import create_app
from core.observability.logs import configure_logging
from core.runtime import tune_garbage_collector
from core.settings import Settings


def app_from_env() -> Starlette:
    """The application configured from the environment, logging as the settings say.

    Each worker process calls it: logging and the garbage collector are set here, once per
    process.
    """
    settings = Settings.from_env()
    configure_logging(settings)
    application = create_app(settings)
    tune_garbage_collector(settings.gc_threshold)
    return application
