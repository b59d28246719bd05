"""``PublicGraphQL``: Strawberry's ASGI view, made fit for a public API.

- A request that cannot be run (a body that is not JSON, a document that does not parse or
  validate, a limit exceeded, batching) gets 400 (405 for a mutation by GET) and a GraphQL
  error body with a code, never plain text nor a 500.
- An error without a code is unexpected: it is logged with the request ID and masked as
  « Erreur interne (requête …) », the ID also in ``extensions.requestId``; with the debug
  setting on, its message is shown. Expected errors (those with a code) are left as they are.
- A public answer (GET, no ``Authorization``, no error) carries ``Cache-Control`` and an ETag,
  and a matching ``If-None-Match`` gets 304; any other answer is ``private, no-store``
  (``core.http.caching``).
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any, TypeVar

import orjson

from cross_web import HTTPException
from graphql import GraphQLError, GraphQLSyntaxError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry import Schema
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from core.http import caching, compression
from core.http.enum_errors import INVALID_ENUM_VALUE, french_enum_error
from core.http.errors import (
    BAD_REQUEST,
    INTERNAL_ERROR,
    MALFORMED_JSON,
    RequestRefused,
    internal_error_message,
    refusal_response,
)
from core.limits.errors import REFUSAL_CODES
from core.settings import Settings

logger = logging.getLogger("cps.errors")

ContextT = TypeVar("ContextT")  # the endpoint's context, given to every resolver

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INVALID_ARGUMENT = "INVALID_ARGUMENT"

# Codes of errors that mean the document was not run at all: answered 400.
REQUEST_ERROR_CODES = REFUSAL_CODES | {
    PARSE_FAILED, VALIDATION_FAILED, INVALID_ARGUMENT, INVALID_ENUM_VALUE
}

# graphql-core's words for a value that does not fit its type (an Int beyond 32 bits, a string
# for an Int), in the document or in the variables.
_INVALID_VALUE_MARKERS = ("got invalid value", "has invalid value", "cannot represent")

# Strawberry refuses some requests with an English reason: their status, code and French message.
_STRAWBERRY_REASONS: dict[str, tuple[int, str, str]] = {
    "Unable to parse request body as JSON": (
        400, MALFORMED_JSON, "Corps de requête illisible : ce n'est pas du JSON valide."
    ),
    "Unsupported content type": (
        415, "UNSUPPORTED_CONTENT_TYPE",
        "Type de contenu non pris en charge : envoyez la requête en JSON (application/json).",
    ),
    "No GraphQL query found in the request": (
        400, "MISSING_QUERY", "Aucune requête GraphQL : le champ « query » manque."
    ),
    "Batching is not enabled": (
        400, "BATCHING_DISABLED",
        "Les lots d'opérations ne sont pas acceptés : envoyez une opération par requête.",
    ),
    "GraphQL only supports GET and POST requests.": (
        405, "METHOD_NOT_ALLOWED", "Seules les méthodes GET et POST sont acceptées."
    ),
    "Not Found": (
        404, "GRAPHIQL_DISABLED",
        "L'explorateur de l'API est désactivé (CPS_GRAPHIQL=0) ; envoyez une requête GraphQL "
        "en GET ou en POST.",
    ),
}


def _refusal_for(error: HTTPException) -> RequestRefused:
    reason = error.reason
    if reason in _STRAWBERRY_REASONS:
        status, code, message = _STRAWBERRY_REASONS[reason]
        return RequestRefused(status, code, message)
    if reason.startswith("mutations are not allowed when using GET"):
        return RequestRefused(
            405, "MUTATION_OVER_GET", "Les mutations ne s'envoient qu'en POST."
        )
    if reason.startswith(("Unknown operation named", "Can't get GraphQL operation type")):
        return RequestRefused(
            400,
            "OPERATION_NOT_FOUND",
            "Opération introuvable : nommez dans « operationName » une opération du document.",
        )
    return RequestRefused(error.status_code, BAD_REQUEST, f"Requête invalide : {reason}")


def _decode_json(data: str | bytes) -> Any:
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as error:
        raise RequestRefused(
            400, MALFORMED_JSON, "Corps de requête illisible : ce n'est pas du JSON valide."
        ) from error


def _browser_visit(request: Request) -> bool:
    """A GET that asks for HTML and carries no query: a person, not a program."""
    return (
        request.method == "GET"
        and "text/html" in request.headers.get("accept", "")
        and "query" not in request.query_params
    )


class PublicGraphQL(GraphQL[ContextT, None]):
    """The GraphQL endpoint of the public API; needs ``self.settings`` (a ``Settings``)."""

    settings: Settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one request; a refusal becomes a JSON error answer with its status."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        if _browser_visit(request) and self.settings.graphiql:
            # A person who opens the endpoint in a browser gets the explorer.
            await RedirectResponse("/api/explorateur", status_code=303)(scope, receive, send)
            return
        try:
            response = await self.run(request)
        except HTTPException as error:
            response = refusal_response(_refusal_for(error))
        except RequestRefused as refusal:
            response = refusal_response(refusal)
        if response.status_code == 405:
            response.headers["Allow"] = "POST" if request.method == "GET" else "GET, POST"
        await response(scope, receive, send)

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        """Run the request, then give a JSON answer its status and caching headers."""
        response = await super().run(request, context, root_value)
        if isinstance(response, Response) and response.media_type == "application/json":
            return self._finish(request, response)
        return response

    def encode_json(self, data: object) -> bytes:
        """The answer as compact UTF-8 JSON, written by orjson: an answer of a thousand sessions
        is a megabyte, which the standard library takes several times longer to write."""
        return orjson.dumps(data)

    def parse_json(self, data: str | bytes) -> Any:
        """Decode a request body: a JSON object (a list is a batch); anything else is a 400."""
        value = _decode_json(data)
        if not isinstance(value, dict | list):
            raise RequestRefused(
                400, MALFORMED_JSON, "Corps de requête illisible : un objet JSON est attendu."
            )
        return value

    def parse_query_params(self, params: Any) -> dict[str, Any]:
        """The operation of a GET request; ``variables`` and ``extensions`` are JSON."""
        params = dict(params)
        for name in ("variables", "extensions"):
            if params.get(name):
                params[name] = _decode_json(params[name])
        return params

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """The response body: errors given a code, unexpected ones masked and logged."""
        request_id = request.scope.get("state", {}).get("request_id") or uuid.uuid4().hex
        errors = [self._present(error, request_id) for error in result.errors or []]
        codes = [error["extensions"]["code"] for error in errors]
        refused = result.data is None and bool(codes) and set(codes) <= REQUEST_ERROR_CODES
        request.state.graphql_refused = refused
        request.state.graphql_failed = bool(errors)
        # A document that was not run has no "data" at all (GraphQL over HTTP).
        body: GraphQLHTTPResponse = {} if refused else {"data": result.data}
        if errors:
            body["errors"] = [error for error in errors]
        if result.extensions:
            body["extensions"] = result.extensions
        metrics = getattr(request.app.state, "metrics", None)
        if refused and metrics is not None:
            for code in codes:
                metrics.graphql_refusals.labels(code).inc()
        return body

    def _present(self, error: GraphQLError, request_id: str) -> dict[str, Any]:
        formatted: dict[str, Any] = dict(error.formatted)
        extensions = dict(formatted.get("extensions") or {})
        original = error.original_error
        if extensions.get("code"):
            pass
        elif isinstance(error, GraphQLSyntaxError):
            formatted["message"] = f"Requête GraphQL illisible : {error.message}"
            extensions["code"] = PARSE_FAILED
        elif error.path is None and (original is None or isinstance(original, GraphQLError)):
            extensions["code"] = VALIDATION_FAILED
            if (french := french_enum_error(error.message, self._enum_values)) is not None:
                formatted["message"] = french
                extensions["code"] = INVALID_ENUM_VALUE
            elif any(marker in error.message for marker in _INVALID_VALUE_MARKERS):
                formatted["message"] = f"Argument invalide : {error.message}"
                extensions["code"] = INVALID_ARGUMENT
        else:
            logger.error(
                "unexpected error in GraphQL field %s",
                ".".join(str(part) for part in error.path or ()) or "-",
                exc_info=(type(original), original, original.__traceback__) if original else None,
                extra={"request_id": request_id},
            )
            message = internal_error_message(request_id)
            if self.settings.debug:
                detail = f"{type(original).__name__}: {original}" if original else error.message
                message = f"{message} {detail}"
            formatted["message"] = message
            extensions = {"code": INTERNAL_ERROR, "requestId": request_id}
        formatted["extensions"] = extensions
        return formatted

    def _enum_values(self, name: str) -> list[str] | None:
        """The values of the schema's enum ``name``, for the French refusal of a wrong one."""
        if not isinstance(self.schema, Schema):
            return None
        enum = self.schema._schema.type_map.get(name)
        values = getattr(enum, "values", None)
        return list(values) if values else None

    def _finish(self, request: Request, response: Response) -> Response:
        state = request.state
        if getattr(state, "graphql_refused", False):
            response.status_code = 400
        retry_after = getattr(state, "rate_limit_retry_after", None)
        if retry_after is not None:
            response.status_code = 429
            response.headers["Retry-After"] = str(retry_after)
        public = (
            request.method == "GET"
            and "authorization" not in request.headers
            and response.status_code == 200
            and not getattr(state, "graphql_failed", True)
            and not caching.is_caller_specific(request)
        )
        coding = (
            compression.choose_coding(request.headers.get("accept-encoding"))
            if len(response.body) >= compression.MINIMUM_SIZE
            else None
        )
        # JSON is never to be read as HTML, whatever text it carries.
        response.headers["X-Content-Type-Options"] = "nosniff"
        # The CORS middleware, when partner origins are set, adds Origin to it.
        vary = caching.VARY
        response.headers["Vary"] = vary
        if not public:
            response.headers["Cache-Control"] = caching.NO_STORE
            return _encoded(response, coding)
        etag = caching.etag_of(response.body)
        headers = {
            "ETag": compression.coded_etag(etag, coding),
            "Cache-Control": caching.public_cache_control(self.settings.cache_max_age),
            "Vary": vary,
            "X-Content-Type-Options": "nosniff",
        }
        if caching.matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        response.headers.update(headers)
        return _encoded(response, coding)


def _encoded(response: Response, coding: str | None) -> Response:
    """``response``, its body in ``coding`` (``br``, ``gzip``; None: as is)."""
    if coding is not None:
        response.body = compression.compress(bytes(response.body), coding)
        response.headers["Content-Encoding"] = coding
        response.headers["Content-Length"] = str(len(response.body))
    return response
