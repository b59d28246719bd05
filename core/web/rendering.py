"""The pages' Jinja2 environment and their answers: HTML, revalidated by ETag.

Autoescape is always on: every value a template writes is escaped unless a template marks it
safe, which none does with anything a person typed. A public page is the same bytes for
everyone, so it carries an ETag (a digest of those bytes) and answers ``304`` to a client
that has them; the security headers forbid scripts and frames from elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.templating import Jinja2Templates

from core.http import caching
from core.services.stages import when
from core.web import french

TEMPLATES = Path(__file__).parent / "templates"

# Only this service's own files: no CDN, no third-party script, font or frame.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def build_templates(base_url: str) -> Jinja2Templates:
    """The site's templates, with the French formatting filters and the public base URL."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        long_date=french.long_date,
        short_date=french.short_date,
        hour=french.hour,
        hours=french.hours,
        closing_moment=when,
        lower_first=french.lower_first,
    )
    environment.globals.update(base_url=base_url, count=french.count)
    return Jinja2Templates(env=environment)


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    status_code: int = 200,
    max_age: int = 60,
    media_type: str = "text/html",
    private: bool = False,
) -> Response:
    """The page ``template`` renders with ``context``: 200 with its ETag, or 304 when the
    client has these bytes already. Pages other than 200 are not cached, nor ``private`` ones
    (a form carrying this browser's CSRF value, a page of a signed-in person)."""
    templates: Jinja2Templates = request.app.state.templates
    body = templates.get_template(template).render(
        {"request": request, "path": request.url.path, **context}
    ).encode()
    headers = dict(SECURITY_HEADERS)
    if status_code != 200 or private:
        headers["Cache-Control"] = "private, no-store" if private else caching.NO_STORE
        return HTMLResponse(body, status_code=status_code, headers=headers, media_type=media_type)
    etag = caching.etag_of(body)
    headers.update({"ETag": etag, "Cache-Control": caching.public_cache_control(max_age)})
    if caching.matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return HTMLResponse(body, headers=headers, media_type=media_type)
