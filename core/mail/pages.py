"""``/debug/mails``: the e-mails kept for want of an SMTP server, readable in a browser.

Served only in debug mode (``CPS_DEBUG``), so that a newcomer running the service on their
machine can read the e-mail a registration sent and follow its link. Never in production: the
e-mails hold personal data and private links.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from core.mail.render import compose, templates
from core.services import outbox
from core.settings import Settings


async def _list(request: Request) -> Response:
    async with request.app.state.database.sessions() as db:
        kept = await outbox.kept_emails(db)
    settings = request.app.state.settings
    rows = [(message, compose(message, settings)["Subject"]) for message in kept]
    page = templates().get_template("pages/debug_mails.html").render(messages=rows)
    return HTMLResponse(page)


async def _one(request: Request) -> Response:
    async with request.app.state.database.sessions() as db:
        message = await outbox.by_public_id(db, request.path_params["public_id"])
    if message is None or not message.context:
        return PlainTextResponse("Message introuvable.", status_code=404)
    email = compose(message, request.app.state.settings)
    if request.query_params.get("format") == "eml":
        return PlainTextResponse(email.as_string())
    plain = email.get_body(("plain",))
    text = plain.get_content() if plain is not None else ""
    page = templates().get_template("pages/debug_mail.html").render(
        message=message, email=email, text=text
    )
    return HTMLResponse(page)


def debug_mail_routes(settings: Settings) -> list[Route]:
    """The debug pages of the kept e-mails; none unless the service runs in debug mode."""
    if not settings.debug:
        return []
    return [
        Route("/debug/mails", _list, methods=["GET"]),
        Route("/debug/mails/{public_id}", _one, methods=["GET"]),
    ]
