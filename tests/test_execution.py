"""The execution shortcuts answer exactly what plain Strawberry execution answers, errors too."""

from __future__ import annotations

import enum
import json
from dataclasses import field
from typing import NewType

import pytest
import strawberry
from strawberry import relay
from strawberry.schema.config import StrawberryConfig
from strawberry.types import Info

from core.graphql.execution import (
    PlannedExecutionContext,
    call_resolvers_directly,
    mark_leaf_shortcuts,
)
from core.graphql.resolution import uses_only_context
from core.graphql.schema import build_schema


def _refuse(value: object) -> str:
    raise ValueError(f"refused {value!r}")


Fragile = NewType("Fragile", str)
CONFIG = StrawberryConfig(
    scalar_map={Fragile: strawberry.scalar(name="Fragile", serialize=_refuse, parse_value=str)}
)


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Leaf:
    name: str
    note: str | None
    colour: Colour
    fragile: Fragile | None
    missing: str  # holds None for one leaf: a non-null field without a value
    code: str  # holds an int: the String scalar writes it as text
    flag: bool


@strawberry.type
class Branch:
    label: str
    leaves: list[Leaf]
    extra: Leaf | None = None
    calls: list[str] = field(default_factory=list)

    @strawberry.field
    def shout(self, info: Info) -> str:
        self.calls.append(info.field_name)
        return self.label.upper()

    @strawberry.field
    @uses_only_context
    def greeting(self, info: Info) -> str:
        self.calls.append(type(info).__name__)
        return f"{info.context['greeting']} {self.label}"

    @strawberry.field
    @uses_only_context
    def wrongly_marked(self, info: Info) -> str:
        return info.field_name  # not the context: the plan must give way to the regular path

    @strawberry.field
    def repeat(self, times: int) -> str:
        return self.label * times

    @strawberry.field
    async def later(self, root: Branch) -> Leaf | None:
        return root.leaves[0]

    @strawberry.field
    @uses_only_context
    async def awaited(self, info: Info) -> str:
        return self.label  # a coroutine: the plan must give way

    @strawberry.field
    def grid(self) -> list[list[str | None]]:
        return [["a", None], [], ["b"]]

    @strawberry.field
    def gaps(self) -> list[Leaf | None]:
        return [None, self.leaves[0]]

    @strawberry.field
    def either(self) -> Leaf | Item:
        return Item(code="z", name="Z")


def _branch() -> Branch:
    return Branch(
        label="b",
        leaves=[
            Leaf(name="one", note=None, colour=Colour.RED, fragile=None, missing="m", code=7,
                 flag=True),
            Leaf(name="two", note="n", colour=Colour.BLUE, fragile="x", missing=None, code="b",
                 flag=False),
        ],
    )


@strawberry.type
class Item(relay.Node):
    """A node whose global ID Strawberry makes: the shortcut's case."""

    code: relay.NodeID[str]
    name: str


@strawberry.type
class OddItem(relay.Node):
    """A node with its own ``resolve_id``: no shortcut."""

    code: relay.NodeID[str]

    @classmethod
    def resolve_id(cls, root, *, info):
        return f"odd-{root.code}"


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [Item(code="a", name="A"), Item(code="b", name="B")]

    @strawberry.field
    def odd_items(self) -> list[OddItem]:
        return [OddItem(code="c")]

    @strawberry.field
    def branch(self) -> Branch:
        return _branch()

    @strawberry.field
    def branches(self) -> list[Branch]:
        made = [_branch(), _branch()]
        BRANCHES_MADE.extend(made)
        return made


BRANCHES_MADE: list[Branch] = []


def _schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    plain = strawberry.Schema(query=Query, config=CONFIG)
    fast = strawberry.Schema(
        query=Query, config=CONFIG, execution_context_class=PlannedExecutionContext
    )
    assert mark_leaf_shortcuts(fast._schema) > 0
    assert call_resolvers_directly(fast._schema, fast.config.info_class) > 0
    return plain, fast


# The queries whose plain answer has errors: the shortcuts must report the very same ones.
FAILING = {
    "{ branch { leaves { name missing } } }",
    "{ branch { leaves { name fragile } } }",
    "{ branches { shout leaves { name missing } } }",
}

QUERIES = [
    "{ branch { label leaves { name note colour } } }",
    "{ branch { leaves { code flag } } }",
    "{ branch { leaves { n: name name c: colour } } }",
    "{ branch { leaves { __typename name } } }",
    "{ branch { leaves { ...L } } } fragment L on Leaf { name colour }",
    "{ branch { leaves { name missing } } }",
    "{ branch { leaves { name fragile } } }",
    "{ branch { leaves { name note @skip(if: true) colour @include(if: false) } } }",
    "{ branch { shout repeat(times: 3) later { name colour } } }",
    "{ branches { shout leaves { name } } }",
    "{ branch { label @skip(if: true) } }",
    "{ branches { greeting wronglyMarked leaves { name } } }",
    "{ items { id name } oddItems { id } }",
    "{ items { name ... on Node { id } } }",
    "{ branches { shout leaves { name missing } } }",
    "{ branch { awaited label } }",
    "{ branch { grid gaps { name } } }",
    "{ branch { either { ... on Item { id name } ... on Leaf { name } } } }",
    "{ branches { __typename t: __typename label leaves { __typename name } } }",
]


@pytest.mark.parametrize("query", QUERIES)
async def test_the_shortcuts_answer_what_strawberry_answers(query: str):
    plain, fast = _schemas()
    context = {"greeting": "bonjour"}
    expected = await plain.execute(query, context_value=context)
    assert bool(expected.errors) == (query in FAILING), expected.errors
    got = await fast.execute(query, context_value=context)
    assert got.data == expected.data
    # Keys in the selection's order too, whatever order the plan computes the fields in.
    assert json.dumps(got.data) == json.dumps(expected.data)
    assert [(e.message, e.path) for e in got.errors or []] == [
        (e.message, e.path) for e in expected.errors or []
    ]


async def test_a_plannable_selection_is_completed_once_by_its_plan():
    _, fast = _schemas()
    BRANCHES_MADE.clear()
    result = await fast.execute(
        "{ branches { __typename shout greeting label leaves { __typename name colour } } }",
        context_value={"greeting": "salut"},
    )
    assert result.errors is None
    # The plan gives a context-only resolver the bare context (graphql-core, a Strawberry
    # Info); given way to graphql-core, it would have called each resolver a second time.
    assert [branch.calls for branch in BRANCHES_MADE] == [["shout", "ContextOnly"]] * 2


async def test_a_resolver_called_directly_still_gets_a_strawberry_info():
    _, fast = _schemas()
    result = await fast.execute("{ branch { shout } }")
    assert result.errors is None and result.data == {"branch": {"shout": "B"}}


def test_the_service_schema_takes_the_shortcuts():
    schema = build_schema()
    session = schema._schema.type_map["TrainingSession"]
    assert "cps-leaf-shortcut" in session.fields["number"].extensions
    assert "cps-leaf-shortcut" not in session.fields["title"].extensions
    assert session.fields["id"].extensions["cps-leaf-shortcut"].attribute == "public_id"
