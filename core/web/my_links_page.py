"""``/mes-inscriptions``: a person who lost the e-mail of a registration gets its link again.

The same service as the ``sendMyRegistrationLinks`` mutation, with its weight on the rate limit;
the answer is the same whether or not the address has registrations, so the page tells nobody
who is registered.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from core.email_address import normalise_email
from core.mail.messages import LINKS_SENT
from core.auth.viewer import Viewer
from core.commands import registrations as registration_commands
from core.web import csrf
from core.web.commanding import command_context
from core.web.registration_pages import EXPIRED_FORM, charged_as_a_mutation
from core.web.rendering import render

FIELD = "email"
NO_ADDRESS = "Indiquez l'adresse e-mail avec laquelle vous vous êtes inscrit·e."


def _page(
    request: Request, *, email: str = "", error: str | None = None, sent: bool = False,
    status_code: int = 200,
) -> Response:
    response = render(
        request,
        "my_links.html",
        {"email": email, "error": error, "sent": sent, "message": LINKS_SENT,
         "csrf_token": csrf.token_for(request)},
        status_code=status_code,
        private=True,
    )
    return csrf.set_cookie(request, response)


async def my_links_form(request: Request) -> Response:
    """``GET /mes-inscriptions``: the address to send the links to."""
    return _page(request)


async def send_my_links(request: Request) -> Response:
    """``POST /mes-inscriptions``: send the links, if the address has registrations."""
    form = await request.form()
    typed = form.get(FIELD)
    email = typed.strip()[:300] if isinstance(typed, str) else ""
    if not csrf.is_genuine(request, form):
        return _page(request, email=email, error=EXPIRED_FORM, status_code=403)
    if "@" not in email:
        return _page(request, email=email, error=NO_ADDRESS, status_code=422)
    if refusal := await charged_as_a_mutation(request):
        return _page(request, email=email, error=refusal, status_code=429)
    await registration_commands.send_my_registration_links(
        command_context(request, Viewer()), normalise_email(email)
    )
    return _page(request, sent=True)
