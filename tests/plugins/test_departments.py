"""Each department's plugin on its own, with the test kit (``cps_*`` fixtures): the seed's 2025
content served by the API, and its practice-exchange day kept for its own trainers.

The tests run once per department, named after its plugin: ``pytest tests/plugins -k dept_53``
runs one department's (with its contract, ``test_contract.py``). What is particular to each
department, from the Pôle CPS 2025 brochure, is its row of ``SEED_2025``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from core.hooks import RegistrationDraft
from core.hooks.testing import practice_day
from tests.plugins.conftest import (
    ACCESS_2025,
    STEERING,
    declared_plugins,
    department_content,
    violation_codes,
)


@dataclass(frozen=True)
class Department2025:
    """A department as the 2025 brochure states it, and how its practice-exchange day reads."""

    code: str
    name: str
    coter: str
    referent: str
    day: date
    city: str
    postal_code: str
    leader: str
    starts_at: str
    french_day: str
    registrant_from: str  # a department whose trainers the day is not for

    @property
    def plugin_name(self) -> str:
        """The name of the department's plugin (``dept_53``)."""
        return f"dept_{self.code}"


SEED_2025 = [
    Department2025(
        code="44",
        name="Loire-Atlantique",
        coter="COTER de la Loire-Atlantique",
        referent="Audrey Pavageau",
        day=date(2025, 9, 23),
        city="Nantes",
        postal_code="44000",
        leader="Mathilde Garabedian",
        starts_at="2025-09-23T09:00:00+02:00",
        french_day="mardi 23 septembre 2025",
        registrant_from="85",
    ),
    Department2025(
        code="49",
        name="Maine-et-Loire",
        coter="COTER de Maine-et-Loire",
        referent="Béatrice Beaudouin",
        day=date(2025, 12, 9),
        city="Angers",
        postal_code="49000",
        leader="Alexandra Bonnaudet",
        starts_at="2025-12-09T09:00:00+01:00",
        french_day="mardi 9 décembre 2025",
        registrant_from="53",
    ),
    Department2025(
        code="53",
        name="Mayenne",
        coter="COTER de la Mayenne",
        referent="Magali Ségrétain",
        day=date(2025, 11, 25),
        city="Laval",
        postal_code="53000",
        leader="Anne Le Royer",
        starts_at="2025-11-25T09:00:00+01:00",
        french_day="mardi 25 novembre 2025",
        registrant_from="72",
    ),
    Department2025(
        code="72",
        name="Sarthe",
        coter="COTER de la Sarthe",
        referent="Magali Ségrétain",
        day=date(2025, 11, 7),
        city="Le Mans",
        postal_code="72000",
        leader="Tiphaine Forges-Bodet",
        starts_at="2025-11-07T09:00:00+01:00",
        french_day="vendredi 7 novembre 2025",
        registrant_from="53",
    ),
    Department2025(
        code="85",
        name="Vendée",
        coter="COTER de la Vendée",
        referent="Béatrice Beaudouin",
        day=date(2025, 10, 16),
        city="La Roche-sur-Yon",
        postal_code="85000",
        leader="Emilie Provost",
        starts_at="2025-10-16T09:00:00+02:00",
        french_day="jeudi 16 octobre 2025",
        registrant_from="44",
    ),
]


def test_every_declared_department_plugin_has_its_row():
    assert [d.plugin_name for d in SEED_2025] == list(declared_plugins())


@pytest.fixture(params=SEED_2025, ids=[d.plugin_name for d in SEED_2025])
def department(request) -> Department2025:
    """One department of the table; its plugin is the one the test kit loads."""
    return request.param


@pytest.fixture
def cps_plugins(department):
    """The test kit loads this department's plugin only."""
    return {department.plugin_name: declared_plugins()[department.plugin_name]}


async def test_the_brochures_2025_content_is_served(cps_graphql, department):
    day = department.day.isoformat()
    assert await department_content(cps_graphql, department.code) == {
        "name": department.name,
        "plugin": department.plugin_name,
        "referents": [department.referent],
        "coter": department.coter,
        "steering": STEERING,
        "day": (day, department.city, department.postal_code, [department.leader]),
        "starts_at": department.starts_at,
        "access": ACCESS_2025,
        "actions": [("TRAINER_TRAINING", day, day)],
    }


def test_its_day_is_for_its_trainers_of_the_same_years_training(cps_rules, department):
    code = department.code
    day = practice_day(code, day=department.day)
    trained_2025 = frozenset({2025})
    assert cps_rules.registration(
        RegistrationDraft(department_code=code, confirmed_trainer_training_years=trained_2025), day
    ).passed
    elsewhere = cps_rules.registration(
        RegistrationDraft(
            department_code=department.registrant_from,
            confirmed_trainer_training_years=trained_2025,
        ),
        day,
    )
    assert violation_codes(elsewhere) == [f"DEPT_{code}_PRACTICE_DAY_OWN_DEPARTMENT"]
    assert f"du {department.french_day}" in elsewhere.violations[0].message
    untrained = cps_rules.registration(
        RegistrationDraft(department_code=code, confirmed_trainer_training_years=frozenset({2024})),
        day,
    )
    assert violation_codes(untrained) == [f"DEPT_{code}_PRACTICE_DAY_TRAINER_TRAINING"]
