"""Answers of the back-office: its pages rendered in its layout, never kept by any cache.

Every page is this browser's own (the signed-in account, the CSRF value of its forms), so none
carries an ETag or a public ``Cache-Control``; none is indexed by search engines.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from core.backoffice.navigation import sections_for
from core.services.staff_sign_in import Staff
from core.web import csrf
from core.web.rendering import SECURITY_HEADERS

PRIVATE_HEADERS = {
    **SECURITY_HEADERS,
    "Cache-Control": "private, no-store",
    "X-Robots-Tag": "noindex, nofollow",
}


def private(response: Response) -> Response:
    """Mark ``response`` as a back-office answer: private, not stored, not indexed."""
    response.headers.update(PRIVATE_HEADERS)
    return response


def render_page(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    staff: Staff | None = None,
    status_code: int = 200,
) -> Response:
    """The back-office page ``template`` rendered with ``context``, the signed-in ``staff``
    (none on the sign-in pages), the menu and the CSRF field its forms write."""
    token = csrf.token_for(request)
    field = Markup('<input type="hidden" name="{}" value="{}">').format(csrf.FIELD, escape(token))
    templates = request.app.state.templates
    body = templates.get_template(template).render(
        {
            "request": request,
            "path": request.url.path,
            "staff": staff,
            "sections": sections_for(staff.viewer.is_regional) if staff else [],
            "section": None,
            "csrf_field": lambda: field,
            **context,
        }
    )
    response = HTMLResponse(body, status_code=status_code)
    csrf.set_cookie(request, response)
    return private(response)


def render_screen(
    request: Request,
    staff: Staff,
    template: str,
    context: Mapping[str, Any],
    *,
    status_code: int = 200,
) -> Response:
    """A screen of a signed-in account: ``render_page`` with ``staff``."""
    return render_page(request, template, context, staff=staff, status_code=status_code)
