"""The two execution paths: planned (the default) and plain (``CPS_PLANNED_EXECUTION=0``).

Every query the suite sends is already answered by both and compared (the ``execution_paths``
fixture of ``tests/conftest.py``, ``tests/execution_paths.py``); these tests show that the
comparison runs, that it would catch a difference, and that the setting chooses the path.
"""

from __future__ import annotations

import pytest
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from core.app import GraphQLEndpoint
from core.graphql import execution
from core.graphql.execution import PlannedExecutionContext
from core.hooks.testkit import GraphQLClient
from core.settings import Settings
from tests.serving import client_of, running, settings_for
from tests.staff.conftest import REGISTER, module_1_person, session_id

SESSIONS = "{ sessions(first: 3) { edges { node { number title days { date } } } } }"


async def test_each_query_is_answered_by_both_paths_and_compared(graphql, execution_paths):
    body = await graphql(SESSIONS)
    assert len(body["data"]["sessions"]["edges"]) == 3
    await graphql("query Named { departments { edges { node { code } } } }")
    assert execution_paths.compared == 2
    assert execution_paths.differences == []


async def test_mutations_and_refused_requests_are_not_run_twice(graphql, execution_paths):
    body = await graphql(
        REGISTER, {"target": session_id(2), "registration": module_1_person()}
    )
    assert body["data"]["register"]["errors"] == []
    response = await graphql.post("{ sessions { nope } }")
    assert response.status_code == 400
    assert execution_paths.compared == 0
    await graphql(SESSIONS)
    assert execution_paths.compared == 1


async def test_a_planned_answer_that_differs_is_reported(graphql, execution_paths, monkeypatch):
    make_plan = execution.plan_function

    def wrong_plan(steps, type_name, runtime):
        plan = make_plan(steps, type_name, runtime)
        return plan._replace(run=lambda source, path: {**plan.run(source, path), "date": "x"})

    monkeypatch.setattr(execution, "plan_function", wrong_plan)
    await graphql(SESSIONS)
    assert len(execution_paths.differences) == 1
    assert "'date': 'x'" in execution_paths.differences[0]
    execution_paths.differences.clear()  # seen: the fixture must not fail this test


def _endpoint(app) -> GraphQLEndpoint:
    return next(route.app for route in app.routes if getattr(route, "path", "") == "/graphql")


@pytest.mark.parametrize(
    ("value", "context_class"),
    [("1", PlannedExecutionContext), ("0", StrawberryGraphQLCoreExecutionContext)],
)
async def test_the_setting_chooses_the_execution_path(
    database_url, monkeypatch, value, context_class
):
    monkeypatch.setenv("CPS_PLANNED_EXECUTION", value)
    assert Settings.from_env().planned_execution is (value == "1")
    settings = settings_for(database_url, planned_execution=value)
    async with running(settings) as app, client_of(app) as http:
        schema = _endpoint(app).schema
        assert schema.execution_context_class is context_class
        response = await GraphQLClient(http).post(SESSIONS)
    assert response.status_code == 200
    assert len(response.json()["data"]["sessions"]["edges"]) == 3
