"""Loire-Atlantique (44): what only its plugin does, its GraphQL extension, with the test kit.

What every department's plugin does is tested once for all five in ``test_departments.py``.
"""

from __future__ import annotations

import pytest

from plugins import dept_44


@pytest.fixture
def cps_plugins():
    """The test kit loads department 44's plugin only."""
    return {"dept_44": dept_44.plugin}


async def test_its_graphql_extension_publishes_the_university_diploma(cps_graphql):
    data = await cps_graphql.data(
        '{ department(code: "44") { extension { ... on Dept44Extension { universityDiploma { holder city } } } } }'
    )
    assert data["department"]["extension"] == {
        "universityDiploma": {"holder": "Université de Nantes", "city": "Nantes"}
    }
