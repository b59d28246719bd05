"""The schema factory: the one place the GraphQL schema is assembled."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.extensions import ParserCache, ValidationCache

from core.graphql.errors import ErrorCodes
from core.graphql.query import Query


def build_schema() -> strawberry.Schema:
    """The public GraphQL schema, with parse and validation caches."""

    # Strawberry's node fields bind to one schema, so each schema gets its own.
    @strawberry.type(name="Query", description="What partner sites can read.")
    class RootQuery(Query):
        node: relay.Node | None = relay.node(description="Any object by its global ID.")
        nodes: list[relay.Node | None] = relay.node(description="Objects by their global IDs.")

    return strawberry.Schema(
        query=RootQuery,
        extensions=[ParserCache, ValidationCache, ErrorCodes],
    )


def schema_sdl(schema: strawberry.Schema) -> str:
    """The schema in SDL, as ``schema.graphql`` holds it."""
    return schema.as_str() + "\n"
