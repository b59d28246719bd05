"""Schemathesis against the GraphQL endpoint: every query and mutation of ``schema.graphql``
with generated arguments, sent to a ``cps serve`` started for this module on a free loopback
port. No answer may be a 5xx, no error may be unexpected, and the server's log must hold no
internal error.

Bounded and deterministic: Hypothesis is derandomised (the same cases on every run) and makes
``EXAMPLES`` cases per operation (some 750 requests, well under a minute). Expected refusals are not
findings: a GraphQL error that carries a stable ``extensions.code`` (``INVALID_ID``,
``GRAPHQL_VALIDATION_FAILED``, ``UNAUTHENTICATED``…) is the service saying no as designed, so
each answer is checked here rather than by Schemathesis's own "GraphQL error" check; only an
error without a code, or with ``INTERNAL_ERROR``, fails the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.serving import cps_serve

EXAMPLES = 15
SCHEMA_FILE = Path(__file__).parent.parent / "schema.graphql"

schema = schemathesis.graphql.from_path(SCHEMA_FILE)


@pytest.fixture(scope="module")
def service(template_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``cps serve`` on a copy of the test database (SQLite) or on the test PostgreSQL; its base
    URL. Its log is checked for internal errors when the module ends."""
    folder = tmp_path_factory.mktemp("fuzz")
    url = template_database_url
    if url.startswith("sqlite"):
        copy = folder / "cps.sqlite3"
        shutil.copyfile(url.removeprefix("sqlite+aiosqlite:///"), copy)
        url = f"sqlite+aiosqlite:///{copy}"
    env = {
        "CPS_DATABASE_URL": url,
        "CPS_RATE_LIMIT_ANONYMOUS": "0",
        "CPS_RATE_LIMIT_PARTNER": "0",
        "CPS_LOG_LEVEL": "WARNING",
    }
    with cps_serve(folder, env) as base:
        yield base
    text = (folder / "serve.log").read_text()
    assert "Traceback" not in text and "unexpected error" not in text, text[-5000:]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_gets_a_5xx_or_an_uncoded_error(case, service):
    response = case.call(base_url=f"{service}/graphql")
    assert response.status_code < 500, response.text
    body = response.json()
    for error in body.get("errors") or ():
        code = (error.get("extensions") or {}).get("code")
        assert code and code != "INTERNAL_ERROR", (case.body, error)
