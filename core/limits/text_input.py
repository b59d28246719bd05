"""``TextInput``: the Strawberry extension that refuses text arguments no database should see.

A null byte makes PostgreSQL fail, a lone surrogate cannot be encoded in UTF-8, and the other
control characters (U+0000 to U+001F) break calendar lines and the screens that show them. Every
string of the operation, in its variables and written in the document, is checked before any
resolver runs; one bad character refuses the whole operation with ``INVALID_CHARACTERS`` (400).

Tab, line feed and carriage return are text, allowed everywhere: a description may have several
lines, and what shows a single-line field (a feed, a page) escapes or folds them. A carriage
return is stored as sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, ExecutionResult, StringValueNode, visit
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension

from core.limits.errors import invalid_characters

FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _bad_variable(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if FORBIDDEN.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and FORBIDDEN.search(key):
                return path
            if found := _bad_variable(item, f"{path}.{key}"):
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            if found := _bad_variable(item, f"{path}[{index}]"):
                return found
    return None


class _StringFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> Any:
        if FORBIDDEN.search(node.value):
            self.found = True
            return self.BREAK
        return None


def _bad_literal(query: str | None, document: DocumentNode) -> bool:
    # A string written in the document holds characters of its text, unless an escape (a
    # backslash) writes another: a text with neither spares the walk through the document
    # (a partner's query, every time).
    if query is not None and "\\" not in query and FORBIDDEN.search(query) is None:
        return False
    finder = _StringFinder()
    visit(document, finder)
    return finder.found


class TextInput(SchemaExtension):
    """Refuse, before execution, an operation with a control character in a text argument."""

    def on_execute(self) -> Iterator[None]:
        """Check the variables and the document's strings; refuse the operation if one is bad."""
        context = self.execution_context
        where = None
        if context.variables:
            where = _bad_variable(context.variables, "variables")
        if where is None and context.graphql_document is not None:
            if _bad_literal(context.query, context.graphql_document):
                where = "document"
        if where is not None and context.result is None:
            context.result = ExecutionResult(data=None, errors=[invalid_characters(where)])
        yield
