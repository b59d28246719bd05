"""The cost of a query: how many objects it may return, computed from the document alone.

Counted before execution, with the request's variables:

- a connection (a type with ``edges`` and ``pageInfo``) counts its page size (``first`` or
  ``last``, or the default page size when neither is given), and what is selected under its
  nodes counts once per node: nested connections multiply;
- a list whose field takes a list argument (``nodes(ids:)``) counts one per item asked for;
- any other object, or list of objects, counts one per parent: its length is bounded by the
  data (the days of a session), not by the caller;
- scalars, ``pageInfo`` and introspection count nothing.

The cost is a sum over fields, so each fragment is measured once, however often it is spread:
measuring stays linear in the size of the document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    value_from_ast_untyped,
)

GRAPHQL_INT_MAX = 2**31 - 1

FieldCost = Callable[[FieldNode, GraphQLNamedType], int]


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any] | None,
    default_page_size: int,
) -> int:
    """How many objects ``operation`` of ``document`` may return, with these ``variables``.

    ``document`` must have passed validation (its fields exist, its fragments have no cycle).
    """
    values = {
        definition.variable.name.value: value_from_ast_untyped(definition.default_value)
        for definition in operation.variable_definitions or ()
        if definition.default_value is not None
    }
    values.update(variables or {})
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    counter = _CostCounter(schema, document, values, default_page_size)
    return counter.objects(operation.selection_set, root)


def _is_connection(named_type: GraphQLNamedType) -> bool:
    return isinstance(named_type, GraphQLObjectType) and {"edges", "pageInfo"} <= set(
        named_type.fields
    )


def _field_type(parent: GraphQLNamedType, node: FieldNode) -> Any:
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        definition = parent.fields.get(node.name.value)
        return definition.type if definition is not None else None
    return None


class _CostCounter:
    """Adds up the objects each selection of a validated document may return."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: Mapping[str, Any],
        default_page_size: int,
    ) -> None:
        self.schema = schema
        self.variables = variables
        self.default_page_size = default_page_size
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        # One memo per way of reading a selection set: as an object's, a connection's, an edge's.
        self._memos: dict[FieldCost, dict[str, int]] = {}

    def objects(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType) -> int:
        """The objects below the selection set of an object of type ``parent``."""
        return self._sum(selection_set, parent, self._object_field)

    def _object_field(self, node: FieldNode, parent: GraphQLNamedType) -> int:
        field_type = _field_type(parent, node)
        if field_type is None or node.selection_set is None or node.name.value.startswith("__"):
            return 0
        named = get_named_type(field_type)
        if _is_connection(named):
            size = self._page_size(node)
            return size + size * self._sum(node.selection_set, named, self._connection_field)
        is_list = isinstance(get_nullable_type(field_type), GraphQLList)
        size = self._list_argument_size(node) if is_list else 1
        return size + size * self.objects(node.selection_set, named)

    def _connection_field(self, node: FieldNode, parent: GraphQLNamedType) -> int:
        """The cost per node of a connection's field: ``edges { node }`` or ``nodes``."""
        field_type = _field_type(parent, node)
        if field_type is None:
            return 0
        named = get_named_type(field_type)
        if node.name.value == "edges":
            return self._sum(node.selection_set, named, self._edge_field)
        if node.name.value == "nodes":
            return self.objects(node.selection_set, named)
        return 0

    def _edge_field(self, node: FieldNode, parent: GraphQLNamedType) -> int:
        field_type = _field_type(parent, node)
        if field_type is None or node.name.value != "node":
            return 0
        return self.objects(node.selection_set, get_named_type(field_type))

    def _sum(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType,
        field_cost: FieldCost,
    ) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += field_cost(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self._sum(selection.selection_set, inner or parent, field_cost)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value, parent, field_cost)
        return total

    def _fragment(self, name: str, parent: GraphQLNamedType, field_cost: FieldCost) -> int:
        memo = self._memos.setdefault(field_cost, {})
        if name not in memo:
            fragment = self.fragments.get(name)
            memo[name] = 0  # a cycle, refused by validation anyway, counts nothing
            if fragment is not None:
                inner = self.schema.get_type(fragment.type_condition.name.value) or parent
                memo[name] = self._sum(fragment.selection_set, inner, field_cost)
        return memo[name]

    def _page_size(self, node: FieldNode) -> int:
        given = [
            size
            for argument in node.arguments or ()
            if argument.name.value in ("first", "last")
            and (size := self._int_value(argument.value)) is not None
        ]
        return max(given) if given else self.default_page_size

    def _int_value(self, value: Any) -> int | None:
        """A page size given; None when absent or not a GraphQL Int (beyond 32 bits), which
        validation or the variables' coercion refuses before anything runs."""
        given: Any = None
        if isinstance(value, IntValueNode):
            given = int(value.value)
        elif isinstance(value, VariableNode):
            given = self.variables.get(value.name.value)
        if isinstance(given, int) and not isinstance(given, bool) and abs(given) <= GRAPHQL_INT_MAX:
            return max(0, given)
        return None

    def _list_argument_size(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            value = argument.value
            if isinstance(value, ListValueNode):
                return len(value.values)
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                if isinstance(given, list):
                    return len(given)
        return 1
