"""Refusals at the HTTP edge, as JSON bodies shaped like GraphQL errors.

Every refusal, whatever the route, reads ``{"errors": [{"message": "...", "extensions":
{"code": "..."}}]}``: a French message for people, a stable code for programs.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse

MALFORMED_JSON = "MALFORMED_JSON"
BODY_TOO_LARGE = "BODY_TOO_LARGE"
RATE_LIMITED = "RATE_LIMITED"
INTERNAL_ERROR = "INTERNAL_ERROR"
BAD_REQUEST = "BAD_REQUEST"


class RequestRefused(Exception):
    """Raised by the edge when a request cannot be served as sent; becomes a JSON error answer."""

    def __init__(self, status: int, code: str, message: str, **extensions: object) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extensions = extensions


def error_body(code: str, message: str, **extensions: object) -> dict[str, object]:
    """A GraphQL-shaped error body with one error."""
    return {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    headers: Mapping[str, str] | None = None,
    **extensions: object,
) -> JSONResponse:
    """A JSON answer holding one error; never cached."""
    return JSONResponse(
        error_body(code, message, **extensions),
        status_code=status,
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def refusal_response(refusal: RequestRefused) -> JSONResponse:
    """The answer to a ``RequestRefused``; never cached."""
    return JSONResponse(
        error_body(refusal.code, refusal.message, **refusal.extensions),
        status_code=refusal.status,
        headers={"Cache-Control": "no-store"},
    )


def body_too_large(limit: int) -> RequestRefused:
    """The body is over ``CPS_MAX_BODY_BYTES``."""
    return RequestRefused(
        413,
        BODY_TOO_LARGE,
        f"Corps de requête trop volumineux : la taille maximale est de {limit} octets.",
        limit=limit,
    )


def internal_error_message(request_id: str) -> str:
    """The message of an unexpected error, which people quote to the service's operators."""
    return f"Erreur interne (requête {request_id})."
