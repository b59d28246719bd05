"""For partner developers: the ``/api`` page, the GraphiQL explorer and the schema file.

The explorer's files (GraphiQL, React) are served by the service from ``static/graphiql/``
(``tools/vendor_graphiql.py`` writes them), so it works on a closed network. It keeps nothing
in the browser's storage: a bearer token typed into its headers is gone with the tab.
``CPS_GRAPHIQL=0`` turns it off; the API itself is unchanged either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from core.graphql.schema import schema_sdl
from core.web.rendering import CONTENT_SECURITY_POLICY, render

# GraphiQL writes its layout into style attributes and <style> elements.
EXPLORER_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
).replace("img-src 'self' data:", "img-src 'self' data:; font-src 'self' data:")


@dataclass(frozen=True)
class Example:
    """A query a partner can copy or open in the explorer."""

    slug: str
    title: str
    explanation: str
    query: str
    variables: str = ""

    @property
    def explorer_link(self) -> str:
        """The explorer with this query (and its variables) typed in."""
        parameters = {"query": self.query}
        if self.variables:
            parameters["variables"] = self.variables
        return "/api/explorateur?" + urlencode(parameters)


EXAMPLES = (
    Example(
        "sessions-departement",
        "Les prochaines sessions d'un département",
        "Les sessions à venir de Loire-Atlantique, avec leurs journées, leur lieu et leurs "
        "formateurs ; « stage » dit si une session est à venir, en cours ou passée.",
        """query ProchainesSessions($departement: String!, $depuis: Date!) {
  sessions(filter: {department: $departement, dateFrom: $depuis}, first: 20) {
    totalCount
    edges { node {
      id title status placeLabel placeTentative
      module { number title }
      days { date startsAt endsAt }
      trainers { fullName organization { name } }
    } }
  }
}""",
        '{"departement": "44", "depuis": "2026-01-01"}',
    ),
    Example(
        "annuaire",
        "L'annuaire des formateurs",
        "Les formateurs et référentes, avec leur organisation ; les coordonnées n'apparaissent "
        "que si la personne a accepté de les publier.",
        """{
  trainers(first: 50) {
    edges { node { fullName jobTitle organization { name } departments { code name } } }
  }
}""",
    ),
    Example(
        "synchronisation",
        "Synchroniser un site partenaire",
        "Ce qui a changé depuis votre dernière lecture : gardez la date de votre dernière "
        "synchronisation et demandez ce qui a été modifié depuis (rien n'est supprimé : une "
        "session annulée reste, avec son statut).",
        """query Changements($depuis: DateTime!, $apres: String) {
  sessions(filter: {updatedSince: $depuis}, first: 100, after: $apres) {
    pageInfo { hasNextPage endCursor }
    edges { node { id title status updatedAt days { date } } }
  }
}""",
        '{"depuis": "2025-09-01T00:00:00+02:00"}',
    ),
)


async def api_page(request: Request) -> Response:
    """``/api``: what the API is, examples to copy, the schema, the explorer."""
    return render(
        request,
        "api.html",
        {"examples": EXAMPLES, "explorer": request.app.state.settings.graphiql},
    )


async def explorer(request: Request) -> Response:
    """``/api/explorateur``: GraphiQL, its files served here; 404 when turned off."""
    if not request.app.state.settings.graphiql:
        return render(
            request,
            "not_found.html",
            {"message": "L'explorateur de l'API est désactivé sur ce service."},
            status_code=404,
        )
    response = render(request, "explorer.html", {})
    response.headers["Content-Security-Policy"] = EXPLORER_POLICY
    return response


async def schema_file(request: Request) -> Response:
    """``/schema.graphql``: the schema in SDL, to download."""
    return PlainTextResponse(
        schema_sdl(request.app.state.graphql_schema),
        headers={"Content-Disposition": 'inline; filename="schema.graphql"'},
    )
