"""Plans as closures: one function per selection, made of one small function per field.

``core.graphql.execution`` plans how to complete a selection (``StepCode``s);
``plan_function`` turns them into ``run(source, path)``, which reads or resolves each field,
completes its value and returns the selection's answer as a dict. Each field's function is
chosen once per plan for what the field needs (a plain attribute read and a scalar's
``serialize``, a resolver given the bare context or a resolve info, a nested completion), so
nothing is decided again per value. No source text is written or compiled: the functions are
the same for every selection, only the values they close over differ.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from graphql import Undefined
from graphql.pyutils import Path

from core.graphql.resolution import NOT_AWAITABLE


class Abandon(Exception):
    """A plan met something only the regular path may answer."""


class LeafCompletion(NamedTuple):
    """A scalar or enum value: ``serialize`` it, unless its type is ``unchanged`` (its own
    answer); null is refused where ``non_null``."""

    serialize: Callable[[Any], Any]
    non_null: bool
    unchanged: type | None


class StepCode(NamedTuple):
    """What the function does for one field of the selection.

    The value is the type's name (``typename``: ``__typename``), or comes from ``attribute``
    (read on the source), or ``resolver(source, context)`` (``context_only``), or
    ``resolver(source, info)`` with a resolve info built for the field (``info_args``: the
    field, its nodes, the parent type). It is completed by ``leaf``, or by
    ``complete(value, path)`` (objects and lists), which needs a real path when
    ``completion_needs_path``.
    """

    response_name: str
    typename: bool = False
    attribute: str | None = None
    resolver: Callable[..., Any] | None = None
    context_only: bool = False
    info_args: tuple[Any, ...] | None = None
    leaf: LeafCompletion | None = None
    complete: Callable[[Any, Path | None], Any] | None = None
    completion_needs_path: bool = False


Run = Callable[[Any, Path | None], dict[str, Any]]
FieldFunction = Callable[[Any, Path | None], Any]


class PlanFunction(NamedTuple):
    """A plan: ``run(source, path)`` gives the selection's answer, or raises; ``needs_path``
    is False when nothing under it reads ``path`` (``None`` may then be given)."""

    run: Run
    needs_path: bool


class Runtime(NamedTuple):
    """What every plan function of a request may call."""

    context: Any  # given to resolvers marked ``uses_only_context``
    build_info: Callable[..., Any]  # the execution context's ``build_resolve_info``
    check_awaitable: Callable[[Any], None]  # raises ``Abandon`` for an awaitable


def _complete_leaf(leaf: LeafCompletion) -> Callable[[Any], Any]:
    """The function giving a scalar's answer, or raising ``Abandon`` for the regular path
    (a null where the type forbids it, a value the scalar refuses)."""
    serialize, non_null, unchanged = leaf

    def complete(value: Any) -> Any:
        if value is None:
            if non_null:
                raise Abandon
            return None
        if value.__class__ is unchanged:
            return value
        value = serialize(value)
        if value is None or value is Undefined:
            raise Abandon
        return value

    return complete


def _resolved_value(step: StepCode, runtime: Runtime) -> FieldFunction:
    """The function giving a resolved field's value before completion."""
    resolver = step.resolver
    assert resolver is not None, "a step that reads no attribute has a resolver"
    if step.context_only:
        context = runtime.context
        return lambda source, field_path: resolver(source, context)
    info_args = step.info_args or ()
    build_info = runtime.build_info
    return lambda source, field_path: resolver(source, build_info(*info_args, field_path))


def _is_read_leaf(step: StepCode) -> bool:
    """An attribute read and serialized: done by ``plan_function``'s loop."""
    return step.attribute is not None and step.leaf is not None


def _field_function(step: StepCode, type_name: str, runtime: Runtime) -> FieldFunction:
    """The function answering one field of the selection (not a read leaf) from its source
    and its parent's path."""
    if step.typename:
        return lambda source, path: type_name
    key = step.response_name
    check_awaitable = runtime.check_awaitable
    # The field's own path is made only when a resolve info or a completion will hold it.
    makes_path = step.info_args is not None or (
        step.leaf is None and step.completion_needs_path
    )
    complete = step.complete
    if step.attribute is not None:
        attribute = step.attribute
        assert complete is not None, "an attribute that is not a leaf has a completion"

        def read_and_completed(source: Any, path: Path | None) -> Any:
            value = getattr(source, attribute)
            if value.__class__ not in NOT_AWAITABLE:
                check_awaitable(value)
            return complete(value, Path(path, key, type_name) if makes_path else None)

        return read_and_completed
    value_of = _resolved_value(step, runtime)
    if step.leaf is not None:
        complete_leaf = _complete_leaf(step.leaf)

        def resolved_leaf(source: Any, path: Path | None) -> Any:
            value = value_of(source, Path(path, key, type_name) if makes_path else None)
            if value.__class__ not in NOT_AWAITABLE:
                check_awaitable(value)
            return complete_leaf(value)

        return resolved_leaf
    assert complete is not None, "a step that is not a leaf has a completion"

    def completed(source: Any, path: Path | None) -> Any:
        field_path = Path(path, key, type_name) if makes_path else None
        value = value_of(source, field_path)
        if value.__class__ not in NOT_AWAITABLE:
            check_awaitable(value)
        return complete(value, field_path)

    return completed


def plan_function(steps: Sequence[StepCode], type_name: str, runtime: Runtime) -> PlanFunction:
    """The function answering a selection of ``type_name`` made of ``steps``.

    The attributes read and serialized (most fields of a large answer) are done in one loop
    over plain tuples; the other fields each by their own function. The answer's keys keep
    the selection's order whatever order the values are computed in.
    """
    names = tuple(step.response_name for step in steps)
    leaves = tuple(
        (step.response_name, step.attribute, *step.leaf)
        for step in steps
        if step.attribute is not None and step.leaf is not None
    )
    others = tuple(
        (step.response_name, _field_function(step, type_name, runtime))
        for step in steps
        if not _is_read_leaf(step)
    )

    # Where the selection lists its read leaves first (as queries mostly do), the answer is
    # filled in its order as it is computed; else its keys are laid out first.
    in_order = names == tuple(leaf[0] for leaf in leaves) + tuple(other[0] for other in others)

    def run(source: Any, path: Path | None) -> dict[str, Any]:
        answer: dict[str, Any] = {} if in_order else dict.fromkeys(names)
        for name, attribute, serialize, non_null, unchanged in leaves:
            value = getattr(source, attribute)
            if value is None:
                if non_null:
                    raise Abandon
            elif value.__class__ is not unchanged:
                value = serialize(value)
                if value is None or value is Undefined:
                    raise Abandon
            answer[name] = value
        for name, field in others:
            answer[name] = field(source, path)
        return answer

    needs_path = any(
        step.info_args is not None or step.completion_needs_path for step in steps
    )
    return PlanFunction(run, needs_path)
