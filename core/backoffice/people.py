"""``/gestion/annuaire``: the trainers and referents of the directory: the list (filtered by
role and department), a new person, one person's form, archiving one (with a confirm step).

Every write goes through the directory commands (``core.commands.directory``), which decide
who may: department staff see and change the people of their departments only. The handlers
only read the form, call the command and show its answer.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.auth.permissions import require_departments
from core.backoffice.access import screen
from core.backoffice.commanding import command_context
from core.backoffice.person_form import (
    empty_values,
    read_person,
    typed,
    values_of_person,
    violations_on,
)
from core.backoffice.rendering import render_screen
from core.commands import directory
from core.models.enums import PersonRole
from core.services import departments, organizations, staff_people
from core.services.directory import ROLE_LABELS
from core.services.staff_sign_in import Staff

DONE_WORDS = {
    "creee": "La personne est ajoutée à l'annuaire.",
    "modifiee": "La fiche est enregistrée.",
    "archivee": "La personne est archivée : elle n'apparaît plus dans l'annuaire public.",
}
ROLE_CHOICES = [(role.value, label) for role, label in ROLE_LABELS.items()]
# The roles as the list's narrow column names them.
SHORT_ROLE_LABELS = {
    PersonRole.REFERENT.value: "Référent·e du Pôle",
    PersonRole.REGIONAL_TRAINER.value: "Pool régional",
    PersonRole.DEPARTMENT_TRAINER.value: "Formation CPS du département",
}


async def _choices(request: Request, staff: Staff) -> dict[str, Any]:
    """The organizations and the departments a form offers (department staff: theirs)."""
    async with request.app.state.database.sessions() as db:
        found = await organizations.by_name(db)
        codes = await departments.department_choices(db)
    return {
        "organizations": [(public_id, name) for public_id, name, _ in found],
        "departments": [
            (code, f"{code} — {name}") for code, name in codes if staff.viewer.covers([code])
        ],
        "roles": ROLE_CHOICES,
    }


@screen()
async def person_list(request: Request, staff: Staff) -> Response:
    """``GET /gestion/annuaire?role=REFERENT&departement=44``: the people staff may see."""
    role_text = request.query_params.get("role", "")
    role = PersonRole(role_text) if role_text in {r.value for r in PersonRole} else None
    department = request.query_params.get("departement", "")
    choices = await _choices(request, staff)
    if department not in {code for code, _ in choices["departments"]}:
        department = ""
    async with request.app.state.database.sessions() as db:
        people = await staff_people.people_for_staff(
            db, staff.viewer, role=role, department_code=department or None
        )
    return render_screen(
        request,
        staff,
        "gestion/people.html",
        {
            "section": "people",
            "people": people,
            "role": role.value if role else "",
            "department": department,
            "role_labels": SHORT_ROLE_LABELS,
            "done": DONE_WORDS.get(request.query_params.get("fait", "")),
            **choices,
        },
    )


async def _form_page(
    request: Request,
    staff: Staff,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    person: staff_people.StaffPerson | None = None,
    status_code: int = 200,
) -> Response:
    return render_screen(
        request,
        staff,
        "gestion/person_form.html",
        {
            "section": "people",
            "values": values,
            "errors": errors,
            "person": person,
            "done": DONE_WORDS.get(request.query_params.get("fait", "")),
            **await _choices(request, staff),
        },
        status_code=status_code,
    )


@screen()
async def new_person_form(request: Request, staff: Staff) -> Response:
    """``GET /gestion/annuaire/nouvelle``: the form of a new person."""
    return await _form_page(request, staff, empty_values(), {})


@screen()
async def create(request: Request, staff: Staff) -> Response:
    """``POST /gestion/annuaire/nouvelle``: add the person, or show the form again with the
    errors next to their fields and what was typed."""
    values = typed(await request.form())
    errors, given = read_person(values)
    if not errors:
        result = await directory.create_trainer(
            command_context(request, staff), given, given["department_codes"]
        )
        if result.ok:
            return RedirectResponse(f"/gestion/annuaire/{result.value}?fait=creee", status_code=303)
        violations_on(errors, result.errors)
    return await _form_page(request, staff, values, errors, status_code=400)


async def _person(request: Request, staff: Staff) -> staff_people.StaffPerson:
    """The person of the path, if ``staff`` cover their departments (else ``AccessDenied``)."""
    async with request.app.state.database.sessions() as db:
        person = await staff_people.person_for_staff(db, request.path_params["public_id"])
    require_departments(staff.viewer, person.department_codes or [None])
    return person


@screen()
async def person_page(request: Request, staff: Staff) -> Response:
    """``GET /gestion/annuaire/<id>``: the person's form, as they stand."""
    person = await _person(request, staff)
    return await _form_page(request, staff, values_of_person(person), {}, person=person)


@screen()
async def update(request: Request, staff: Staff) -> Response:
    """``POST /gestion/annuaire/<id>``: save the person's form, or show it again with the
    errors and what was typed."""
    public_id = request.path_params["public_id"]
    values = typed(await request.form())
    errors, given = read_person(values)
    if not errors:
        result = await directory.update_trainer(command_context(request, staff), public_id, given)
        if result.ok:
            return RedirectResponse(f"/gestion/annuaire/{public_id}?fait=modifiee", status_code=303)
        violations_on(errors, result.errors)
    person = await _person(request, staff)
    return await _form_page(request, staff, values, errors, person=person, status_code=400)


@screen()
async def archive(request: Request, staff: Staff) -> Response:
    """``POST /gestion/annuaire/<id>/archiver``: first the confirm page, then (``confirme``)
    archive the person."""
    form = await request.form()
    if not form.get("confirme"):
        person = await _person(request, staff)
        return render_screen(
            request, staff, "gestion/person_archive.html", {"section": "people", "person": person}
        )
    await directory.archive_trainer(command_context(request, staff), request.path_params["public_id"])
    return RedirectResponse("/gestion/annuaire?fait=archivee", status_code=303)


ROUTES = [
    Route("/gestion/annuaire", person_list, methods=["GET"]),
    Route("/gestion/annuaire/nouvelle", new_person_form, methods=["GET"]),
    Route("/gestion/annuaire/nouvelle", create, methods=["POST"]),
    Route("/gestion/annuaire/{public_id}", person_page, methods=["GET"]),
    Route("/gestion/annuaire/{public_id}", update, methods=["POST"]),
    Route("/gestion/annuaire/{public_id}/archiver", archive, methods=["POST"]),
]
