"""The person form of the back-office (a trainer or a referent): what staff typed, read into
the values of the directory commands or into French errors by field, and the commands'
violations put next to the fields they concern."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from core.backoffice.forms import errors_by_field, french_date, parse_date
from core.hooks.types import Violation
from core.models.enums import PersonRole
from core.services.staff_people import StaffPerson

GENERAL = "_general"
ROLE_VALUES = {role.value for role in PersonRole}
TEXT_FIELDS = ("prenom", "nom", "fonction", "organisation", "courriel", "telephone", "accord_date")
# Where a command's violation is shown: its field, as the commands name it, to the form's.
FIELD_OF = {
    "givenName": "prenom",
    "familyName": "nom",
    "jobTitle": "fonction",
    "organization": "organisation",
    "email": "courriel",
    "phone": "telephone",
    "roles": "roles",
    "departmentCodes": "departements",
    "contactConsentOn": "accord_date",
}
REQUIRED = {"givenName": "Indiquez le prénom.", "familyName": "Indiquez le nom."}
# The command's value of each text field (an empty field is ``None``, except the names).
COLUMN_OF = {
    "prenom": "given_name",
    "nom": "family_name",
    "fonction": "job_title",
    "organisation": "organization_public_id",
    "courriel": "email",
    "telephone": "phone",
}


def typed(form: Any) -> dict[str, Any]:
    """The form's fields as text (at most 300 characters each), the checkboxes of roles and
    departments as lists, the consent box as "1" or ""."""
    values: dict[str, Any] = {
        name: str(form.get(name, "") or "")[:300].strip() for name in TEXT_FIELDS
    }
    values["roles"] = [str(role) for role in form.getlist("roles")][:5]
    values["departements"] = [str(code) for code in form.getlist("departements")][:10]
    values["accord"] = "1" if form.get("accord") else ""
    return values


def read_person(values: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, Any]]:
    """The errors found in the form itself (a date that is none), and the
    commands' values: ``department_codes`` included, the consent date only when the consent
    box is ticked."""
    errors: dict[str, str] = {}
    given: dict[str, Any] = {
        column: values[field] or (None if field not in ("prenom", "nom") else "")
        for field, column in COLUMN_OF.items()
    }
    given["roles"] = [PersonRole(role) for role in values["roles"] if role in ROLE_VALUES]
    given["department_codes"] = sorted(set(values["departements"]))
    given["contact_public"] = bool(values["accord"])
    if values["accord"]:
        given["contact_consent_on"] = None
        if values["accord_date"]:
            try:
                given["contact_consent_on"] = parse_date(values["accord_date"])
            except ValueError as error:
                errors["accord_date"] = str(error)
    return errors, given


def violations_on(errors: dict[str, str], violations: Iterable[Violation]) -> dict[str, str]:
    """``errors`` with a command's violations added next to the fields they concern (a
    missing name said by its name: the summary lists the messages without their labels)."""
    said = [
        replace(violation, message=REQUIRED[violation.field])
        if violation.code == "REQUIRED" and violation.field in REQUIRED
        else violation
        for violation in violations
    ]
    for field, message in errors_by_field(said, FIELD_OF, GENERAL).items():
        errors[field] = f"{errors[field]} {message}" if field in errors else message
    return errors


def empty_values() -> dict[str, Any]:
    """The form of a new person: nothing typed."""
    values: dict[str, Any] = dict.fromkeys(TEXT_FIELDS, "")
    values.update(roles=[], departements=[], accord="")
    return values


def values_of_person(person: StaffPerson) -> dict[str, Any]:
    """The form of an existing person, as it stands."""
    return {
        "prenom": person.given_name,
        "nom": person.family_name,
        "fonction": person.job_title or "",
        "organisation": person.organization_public_id or "",
        "courriel": person.email or "",
        "telephone": person.phone or "",
        "roles": [role.value for role in person.roles],
        "departements": list(person.department_codes),
        "accord": "1" if person.contact_public else "",
        "accord_date": french_date(person.contact_consent_on),
    }
