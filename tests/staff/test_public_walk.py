"""Nothing private through a public path: walk every field an anonymous caller can reach.

The walk introspects the schema, then queries each root field without required arguments with
every field below it (fragments on every possible type, each type once per path), then asks
``node`` for every ID it met. No participant's name or email, and no unpublished contact
detail, may appear anywhere. The same walk with a regional token does find the unpublished
contacts: the walk reaches the fields that hold them.
"""

from __future__ import annotations

import json
import re
from datetime import date, time

import pytest
from sqlalchemy import select

from core.models import Event, Person
from core.models.enums import EventKind
from core.settings import Settings
from tests.staff.conftest import (
    REGISTER,
    module_1_person,
    module_2_person,
    practice_day_id,
    session_id,
)

INTROSPECTION = """
{ __schema { queryType { name } types {
    name kind possibleTypes { name }
    fields { name args { name type { kind ofType { kind } } defaultValue }
             type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
} } }
"""
MAX_DEPTH = 7


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Limits wide enough for the walk's large documents."""
    return Settings.from_env(
        database_url=database_url,
        base_url="https://cps.example.org",
        max_query_depth=40,
        max_query_tokens=1_000_000,
        max_query_cost=10_000_000,
        max_query_aliases=100_000,
        rate_limit_anonymous=0,
    )


def _named(type_ref: dict) -> str:
    while type_ref.get("ofType"):
        type_ref = type_ref["ofType"]
    return type_ref["name"]


class Walker:
    """Builds selection sets from the introspected schema."""

    def __init__(self, schema: dict) -> None:
        self.types = {t["name"]: t for t in schema["types"]}
        self.query_type = schema["queryType"]["name"]

    @staticmethod
    def callable_without_arguments(field: dict) -> bool:
        return all(
            arg["type"]["kind"] != "NON_NULL" or arg["defaultValue"] is not None
            for arg in field["args"]
        )

    def selection(self, type_name: str, ancestors: tuple[str, ...]) -> str:
        kind = self.types[type_name]["kind"]
        if kind in ("SCALAR", "ENUM"):
            return ""
        if len(ancestors) >= MAX_DEPTH or type_name in ancestors:
            return "{ __typename }"
        path = (*ancestors, type_name)
        if kind in ("INTERFACE", "UNION"):
            fragments = " ".join(
                f"... on {possible['name']} {self.selection(possible['name'], path)}"
                for possible in self.types[type_name]["possibleTypes"]
            )
            return "{ __typename " + fragments + " }"
        parts = ["__typename"]
        for field in self.types[type_name]["fields"]:
            if not self.callable_without_arguments(field):
                continue
            # Aliased by type: fragments on several types may not share a name with two types.
            alias = f"{type_name}__{field['name']}: {field['name']}"
            parts.append(alias + " " + self.selection(_named(field["type"]), path))
        return "{ " + " ".join(parts) + " }"

    def root_documents(self) -> list[str]:
        documents = []
        for field in self.types[self.query_type]["fields"]:
            if self.callable_without_arguments(field):
                sub = self.selection(_named(field["type"]), (self.query_type,))
                documents.append("{ " + field["name"] + " " + sub + " }")
        return documents

    def node_document(self) -> str:
        return "query($id: ID!) { node(id: $id) " + self.selection("Node", ("Query",)) + " }"


def _ids(value, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("__id") and isinstance(item, str):
                found.add(item)
            else:
                _ids(item, found)
    elif isinstance(value, list):
        for item in value:
            _ids(item, found)
    return found


async def walk(client) -> str:
    """Every answer of the walk, as one text."""
    schema = (await client.data(INTROSPECTION))["__schema"]
    walker = Walker(schema)
    texts = []
    ids: set[str] = set()
    for document in walker.root_documents():
        body = await client(document)
        texts.append(json.dumps(body, ensure_ascii=False))
        _ids(body.get("data"), ids)
    node_document = walker.node_document()
    for node_id in sorted(ids):
        body = await client(node_document, {"id": node_id})
        texts.append(json.dumps(body, ensure_ascii=False))
    # The public feeds every calendar field points to.
    pattern = r'"https://cps\.example\.org(/calendars/[^"?]+\.ics)"'
    feeds = sorted(set(re.findall(pattern, "".join(texts))))
    assert "/calendars/region.ics" in feeds and len(feeds) > 10
    for path in feeds:
        response = await client.http.get(path)
        assert response.status_code == 200, path
        texts.append(response.text)
    assert len(ids) > 30 and {session_id(1), session_id(2), practice_day_id("44")} <= ids
    return "\n".join(texts)


async def test_no_participant_data_and_no_unpublished_contact_through_public_paths(
    graphql, regional, database
):
    secrets = []
    for n, (target, person) in enumerate(
        [
            (session_id(2), module_1_person(1, fullName="Zéphyrine Secretnom")),
            (session_id(1), module_2_person(2, fullName="Anatole Cachénom")),
            (practice_day_id("44"), module_1_person(3, departmentCode="44",
                                                    fullName="Philémon Privé",
                                                    confirmedTrainerTrainingYears=[2025])),
        ]
    ):
        answer = await graphql.data(REGISTER, {"target": target, "registration": person})
        assert answer["register"]["errors"] == [], answer
        secrets += [person["fullName"], person["email"], answer["register"]["reference"]]
    # Every person of the directory gets contact details, published for half of them only.
    async with database.sessions() as db, db.begin():
        people = list(await db.scalars(select(Person).order_by(Person.id)))
        unpublished = []
        for n, person in enumerate(people):
            person.contact_public = n % 2 == 0
            if not person.contact_public:
                person.email = f"non.publie.{n}@example.org"
                person.phone = f"02 40 00 00 {n:02d}"
                unpublished += [person.email, person.phone]

    async with database.sessions() as db, db.begin():
        db.add(
            Event(
                kind=EventKind.COTER_MEETING, title="Réunion confidentielle du COTER 44",
                department_code="44", year=2025, date=date(2025, 12, 1), start_time=time(14),
                end_time=time(16), is_public=False,
            )
        )
    secrets.append("Réunion confidentielle du COTER 44")

    public_text = await walk(graphql)
    for secret in secrets + unpublished:
        assert secret not in public_text, secret
    assert "Employer" not in public_text or "Mairie d'Angers" not in public_text

    staff_text = await walk(regional)
    assert any(value in staff_text for value in unpublished)
