"""Every part of the public schema says what it is: the schema, each type, field, argument,
input field and enum value has a description.

graphql-schema-linter (npm) checks the same, but would need Node.js and an install in every
run; this reads the schema the service serves, over introspection, through GraphQL over HTTP.
"""

from __future__ import annotations

INTROSPECTION = """
{
  __schema {
    description
    types {
      name kind description
      fields(includeDeprecated: true) {
        name description args(includeDeprecated: true) { name description }
      }
      inputFields(includeDeprecated: true) { name description }
      enumValues(includeDeprecated: true) { name description }
    }
  }
}
"""
# Scalars of the GraphQL specification and of Strawberry, described by their own specification.
STANDARD_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}


def _missing(schema: dict) -> list[str]:
    missing = [] if (schema["description"] or "").strip() else ["the schema"]
    for kind in schema["types"]:
        name = kind["name"]
        if name.startswith("__") or name in STANDARD_SCALARS:
            continue
        if not (kind["description"] or "").strip():
            missing.append(name)
        for field in kind["fields"] or []:
            if not (field["description"] or "").strip():
                missing.append(f"{name}.{field['name']}")
            missing += [
                f"{name}.{field['name']}({arg['name']})"
                for arg in field["args"]
                if not (arg["description"] or "").strip()
            ]
        for part in [*(kind["inputFields"] or []), *(kind["enumValues"] or [])]:
            if not (part["description"] or "").strip():
                missing.append(f"{name}.{part['name']}")
    return missing


async def test_every_part_of_the_schema_has_a_description(graphql):
    schema = (await graphql.data(INTROSPECTION))["__schema"]
    assert _missing(schema) == []


def test_the_check_finds_what_is_missing():
    schema = {
        "description": None,
        "types": [{
            "name": "Stage", "kind": "ENUM", "description": "Where it stands.", "fields": None,
            "inputFields": None, "enumValues": [{"name": "OVER", "description": ""}],
        }],
    }
    assert _missing(schema) == ["the schema", "Stage.OVER"]
