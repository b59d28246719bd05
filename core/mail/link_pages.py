"""The pages the e-mails link to: confirm one's address, see and cancel one's registration.

Small server-rendered French pages over the services (``address_confirmation``,
``registrations.seats``) and, for the writes, the commands of ``core.commands.registrations``; the
secret in the path is the only credential. Following a link only
shows a page: the write is the button's POST, so that a mail client that fetches links ahead
(a link scanner) confirms or cancels nothing.
"""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.auth.viewer import Viewer
from core.commands import registrations as commands
from core.commands.context import CommandContext
from core.models.enums import RegistrationStatus
from core.services import address_confirmation, registration_mail
from core.services.registrations.seats import ACTIVE
from core.services.staff_messages import STATUS_WORDS
from core.web.commanding import command_context
from core.web.rendering import render

# The person following their own link: the audit trail names them "anonyme".
PERSON = Viewer()


def _page(request: Request, name: str, status_code: int = 200, **values) -> Response:
    """A page of the site's layout, never cached: its address holds a secret."""
    return render(request, f"links/{name}.html", values, status_code=status_code, private=True)


def _valid_for(request: Request) -> timedelta:
    return timedelta(hours=request.app.state.settings.confirmation_hours)


async def confirmation_form(request: Request) -> Response:
    """``GET /inscription/confirmer/<secret>``: what is being confirmed, and the button."""
    async with request.app.state.database.sessions() as db:
        title = await address_confirmation.pending_title(
            db, request.path_params["secret"], _valid_for(request)
        )
    if title is None:
        return _page(request, "link_invalid", status_code=404)
    return _page(request, "confirm_address", title=title)


def _context(request: Request) -> CommandContext:
    """The command context of the person following their link (``PERSON``)."""
    return command_context(request, PERSON)


async def confirm(request: Request) -> Response:
    """``POST /inscription/confirmer/<secret>``: confirm, and say what happened next."""
    result = await commands.confirm_registration_address(
        _context(request), request.path_params["secret"]
    )
    outcome = result.value
    if outcome is None or outcome.state == "invalid":
        return _page(request, "link_invalid", status_code=404)
    return _page(request, "confirmed_address", outcome=outcome)


async def registration_page(request: Request) -> Response:
    """``GET /inscription/<secret>``: the registration, and a button to cancel it."""
    async with request.app.state.database.sessions() as db:
        row = await registration_mail.registration_by_link(db, request.path_params["secret"])
        if row is None or row.erased_at is not None:
            return _page(request, "link_invalid", status_code=404)
        title = await registration_mail.target_title(db, row)
        position = None
        if row.status is RegistrationStatus.WAITLISTED:
            position = await registration_mail.waitlist_position(db, row)
        calendar = None
        if row.status is RegistrationStatus.CONFIRMED:
            calendar = await registration_mail.calendar_path(db, row)
    return _page(
        request,
        "registration",
        title=title,
        status=STATUS_WORDS[row.status.value],
        position=position,
        cancellable=row.status in ACTIVE,
        calendar=calendar,
        cancel_path=request.url.path + "/annuler",
    )


async def cancel(request: Request) -> Response:
    """``POST /inscription/<secret>/annuler``: cancel; a seat freed goes to the next waiting."""
    secret = request.path_params["secret"]
    result = await commands.cancel_registration_by_link(_context(request), secret)
    if any(error.code == "LINK_INVALID" for error in result.errors):
        return _page(request, "link_invalid", status_code=404)
    return RedirectResponse(f"/inscription/{secret}", status_code=303)


def link_page_routes() -> list[Route]:
    """The routes of the pages the e-mails link to."""
    return [
        Route("/inscription/confirmer/{secret}", confirmation_form, methods=["GET"]),
        Route("/inscription/confirmer/{secret}", confirm, methods=["POST"]),
        Route("/inscription/{secret}", registration_page, methods=["GET"]),
        Route("/inscription/{secret}/annuler", cancel, methods=["POST"]),
    ]
