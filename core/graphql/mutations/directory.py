"""Staff mutations of the directory: trainers, organizations, deployment-pack actions,
resources (the commands of ``core.commands.directory``).

Create, update (only the fields given) and archive (never delete). Department staff manage the
trainers and actions of their departments; regional trainers, organizations and resources are
regional staff's.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from strawberry import UNSET, relay
from strawberry.types import Info

from core import models
from core.commands import directory as commands
from core.commands.results import CommandResult
from core.graphql.eligibility import RuleViolationType
from core.graphql.enums import ActionKind, Programme, ResourceKind
from core.graphql.mutations.arguments import IdempotencyKey, ObjectId
from core.graphql.mutations.partial_input import sent_fields
from core.graphql.mutations.writes import command_context, error_types, idempotency_of
from core.graphql.types.action import ActionType
from core.graphql.types.organization import OrganizationType
from core.graphql.types.person import PersonType
from core.graphql.types.resource import ResourceType
from core.services import staff_directory
from core.services.errors import InputError


def _node_id(id: relay.GlobalID, type_name: str) -> str:
    if id.type_name != type_name:
        raise InputError("INVALID_ID", f"L'identifiant doit désigner un objet {type_name}.", field="id")
    return id.node_id


@strawberry.input(name="CreateTrainerInput", description="A new trainer of the directory.")
class CreateTrainerInput:
    """A trainer: regional (no department) or of some departments."""

    given_name: str = strawberry.field(description="Given name.")
    family_name: str = strawberry.field(description="Family name.")
    job_title: str | None = strawberry.field(default=None, description="Job title, in French.")
    email: str | None = strawberry.field(default=None, description="Professional email.")
    phone: str | None = strawberry.field(default=None, description="Professional phone.")
    contact_public: bool = strawberry.field(
        default=False,
        description="Whether the contact details may be published: the person's written consent.",
    )
    contact_consent_on: date | None = strawberry.field(
        default=None,
        description="Day of the written consent to publish (not in the future; with "
        "contactPublic and no date, today).",
    )
    department_codes: list[str] = strawberry.field(
        default_factory=list, description="Departments covered; none for a regional trainer."
    )


@strawberry.input(name="UpdateTrainerInput", description="The fields to change.")
class UpdateTrainerInput:
    """A partial change of a trainer."""

    given_name: str | None = strawberry.field(default=UNSET, description="Given name.")
    family_name: str | None = strawberry.field(default=UNSET, description="Family name.")
    job_title: str | None = strawberry.field(default=UNSET, description="Job title.")
    email: str | None = strawberry.field(default=UNSET, description="Professional email.")
    phone: str | None = strawberry.field(default=UNSET, description="Professional phone.")
    contact_public: bool | None = strawberry.field(
        default=UNSET, description="Publish contact (the written consent); false withdraws it."
    )
    contact_consent_on: date | None = strawberry.field(
        default=UNSET,
        description="Day of the written consent (not in the future; with contactPublic true "
        "and none kept or given, today).",
    )


@strawberry.input(name="CreateActionInput", description="A new deployment-pack action.")
class CreateActionInput:
    """An action a COTER prioritised."""

    department_code: str = strawberry.field(description="Its department.")
    kind: ActionKind = strawberry.field(description="Its kind.")
    title: str = strawberry.field(description="Title, in French.")
    period_start: date = strawberry.field(description="First day of its period.")
    period_end: date | None = strawberry.field(default=None, description="Last day, if any.")
    programme: Programme | None = strawberry.field(default=None, description="Its programme.")
    description: str | None = strawberry.field(default=None, description="Description.")


@strawberry.input(name="UpdateActionInput", description="The fields to change.")
class UpdateActionInput:
    """A partial change of an action."""

    kind: ActionKind | None = strawberry.field(default=UNSET, description="Its kind.")
    title: str | None = strawberry.field(default=UNSET, description="Title.")
    period_start: date | None = strawberry.field(default=UNSET, description="First day.")
    period_end: date | None = strawberry.field(default=UNSET, description="Last day.")
    programme: Programme | None = strawberry.field(default=UNSET, description="Programme.")
    description: str | None = strawberry.field(default=UNSET, description="Description.")


@strawberry.input(name="CreateResourceInput", description="A new resource.")
class CreateResourceInput:
    """A resource of the Pôle's list."""

    title: str = strawberry.field(description="Title, in French.")
    kind: ResourceKind = strawberry.field(description="Its kind.")
    description: str = strawberry.field(description="Description, in French.")
    publisher: str | None = strawberry.field(default=None, description="Publisher.")
    published: str | None = strawberry.field(default=None, description="When published.")
    audience: str | None = strawberry.field(default=None, description="Who it is for.")
    url: str | None = strawberry.field(default=None, description="Link.")


@strawberry.input(name="UpdateResourceInput", description="The fields to change.")
class UpdateResourceInput:
    """A partial change of a resource."""

    title: str | None = strawberry.field(default=UNSET, description="Title.")
    kind: ResourceKind | None = strawberry.field(default=UNSET, description="Its kind.")
    description: str | None = strawberry.field(default=UNSET, description="Description.")
    publisher: str | None = strawberry.field(default=UNSET, description="Publisher.")
    published: str | None = strawberry.field(default=UNSET, description="When published.")
    audience: str | None = strawberry.field(default=UNSET, description="Who it is for.")
    url: str | None = strawberry.field(default=UNSET, description="Link.")


@strawberry.input(name="CreateOrganizationInput", description="A new organization.")
class CreateOrganizationInput:
    """An organization that employs trainers."""

    name: str = strawberry.field(description="Full name.")
    short_name: str = strawberry.field(description="Usual short name.")
    interactions_member: bool = strawberry.field(
        default=False, description="Member of the InteractionS Pays de la Loire network."
    )
    website: str | None = strawberry.field(default=None, description="Web site (https://…).")


@strawberry.input(name="UpdateOrganizationInput", description="The fields to change.")
class UpdateOrganizationInput:
    """A partial change of an organization."""

    name: str | None = strawberry.field(default=UNSET, description="Full name.")
    short_name: str | None = strawberry.field(default=UNSET, description="Short name.")
    interactions_member: bool | None = strawberry.field(
        default=UNSET, description="Member of InteractionS."
    )
    website: str | None = strawberry.field(default=UNSET, description="Web site.")


CreateActionInputArg = Annotated[
    CreateActionInput,
    strawberry.argument(description="The new object."),
]
CreateResourceInputArg = Annotated[
    CreateResourceInput,
    strawberry.argument(description="The new object."),
]
CreateTrainerInputArg = Annotated[
    CreateTrainerInput,
    strawberry.argument(description="The new object."),
]
CreateOrganizationInputArg = Annotated[
    CreateOrganizationInput,
    strawberry.argument(description="The new object."),
]
UpdateOrganizationInputArg = Annotated[
    UpdateOrganizationInput,
    strawberry.argument(description="The fields to change; a field left out keeps its value."),
]
UpdateActionInputArg = Annotated[
    UpdateActionInput,
    strawberry.argument(description="The fields to change; a field left out keeps its value."),
]
UpdateResourceInputArg = Annotated[
    UpdateResourceInput,
    strawberry.argument(description="The fields to change; a field left out keeps its value."),
]
UpdateTrainerInputArg = Annotated[
    UpdateTrainerInput,
    strawberry.argument(description="The fields to change; a field left out keeps its value."),
]


@strawberry.type(name="TrainerPayload", description="The answer to a change of trainer.")
class TrainerPayload:
    """The trainer as changed, or why not."""

    trainer: PersonType | None = strawberry.field(description="The trainer.")
    errors: list[RuleViolationType] = strawberry.field(description="Why it was refused.")


@strawberry.type(
    name="OrganizationPayload", description="The answer to a change of organization."
)
class OrganizationPayload:
    """The organization as changed, or why not."""

    organization: OrganizationType | None = strawberry.field(description="The organization.")
    errors: list[RuleViolationType] = strawberry.field(description="Why it was refused.")


@strawberry.type(name="ActionPayload", description="The answer to a change of action.")
class ActionPayload:
    """The action as changed, or why not."""

    action: ActionType | None = strawberry.field(description="The action.")
    errors: list[RuleViolationType] = strawberry.field(description="Why it was refused.")


@strawberry.type(name="ResourcePayload", description="The answer to a change of resource.")
class ResourcePayload:
    """The resource as changed, or why not."""

    resource: ResourceType | None = strawberry.field(description="The resource.")
    errors: list[RuleViolationType] = strawberry.field(description="Why it was refused.")


async def _load(info: Info, model: type, result: CommandResult[str]) -> Any:
    if not result.ok or not result.value:
        return None
    async with info.context.session() as db:
        return await staff_directory.by_public_id(db, model, result.value, "L'objet")


async def _trainer(info: Info, result: CommandResult[str]) -> TrainerPayload:
    row = await _load(info, models.Person, result)
    return TrainerPayload(
        trainer=PersonType.from_model(row) if row else None, errors=error_types(result)
    )


async def _organization(info: Info, result: CommandResult[str]) -> OrganizationPayload:
    row = await _load(info, models.Organization, result)
    return OrganizationPayload(
        organization=OrganizationType.from_model(row) if row else None,
        errors=error_types(result),
    )


async def _action(info: Info, result: CommandResult[str]) -> ActionPayload:
    row = await _load(info, models.Action, result)
    return ActionPayload(
        action=ActionType.from_model(row) if row else None, errors=error_types(result)
    )


async def _resource(info: Info, result: CommandResult[str]) -> ResourcePayload:
    row = await _load(info, models.Resource, result)
    return ResourcePayload(
        resource=ResourceType.from_model(row) if row else None, errors=error_types(result)
    )


@strawberry.type
class DirectoryMutation:
    """Trainer, organization, action and resource mutations (staff): each maps its input to a
    command of ``core.commands.directory``."""

    @strawberry.mutation(description="Staff: add a trainer (regional trainers: regional staff).")
    async def create_trainer(
        self, info: Info, input: CreateTrainerInputArg, idempotency_key: IdempotencyKey = None
    ) -> TrainerPayload:
        result = await commands.create_trainer(
            command_context(info), sent_fields(input), input.department_codes,
            consent_today_if_missing=True, idempotency=idempotency_of(info, idempotency_key),
        )
        return await _trainer(info, result)

    @strawberry.mutation(description="Staff: change a trainer; only the fields given change.")
    async def update_trainer(
        self, info: Info, id: ObjectId, input: UpdateTrainerInputArg,
        idempotency_key: IdempotencyKey = None,
    ) -> TrainerPayload:
        result = await commands.update_trainer(
            command_context(info), _node_id(id, "Person"), sent_fields(input),
            consent_today_if_missing=True, idempotency=idempotency_of(info, idempotency_key),
        )
        return await _trainer(info, result)

    @strawberry.mutation(description="Staff: archive a trainer (kept, shown ARCHIVED).")
    async def archive_trainer(
        self, info: Info, id: ObjectId, idempotency_key: IdempotencyKey = None
    ) -> TrainerPayload:
        result = await commands.archive_trainer(
            command_context(info), _node_id(id, "Person"),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _trainer(info, result)

    @strawberry.mutation(description="Regional staff: add an organization that employs trainers.")
    async def create_organization(
        self, info: Info, input: CreateOrganizationInputArg, idempotency_key: IdempotencyKey = None
    ) -> OrganizationPayload:
        result = await commands.create_organization(
            command_context(info), sent_fields(input),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _organization(info, result)

    @strawberry.mutation(description="Regional staff: change an organization; only the fields given.")
    async def update_organization(
        self, info: Info, id: ObjectId, input: UpdateOrganizationInputArg,
        idempotency_key: IdempotencyKey = None,
    ) -> OrganizationPayload:
        result = await commands.update_organization(
            command_context(info), _node_id(id, "Organization"), sent_fields(input),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _organization(info, result)

    @strawberry.mutation(description="Staff: add a deployment-pack action to a department.")
    async def create_action(
        self, info: Info, input: CreateActionInputArg, idempotency_key: IdempotencyKey = None
    ) -> ActionPayload:
        result = await commands.create_action(
            command_context(info), sent_fields(input),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _action(info, result)

    @strawberry.mutation(description="Staff: change an action; only the fields given change.")
    async def update_action(
        self, info: Info, id: ObjectId, input: UpdateActionInputArg,
        idempotency_key: IdempotencyKey = None,
    ) -> ActionPayload:
        result = await commands.update_action(
            command_context(info), _node_id(id, "Action"), sent_fields(input),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _action(info, result)

    @strawberry.mutation(description="Staff: archive an action (kept, shown ARCHIVED).")
    async def archive_action(
        self, info: Info, id: ObjectId, idempotency_key: IdempotencyKey = None
    ) -> ActionPayload:
        result = await commands.archive_action(
            command_context(info), _node_id(id, "Action"),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _action(info, result)

    @strawberry.mutation(description="Regional staff: add a resource.")
    async def create_resource(
        self, info: Info, input: CreateResourceInputArg, idempotency_key: IdempotencyKey = None
    ) -> ResourcePayload:
        result = await commands.create_resource(
            command_context(info), sent_fields(input),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _resource(info, result)

    @strawberry.mutation(description="Regional staff: change a resource; only the fields given.")
    async def update_resource(
        self, info: Info, id: ObjectId, input: UpdateResourceInputArg,
        idempotency_key: IdempotencyKey = None,
    ) -> ResourcePayload:
        result = await commands.update_resource(
            command_context(info), _node_id(id, "Resource"), sent_fields(input),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _resource(info, result)

    @strawberry.mutation(description="Regional staff: archive a resource (kept, shown ARCHIVED).")
    async def archive_resource(
        self, info: Info, id: ObjectId, idempotency_key: IdempotencyKey = None
    ) -> ResourcePayload:
        result = await commands.archive_resource(
            command_context(info), _node_id(id, "Resource"),
            idempotency=idempotency_of(info, idempotency_key),
        )
        return await _resource(info, result)
