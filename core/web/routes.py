"""The public site's routes and its static files (served by the service: no CDN)."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from core.web import (
    api_pages,
    department_pages,
    directory_pages,
    embed,
    my_links_page,
    pages,
    registration_pages,
    resource_pages,
)

STATIC = Path(__file__).parent / "static"


def site_routes() -> list[BaseRoute]:
    """The pages people read, in French paths."""
    return [
        Route("/", pages.home, methods=["GET", "HEAD"]),
        Route("/agenda", pages.agenda, methods=["GET", "HEAD"]),
        Route("/formations/{public_id}", pages.session_page, methods=["GET", "HEAD"]),
        Route("/evenements/{public_id}", pages.event_page, methods=["GET", "HEAD"]),
        *[
            route
            for prefix in ("/formations", "/evenements")
            for route in (
                Route(
                    prefix + "/{public_id}/inscription",
                    registration_pages.registration_page,
                    methods=["GET", "HEAD"],
                ),
                Route(
                    prefix + "/{public_id}/inscription",
                    registration_pages.send_registration,
                    methods=["POST"],
                ),
                Route(
                    prefix + "/{public_id}/inscription/envoyee",
                    registration_pages.registration_sent,
                    methods=["GET", "HEAD"],
                ),
            )
        ],
        Route("/calendriers", pages.calendars_page, methods=["GET", "HEAD"]),
        Route("/mes-inscriptions", my_links_page.my_links_form, methods=["GET", "HEAD"]),
        Route("/mes-inscriptions", my_links_page.send_my_links, methods=["POST"]),
        Route("/annuaire", directory_pages.directory, methods=["GET", "HEAD"]),
        Route("/annuaire/{public_id}", directory_pages.person_page, methods=["GET", "HEAD"]),
        Route("/ressources", resource_pages.resources, methods=["GET", "HEAD"]),
        Route("/departements", department_pages.departments, methods=["GET", "HEAD"]),
        Route("/departements/{code}", department_pages.department_page, methods=["GET", "HEAD"]),
        Route("/integration/agenda", embed.embedded_agenda, methods=["GET", "HEAD"]),
        Route("/integrer", embed.embed_builder, methods=["GET", "HEAD"]),
        Route("/api", api_pages.api_page, methods=["GET", "HEAD"]),
        Route("/api/explorateur", api_pages.explorer, methods=["GET", "HEAD"]),
        Route("/schema.graphql", api_pages.schema_file, methods=["GET", "HEAD"]),
        Route("/sitemap.xml", pages.sitemap, methods=["GET", "HEAD"]),
        Route("/robots.txt", pages.robots, methods=["GET", "HEAD"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
