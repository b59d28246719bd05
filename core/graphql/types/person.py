"""People of the directory: referents and trainers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry.types import Info

from core import models
from core.graphql.enums import PersonRole, RecordStatus
from core.graphql.resolution import then, uses_only_context
from core.graphql.types.base import Record
from core.graphql.types.calendar import CalendarType
from core.graphql.types.organization import InstitutionType, OrganizationType
from core.services.departments import departments_by_codes, institutions_by_ids
from core.services.organizations import organizations_by_ids
from core.services.people import (
    departments_by_person,
    institutions_by_person,
    people_by_public_ids,
    roles_by_person,
)

if TYPE_CHECKING:
    from core.graphql.types.department import DepartmentType

Department = Annotated["DepartmentType", strawberry.lazy("core.graphql.types.department")]


@strawberry.type(name="ContactDetails", description="Professional contact details.")
class ContactDetailsType:
    """How to reach a person at work."""

    email: str | None = strawberry.field(description="Professional email address.")
    phone: str | None = strawberry.field(description="Professional phone number.")


@strawberry.type(name="Person", description="A referent of the Pôle CPS or a trainer.")
class PersonType(Record):
    """A person of the directory, listed once whatever the spellings of their name."""

    given_name: str = strawberry.field(description="Given name.")
    family_name: str = strawberry.field(description="Family name.")
    full_name: str = strawberry.field(description="Given and family name.")
    other_spellings: list[str] = strawberry.field(
        description='Other spellings of the name met in documents ("Anne Leroyer").'
    )
    job_title: str | None = strawberry.field(description="Job title, in French.")
    status: RecordStatus = strawberry.field(description="ACTIVE, or ARCHIVED (kept for syncs).")
    organization_id: strawberry.Private[int | None]
    contact_row: strawberry.Private[ContactDetailsType | None]
    contact_public: strawberry.Private[bool]

    lookup = people_by_public_ids

    @classmethod
    def from_model(cls, row: models.Person) -> Self:
        """The GraphQL object of a person row."""
        has_contact = row.email is not None or row.phone is not None
        return cls(
            **cls.record_fields(row),
            given_name=row.given_name,
            family_name=row.family_name,
            full_name=f"{row.given_name} {row.family_name}",
            other_spellings=list(row.aliases or []),
            job_title=row.job_title,
            status=row.status,
            organization_id=row.organization_id,
            contact_row=ContactDetailsType(email=row.email, phone=row.phone)
            if has_contact
            else None,
            contact_public=row.contact_public,
        )

    @strawberry.field(description="The person's calendar feed: the sessions and events they lead.")
    def calendar(self, info: Info) -> CalendarType:
        return CalendarType.trainer(info.context.settings.base_url, self.public_id, self.full_name)

    @strawberry.field(
        description="Professional contact details; null unless the person agreed to publish them."
    )
    def contact(self, info: Info) -> ContactDetailsType | None:
        if self.contact_public or info.context.viewer.can_see_private_contacts:
            return self.contact_row
        return None

    @strawberry.field(description="The organization the person works for.")
    @uses_only_context
    def organization(self, info: Info) -> OrganizationType | None:
        if self.organization_id is None:
            return None
        loaders = info.context.loaders
        return then(
            loaders.fetch(organizations_by_ids, self.organization_id),
            lambda row: loaders.converted(OrganizationType.from_model, row) if row else None,
        )

    @strawberry.field(description="The person's roles for the Pôle CPS.")
    async def roles(self, info: Info) -> list[PersonRole]:
        rows = await info.context.loaders(roles_by_person).load(self.row_id)
        return [row.role for row in rows]

    @strawberry.field(description="The departments the person covers.")
    async def departments(self, info: Info) -> list[Department]:
        from core.graphql.types.department import DepartmentType

        links = await info.context.loaders(departments_by_person).load(self.row_id)
        rows = await info.context.loaders(departments_by_codes).load_many(
            [link.department_code for link in links]
        )
        return [DepartmentType.from_model(row) for row in rows if row is not None]

    @strawberry.field(description="The institutions a referent follows for the Pôle.")
    async def institutions_followed(self, info: Info) -> list[InstitutionType]:
        links = await info.context.loaders(institutions_by_person).load(self.row_id)
        rows = await info.context.loaders(institutions_by_ids).load_many(
            [link.institution_id for link in links]
        )
        return [InstitutionType.from_model(row) for row in rows if row is not None]
