"""``/gestion``: the dashboard, what needs the staff's attention first."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.backoffice.access import screen
from core.backoffice.rendering import render_screen
from core.services.staff_sign_in import Staff


@screen()
async def dashboard(request: Request, staff: Staff) -> Response:
    """``GET /gestion``: the next sessions, registrations waiting, messages failing."""
    return render_screen(request, staff, "gestion/dashboard.html", {"section": "dashboard"})


ROUTES = [Route("/gestion", dashboard, methods=["GET"])]
