"""The departments' pages: ``/departements`` and ``/departements/{code}``.

A department's COTER, referents and actions come from ``core.services.department_overview``,
its sessions and events from ``core.services.agenda``, its feed's address from
``core.calendars.links``.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from core.calendars import messages
from core.calendars.links import feed_url
from core.services import agenda as agenda_service
from core.services.agenda import AgendaCriteria
from core.calendars.keys import FeedKey, FeedKind
from core.services.department_overview import department_overview
from core.web.pages import database_reader, not_found_page, public_base_url, today_in_paris
from core.web.rendering import render
from core.web.subscribe import SubscribeLinks


async def departments(request: Request) -> Response:
    """``/departements``: the five departments, each a link to its page."""
    async with database_reader(request) as db:
        names = await agenda_service.department_names(db)
    return render(request, "departments.html", {"departments": names})


async def department_page(request: Request) -> Response:
    """``/departements/{code}``: a department's COTER and who steers it, its referents, its
    upcoming sessions and events, its actions and its calendar."""
    code = request.path_params["code"]
    today = today_in_paris(request)
    async with database_reader(request) as db:
        overview = await department_overview(db, code)
        if overview is None:
            return not_found_page(request, f"Le département « {code} » n'est pas suivi par le Pôle CPS.")
        names = await agenda_service.department_names(db)
        upcoming = await agenda_service.agenda(db, AgendaCriteria(department_code=code), today)
    return render(
        request,
        "department.html",
        {
            "department": overview,
            "departments": names,
            "upcoming": upcoming,
            "today": today,
            "action_kinds": messages.ACTION_KINDS,
            "programmes": messages.PROGRAMMES,
            "calendar": SubscribeLinks(
                messages.department_name(code, overview.name),
                feed_url(public_base_url(request), FeedKey(FeedKind.DEPARTMENT, code)),
            ),
        },
    )
