"""``/gestion/abonnements``: private calendar feeds, with the events that are not public (COTER
meetings). Every member of staff subscribes their calendar application to the region's
calendar (regional staff) or to one of their departments', at a URL of its own shown once;
gives a subscription a new URL, or revokes it. Regional staff see every subscription, with its
owner (an API token or a staff account) and last use; department staff their own."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.auth.permissions import AccessDenied
from core.backoffice.access import screen
from core.backoffice.commanding import command_context
from core.backoffice.rendering import render_screen
from core.calendars.links import webcal_url
from core.calendars.private import private_feed_url
from core.commands.calendar_subscriptions import (
    IssuedSubscription,
    create_calendar_subscription,
    revoke_calendar_subscription,
    rotate_calendar_subscription,
)
from core.commands.results import CommandResult
from core.services import departments, feed_subscriptions
from core.calendars.keys import FeedKind
from core.services.errors import InputError
from core.services.staff_sign_in import Staff

REGION = "region"
# Where a refusal of the subscription service is shown, by its field.
FORM_FIELD = {"label": "libelle", "scope": "calendrier"}


async def _calendar_choices(request: Request, staff: Staff) -> list[tuple[str, str]]:
    """The calendars the account may follow: the region's (regional staff), its departments'."""
    async with request.app.state.database.sessions() as db:
        every = await departments.department_choices(db)
    covered = [
        (code, f"Département {code} — {name}")
        for code, name in every
        if staff.viewer.is_regional or code in staff.viewer.department_codes
    ]
    return ([(REGION, "Toute la région")] if staff.viewer.is_regional else []) + covered


async def _page(
    request: Request,
    staff: Staff,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    issued: IssuedSubscription | None = None,
    status_code: int = 200,
) -> Response:
    async with request.app.state.database.sessions() as db:
        feeds = await feed_subscriptions.listed(db, staff.viewer)
    url = None
    if issued is not None and issued.token is not None:
        url = private_feed_url(request.app.state.settings.base_url, issued.token)
    return render_screen(
        request,
        staff,
        "gestion/subscriptions.html",
        {
            "section": "subscriptions",
            "feeds": feeds,
            "choices": await _calendar_choices(request, staff),
            "values": values or {"libelle": "", "calendrier": ""},
            "errors": errors or {},
            "issued": issued,
            "url": url,
            "webcal": webcal_url(url) if url else None,
            "done": request.query_params.get("fait") == "revoque",
        },
        status_code=status_code,
    )


@screen()
async def subscription_list(request: Request, staff: Staff) -> Response:
    """``GET /gestion/abonnements``: the account's private feeds (every one for regional staff)
    and the form to subscribe."""
    return await _page(request, staff)


@screen()
async def create(request: Request, staff: Staff) -> Response:
    """``POST /gestion/abonnements``: subscribe; the feed's URL is shown once."""
    form = await request.form()
    values = {
        "libelle": str(form.get("libelle", "")).strip()[:300],
        "calendrier": str(form.get("calendrier", "")).strip()[:20],
    }
    if not values["calendrier"]:
        errors = {"calendrier": "Choisissez le calendrier à suivre."}
        return await _page(request, staff, values=values, errors=errors, status_code=400)
    kind = FeedKind.REGION if values["calendrier"] == REGION else FeedKind.DEPARTMENT
    try:
        result = await create_calendar_subscription(
            command_context(request, staff), values["libelle"], kind, values["calendrier"]
        )
    except AccessDenied:
        raise
    except InputError as error:
        errors = {FORM_FIELD.get(error.field or "", "libelle"): error.message}
        return await _page(request, staff, values=values, errors=errors, status_code=400)
    return await _page(request, staff, issued=result.value)


def _issued(result: CommandResult[IssuedSubscription]) -> IssuedSubscription:
    assert result.value is not None, "the subscription commands raise rather than refuse"
    return result.value


@screen()
async def rotate(request: Request, staff: Staff) -> Response:
    """``POST /gestion/abonnements/<id>/nouvelle-adresse``: a new URL, shown once; the old one
    stops at once."""
    try:
        result = await rotate_calendar_subscription(
            command_context(request, staff), request.path_params["public_id"]
        )
    except InputError as error:
        if error.code != "SUBSCRIPTION_REVOKED":
            raise
        return await _page(request, staff, errors={"_general": error.message}, status_code=400)
    return await _page(request, staff, issued=_issued(result))


@screen()
async def revoke(request: Request, staff: Staff) -> Response:
    """``POST /gestion/abonnements/<id>/revoquer``: the feed stops at once."""
    await revoke_calendar_subscription(
        command_context(request, staff), request.path_params["public_id"]
    )
    return RedirectResponse("/gestion/abonnements?fait=revoque", status_code=303)


ROUTES = [
    Route("/gestion/abonnements", subscription_list, methods=["GET"]),
    Route("/gestion/abonnements", create, methods=["POST"]),
    Route("/gestion/abonnements/{public_id}/nouvelle-adresse", rotate, methods=["POST"]),
    Route("/gestion/abonnements/{public_id}/revoquer", revoke, methods=["POST"]),
]
