"""``/gestion/organisations`` (regional staff): the organizations that employ trainers, a new
one, one organization's form. Every write goes through the directory commands
(``create_organization``, ``update_organization``)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.backoffice.access import screen
from core.backoffice.commanding import command_context
from core.backoffice.forms import errors_by_field
from core.backoffice.rendering import render_screen
from core.commands import directory
from core.services import staff_organizations
from core.services.staff_sign_in import Staff

DONE_WORDS = {"cree": "L'organisme est ajouté.", "modifie": "L'organisme est enregistré."}
FIELD_OF = {"name": "nom", "shortName": "nom_court", "website": "site"}
TEXT_FIELDS = ("nom", "nom_court", "site")


def _typed(form: Any) -> dict[str, str]:
    values = {name: str(form.get(name, "") or "")[:600].strip() for name in TEXT_FIELDS}
    values["membre"] = "1" if form.get("membre") else ""
    return values


def _organization_fields(values: dict[str, str]) -> dict[str, Any]:
    """The organization's fields, as the command takes them, from the form's values."""
    return {
        "name": values["nom"],
        "short_name": values["nom_court"],
        "website": values["site"] or None,
        "interactions_member": bool(values["membre"]),
    }


@screen(regional_only=True)
async def organization_list(request: Request, staff: Staff) -> Response:
    """``GET /gestion/organisations``: every organization, by name."""
    async with request.app.state.database.sessions() as db:
        rows = await staff_organizations.all_organizations(db)
    return render_screen(
        request,
        staff,
        "gestion/organizations.html",
        {"section": "organizations", "rows": rows},
    )


async def _form_page(
    request: Request,
    staff: Staff,
    values: dict[str, str],
    errors: dict[str, str],
    *,
    public_id: str | None = None,
    status_code: int = 200,
) -> Response:
    return render_screen(
        request,
        staff,
        "gestion/organization_form.html",
        {
            "section": "organizations",
            "values": values,
            "errors": errors,
            "public_id": public_id,
            "done": DONE_WORDS.get(request.query_params.get("fait", "")),
        },
        status_code=status_code,
    )


@screen(regional_only=True)
async def new_organization_form(request: Request, staff: Staff) -> Response:
    """``GET /gestion/organisations/nouveau``: the form of a new organization."""
    return await _form_page(request, staff, {**dict.fromkeys(TEXT_FIELDS, ""), "membre": ""}, {})


@screen(regional_only=True)
async def create(request: Request, staff: Staff) -> Response:
    """``POST /gestion/organisations/nouveau``: add it, or the form again with the errors."""
    values = _typed(await request.form())
    result = await directory.create_organization(command_context(request, staff), _organization_fields(values))
    if result.ok:
        return RedirectResponse(
            f"/gestion/organisations/{result.value}?fait=cree", status_code=303
        )
    errors = errors_by_field(result.errors, FIELD_OF)
    return await _form_page(request, staff, values, errors, status_code=400)


@screen(regional_only=True)
async def organization_page(request: Request, staff: Staff) -> Response:
    """``GET /gestion/organisations/<id>``: the organization's form, as it stands."""
    public_id = request.path_params["public_id"]
    async with request.app.state.database.sessions() as db:
        row = await staff_organizations.organization_by_public_id(db, public_id)
    values = {
        "nom": row.name,
        "nom_court": row.short_name,
        "site": row.website or "",
        "membre": "1" if row.interactions_member else "",
    }
    return await _form_page(request, staff, values, {}, public_id=public_id)


@screen(regional_only=True)
async def update(request: Request, staff: Staff) -> Response:
    """``POST /gestion/organisations/<id>``: save it, or the form again with the errors."""
    public_id = request.path_params["public_id"]
    values = _typed(await request.form())
    result = await directory.update_organization(
        command_context(request, staff), public_id, _organization_fields(values)
    )
    if result.ok:
        return RedirectResponse(
            f"/gestion/organisations/{public_id}?fait=modifie", status_code=303
        )
    errors = errors_by_field(result.errors, FIELD_OF)
    return await _form_page(request, staff, values, errors, public_id=public_id, status_code=400)


ROUTES = [
    Route("/gestion/organisations", organization_list, methods=["GET"]),
    Route("/gestion/organisations/nouveau", new_organization_form, methods=["GET"]),
    Route("/gestion/organisations/nouveau", create, methods=["POST"]),
    Route("/gestion/organisations/{public_id}", organization_page, methods=["GET"]),
    Route("/gestion/organisations/{public_id}", update, methods=["POST"]),
]
