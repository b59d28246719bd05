"""The connection type of each listable node type."""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any, TypeVar

import strawberry
from strawberry import relay

from core.graphql.types.action import ActionType
from core.graphql.types.calendar import CalendarType
from core.graphql.types.department import DepartmentType
from core.graphql.types.event import EventType
from core.graphql.types.module import ModuleType
from core.graphql.types.organization import OrganizationType
from core.graphql.types.person import PersonType
from core.graphql.types.resource import ResourceType
from core.graphql.types.training_session import TrainingSessionType


if TYPE_CHECKING:
    # What ``_connection`` makes, as a type checker can read it: a Relay connection of the
    # node type with a ``totalCount``.
    NodeT = TypeVar("NodeT", bound=relay.Node)

    @strawberry.type
    class CountedConnection(relay.Connection[NodeT]):
        total_count: int

    TrainingSessionConnection = CountedConnection[TrainingSessionType]
    PersonConnection = CountedConnection[PersonType]
    DepartmentConnection = CountedConnection[DepartmentType]
    ModuleConnection = CountedConnection[ModuleType]
    OrganizationConnection = CountedConnection[OrganizationType]
    EventConnection = CountedConnection[EventType]
    ActionConnection = CountedConnection[ActionType]
    ResourceConnection = CountedConnection[ResourceType]

    @strawberry.type
    class CalendarConnection:  # of calendars, which are not nodes
        page_info: relay.PageInfo
        edges: list[relay.Edge[Any]]
        total_count: int
else:

    def _connection(node_type: type, name: str, noun: str) -> Any:
        """A Relay connection of ``node_type`` with a ``totalCount``."""
        namespace = {
            "__annotations__": {"total_count": int},
            "__doc__": f"A page of {noun}.",
            "total_count": strawberry.field(
                description=f"How many {noun} match the filter, over every page."
            ),
        }
        cls = types.new_class(
            name, (relay.Connection[node_type],), exec_body=lambda body: body.update(namespace)
        )
        return strawberry.type(cls, name=name, description=f"A page of {noun}, with cursors.")


    TrainingSessionConnection = _connection(
        TrainingSessionType, "TrainingSessionConnection", "training sessions"
    )
    PersonConnection = _connection(PersonType, "PersonConnection", "people")
    DepartmentConnection = _connection(DepartmentType, "DepartmentConnection", "departments")
    ModuleConnection = _connection(ModuleType, "ModuleConnection", "modules")
    OrganizationConnection = _connection(
        OrganizationType, "OrganizationConnection", "organizations"
    )
    EventConnection = _connection(EventType, "EventConnection", "events")
    ActionConnection = _connection(ActionType, "ActionConnection", "actions")
    ResourceConnection = _connection(ResourceType, "ResourceConnection", "resources")
    CalendarConnection = _connection(CalendarType, "CalendarConnection", "calendars")
