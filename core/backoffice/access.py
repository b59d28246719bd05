"""The one place where every back-office screen's access is checked: ``@screen``.

In order, for every request to a screen: the session cookie is resolved to a signed-in account
(none: a redirect to the sign-in page, which leads back here); a POST's CSRF token is checked
(wrong: a French 403 page); a regional-only screen refuses department staff; then the handler
runs, and an ``AccessDenied`` it raises (``core.auth.permissions``) becomes the French 403
page, and an object not found (``InputError`` ``…_NOT_FOUND``) the French 404 page. The
handler commits its own transaction only once everything is allowed, so a refusal
changes nothing. Every answer is marked private (``core.backoffice.rendering.private``).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from datetime import timedelta
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.auth.permissions import AccessDenied, require_regional
from core.backoffice.rendering import private, render_page
from core.services.errors import InputError
from core.services.staff_sign_in import Staff, staff_for_cookie
from core.web import csrf

SESSION_COOKIE = "cps_gestion"
SESSION_COOKIE_PATH = "/gestion"
SIGN_IN = "/gestion/connexion"
HOME = "/gestion"

ScreenHandler = Callable[[Request, Staff], Awaitable[Response]]


def safe_next(path: str | None) -> str:
    """Where to go after signing in: a back-office path of this site, else the dashboard."""
    if (
        not path
        or not (path == HOME or path.startswith(HOME + "/") or path.startswith(HOME + "?"))
        or "//" in path
        or "\\" in path
        or any(ord(char) < 32 for char in path)
    ):
        return HOME
    return path


def sign_in_redirect(request: Request) -> Response:
    """Send an anonymous visitor to the sign-in page, to come back to this page after."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = SIGN_IN if safe_next(here) == HOME else f"{SIGN_IN}?suite={quote(safe_next(here))}"
    return private(RedirectResponse(target, status_code=303))


async def current_staff(request: Request) -> Staff | None:
    """The signed-in account of the request's session cookie, or ``None``."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    settings = request.app.state.settings
    async with request.app.state.database.sessions() as db:
        staff = await staff_for_cookie(
            db,
            cookie,
            now=request.app.state.clock.now(),
            idle=timedelta(minutes=settings.staff_idle_minutes),
        )
        await db.commit()
    return staff


def forbidden(request: Request, staff: Staff | None, code: str, message: str) -> Response:
    """The French 403 page: what was refused, and that nothing changed."""
    return render_page(
        request,
        "gestion/forbidden.html",
        {"code": code, "message": message},
        staff=staff,
        status_code=403,
    )


CSRF_REFUSED = (
    "Ce formulaire n'a pas été envoyé depuis une page de l'espace de gestion ouverte dans ce "
    "navigateur, ou il a expiré. Rechargez la page et envoyez-le de nouveau."
)


def department_words(staff: Staff) -> str:
    """What an account covers, in words: « toute la région », « le département 44 »."""
    if staff.viewer.is_regional:
        return "toute la région"
    codes = sorted(staff.viewer.department_codes)
    return ("le département " if len(codes) == 1 else "les départements ") + ", ".join(codes)


def screen(*, regional_only: bool = False) -> Callable[[ScreenHandler], Callable]:
    """Make ``handler(request, staff)`` a back-office endpoint, checked as this module says."""

    def decorate(handler: ScreenHandler) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(handler)
        async def endpoint(request: Request) -> Response:
            staff = await current_staff(request)
            if staff is None:
                return sign_in_redirect(request)
            if request.method == "POST" and not csrf.is_genuine(request, await request.form()):
                return forbidden(request, staff, "CSRF_REFUSED", CSRF_REFUSED)
            try:
                if regional_only:
                    require_regional(staff.viewer)
                response = await handler(request, staff)
            except AccessDenied:
                return forbidden(
                    request,
                    staff,
                    "FORBIDDEN",
                    f"Votre compte couvre {department_words(staff)} : il ne permet pas "
                    "d'ouvrir cette page ou d'agir sur cet objet.",
                )
            except InputError as error:
                if not error.code.endswith("NOT_FOUND"):
                    raise
                return render_page(
                    request,
                    "gestion/message.html",
                    {"heading": "Introuvable", "text": error.message, "code": error.code},
                    staff=staff,
                    status_code=404,
                )
            return private(response)

        return endpoint

    return decorate
