"""The schema factory: the one place the GraphQL schema is assembled."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.extensions import ParserCache, ValidationCache

from core.graphql.descriptions import describe
from core.graphql.calendars import CalendarQuery
from core.graphql.eligibility import EligibilityQuery
from core.graphql.errors import ErrorCodes
from core.graphql.execution import (
    PlannedExecutionContext,
    call_resolvers_directly,
    mark_leaf_shortcuts,
)
from core.graphql.node_ids import ConcreteNodeIds
from core.graphql.mutations.root import Mutation, StaffQuery
from core.graphql.plugin_failures import PluginFailures
from core.graphql.plugins import PluginQuery
from core.graphql.query import Query
from core.hooks.manager import PluginManager, build_plugin_manager
from core.limits.extension import QueryLimits
from core.graphql.release import ReleaseFetched
from core.limits.text_input import TextInput
from core.limits.weight import OperationWeight
from core.observability.operation import OperationLog


def plugin_types(plugins: PluginManager) -> list[type]:
    """The Strawberry types the plugins add; a plugin that fails is left out and reported."""
    found: list[type] = []
    for described in plugins.loaded():
        types, failure = plugins.collect_safely(described.name, "cps_graphql_types", type)
        if failure is not None:
            plugins.startup_failures.append(failure)
        found += types
    return found


def build_schema(
    plugins: PluginManager | None = None, *, planned: bool = True
) -> strawberry.Schema:
    """The public GraphQL schema, with the types the plugins add, and parse and validation
    caches. Without ``plugins``, the built-in plugins: the schema ``schema.graphql`` holds.

    ``planned`` (the ``CPS_PLANNED_EXECUTION`` setting) takes the shortcuts of
    ``core.graphql.execution``; without it, Strawberry and graphql-core execute as they are
    (the same answers, the reference the shortcuts are tested against).
    """
    plugins = plugins if plugins is not None else build_plugin_manager(builtin_only=True)

    # Strawberry's node fields bind to one schema, so each schema gets its own.
    @strawberry.type(name="Query", description="What partner sites can read.")
    class RootQuery(Query, PluginQuery, EligibilityQuery, CalendarQuery, StaffQuery):
        node: relay.Node | None = relay.node(
            description="Any object by its global ID.", extensions=[ConcreteNodeIds()]
        )
        nodes: list[relay.Node | None] = relay.node(
            description="Objects by their global IDs.", extensions=[ConcreteNodeIds()]
        )

    schema = strawberry.Schema(
        query=RootQuery,
        mutation=Mutation,
        types=plugin_types(plugins),
        extensions=[
            ParserCache,
            ValidationCache,
            ErrorCodes,
            PluginFailures,
            QueryLimits,
            TextInput,
            OperationWeight,
            OperationLog,
            ReleaseFetched,
        ],
        execution_context_class=PlannedExecutionContext if planned else None,
    )
    describe(schema._schema)
    if planned:
        mark_leaf_shortcuts(schema._schema)
        call_resolvers_directly(schema._schema, schema.config.info_class)
    return schema


def schema_sdl(schema: strawberry.Schema) -> str:
    """The schema in SDL, as ``schema.graphql`` holds it, its description first (Strawberry's
    printer leaves the schema definition out)."""
    roots = "schema {\n  query: Query\n  mutation: Mutation\n}\n\n"
    description = schema._schema.description
    head = f'"""\n{description}\n"""\n{roots}' if description else ""
    return head + schema.as_str() + "\n"
