"""The domain's closed sets, exposed as GraphQL enums."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import strawberry

from core.models import enums
from core.services import stages

if TYPE_CHECKING:
    # ``strawberry.enum(cls)`` returns ``cls`` itself, marked; a type checker cannot follow
    # the call, so it is told the classes directly.
    from core.enums import (
        ActionKind,
        EventKind,
        InstitutionKind,
        PersonRole,
        PrerequisiteKind,
        Programme,
        RecordStatus,
        ResourceKind,
        SessionStatus,
    )
    from core.services.stages import Stage
else:
    PersonRole = strawberry.enum(
        enums.PersonRole, description="What a person does for the Pôle CPS."
    )
    RecordStatus = strawberry.enum(
        enums.RecordStatus, description="Whether an entry is current or archived (never deleted)."
    )
    SessionStatus = strawberry.enum(
        enums.SessionStatus, description="Where a training session or an event stands."
    )
    EventKind = strawberry.enum(enums.EventKind, description="The kind of an event.")
    ActionKind = strawberry.enum(
        enums.ActionKind, description="The kind of a deployment-pack action."
    )
    Programme = strawberry.enum(
        enums.Programme, description="An evidence-based programme of the deployment pack."
    )
    ResourceKind = strawberry.enum(enums.ResourceKind, description="The kind of a resource.")
    PrerequisiteKind = strawberry.enum(
        enums.PrerequisiteKind, description="What a module prerequisite asks for."
    )
    InstitutionKind = strawberry.enum(
        enums.InstitutionKind, description="The kind of an institution."
    )
    Stage = strawberry.enum(
        stages.Stage,
        description="Where a session or an event stands in time, by the service's clock: before "
        "its first day starts, from then until its last day ends, or after.",
    )


@strawberry.enum(description="The two modules of the course for trainers of trainers.")
class ModuleNumber(enum.Enum):
    """Module 1 (the fundamentals) or module 2 (passing skills on)."""

    MODULE_1 = 1
    MODULE_2 = 2
