"""Cross-site request forgery protection for every form the service serves.

A form carries a hidden field ``csrf`` whose value must equal the browser's ``cps_csrf``
cookie (the "double submit" pattern: another site can make a browser post, but cannot read or
set this site's cookie, so it cannot know the value to put in the field). The cookie is
``SameSite=Lax`` and ``HttpOnly`` (the field is written by the server, scripts never need it),
``Secure`` when the service is reached over https. As a second check, a post whose ``Origin``
header names another site is refused whatever its token.

A page with a form calls :func:`token_for` and passes the value to its template; the answer
must then carry the cookie (:func:`set_cookie`) and must not be kept by shared caches, since
the value is this browser's own. A handler receiving a post calls :func:`is_genuine` before
anything else and changes nothing when it is false.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

COOKIE = "cps_csrf"
FIELD = "csrf"
# A visitor who leaves a form open for a day can still send it.
MAX_AGE = 24 * 3600


def token_for(request: Request) -> str:
    """The value this browser's forms must send back: its cookie's, or a new one."""
    current = request.cookies.get(COOKIE, "")
    if _well_formed(current):
        return current
    fresh = getattr(request.state, "csrf_token", None)
    if fresh is None:
        fresh = secrets.token_urlsafe(32)
        request.state.csrf_token = fresh
    return fresh


def set_cookie(request: Request, response: Response) -> Response:
    """Give ``response`` the cookie behind :func:`token_for`'s value, when the browser lacks it,
    and keep the answer out of shared caches."""
    response.headers["Cache-Control"] = "private, no-store"
    fresh = getattr(request.state, "csrf_token", None)
    if fresh is not None:
        response.set_cookie(
            COOKIE,
            fresh,
            max_age=MAX_AGE,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )
    return response


def is_genuine(request: Request, form: Mapping[str, object]) -> bool:
    """True when a posted form comes from one of this site's pages in this browser."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc not in _own_hosts(request):
        return False
    cookie = request.cookies.get(COOKIE, "")
    sent = form.get(FIELD)
    return (
        _well_formed(cookie)
        and isinstance(sent, str)
        and hmac.compare_digest(cookie.encode(), sent.encode())
    )


def _own_hosts(request: Request) -> set[str]:
    """The host this request reached, and the public one (behind a proxy they may differ)."""
    return {request.url.netloc, urlsplit(request.app.state.settings.base_url).netloc}


def _well_formed(value: str) -> bool:
    return 32 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum()
