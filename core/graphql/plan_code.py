"""Plans written as Python functions: one straight-line function per selection.

``core.graphql.execution`` plans how to complete a selection (``Step``s); an interpreter of
those steps spent as much time reading the plan as doing its work: a loop over the steps, a
branch on each step's kind, a path made for each field whether or not a resolver would see it.
``plan_function`` writes the plan as the code one would write by hand for that selection,

    def run(source, path):
        v0 = source.number
        if v0 is None:
            raise Abandon
        ...
        return {"number": v0, "title": v1}

and compiles it once per shape of plan (the source text is the key): a request binds each
step's response name, serializer, resolver and completer to a compiled factory, which costs a
closure. Response names are bound, not written in the source, so that a caller's aliases do not
make new shapes: the shapes are bounded by the schema's fields, not by what callers send.
"""

from __future__ import annotations

import keyword
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


class PlanFunction(NamedTuple):
    """A compiled plan: ``run(source, path)`` gives the selection's answer, or raises;
    ``needs_path`` is False when nothing under it reads ``path`` (``None`` may then be given)."""

    run: Callable[[Any, Path | None], dict[str, Any]]
    needs_path: bool


class Runtime(NamedTuple):
    """What every plan function of a request may call."""

    context: Any  # given to resolvers marked ``uses_only_context``
    build_info: Callable[..., Any]  # the execution context's ``build_resolve_info``
    check_awaitable: Callable[[Any], None]  # raises ``Abandon`` for an awaitable


_FACTORIES: dict[str, Callable[..., Callable[[Any, Path | None], dict[str, Any]]]] = {}
_MAX_FACTORIES = 512  # shapes of plans kept compiled: far more than partner queries make


def _reads(expression: str, attribute: str) -> str:
    if attribute.isidentifier() and not keyword.iskeyword(attribute):
        return f"{expression}.{attribute}"
    return f"getattr({expression}, {attribute!r})"


def _leaf_lines(value: str, index: int, leaf: LeafCompletion) -> list[str]:
    null = ["    raise Abandon"] if leaf.non_null else ["    pass"]
    lines = [f"if {value} is None:", *null]
    if leaf.unchanged is not None:
        lines += [f"elif {value}.__class__ is not U{index}:"]
    else:
        lines += ["else:"]
    lines += [
        f"    {value} = S{index}({value})",
        f"    if {value} is None or {value} is Undefined:",
        "        raise Abandon",
    ]
    return lines


def _step_lines(index: int, step: StepCode) -> tuple[list[str], list[str]]:
    """The lines computing ``v{index}``, and the names of the values they need bound."""
    value = f"v{index}"
    path = f"Path(path, K{index}, TYPE_NAME)"
    lines: list[str] = []
    names: list[str] = []
    if step.typename:
        return [f"{value} = TYPE_NAME"], names
    if step.attribute is not None:
        lines.append(f"{value} = {_reads('source', step.attribute)}")
    elif step.context_only:
        names.append(f"R{index}")
        lines.append(f"{value} = R{index}(source, CONTEXT)")
    else:
        names += [f"R{index}", f"I{index}"]
        lines += [
            f"p{index} = {path}",
            f"{value} = R{index}(source, BUILD_INFO(*I{index}, p{index}))",
        ]
    if step.attribute is None or step.leaf is None:
        # A leaf read from an attribute needs no test: its scalar refuses an awaitable.
        lines += [
            f"if {value}.__class__ not in NOT_AWAITABLE:",
            f"    CHECK_AWAITABLE({value})",
        ]
    if step.leaf is not None:
        names.append(f"S{index}")
        if step.leaf.unchanged is not None:
            names.append(f"U{index}")
        lines += _leaf_lines(value, index, step.leaf)
    else:
        names.append(f"C{index}")
        if step.info_args is not None:
            child_path = f"p{index}"
        else:
            child_path = path if step.completion_needs_path else "None"
        lines.append(f"{value} = C{index}({value}, {child_path})")
    return lines, names


def _bindings(index: int, step: StepCode) -> dict[str, Any]:
    values = {
        f"K{index}": step.response_name,
        f"R{index}": step.resolver,
        f"I{index}": step.info_args,
        f"C{index}": step.complete,
    }
    if step.leaf is not None:
        values[f"S{index}"] = step.leaf.serialize
        values[f"U{index}"] = step.leaf.unchanged
    return values


def plan_source(steps: Sequence[StepCode]) -> tuple[str, list[str]]:
    """The source of the factory of a selection's function, and its parameters' names."""
    body: list[str] = []
    parameters = ["TYPE_NAME", "CONTEXT", "BUILD_INFO", "CHECK_AWAITABLE"]
    for index, step in enumerate(steps):
        lines, names = _step_lines(index, step)
        body += lines
        parameters += [f"K{index}", *names]
    answer = ", ".join(f"K{index}: v{index}" for index in range(len(steps)))
    source = "\n".join(
        [
            f"def make({', '.join(parameters)}):",
            "    def run(source, path):",
            *(f"        {line}" for line in body),
            f"        return {{{answer}}}",
            "    return run",
        ]
    )
    return source, parameters


def _factory(source: str) -> Callable[..., Callable[[Any, Path | None], dict[str, Any]]]:
    factory = _FACTORIES.get(source)
    if factory is None:
        if len(_FACTORIES) >= _MAX_FACTORIES:
            _FACTORIES.clear()
        namespace: dict[str, Any] = {
            "Abandon": Abandon,
            "Undefined": Undefined,
            "Path": Path,
            "NOT_AWAITABLE": NOT_AWAITABLE,
        }
        exec(compile(source, "<cps plan>", "exec"), namespace)  # noqa: S102 (our own source)
        factory = _FACTORIES[source] = namespace["make"]
    return factory


def plan_function(steps: Sequence[StepCode], type_name: str, runtime: Runtime) -> PlanFunction:
    """The function answering a selection of ``type_name`` made of ``steps``."""
    source, parameters = plan_source(steps)
    values: dict[str, Any] = {
        "TYPE_NAME": type_name,
        "CONTEXT": runtime.context,
        "BUILD_INFO": runtime.build_info,
        "CHECK_AWAITABLE": runtime.check_awaitable,
    }
    for index, step in enumerate(steps):
        values.update(_bindings(index, step))
    run = _factory(source)(*(values[name] for name in parameters))
    needs_path = any(
        step.info_args is not None or step.completion_needs_path for step in steps
    )
    return PlanFunction(run, needs_path)
