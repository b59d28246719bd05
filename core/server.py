"""Running the ASGI server for ``cps serve``: one process, or several workers on one port.

The database is migrated and seeded by ``cps serve`` before this starts, once. Each worker is a
fresh process that builds its own application (``core.asgi:app_from_env``): workers share
nothing in memory; what one writes, the others read from the database (or Redis, for the rate
limit). With several workers their metrics meet in ``PROMETHEUS_MULTIPROC_DIR``.
"""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

import uvicorn

from core.observability.logs import configure_logging
from core.settings import Settings

APP_FACTORY = "core.asgi:app_from_env"


# Interfaces that mean "every address of this machine": links then name the machine.
_WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})


def served_base_url(host: str, port: int) -> str:
    """The base URL of what ``cps serve`` listens on, for links when ``CPS_BASE_URL`` is unset.

    ``--host 0.0.0.0`` gives the machine's name; an IPv6 address is put in brackets.
    """
    if host in _WILDCARD_HOSTS:
        host = socket.gethostname()
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def shared_metrics_dir(settings: Settings) -> str:
    """The folder where workers share their metrics, emptied of a previous run's files.

    ``PROMETHEUS_MULTIPROC_DIR`` if set, else a new temporary folder; the workers, started
    after, find it in their environment.
    """
    folder = settings.metrics_dir or tempfile.mkdtemp(prefix="cps-metrics-")
    Path(folder).mkdir(parents=True, exist_ok=True)
    # Values left by the workers of a previous run would be added to this run's.
    for stale in Path(folder).glob("*.db"):
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    return folder


def run_server(settings: Settings, *, host: str, port: int, workers: int, reload: bool) -> None:
    """Serve the API until stopped, with ``workers`` processes (one when reloading)."""
    configure_logging(settings)
    if workers > 1 and not reload:
        shared_metrics_dir(settings)
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers if not reload else None,
        reload=reload,
        reload_dirs=[str(Path(__file__).parent.parent)] if reload else None,
        # The service logs requests itself (one line with the request ID and the operation),
        # in the configured format, and reads X-Forwarded-For from CPS_TRUSTED_PROXIES only.
        log_config=None,
        access_log=False,
        proxy_headers=False,
        server_header=False,
    )
