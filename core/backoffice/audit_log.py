"""``/gestion/journal``: the audit trail, filtered by action, department and dates.

Regional staff see every entry; department staff the entries of their departments only.
"""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.backoffice.access import screen
from core.backoffice.forms import parse_date, start_of_day
from core.backoffice.rendering import render_screen
from core.services import audit, departments
from core.services.staff_sign_in import Staff


@screen()
async def audit_log(request: Request, staff: Staff) -> Response:
    """``GET /gestion/journal``: the latest entries matching the filters."""
    query = request.query_params
    typed = {name: query.get(name, "").strip() for name in ("action", "departement", "du", "au")}
    errors: dict[str, str] = {}
    bounds = {}
    for name in ("du", "au"):
        if typed[name]:
            try:
                bounds[name] = parse_date(typed[name])
            except ValueError as error:
                errors[name] = str(error)
    if "du" in bounds and "au" in bounds and bounds["au"] < bounds["du"]:
        errors["au"] = "La date de fin précède la date de début."
    viewer = staff.viewer
    async with request.app.state.database.sessions() as db:
        choices = [
            (code, name)
            for code, name in await departments.department_choices(db)
            if viewer.covers([code])
        ]
        if typed["departement"] and typed["departement"] not in dict(choices):
            errors["departement"] = "Choisissez un département de la liste."
        entries = []
        if not errors:
            entries = await audit.search_entries(
                db,
                action=typed["action"] or None,
                department_code=typed["departement"] or None,
                since=start_of_day(bounds["du"]) if "du" in bounds else None,
                until=start_of_day(bounds["au"] + timedelta(days=1)) if "au" in bounds else None,
                visible_departments=None if viewer.is_regional else viewer.department_codes,
            )
        actions = await audit.actions_recorded(db)
    return render_screen(
        request,
        staff,
        "gestion/audit_log.html",
        {
            "section": "audit",
            "entries": entries,
            "typed": typed,
            "errors": errors,
            "actions": actions,
            "departments": choices,
        },
        status_code=400 if errors else 200,
    )


ROUTES = [Route("/gestion/journal", audit_log, methods=["GET"])]
