"""The resources catalogue's page: ``/ressources`` with its search and filters.

The resources come from ``core.services.catalogue``; a resource's link leads to its publisher's
site (a link only: the page loads nothing from there).
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from core.models.enums import ResourceKind
from core.services import catalogue as catalogue_service
from core.services.catalogue import RESOURCE_KIND_LABELS, CatalogueCriteria
from core.text import slugify
from core.web.pages import database_reader
from core.web.rendering import render

# The kind filter as the query string spells it: the French label's slug.
KINDS: dict[str, ResourceKind] = {
    slugify(label): kind for kind, label in RESOURCE_KIND_LABELS.items()
}


@dataclass
class CatalogueForm:
    """The catalogue's search and filters as typed, and the French error of each wrong field."""

    recherche: str = ""
    theme: str = ""
    type: str = ""

    def errors(self, themes: dict[str, str]) -> dict[str, str]:
        """Field name → French message, for every value not offered by the form."""
        found = {}
        if self.theme and self.theme not in themes:
            found["theme"] = f"Thème inconnu « {self.theme} » : choisissez-en un dans la liste."
        if self.type and self.type not in KINDS:
            found["type"] = f"Type inconnu « {self.type} » : choisissez-en un dans la liste."
        if len(self.recherche) > 100:
            found["recherche"] = "Recherche trop longue : 100 caractères au plus."
        return found

    def criteria(self) -> CatalogueCriteria:
        """What the catalogue service is asked for (the form must have no error)."""
        return CatalogueCriteria(
            text=self.recherche or None, theme=self.theme or None, kind=KINDS.get(self.type)
        )


async def resources(request: Request) -> Response:
    """``/ressources``: the resources the Pôle recommends, searched and filtered (a GET form)."""
    query = request.query_params
    form = CatalogueForm(
        recherche=query.get("recherche", "").strip(),
        theme=query.get("theme", "").strip(),
        type=query.get("type", "").strip(),
    )
    async with database_reader(request) as db:
        themes = await catalogue_service.theme_labels(db)
        errors = form.errors(themes)
        entries = [] if errors else await catalogue_service.catalogue(db, form.criteria())
    return render(
        request,
        "resources.html",
        {
            "form": form,
            "errors": errors,
            "resources": entries,
            "theme_options": [("", "Tous les thèmes"), *themes.items()],
            "kind_options": [
                ("", "Tous les types"),
                *((slug, RESOURCE_KIND_LABELS[kind]) for slug, kind in KINDS.items()),
            ],
        },
        status_code=400 if errors else 200,
    )
