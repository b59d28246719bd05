"""``schema.graphql`` is the exported schema and must follow the code."""

from __future__ import annotations

from pathlib import Path

from graphql import build_schema as parse_sdl

from core.graphql.schema import build_schema, schema_sdl

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_committed_schema_matches_the_code():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_sdl(build_schema()), (
        "schema.graphql is stale: run `cps schema export`"
    )


def test_every_type_field_and_argument_is_described():
    schema = parse_sdl(SCHEMA_FILE.read_text(encoding="utf-8"))
    missing = []
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        if not graphql_type.description:
            missing.append(name)
        for field_name, field in getattr(graphql_type, "fields", {}).items():
            if not field.description:
                missing.append(f"{name}.{field_name}")
            for argument_name, argument in getattr(field, "args", {}).items():
                if not argument.description:
                    missing.append(f"{name}.{field_name}({argument_name})")
    assert missing == []
