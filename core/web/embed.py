"""The agenda a partner site embeds: an iframe page, a fragment for the script, a builder.

A partner copies one of two snippets from ``/integrer``:

- an ``<iframe>`` of ``/integration/agenda`` (the page may be framed by any site);
- a ``<div data-pole-cps-agenda>`` and ``/static/embed.js``, which fetches the same list as an
  HTML fragment (``?format=fragment``, readable from any origin) and puts it in the partner's
  page, where the partner's own CSS styles it (the script's defaults have zero specificity).

Both show the upcoming sessions and events of a department or a module, with links back to
their pages on this site.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from core.services import agenda as agenda_service
from core.services.agenda import AgendaCriteria
from core.web.pages import choice_errors, choice_options, database_reader
from core.web.rendering import CONTENT_SECURITY_POLICY, render

DEFAULT_COUNT = 5
MAX_COUNT = 20
# The iframe page may be framed by any partner site; everything else keeps frame-ancestors 'none'.
FRAMEABLE_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")


@dataclass
class EmbedChoice:
    """What a partner chose to show, as typed, and the French error of each wrong field."""

    departement: str = ""
    module: str = ""
    nombre: str = str(DEFAULT_COUNT)

    @classmethod
    def of(cls, request: Request) -> EmbedChoice:
        """The choice in ``request``'s query string."""
        query = request.query_params
        return cls(
            departement=query.get("departement", "").strip(),
            module=query.get("module", "").strip(),
            nombre=query.get("nombre", "").strip() or str(DEFAULT_COUNT),
        )

    def errors(self, departments: dict[str, str], modules: dict[int, str]) -> dict[str, str]:
        """Field name → French message."""
        found = choice_errors(self.departement, self.module, departments, modules)
        if not self.nombre.isdigit() or not 1 <= int(self.nombre) <= MAX_COUNT:
            found["nombre"] = f"Indiquez un nombre de 1 à {MAX_COUNT}."
        return found

    def criteria(self) -> AgendaCriteria:
        """The agenda asked for (the choice must have no error)."""
        return AgendaCriteria(
            department_code=self.departement or None,
            module_number=int(self.module) if self.module else None,
        )

    @property
    def query(self) -> str:
        """The choice as a query string, for the snippets."""
        parts = [f"departement={self.departement}"] if self.departement else []
        parts += [f"module={self.module}"] if self.module else []
        parts.append(f"nombre={self.nombre}")
        return "&".join(parts)


async def _chosen(request: Request):
    choice = EmbedChoice.of(request)
    async with database_reader(request) as db:
        departments = await agenda_service.department_names(db)
        modules = await agenda_service.module_titles(db)
        errors = choice.errors(departments, modules)
        items = (
            []
            if errors
            else await agenda_service.agenda(db, choice.criteria(), request.app.state.clock.today())
        )
    return choice, errors, items[: int(choice.nombre)] if not errors else [], departments, modules


async def embedded_agenda(request: Request) -> Response:
    """``/integration/agenda``: the list alone, as a page to frame or (``format=fragment``) as
    an HTML fragment for ``embed.js``."""
    choice, errors, items, departments, _modules = await _chosen(request)
    fragment = request.query_params.get("format") == "fragment"
    response = render(
        request,
        "embed_fragment.html" if fragment else "embed.html",
        {"items": items, "errors": errors, "choice": choice, "departments": departments},
        status_code=400 if errors else 200,
    )
    response.headers["Content-Security-Policy"] = FRAMEABLE_POLICY
    if fragment:
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


async def embed_builder(request: Request) -> Response:
    """``/integrer``: choose a department, a module and a count; copy a snippet; preview it."""
    choice, errors, _items, departments, modules = await _chosen(request)
    return render(
        request,
        "embed_builder.html",
        {
            "choice": choice,
            "errors": errors,
            **choice_options(departments, modules),
        },
        status_code=400 if errors else 200,
    )
