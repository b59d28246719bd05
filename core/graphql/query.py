"""The root query: every list a partner site reads, and look-ups by ID or code."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from core.db import Reader
from core.graphql import connections
from core.graphql.enums import ModuleNumber
from core.graphql.filters import (
    ActionFilterInput,
    DepartmentFilterInput,
    EventFilterInput,
    ResourceFilterInput,
    TrainerFilterInput,
    TrainingSessionFilter,
    department_code,
)
from core.graphql.pagination import (
    After,
    Before,
    First,
    Last,
    connection_from_page,
    node_selection,
    page_request,
    selects,
    wants_edge_cursors,
    wants_total,
)
from core.graphql.types.action import ActionType
from core.graphql.types.department import DepartmentType
from core.graphql.types.event import EventType
from core.graphql.types.module import ModuleType
from core.graphql.types.organization import OrganizationType
from core.graphql.types.person import PersonType
from core.graphql.types.resource import ResourceType
from core.graphql.types.training_session import TrainingSessionType
from core.services import (
    actions,
    departments,
    events,
    modules,
    organizations,
    people,
    resources,
    training_sessions,
)
from core.services.pagination import Page, PageRequest


async def _list(
    info: Info,
    fetch: Callable[..., Awaitable[Page[Any]]],
    connection_type: type,
    to_node: Callable[[Any], Any],
    request: PageRequest,
    *criteria: Any,
) -> Any:
    """Run one page of a service's list in a session of its own and map it to a connection."""
    async with info.context.session() as db:
        page = await fetch(db, *criteria, request, with_total=wants_total(info))
    return connection_from_page(connection_type, page, to_node, wants_edge_cursors(info))


def _selects_module(selected: dict[str, Any]) -> bool:
    return bool(selected.keys() & {"module", "title", "calendar"})


def _selects_days(selected: dict[str, Any]) -> bool:
    return bool(selected.keys() & {"days", *STANDING_FIELDS})


def _selects_places(selected: dict[str, Any]) -> bool:
    return bool(selected.keys() & {"places", "placeLabel", "departments"})


# The fields of ``StandingFields``, which a session derives from its days.
STANDING_FIELDS = frozenset(
    {"stage", "registrationOpen", "registrationClosesAt", "registrationClosedReason"}
)


async def _fetch_session_relations(
    db: Reader, info: Info, found: training_sessions.SessionPage, selected: dict[str, Any]
) -> None:
    """Fetch ahead the relations the query selects on a page of sessions.

    The partner query asks for days, places, trainers and their organizations, the module and
    the department of up to a hundred sessions: loading them here, in the page's session, lets
    every field below answer without a coroutine of its own (see ``Loaders.fetch``). The
    modules and departments came with the page, and so did the days and places on PostgreSQL
    (``list_sessions``); the trainers come with their organizations.
    ``selected`` is what the query selects on the sessions (``node_selection``).
    """
    loaders = info.context.loaders
    rows = found.page.rows
    ids = [row.id for row in rows]
    loaders.prime(modules.modules_by_ids, list(found.modules), list(found.modules.values()))
    loaders.prime(
        departments.departments_by_codes, list(found.departments), list(found.departments.values())
    )
    if found.days is not None:
        loaders.prime(training_sessions.days_by_session, ids, found.days)
    elif _selects_days(selected):
        await loaders.fetch_ahead(db, training_sessions.days_by_session, ids)
    places = found.places
    if places is not None:
        loaders.prime(training_sessions.places_by_session, ids, places)
    elif _selects_places(selected):
        places = await loaders.fetch_ahead(db, training_sessions.places_by_session, ids)
    if places is not None and "departments" in selected:
        codes = [place.department_code for group in places for place in group]
        await loaders.fetch_ahead(db, departments.departments_by_codes, codes)
    if "trainers" in selected:
        groups, found_organizations = await training_sessions.trainers_with_organizations(
            db, ids, with_organizations=selects(selected["trainers"], "organization")
        )
        loaders.prime(training_sessions.trainers_by_session, ids, groups)
        trainers = {row.id: row for group in groups for row in group}
        loaders.prime(people.people_by_ids, list(trainers), list(trainers.values()))
        loaders.prime(
            organizations.organizations_by_ids,
            list(found_organizations),
            list(found_organizations.values()),
        )


def _filter_argument(description: str) -> Any:
    return strawberry.argument(description=description)


@strawberry.type(description="What partner sites can read.")
class Query:
    """The root of every read."""

    @strawberry.field(description="The departments of the region, by code.")
    async def departments(
        self,
        info: Info,
        filter: Annotated[
            DepartmentFilterInput | None, _filter_argument("Which departments to list.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> connections.DepartmentConnection:
        criteria = (filter or DepartmentFilterInput()).to_criteria()
        return await _list(
            info, departments.list_departments, connections.DepartmentConnection,
            DepartmentType.from_model, page_request(info, first, after, last, before), criteria,
        )

    @strawberry.field(
        description='One department by its code ("44"); an unknown code is refused '
        "(UNKNOWN_DEPARTMENT)."
    )
    async def department(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description='Department code ("44").')],
    ) -> DepartmentType | None:
        department_code(code, "code")
        row = await info.context.loaders(departments.departments_by_codes).load(code)
        return DepartmentType.from_model(row) if row else None

    @strawberry.field(description="The modules of the course for trainers of trainers.")
    async def modules(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> connections.ModuleConnection:
        return await _list(
            info, modules.list_modules, connections.ModuleConnection, ModuleType.from_model,
            page_request(info, first, after, last, before),
        )

    @strawberry.field(description="One module by its number.")
    async def module(
        self,
        info: Info,
        number: Annotated[ModuleNumber, strawberry.argument(description="Which module.")],
    ) -> ModuleType | None:
        row = await info.context.loaders(modules.modules_by_numbers).load(number.value)
        return ModuleType.from_model(row) if row else None

    @strawberry.field(description="Training sessions, by first day.")
    async def sessions(
        self,
        info: Info,
        filter: Annotated[
            TrainingSessionFilter | None, _filter_argument("Which sessions to list.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> connections.TrainingSessionConnection:
        criteria = (filter or TrainingSessionFilter()).to_criteria(info.context.clock.now())
        selected = node_selection(info)
        async with info.context.reader() as db:
            found = await training_sessions.list_sessions(
                db, criteria, page_request(info, first, after, last, before),
                with_total=wants_total(info),
                with_module=_selects_module(selected),
                with_department="department" in selected,
                with_days=_selects_days(selected),
                with_places=_selects_places(selected),
            )
            await _fetch_session_relations(db, info, found, selected)
        return connection_from_page(
            connections.TrainingSessionConnection,
            found.page,
            TrainingSessionType.from_model,
            wants_edge_cursors(info),
        )

    @strawberry.field(description="The directory of referents and trainers, by family name.")
    async def trainers(
        self,
        info: Info,
        filter: Annotated[
            TrainerFilterInput | None, _filter_argument("Which people to list.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> connections.PersonConnection:
        criteria = (filter or TrainerFilterInput()).to_criteria()
        return await _list(
            info, people.list_trainers, connections.PersonConnection, PersonType.from_model,
            page_request(info, first, after, last, before), criteria,
        )

    @strawberry.field(description="Organizations that employ trainers, by name.")
    async def organizations(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> connections.OrganizationConnection:
        return await _list(
            info, organizations.list_organizations, connections.OrganizationConnection,
            OrganizationType.from_model, page_request(info, first, after, last, before),
        )

    @strawberry.field(
        description="Events of the departments and of the region, by date: the public ones; "
        "staff also get the private ones of their departments (regional staff, all)."
    )
    async def events(
        self,
        info: Info,
        filter: Annotated[EventFilterInput | None, _filter_argument("Which events to list.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> connections.EventConnection:
        criteria = replace(
            (filter or EventFilterInput()).to_criteria(info.context.clock.now()),
            viewer=info.context.viewer,
        )
        return await _list(
            info, events.list_events, connections.EventConnection, EventType.from_model,
            page_request(info, first, after, last, before), criteria,
        )

    @strawberry.field(description="Deployment-pack actions of the departments, by start of period.")
    async def actions(
        self,
        info: Info,
        filter: Annotated[
            ActionFilterInput | None, _filter_argument("Which actions to list.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> connections.ActionConnection:
        criteria = (filter or ActionFilterInput()).to_criteria()
        return await _list(
            info, actions.list_actions, connections.ActionConnection, ActionType.from_model,
            page_request(info, first, after, last, before), criteria,
        )

    @strawberry.field(description="Resources about psychosocial skills, by title.")
    async def resources(
        self,
        info: Info,
        filter: Annotated[
            ResourceFilterInput | None, _filter_argument("Which resources to list.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> connections.ResourceConnection:
        criteria = (filter or ResourceFilterInput()).to_criteria()
        return await _list(
            info, resources.list_resources, connections.ResourceConnection,
            ResourceType.from_model, page_request(info, first, after, last, before), criteria,
        )
