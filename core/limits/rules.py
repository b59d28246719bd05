"""Validation rules for the shape of a document: nesting depth, aliases, operations, and at
most one of each anonymous write per operation.

They run with graphql-core's own rules, once per distinct document (Strawberry's validation
cache), so a partner's repeated query costs nothing here after the first time. Fragments are
followed where they are spread and measured once each, so a document cannot make the check
itself expensive by spreading fragments into fragments.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationContext,
)
from graphql.validation import MaxIntrospectionDepthRule

from core.limits.errors import repeated_write, too_deep, too_many_aliases, too_many_operations

# Root mutations anyone may call without a token: one of each per operation, so that one request
# cannot register fifty people (the rate limit weighs mutations too, ``core.limits.weight``).
ANONYMOUS_WRITES = frozenset({"register", "updateMyRegistration", "cancelMyRegistration"})


class _FragmentMeasure:
    """Measures selection sets through fragment spreads, each fragment measured once."""

    def __init__(self, document: DocumentNode) -> None:
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self._depths: dict[str, int] = {}
        self._aliases: dict[str, int] = {}
        # A fragment being measured; a spread of it inside itself is a cycle, which graphql-core
        # reports on its own, so it counts for nothing here.
        self._open: set[str] = set()

    def depth(self, selection_set: SelectionSetNode | None) -> int:
        """Fields on the longest path below ``selection_set``; introspection is not counted."""
        if selection_set is None:
            return 0
        deepest = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if not selection.name.value.startswith("__"):
                    deepest = max(deepest, 1 + self.depth(selection.selection_set))
            elif isinstance(selection, InlineFragmentNode):
                deepest = max(deepest, self.depth(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                inner = self._fragment(selection.name.value, self._depths, self.depth)
                deepest = max(deepest, inner)
        return deepest

    def root_fields(self, selection_set: SelectionSetNode) -> list[FieldNode]:
        """The fields an operation asks at its root, through fragments (each spread counts)."""
        fields: list[FieldNode] = []
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                fields.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                fields += self.root_fields(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in self._open:
                    self._open.add(name)
                    try:
                        fields += self.root_fields(fragment.selection_set)
                    finally:
                        self._open.discard(name)
        return fields

    def aliases(self, selection_set: SelectionSetNode | None) -> int:
        """Aliased fields below ``selection_set``, a fragment counting each time it is spread."""
        if selection_set is None:
            return 0
        count = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                count += (selection.alias is not None) + self.aliases(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                count += self.aliases(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                count += self._fragment(selection.name.value, self._aliases, self.aliases)
        return count

    def _fragment(self, name: str, memo: dict[str, int], measure) -> int:
        if name in memo:
            return memo[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self._open:
            return 0
        self._open.add(name)
        try:
            memo[name] = measure(fragment.selection_set)
        finally:
            self._open.discard(name)
        return memo[name]


@lru_cache(maxsize=16)
def validation_rules(
    max_depth: int, max_aliases: int, max_operations: int
) -> tuple[type[ASTValidationRule], ...]:
    """The rules for these limits, plus graphql-core's bound on introspection nesting.

    Cached so that equal limits give the very same classes: Strawberry's validation cache keys
    on them, and would miss on every request otherwise.
    """

    class ShapeLimitsRule(ASTValidationRule):
        """Refuses documents deeper, more aliased or with more operations than the limits."""

        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            document = context.document
            operations = [
                definition
                for definition in document.definitions
                if isinstance(definition, OperationDefinitionNode)
            ]
            if len(operations) > max_operations:
                context.report_error(too_many_operations(len(operations), max_operations))
                return
            measure = _FragmentMeasure(document)
            for operation in operations:
                depth = measure.depth(operation.selection_set)
                if depth > max_depth:
                    context.report_error(too_deep(depth, max_depth, operation))
                aliases = measure.aliases(operation.selection_set)
                if aliases > max_aliases:
                    context.report_error(too_many_aliases(aliases, max_aliases, operation))
                if operation.operation == OperationType.MUTATION:
                    self._one_of_each_write(measure.root_fields(operation.selection_set))

        def _one_of_each_write(self, fields: list[FieldNode]) -> None:
            counts = Counter(field.name.value for field in fields)
            for name, found in sorted(counts.items()):
                if name in ANONYMOUS_WRITES and found > 1:
                    first = next(field for field in fields if field.name.value == name)
                    self.context.report_error(repeated_write(name, found, first))

    return (MaxIntrospectionDepthRule, ShapeLimitsRule)
