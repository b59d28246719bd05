"""``/gestion/jetons``: API tokens for programs (regional staff): create one (its secret shown
once, on the answer to the form), list them, revoke one with the private feeds it made."""

from __future__ import annotations

from typing import Any

from datetime import datetime, time, timedelta

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.auth.permissions import AccessDenied
from core.backoffice.access import screen
from core.backoffice.commanding import command_context
from core.backoffice.forms import parse_date
from core.backoffice.rendering import render_screen
from core.models.enums import StaffRole
from core.commands import tokens
from core.services import api_tokens, departments
from core.services.errors import InputError
from core.services.staff_sign_in import Staff
from core.timezone import PARIS

ROLE_WORDS = {"REGIONAL": "régional", "DEPARTMENT": "départemental", "PARTNER": "partenaire"}
# Where a refusal of the token service is shown, by its code.
FIELD_OF = {
    "DEPARTMENT_REQUIRED": "departements",
    "DEPARTMENT_NOT_ALLOWED": "departements",
    "UNKNOWN_DEPARTMENT": "departements",
    "EXPIRY_IN_PAST": "expiration",
}


async def _page(
    request: Request,
    staff: Staff,
    *,
    values: dict | None = None,
    errors: dict | None = None,
    created: api_tokens.CreatedToken | None = None,
    status_code: int = 200,
) -> Response:
    now = request.app.state.clock.now()
    async with request.app.state.database.sessions() as db:
        rows = await api_tokens.list_tokens(db)
        choices = await departments.department_choices(db)
    return render_screen(
        request,
        staff,
        "gestion/tokens.html",
        {
            "section": "tokens",
            "rows": [(row, api_tokens.is_usable(row, now)) for row in rows],
            "roles": list(ROLE_WORDS.items()),
            "role_words": ROLE_WORDS,
            "departments": choices,
            "values": values or {"nom": "", "role": "", "departements": [], "expiration": ""},
            "errors": errors or {},
            "created": created,
            "done": request.query_params.get("fait") == "revoque",
        },
        status_code=status_code,
    )


@screen(regional_only=True)
async def token_list(request: Request, staff: Staff) -> Response:
    """``GET /gestion/jetons``: the tokens and the form to create one."""
    return await _page(request, staff)


@screen(regional_only=True)
async def create(request: Request, staff: Staff) -> Response:
    """``POST /gestion/jetons``: create a token and show its secret, once."""
    form = await request.form()
    departments = [str(code) for code in form.getlist("departements")][:10]
    values: dict[str, Any] = {
        "nom": str(form.get("nom", ""))[:300],
        "role": str(form.get("role", "")),
        "departements": departments,
        "expiration": str(form.get("expiration", "")).strip()[:20],
    }
    errors: dict[str, str] = {}
    if values["role"] not in ROLE_WORDS:
        errors["role"] = "Choisissez le rôle du jeton."
    expires_at = None
    if values["expiration"]:
        try:
            day = parse_date(values["expiration"])
            expires_at = datetime.combine(day + timedelta(days=1), time.min, tzinfo=PARIS)
        except ValueError as error:
            errors["expiration"] = str(error)
    if errors:
        return await _page(request, staff, values=values, errors=errors, status_code=400)
    try:
        result = await tokens.create_token(
            command_context(request, staff),
            StaffRole(values["role"]),
            values["nom"],
            values["departements"],
            expires_at,
        )
    except AccessDenied:
        raise
    except InputError as error:
        field = FIELD_OF.get(error.code, "nom")
        return await _page(
            request, staff, values=values, errors={field: error.message}, status_code=400
        )
    return await _page(request, staff, created=result.value)


@screen(regional_only=True)
async def revoke(request: Request, staff: Staff) -> Response:
    """``POST /gestion/jetons/<id>/revoquer``: revoke a token and its private feeds."""
    await tokens.revoke_token(command_context(request, staff), request.path_params["public_id"])
    return RedirectResponse("/gestion/jetons?fait=revoque", status_code=303)


ROUTES = [
    Route("/gestion/jetons", token_list, methods=["GET"]),
    Route("/gestion/jetons", create, methods=["POST"]),
    Route("/gestion/jetons/{public_id}/revoquer", revoke, methods=["POST"]),
]
