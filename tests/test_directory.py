"""The directory of referents and trainers, the departments, modules and organizations."""

from __future__ import annotations

from sqlalchemy import select
from strawberry.relay import to_base64

from core.models import Person
from core.services.people import person_search_fields

SEARCH = """
query($filter: TrainerFilter) {
  trainers(filter: $filter, first: 50) {
    totalCount
    edges { node { fullName otherSpellings roles organization { shortName } contact { email phone } } }
  }
}
"""


def full_names(data: dict) -> list[str]:
    return [edge["node"]["fullName"] for edge in data["trainers"]["edges"]]


async def test_the_pool_has_eight_trainers_and_three_referents(graphql):
    pool = await graphql.data(SEARCH, {"filter": {"role": "REGIONAL_TRAINER"}})
    referents = await graphql.data(SEARCH, {"filter": {"role": "REFERENT"}})
    assert pool["trainers"]["totalCount"] == 11
    assert full_names(referents) == ["Béatrice Beaudouin", "Audrey Pavageau", "Magali Ségrétain"]


async def test_name_search_ignores_accents_case_spaces_and_hyphens(graphql):
    for text, expected in [
        ("beatrice", ["Béatrice Beaudouin"]),
        ("SEGRETAIN", ["Magali Ségrétain"]),
        ("LEROYER", ["Anne Le Royer"]),
        ("le royer", ["Anne Le Royer"]),
        ("forges bodet", ["Tiphaine Forges-Bodet"]),
    ]:
        data = await graphql.data(SEARCH, {"filter": {"name": text}})
        assert full_names(data) == expected, text


async def test_one_person_whatever_the_spelling(graphql):
    data = await graphql.data(SEARCH, {"filter": {"name": "royer"}})
    [anne] = data["trainers"]["edges"]
    assert anne["node"]["otherSpellings"] == ["Anne Leroyer"]


async def test_filters_by_department_and_organization(graphql):
    in_85 = await graphql.data(SEARCH, {"filter": {"department": "85"}})
    assert full_names(in_85) == ["Béatrice Beaudouin"]
    organizations = await graphql.data(
        "{ organizations { edges { node { id shortName interactionsMember } } } }"
    )
    by_name = {e["node"]["shortName"]: e["node"] for e in organizations["organizations"]["edges"]}
    assert by_name["Addictions France"]["interactionsMember"] is True
    assert by_name["Planning Familial"]["interactionsMember"] is False
    addictions = await graphql.data(
        SEARCH, {"filter": {"organization": by_name["Addictions France"]["id"]}}
    )
    assert full_names(addictions) == ["Béatrice Beaudouin", "Tiphaine Forges-Bodet", "Camille Raison"]


async def test_an_id_of_another_type_is_refused_as_organization(graphql):
    data = await graphql.data("{ departments(first: 1) { edges { node { id } } } }")
    department_id = data["departments"]["edges"][0]["node"]["id"]
    body = await graphql(SEARCH, {"filter": {"organization": department_id}})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ID"


async def test_published_contacts_show_and_unpublished_ones_never_do(graphql, database):
    async with database.sessions() as session, session.begin():
        session.add(
            Person(
                given_name="Claire",
                family_name="Privée",
                email="claire.privee@example.org",
                phone="06 00 00 00 00",
                contact_public=False,
                **person_search_fields("Claire", "Privée", []),
            )
        )
    data = await graphql.data(SEARCH)
    contacts = {e["node"]["fullName"]: e["node"]["contact"] for e in data["trainers"]["edges"]}
    assert contacts["Audrey Pavageau"] == {
        "email": "apavageau@promotionsante-pdl.org",
        "phone": "06 26 14 67 33",
    }
    assert contacts["Claire Privée"] is None
    assert contacts["Emilie Provost"] is None
    async with database.sessions() as session:
        public_id = await session.scalar(select(Person.public_id).where(Person.given_name == "Claire"))
    found = await graphql.data(
        "query($id: ID!) { node(id: $id) { ... on Person { fullName contact { email } } } }",
        {"id": to_base64("Person", public_id)},
    )
    assert found["node"] == {"fullName": "Claire Privée", "contact": None}


async def test_departments_with_their_coter_and_referents(graphql):
    data = await graphql.data(
        """{ departments { totalCount edges { node {
             code name coter { name steeringInstitutions { shortName kind } }
             referents { fullName institutionsFollowed { shortName } }
        } } } }"""
    )
    departments = {e["node"]["code"]: e["node"] for e in data["departments"]["edges"]}
    assert list(departments) == ["44", "49", "53", "72", "85"]
    assert departments["85"]["name"] == "Vendée"
    assert departments["44"]["coter"]["name"] == "COTER de la Loire-Atlantique"
    assert [i["kind"] for i in departments["53"]["coter"]["steeringInstitutions"]] == [
        "ARS_TERRITORIAL_DELEGATION",
        "DSDEN",
        "DEPARTMENTAL_COUNCIL",
    ]
    assert [r["fullName"] for r in departments["49"]["referents"]] == ["Béatrice Beaudouin"]
    assert [r["fullName"] for r in departments["72"]["referents"]] == ["Magali Ségrétain"]
    assert [i["shortName"] for i in departments["44"]["referents"][0]["institutionsFollowed"]] == [
        "Académie de Nantes",
        "Enseignement supérieur",
    ]


async def test_a_department_by_code(graphql):
    data = await graphql.data('{ department(code: "53") { name } }')
    assert data == {"department": {"name": "Mayenne"}}
    missing = await graphql('{ department(code: "99") { name } }')
    assert missing["errors"][0]["extensions"]["code"] == "UNKNOWN_DEPARTMENT"


async def test_modules_with_structured_prerequisites(graphql):
    data = await graphql.data(
        """{ modules { edges { node { number title lengthDays
             prerequisites { code kind minimumScore requiresInteractionsMember label } } } } }"""
    )
    module_1, module_2 = (edge["node"] for edge in data["modules"]["edges"])
    assert module_1["title"] == "Les fondamentaux sur les CPS en Promotion de la santé"
    assert module_1["lengthDays"] == 3
    assert [p["kind"] for p in module_1["prerequisites"]] == [
        "INTEREST_OR_EXPERIENCE",
        "PARTNERSHIP_ABILITY",
        "EMPLOYER_COMMITMENT",
    ]
    questionnaire = next(p for p in module_2["prerequisites"] if p["kind"] == "CONCEPTS_QUESTIONNAIRE")
    assert questionnaire["minimumScore"] == 0.8
    prior = next(p for p in module_2["prerequisites"] if p["kind"] == "PRIOR_CPS_TRAINING")
    assert prior["requiresInteractionsMember"] is True
    by_number = await graphql.data("{ module(number: MODULE_2) { title } }")
    assert by_number["module"]["title"].startswith("Transférer des compétences")
