"""``/gestion/ressources``: the resources the Pôle recommends, a new resource, one resource's
page (its form), archiving it after a confirmation.

Resources are regional: every account sees the list, only regional staff open the forms and
write (department staff get the French 403 page). Every write goes through the directory
commands (``core.commands.directory``).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.backoffice.access import screen
from core.backoffice.archiving import confirm_then_archive
from core.backoffice.commanding import command_context
from core.backoffice.form_commands import run_for_form
from core.backoffice.rendering import render_screen
from core.backoffice.resource_form import (
    FIELD_OF,
    KIND_CHOICES,
    read_resource,
    typed,
    values_of_resource,
)
from core.backoffice.session_form import SessionForm
from core.commands.directory import archive_resource, create_resource, update_resource
from core.models import Resource
from core.services import directory_overview, staff_directory
from core.services.staff_sign_in import Staff

SECTION = "resources"
ROOT = "/gestion/ressources"
DONE_WORDS = {
    "creee": "La ressource est créée.",
    "modifiee": "La ressource est modifiée.",
    "archivee": "La ressource est archivée.",
}


@screen()
async def resource_list(request: Request, staff: Staff) -> Response:
    """``GET /gestion/ressources``: every resource, archived ones too."""
    async with request.app.state.database.sessions() as db:
        resources = await directory_overview.every_resource(db)
    return render_screen(
        request,
        staff,
        "gestion/resources.html",
        {
            "section": SECTION,
            "resources": resources,
            "kind_words": dict(KIND_CHOICES),
            "done": DONE_WORDS.get(request.query_params.get("fait", "")),
        },
    )


def _form_page(
    request: Request, staff: Staff, form: SessionForm, status: int, resource: Resource | None = None
) -> Response:
    return render_screen(
        request,
        staff,
        "gestion/resource_form.html",
        {
            "section": SECTION,
            "kinds": KIND_CHOICES,
            "values": form.values,
            "errors": form.errors,
            "resource": resource,
            "done": DONE_WORDS.get(request.query_params.get("fait", "")) if resource else None,
        },
        status_code=status,
    )


@screen(regional_only=True)
async def new_resource_form(request: Request, staff: Staff) -> Response:
    """``GET /gestion/ressources/nouvelle``: the form of a new resource."""
    return _form_page(request, staff, SessionForm(values_of_resource(None), {}), 200)


@screen(regional_only=True)
async def create(request: Request, staff: Staff) -> Response:
    """``POST /gestion/ressources/nouvelle``: create it, or show the form again with the
    errors next to their fields and what was typed."""
    form, values = read_resource(typed(await request.form()))
    if values is not None:
        ctx = command_context(request, staff)
        created = await run_for_form(form, FIELD_OF, lambda: create_resource(ctx, values))
        if created:
            return RedirectResponse(f"{ROOT}/{created}?fait=creee", status_code=303)
    return _form_page(request, staff, form, 400)


async def _resource(request: Request) -> Resource:
    async with request.app.state.database.sessions() as db:
        return await staff_directory.by_public_id(
            db, Resource, request.path_params["public_id"], "La ressource"
        )


@screen(regional_only=True)
async def resource_page(request: Request, staff: Staff) -> Response:
    """``GET /gestion/ressources/<id>``: the resource, its form and its archive button."""
    resource = await _resource(request)
    return _form_page(request, staff, SessionForm(values_of_resource(resource), {}), 200, resource)


@screen(regional_only=True)
async def change(request: Request, staff: Staff) -> Response:
    """``POST /gestion/ressources/<id>/modifier``: change it, or show the form again with the
    errors next to their fields."""
    resource = await _resource(request)
    form, given = read_resource(typed(await request.form()))
    if given is not None:
        ctx = command_context(request, staff)
        if await run_for_form(form, FIELD_OF, lambda: update_resource(ctx, resource.public_id, given)):
            return RedirectResponse(f"{ROOT}/{resource.public_id}?fait=modifiee", status_code=303)
    return _form_page(request, staff, form, 400, resource)


@screen(regional_only=True)
async def archive(request: Request, staff: Staff) -> Response:
    """``POST /gestion/ressources/<id>/archiver``: confirm, then archive the resource."""
    resource = await _resource(request)
    ctx = command_context(request, staff)
    return await confirm_then_archive(
        request,
        staff,
        section=SECTION,
        heading=f"Archiver la ressource « {resource.title} »",
        what="La ressource sera archivée : gardée, mais retirée de la liste publique des "
        "ressources ; les sites partenaires qui se synchronisent la verront partir.",
        back=f"{ROOT}/{resource.public_id}",
        archive=lambda: archive_resource(ctx, resource.public_id),
    )


ROUTES = [
    Route(ROOT, resource_list, methods=["GET"]),
    Route(ROOT + "/nouvelle", new_resource_form, methods=["GET"]),
    Route(ROOT + "/nouvelle", create, methods=["POST"]),
    Route(ROOT + "/{public_id}", resource_page, methods=["GET"]),
    Route(ROOT + "/{public_id}/modifier", change, methods=["POST"]),
    Route(ROOT + "/{public_id}/archiver", archive, methods=["POST"]),
]
