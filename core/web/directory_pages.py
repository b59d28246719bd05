"""The directory's pages: ``/annuaire`` (search and filters) and each person's page.

Contact details come from ``core.services.directory``, which gives them only for a person who
agreed to publish them; the feeds' addresses from ``core.calendars.links``.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from core.calendars import messages
from core.calendars.links import feed_url
from core.models.enums import PersonRole
from core.services import agenda as agenda_service
from core.services import directory as directory_service
from core.services.agenda import AgendaCriteria, Period
from core.calendars.keys import FeedKey, FeedKind
from core.services.directory import DirectoryCriteria
from core.web.pages import database_reader, not_found_page, public_base_url, today_in_paris
from core.web.rendering import render
from core.web.subscribe import SubscribeLinks

# The role filter as the query string spells it, and its labels.
ROLES = {
    "referent": PersonRole.REFERENT,
    "formateur-regional": PersonRole.REGIONAL_TRAINER,
    "formateur-departemental": PersonRole.DEPARTMENT_TRAINER,
}
ROLE_OPTIONS = [
    ("", "Tous les rôles"),
    ("referent", "Référentes et référents du Pôle CPS"),
    ("formateur-regional", "Formateurs de formateurs (pool régional)"),
    ("formateur-departemental", "Formateurs CPS des départements"),
]


@dataclass
class DirectoryForm:
    """The directory's search and filters as typed, and the French error of each wrong field."""

    recherche: str = ""
    departement: str = ""
    organisation: str = ""
    role: str = ""

    def errors(self, departments: dict[str, str], organizations: dict[str, str]) -> dict[str, str]:
        """Field name → French message, for every value not offered by the form."""
        found = {}
        if self.departement and self.departement not in departments:
            accepted = ", ".join(departments)
            found["departement"] = (
                f"Département inconnu « {self.departement} » : choisissez parmi {accepted}."
            )
        if self.organisation and self.organisation not in organizations:
            found["organisation"] = (
                "Organisation inconnue : choisissez-en une dans la liste."
            )
        if self.role and self.role not in ROLES:
            found["role"] = (
                f"Rôle inconnu « {self.role} » : référente, formateur régional ou départemental."
            )
        if len(self.recherche) > 100:
            found["recherche"] = "Recherche trop longue : 100 caractères au plus."
        return found

    def criteria(self) -> DirectoryCriteria:
        """What the directory service is asked for (the form must have no error)."""
        return DirectoryCriteria(
            text=self.recherche or None,
            department_code=self.departement or None,
            organization_public_id=self.organisation or None,
            role=ROLES.get(self.role),
        )


def trainer_calendar(base_url: str, public_id: str, full_name: str) -> SubscribeLinks:
    """The subscription links of a person's feed: the sessions and events they lead."""
    return SubscribeLinks(
        messages.trainer_name(full_name), feed_url(base_url, FeedKey(FeedKind.TRAINER, public_id))
    )


async def directory(request: Request) -> Response:
    """``/annuaire``: referents and trainers, searched by name and filtered (a GET form)."""
    query = request.query_params
    form = DirectoryForm(
        recherche=query.get("recherche", "").strip(),
        departement=query.get("departement", "").strip(),
        organisation=query.get("organisation", "").strip(),
        role=query.get("role", "").strip(),
    )
    async with database_reader(request) as db:
        departments = await agenda_service.department_names(db)
        organizations = await directory_service.organization_names(db)
        errors = form.errors(departments, organizations)
        people = [] if errors else await directory_service.directory(db, form.criteria())
    base_url = public_base_url(request)
    return render(
        request,
        "directory.html",
        {
            "form": form,
            "errors": errors,
            "people": [
                (person, trainer_calendar(base_url, person.public_id, person.full_name))
                for person in people
            ],
            "departments": departments,
            "department_options": [(code, f"{name} ({code})") for code, name in departments.items()],
            "organization_options": list(organizations.items()),
            "role_options": ROLE_OPTIONS,
        },
        status_code=400 if errors else 200,
    )


async def person_page(request: Request) -> Response:
    """``/annuaire/{id}``: a person's roles, departments, published contact, calendar, and the
    sessions and events they lead."""
    public_id = request.path_params["public_id"]
    async with database_reader(request) as db:
        person = await directory_service.directory_entry(db, public_id)
        if person is None:
            return not_found_page(request, "Cette personne n'est pas dans l'annuaire.")
        departments = await agenda_service.department_names(db)
        items = await agenda_service.agenda(
            db, AgendaCriteria(period=Period.ALL, person_public_id=public_id), today_in_paris(request)
        )
    return render(
        request,
        "person.html",
        {
            "person": person,
            "departments": departments,
            "items": items,
            "today": today_in_paris(request),
            "calendar": trainer_calendar(public_base_url(request), public_id, person.full_name),
        },
    )
