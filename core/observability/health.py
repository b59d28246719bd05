"""Probes for the process supervisor and the load balancer.

``/healthz`` answers as long as the process serves HTTP (restart it when it does not);
``/readyz`` also checks that the database answers and is at the latest migration, and that
every plugin loaded (a failed plugin, or a disabled one the operator did not accept with
``CPS_ACCEPT_DISABLED_PLUGINS``, means some writes are refused: send it no traffic until it is
fixed). Neither touches the rate limit. When the rate limit's store (Redis or the database
store) fails, ``/readyz`` still answers 200, with ``degraded`` saying so: the workers keep
limiting, each in its own memory, and a load balancer that took every worker out for a Redis
fault would stop the API it protects.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import JSONResponse

from core import migrate
from core.hooks.manager import PluginStatus

# A probe that hangs is worse than one that fails: the database gets this long to answer.
READINESS_TIMEOUT_SECONDS = 5.0

logger = logging.getLogger("cps.health")


async def healthz(_request: Request) -> JSONResponse:
    """``GET /healthz``: 200 while the process lives."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """``GET /readyz``: 200 when the database answers, its schema is current and every plugin
    loaded (or is disabled and accepted), with ``degraded`` when the rate-limit store fails;
    else 503 with a code and a French message."""
    missing = request.app.state.plugin_manager.not_ready()
    if missing:
        names = ", ".join(f"{d.name} ({_STATES[d.status]})" for d in missing)
        return _unready(
            "PLUGINS_UNAVAILABLE",
            f"Extensions indisponibles : {names} ; leurs règles manquent, les écritures qu'elles "
            "concernent sont refusées (voir « cps plugins --check »).",
            plugins=[d.name for d in missing],
        )
    database = request.app.state.database
    try:
        current = await asyncio.wait_for(migrate.is_current(database), READINESS_TIMEOUT_SECONDS)
    except (OSError, SQLAlchemyError, TimeoutError) as error:
        logger.warning("readiness: database unreachable (%s)", type(error).__name__)
        return _unready("DATABASE_UNREACHABLE", "La base de données ne répond pas.")
    if not current:
        return _unready(
            "MIGRATIONS_PENDING",
            "Le schéma de la base de données n'est pas à jour : lancez « cps db upgrade ».",
        )
    limiter = getattr(request.app.state, "rate_limiter", None)
    if limiter is not None and await limiter.store_degraded():
        # Still ready: each worker limits in its own memory while the store fails, and taking
        # every worker out of the load balancer for a Redis fault would stop the whole API.
        return JSONResponse(
            {
                "status": "ready",
                "degraded": [
                    {
                        "code": "RATE_LIMIT_STORE_UNREACHABLE",
                        "message": "Le stockage des limites de débit ne répond pas : chaque "
                        "processus limite seul les requêtes qu'il reçoit.",
                    }
                ],
            },
            headers={"Cache-Control": "no-store"},
        )
    return JSONResponse({"status": "ready"})


_STATES = {PluginStatus.FAILED: "en échec", PluginStatus.DISABLED: "désactivée"}


def _unready(code: str, message: str, **details: object) -> JSONResponse:
    return JSONResponse(
        {"status": "unready", "code": code, "message": message, **details},
        status_code=503,
        headers={"Cache-Control": "no-store"},
    )
