"""``/gestion/abonnements``: the staff's private calendar feeds (regional staff): which
calendar, whose token made it, its last use; revoke one."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.backoffice.access import screen
from core.backoffice.commanding import command_context
from core.backoffice.rendering import render_screen
from core.commands.calendar_subscriptions import revoke_calendar_subscription
from core.services import feed_subscriptions
from core.services.staff_sign_in import Staff


@screen(regional_only=True)
async def subscription_list(request: Request, staff: Staff) -> Response:
    """``GET /gestion/abonnements``: every private feed, live or not."""
    async with request.app.state.database.sessions() as db:
        feeds = await feed_subscriptions.listed(db, staff.viewer)
    return render_screen(
        request,
        staff,
        "gestion/subscriptions.html",
        {
            "section": "subscriptions",
            "feeds": feeds,
            "done": request.query_params.get("fait") == "revoque",
        },
    )


@screen(regional_only=True)
async def revoke(request: Request, staff: Staff) -> Response:
    """``POST /gestion/abonnements/<id>/revoquer``: the feed stops at once."""
    await revoke_calendar_subscription(
        command_context(request, staff), request.path_params["public_id"]
    )
    return RedirectResponse("/gestion/abonnements?fait=revoque", status_code=303)


ROUTES = [
    Route("/gestion/abonnements", subscription_list, methods=["GET"]),
    Route("/gestion/abonnements/{public_id}/revoquer", revoke, methods=["POST"]),
]
