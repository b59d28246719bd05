"""``/gestion/webhooks``: the partners' webhooks (regional staff) and each one's delivery log:
every attempt, its answer and its duration."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.backoffice.access import screen
from core.backoffice.rendering import render_screen
from core.services import webhooks
from core.services.errors import InputError
from core.services.staff_sign_in import Staff

LOG_LENGTH = 50


def _settings(request: Request) -> dict[str, object]:
    hours = request.app.state.settings.webhook_disable_after_hours
    return {"disable_after_hours": f"{hours:g}"}


@screen(regional_only=True)
async def webhook_list(request: Request, staff: Staff) -> Response:
    """``GET /gestion/webhooks``: every webhook, its state and its latest attempts."""
    async with request.app.state.database.sessions() as db:
        rows = await webhooks.listed(db)
        logs = await webhooks.deliveries(db, [row.id for row in rows], first=5)
    return render_screen(
        request,
        staff,
        "gestion/webhooks.html",
        {"section": "webhooks", "rows": rows, "logs": logs, "one": None, **_settings(request)},
    )


@screen(regional_only=True)
async def webhook_page(request: Request, staff: Staff) -> Response:
    """``GET /gestion/webhooks/<id>``: one webhook and its delivery log."""
    async with request.app.state.database.sessions() as db:
        row = await webhooks.by_public_id(db, request.path_params["public_id"])
        if row is None:
            raise InputError("WEBHOOK_NOT_FOUND", "Ce webhook n'existe pas ou a été supprimé.")
        logs = await webhooks.deliveries(db, [row.id], first=LOG_LENGTH)
    return render_screen(
        request,
        staff,
        "gestion/webhooks.html",
        {"section": "webhooks", "rows": [row], "logs": logs, "one": row, **_settings(request)},
    )


ROUTES = [
    Route("/gestion/webhooks", webhook_list, methods=["GET"]),
    Route("/gestion/webhooks/{public_id}", webhook_page, methods=["GET"]),
]
