"""``/gestion/webhooks``: the partners' webhooks (regional staff): create one (its signing
secret shown once, on the answer to the form), delete one, and each one's delivery log:
every attempt, its answer and its duration."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.backoffice.access import screen
from core.backoffice.commanding import command_context
from core.backoffice.rendering import render_screen
from core.commands import webhooks as webhook_commands
from core.services import webhooks
from core.services.errors import InputError
from core.services.staff_sign_in import Staff

LOG_LENGTH = 50
# The form's fields, by the field a refusal of the webhook service names.
FORM_FIELD = {"url": "url", "eventTypes": "evenements", "contactEmail": "contact"}
OBJECT_WORDS = {
    "session": "Sessions", "event": "Évènements", "trainer": "Formateurs et référents",
    "action": "Actions", "resource": "Ressources",
}
CHANGE_WORDS = {
    "created": "créé(e)", "updated": "modifié(e)", "cancelled": "annulé(e)",
    "archived": "archivé(e)", "seats_changed": "places restantes changées",
}


def event_type_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The event types a partner may choose, grouped by object, each with its French words."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for event_type in webhooks.EVENT_TYPES:
        kind, change = event_type.split(".", 1)
        groups.setdefault(OBJECT_WORDS[kind], []).append((event_type, CHANGE_WORDS[change]))
    return list(groups.items())


def _blank() -> dict[str, object]:
    return {"url": "", "evenements": [], "contact": ""}


def _settings(request: Request) -> dict[str, object]:
    hours = request.app.state.settings.webhook_disable_after_hours
    return {"disable_after_hours": f"{hours:g}", "groups": event_type_groups()}


async def _list_page(
    request: Request,
    staff: Staff,
    *,
    values: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
    created: webhooks.CreatedWebhook | None = None,
    status_code: int = 200,
) -> Response:
    async with request.app.state.database.sessions() as db:
        rows = await webhooks.listed(db)
        logs = await webhooks.deliveries(db, [row.id for row in rows], first=5)
    return render_screen(
        request,
        staff,
        "gestion/webhooks.html",
        {
            "section": "webhooks", "rows": rows, "logs": logs, "one": None,
            "values": values or _blank(), "errors": errors or {}, "created": created,
            "done": request.query_params.get("fait") == "supprime",
            **_settings(request),
        },
        status_code=status_code,
    )


@screen(regional_only=True)
async def webhook_list(request: Request, staff: Staff) -> Response:
    """``GET /gestion/webhooks``: every webhook, its state, its latest attempts, and the form
    to create one."""
    return await _list_page(request, staff)


@screen(regional_only=True)
async def create(request: Request, staff: Staff) -> Response:
    """``POST /gestion/webhooks``: create a webhook and show its signing secret, once."""
    form = await request.form()
    url = str(form.get("url", "")).strip()[:2100]
    kinds = [str(kind) for kind in form.getlist("evenements")][:50]
    contact = str(form.get("contact", "")).strip()[:320]
    values: dict[str, object] = {"url": url, "evenements": kinds, "contact": contact}
    if not kinds:
        errors = {"evenements": "Cochez au moins un évènement à envoyer au partenaire."}
        return await _list_page(request, staff, values=values, errors=errors, status_code=400)
    result = await webhook_commands.create_webhook(
        command_context(request, staff), url, kinds, contact
    )
    if result.errors:
        errors = {FORM_FIELD.get(error.field, "url"): error.message for error in result.errors}
        return await _list_page(request, staff, values=values, errors=errors, status_code=400)
    return await _list_page(request, staff, created=result.value)


@screen(regional_only=True)
async def webhook_page(request: Request, staff: Staff) -> Response:
    """``GET /gestion/webhooks/<id>``: one webhook, its delivery log, and its delete button."""
    async with request.app.state.database.sessions() as db:
        row = await webhooks.by_public_id(db, request.path_params["public_id"])
        if row is None:
            raise InputError("WEBHOOK_NOT_FOUND", "Ce webhook n'existe pas ou a été supprimé.")
        logs = await webhooks.deliveries(db, [row.id], first=LOG_LENGTH)
    return render_screen(
        request,
        staff,
        "gestion/webhooks.html",
        {
            "section": "webhooks", "rows": [row], "logs": logs, "one": row,
            "done": False, "created": None, **_settings(request),
        },
    )


@screen(regional_only=True)
async def delete(request: Request, staff: Staff) -> Response:
    """``POST /gestion/webhooks/<id>/supprimer``: delete a webhook; its log stays."""
    result = await webhook_commands.delete_webhook(
        command_context(request, staff), request.path_params["public_id"]
    )
    if result.errors:
        raise InputError("WEBHOOK_NOT_FOUND", "Ce webhook n'existe pas ou a été supprimé.")
    return RedirectResponse("/gestion/webhooks?fait=supprime", status_code=303)


ROUTES = [
    Route("/gestion/webhooks", webhook_list, methods=["GET"]),
    Route("/gestion/webhooks", create, methods=["POST"]),
    Route("/gestion/webhooks/{public_id}", webhook_page, methods=["GET"]),
    Route("/gestion/webhooks/{public_id}/supprimer", delete, methods=["POST"]),
]
