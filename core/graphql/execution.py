"""Shorter paths through graphql-core and Strawberry for the objects a large answer is made of.

A partner's query for 1,000 sessions completes some 30,000 fields. For each, graphql-core
builds a ``GraphQLResolveInfo``, calls a resolver, asks whether the value is awaitable and walks
``complete_value`` through the type's wrappers down to a ``serialize``; Strawberry wraps each
resolver in argument conversion and an extension chain. That machinery, not the data, was most
of the answer's time. Three shortcuts, each giving the very answer of the regular path:

- ``mark_leaf_shortcuts``: a field without resolver, argument or extension whose type is a
  scalar or an enum (a session's ``number``, a day's ``startsAt``) is read with ``getattr`` and
  ``serialize`` (``LeafShortcut``); so is a relay node's ``id`` where the type keeps
  Strawberry's way of making it (its type name and its ``NodeID`` attribute).
- ``call_resolvers_directly``: a resolver without argument, extension or exception handler is
  called straight with a Strawberry ``Info``, as Strawberry would call it.
- ``PlannedExecutionContext``: an object whose selection has no argument, no ``@defer`` or
  ``@stream`` and no abstract type is completed by a plan made once per selection and request,
  a function of closures (``core.graphql.plan_code``): its fields resolved and completed one
  after the other, nested objects and lists included, without a round through graphql-core
  per field. A resolver marked ``uses_only_context``
  (``core.graphql.resolution``) gets a bare holder of the context rather than a resolve info
  built for each call; paths are made only where a resolve info will hold one.

A plan never reports an error itself. Anything unusual (a resolver that raises or returns an
awaitable because its data was not fetched ahead, a null where the type forbids it, a value a
scalar refuses, an object of an unexpected type) abandons the plan for that object, which is
then completed the regular way: graphql-core raises or locates the error it always did, and the
selection is not planned again in that request. Resolvers may thus be called twice for such an
object; the resolvers planned are reads (a mutation's own field is never planned).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from inspect import iscoroutine
from typing import Any, NamedTuple

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    Undefined,
)
from graphql.pyutils import Path
from graphql.type.scalars import serialize_boolean, serialize_id, serialize_string
from strawberry import relay
from strawberry.relay.utils import to_base64
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.cast import TYPE_CAST_ATTRIBUTE

from core.graphql.plan_code import (
    Abandon,
    LeafCompletion,
    PlanFunction,
    Runtime,
    StepCode,
    plan_function,
)
from core.graphql.resolution import isawaitable

SHORTCUT_KEY = "cps-leaf-shortcut"
# Directives a plan leaves to graphql-core: it neither defers nor streams.
_INCREMENTAL = frozenset({"defer", "stream"})


class LeafShortcut(NamedTuple):
    """How to answer a plain leaf field: the attribute to read and the scalar's serializer;
    values of type ``unchanged`` are their own answer (a ``str`` for a String or an ID, a
    ``bool`` for a Boolean: graphql-core's serializers give them back as they are)."""

    attribute: str
    serialize: Callable[[Any], Any]
    non_null: bool
    unchanged: type | None = None


_UNCHANGED: dict[Callable[[Any], Any], type] = {
    serialize_string: str,
    serialize_id: str,
    serialize_boolean: bool,
}


def _shortcut_of(field: GraphQLField) -> LeafShortcut | None:
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if definition is None or not definition.is_basic_field or field.args:
        return None
    if not getattr(field.resolve, "_is_default", False):
        return None
    field_type, non_null = field.type, False
    if isinstance(field_type, GraphQLNonNull):
        field_type, non_null = field_type.of_type, True
    if not isinstance(field_type, GraphQLScalarType | GraphQLEnumType):
        return None
    return LeafShortcut(
        definition.python_name,
        field_type.serialize,
        non_null,
        _UNCHANGED.get(field_type.serialize),
    )


_NODE_ID = relay.Node.__dict__["_id"].__func__


def _node_id_shortcut(object_type: GraphQLObjectType, field: GraphQLField) -> LeafShortcut | None:
    """The ``id`` of a relay node whose type keeps Strawberry's own ``resolve_id`` and
    ``resolve_typename``: the global ID of its type name and its ``NodeID`` attribute."""
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    resolver = getattr(definition, "base_resolver", None)
    if resolver is None or getattr(resolver.wrapped_func, "__func__", None) is not _NODE_ID:
        return None
    type_definition = object_type.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    origin = getattr(type_definition, "origin", None)
    if not (isinstance(origin, type) and issubclass(origin, relay.Node)):
        return None
    if not all(_inherited(origin, relay.Node, name) for name in ("resolve_id", "resolve_typename")):
        return None
    type_name = object_type.name
    return LeafShortcut(
        origin.resolve_id_attr(), lambda value: to_base64(type_name, str(value)), True
    )


def _inherited(cls: type, base: type, name: str) -> bool:
    """Whether the classmethod ``name`` of ``cls`` is the very one of ``base``."""
    return getattr(getattr(cls, name), "__func__", None) is getattr(getattr(base, name), "__func__")


def _object_types(schema: GraphQLSchema) -> Iterator[GraphQLObjectType]:
    for named_type in schema.type_map.values():
        if isinstance(named_type, GraphQLObjectType) and not named_type.name.startswith("__"):
            yield named_type


def _object_fields(schema: GraphQLSchema) -> Iterator[GraphQLField]:
    for object_type in _object_types(schema):
        yield from object_type.fields.values()


def mark_leaf_shortcuts(schema: GraphQLSchema) -> int:
    """Mark every plain leaf field of the schema's object types, and the ``id`` of relay nodes
    that keep Strawberry's way of making it; returns how many."""
    marked = 0
    for object_type in _object_types(schema):
        for name, field in object_type.fields.items():
            shortcut = _shortcut_of(field)
            if shortcut is None and name == "id":
                shortcut = _node_id_shortcut(object_type, field)
            if shortcut is not None:
                field.extensions = {**(field.extensions or {}), SHORTCUT_KEY: shortcut}
                marked += 1
    return marked


def _direct_resolver(definition: Any, info_class: type) -> Callable[..., Any]:
    resolver = definition.base_resolver
    func = resolver.wrapped_func
    passes_self = resolver.self_parameter is not None
    source_names = tuple(
        parameter.name
        for parameter in (resolver.parent_parameter, resolver.root_parameter)
        if parameter is not None
    )
    info_name = resolver.info_parameter.name if resolver.info_parameter else None

    def resolve(source: Any, info: Any) -> Any:
        kwargs = dict.fromkeys(source_names, source)
        if info_name is not None:
            kwargs[info_name] = info_class(_raw_info=info, _field=definition)
        return func(source, **kwargs) if passes_self else func(**kwargs)

    return resolve


def call_resolvers_directly(schema: GraphQLSchema, info_class: type) -> int:
    """Let graphql-core call each resolver without argument, extension or exception handler
    straight, with a Strawberry ``info_class`` built on the way; returns how many."""
    replaced = 0
    for field in _object_fields(schema):
        definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if (
            definition is None
            or definition.base_resolver is None
            or definition.extensions
            or definition.arguments
            or field.args
        ):
            continue
        field.resolve = _direct_resolver(definition, info_class)
        replaced += 1
    return replaced


class ContextOnly:
    """What a resolver marked ``uses_only_context`` gets as ``info`` in a plan."""

    __slots__ = ("context",)

    def __init__(self, context: Any) -> None:
        self.context = context


def _context_resolver(field_def: GraphQLField) -> Callable[[Any, Any], Any] | None:
    definition = field_def.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    resolver = getattr(definition, "base_resolver", None)
    if definition is None or resolver is None or definition.extensions or definition.arguments:
        return None
    func = resolver.wrapped_func
    if not getattr(func, "__cps_uses_only_context__", False) or resolver.self_parameter is None:
        return None
    return func


def _read_leaf(shortcut: LeafShortcut, source: Any) -> Any:
    """A marked leaf's answer; ``Abandon`` (or the scalar's error) when only the regular path
    may answer: a missing attribute, a null where the type forbids it, a value refused."""
    value = getattr(source, shortcut.attribute, Undefined)
    if value is None:
        if shortcut.non_null:
            raise Abandon
        return None
    if value is Undefined:
        raise Abandon
    if type(value) is shortcut.unchanged:
        return value
    serialized = shortcut.serialize(value)
    if serialized is None or serialized is Undefined:
        raise Abandon
    return serialized


def _plannable_node(details: Any) -> bool:
    for detail in details:
        node = detail.node
        if node.arguments or getattr(detail, "fragment_variable_values", None):
            return False
        if any(directive.name.value in _INCREMENTAL for directive in node.directives or ()):
            return False
    return True


def _leaf_completion(leaf_type: GraphQLScalarType | GraphQLEnumType, non_null: bool):
    return LeafCompletion(leaf_type.serialize, non_null, _UNCHANGED.get(leaf_type.serialize))


Completer = Callable[[Any, Path | None], Any]


class PlannedExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, completing plannable objects by their plan."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self._planning = manager is None or not manager.middlewares
        # Keyed like graphql-core's memo of collected subfields, which keeps each list alive.
        self._plans: dict[tuple[GraphQLObjectType, int], PlanFunction | None] = {}
        self._runtime: Runtime | None = None

    def _plan_runtime(self) -> Runtime:
        """What the plans of this execution call; made on the first plan."""
        if self._runtime is None:
            self._runtime = Runtime(
                ContextOnly(self.context_value), self.build_resolve_info, self._check_awaitable
            )
        return self._runtime

    def build_response(self, data: dict[str, Any] | None) -> Any:
        """The response; the plans are let go with it.

        The plans hold the execution context (through its ``build_resolve_info``), which holds
        them: a cycle that refcounting cannot free, and would keep every object of the request
        (rows, GraphQL objects, completed answers) for the garbage collector to find, some
        3,000 objects a partner query. Broken here, they are freed as the request ends."""
        response = super().build_response(data)
        self._plans.clear()
        self._runtime = None
        return response

    @staticmethod
    def _check_awaitable(value: Any) -> None:
        """Abandon the plan for an awaitable: its data was not fetched ahead."""
        if isawaitable(value):
            if iscoroutine(value):
                value.close()
            raise Abandon

    def _plan(self, object_type: GraphQLObjectType, field_details_list: Any) -> PlanFunction | None:
        """The function completing a selection on ``object_type``, or ``None`` when it cannot
        have one; the selections below it are planned on the way."""
        key = (object_type, id(field_details_list))
        if key in self._plans:
            return self._plans[key]
        self._plans[key] = None  # stays so if making the plan fails
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(
            object_type, field_details_list
        )
        if new_defer_usages or not self._planning:
            return None
        steps = []
        for response_name, details in grouped_field_set.items():
            name = details[0].node.name.value
            if name == "__typename" and _plannable_node(details):
                # Apollo Client and others add it to every selection.
                steps.append(StepCode(response_name, typename=True))
                continue
            field_def = object_type.fields.get(name)
            if field_def is None or field_def.args or not _plannable_node(details):
                return None
            steps.append(self._step(response_name, field_def, details, object_type))
        plan = plan_function(steps, object_type.name, self._plan_runtime())
        self._plans[key] = plan
        return plan

    def _step(
        self,
        response_name: str,
        field_def: GraphQLField,
        details: Any,
        object_type: GraphQLObjectType,
    ) -> StepCode:
        shortcut = field_def.extensions.get(SHORTCUT_KEY)
        if shortcut is not None:
            leaf = LeafCompletion(shortcut.serialize, shortcut.non_null, shortcut.unchanged)
            return StepCode(response_name, attribute=shortcut.attribute, leaf=leaf)
        source: dict[str, Any] = {}
        if getattr(field_def.resolve, "_is_default", False):
            definition = field_def.extensions[GraphQLCoreConverter.DEFINITION_BACKREF]
            source["attribute"] = definition.python_name
        elif (context_resolver := _context_resolver(field_def)) is not None:
            source.update(resolver=context_resolver, context_only=True)
        else:
            nodes = [detail.node for detail in details]
            source.update(
                resolver=field_def.resolve or self.field_resolver,
                info_args=(field_def, nodes, object_type),
            )
        field_type, non_null = field_def.type, False
        if isinstance(field_type, GraphQLNonNull):
            field_type, non_null = field_type.of_type, True
        if isinstance(field_type, GraphQLScalarType | GraphQLEnumType):
            return StepCode(response_name, leaf=_leaf_completion(field_type, non_null), **source)
        complete, needs_path = self._completer(field_def.type, details)
        return StepCode(
            response_name, complete=complete, completion_needs_path=needs_path, **source
        )

    def _completer(
        self, value_type: GraphQLOutputType, details: Any, nullable: bool = True
    ) -> tuple[Completer, bool]:
        """A function completing a value of ``value_type`` (made once per plan: no walk through
        the type's wrappers per value), and whether it needs a real path; ``nullable`` is False
        under a non-null wrapper."""
        if isinstance(value_type, GraphQLNonNull):
            return self._completer(value_type.of_type, details, nullable=False)
        if isinstance(value_type, GraphQLList):
            item, item_needs_path = self._completer(value_type.of_type, details)

            def complete_list(value: Any, path: Path | None) -> Any:
                if value is None:
                    if nullable:
                        return None
                    raise Abandon
                if not isinstance(value, list | tuple):
                    raise Abandon
                if item_needs_path:
                    assert path is not None, "a completion that needs a path is given one"
                    return [item(each, path.add_key(index)) for index, each in enumerate(value)]
                return [item(each, None) for each in value]

            return complete_list, item_needs_path
        if isinstance(value_type, GraphQLScalarType | GraphQLEnumType):
            serialize = value_type.serialize

            def complete_leaf(value: Any, path: Path | None) -> Any:
                if value is None:
                    if nullable:
                        return None
                    raise Abandon
                serialized = serialize(value)
                if serialized is None or serialized is Undefined:
                    raise Abandon
                return serialized

            return complete_leaf, False
        if isinstance(value_type, GraphQLObjectType):
            return self._object_completer(value_type, details, nullable)
        # An interface or a union: graphql-core resolves the object's type.
        return _abandon_unless_null(nullable), False

    def _object_completer(
        self, object_type: GraphQLObjectType, details: Any, nullable: bool
    ) -> tuple[Completer, bool]:
        plan = self._plan(object_type, details)
        if plan is None:
            return _abandon_unless_null(nullable), False
        run = plan.run
        is_type_of = object_type.is_type_of
        definition = object_type.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
        # Strawberry's own is_type_of depends on the class alone (but for a cast object):
        # a class it accepted once is accepted again without asking.
        remember = getattr(definition, "is_type_of", None) is None
        accepted: set[type] = set()
        # The same object met again under this selection (the department of a hundred
        # sessions, a trainer of forty: ``Loaders.converted`` makes one per row) gets the answer
        # it got the first time, unless a path is needed (an answer is the same wherever it
        # sits: plans resolve reads of one request). The object is kept with its answer, so
        # its id cannot stand for another object.
        answered: dict[int, tuple[Any, dict[str, Any]]] | None = (
            None if plan.needs_path else {}
        )

        def complete_object(value: Any, path: Path | None) -> Any:
            if value is None:
                if nullable:
                    return None
                raise Abandon
            if answered is not None:
                known = answered.get(id(value))
                if known is not None and known[0] is value:
                    return known[1]
            if is_type_of is not None and (
                value.__class__ not in accepted or hasattr(value, TYPE_CAST_ATTRIBUTE)
            ):
                # Strawberry's is_type_of reads the value only, never the resolve info.
                if is_type_of(value, None) is not True:  # type: ignore[arg-type]
                    raise Abandon
                if remember and not hasattr(value, TYPE_CAST_ATTRIBUTE):
                    accepted.add(value.__class__)
            answer = run(value, path)
            if answered is not None:
                answered[id(value)] = (value, answer)
            return answer

        return complete_object, plan.needs_path

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        """A field of an object completed the regular way: a marked leaf still answers by
        ``getattr`` and ``serialize`` when it can."""
        node = field_details_list[0].node
        field_def = parent_type.fields.get(node.name.value)
        if field_def is not None and not node.arguments and self._planning:
            shortcut = field_def.extensions.get(SHORTCUT_KEY)
            if shortcut is not None:
                try:
                    return _read_leaf(shortcut, source)
                except Exception:  # noqa: BLE001 (Abandon, or an error the regular path reports)
                    pass
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def collect_and_execute_subfields(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        """Complete the object by its plan when it has one; else, or when the plan is
        abandoned, the regular way (and no more plan for this selection in this request)."""
        plan = self._plan(return_type, field_details_list)
        if plan is not None:
            try:
                return plan.run(result, path)
            except Exception:  # noqa: BLE001 (Abandon, or an error the regular path reports)
                self._plans[(return_type, id(field_details_list))] = None
        return super().collect_and_execute_subfields(
            return_type, field_details_list, path, result, position_context
        )


def _abandon_unless_null(nullable: bool) -> Completer:
    def complete(value: Any, path: Path | None) -> Any:
        if value is None and nullable:
            return None
        raise Abandon  # a selection without a plan: the regular path completes it

    return complete
