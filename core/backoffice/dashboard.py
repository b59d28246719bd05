"""``/gestion``: the dashboard, what needs the staff's attention first."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.backoffice.access import screen
from core.backoffice.rendering import render_screen
from core.services.dashboard import dashboard as dashboard_of
from core.services.staff_sign_in import Staff


@screen()
async def dashboard(request: Request, staff: Staff) -> Response:
    """``GET /gestion``: the next sessions and events with their seats, the registrations
    waiting, the messages and webhooks failing."""
    async with request.app.state.database.sessions() as db:
        board = await dashboard_of(db, staff.viewer, request.app.state.clock.today())
    return render_screen(
        request, staff, "gestion/dashboard.html", {"section": "dashboard", "board": board}
    )


ROUTES = [Route("/gestion", dashboard, methods=["GET"])]
