"""Logging of the service: one line per event, as text or as JSON, with the request's ID.

``configure_logging`` installs one handler on the root logger, so every logger ends up there:
the access log (``cps.access``), unexpected errors (``cps.errors``), the plugins' faults
(``core.hooks``), uvicorn's own lines. Each line carries the ID of the request it was written
for, when there is one; in JSON the extra fields a logger passes (``extra={...}``) become keys.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO

from core.observability.request_scope import current_request_id
from core.settings import Settings

# The attributes every LogRecord has; anything else was passed by the caller as ``extra``.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Extra fields that only repeat the message for terminals (uvicorn's coloured copy).
_SKIPPED_EXTRAS = frozenset({"color_message"})


class RequestIdFilter(logging.Filter):
    """Give every record the ID of the request being served (``-`` outside of a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Set ``record.request_id`` unless the caller gave one; keep every record."""
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request ID and the extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in _SKIPPED_EXTRAS and key[0] != "_":
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def log_handler(settings: Settings, stream: IO[str] | None = None) -> logging.Handler:
    """A handler writing to ``stream`` (standard error by default) in the configured format."""
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(
        JsonFormatter() if settings.log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    handler.addFilter(RequestIdFilter())
    return handler


def configure_logging(settings: Settings, stream: IO[str] | None = None) -> logging.Handler:
    """Send every logger's records to one handler on the root logger; return that handler.

    Called once per process (``cps`` and each worker); calling it again replaces the handler.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "cps_handler", False):
            root.removeHandler(handler)
    handler = log_handler(settings, stream)
    handler.cps_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    # The GraphQL endpoint logs unexpected errors itself, once, with the request ID; Strawberry
    # would log every error again, the expected ones included (a bad cursor, a refused query).
    logging.getLogger("strawberry.execution").setLevel(logging.CRITICAL)
    # Alembic tells at INFO level each time /readyz looks at the schema's version.
    logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)
    return handler
