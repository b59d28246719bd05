"""What operators see: probes, Prometheus metrics, structured logs."""

from __future__ import annotations

import io
import json
import logging

from sqlalchemy import text
from starlette.requests import Request

from core.hooks.testkit import GraphQLClient
from core.observability.logs import log_handler
from core.observability.metrics import record_feed_build, record_feed_not_modified
from core.observability.request_scope import request_scope
from tests.serving import PARTNER_QUERY, settings_for


async def test_healthz_says_the_process_lives(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_checks_the_database_and_its_migrations(client, database):
    assert (await client.get("/readyz")).json() == {"status": "ready"}
    async with database.engine.begin() as connection:
        version = await connection.execute(text("SELECT version_num FROM alembic_version"))
        current = version.scalar_one()
        await connection.execute(text("UPDATE alembic_version SET version_num = '0000_behind'"))
    try:
        behind = await client.get("/readyz")
    finally:
        async with database.engine.begin() as connection:
            await connection.execute(
                text("UPDATE alembic_version SET version_num = :current"), {"current": current}
            )
    assert behind.status_code == 503
    assert behind.json()["code"] == "MIGRATIONS_PENDING"
    assert "cps db upgrade" in behind.json()["message"]
    assert (await client.get("/readyz")).status_code == 200


async def test_metrics_count_requests_latency_statements_and_feeds(client, graphql, app):
    await graphql.post(PARTNER_QUERY, {"first": 100})
    await graphql.post("{ nothingHere }")
    request = Request({"type": "http", "app": app, "method": "GET", "path": "/", "headers": []})
    record_feed_build(request, "department")
    record_feed_not_modified(request, "department")
    record_feed_not_modified(request, "department")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    metrics = response.text
    partner = 'operation="PartnerSessions",route="/graphql"'
    assert f'cps_http_requests_total{{{partner},status="200"}} 1.0' in metrics
    assert f"cps_http_request_duration_seconds_count{{{partner}}} 1.0" in metrics
    assert f"cps_sql_statements_per_request_count{{{partner}}} 1.0" in metrics
    [statements] = [
        line for line in metrics.splitlines()
        if line.startswith(f"cps_sql_statements_per_request_sum{{{partner}}}")
    ]
    assert float(statements.split()[-1]) >= 1
    invalid = 'operation="anonymous",route="/graphql",status="400"'
    assert f"cps_http_requests_total{{{invalid}}} 1.0" in metrics
    assert 'cps_graphql_refusals_total{code="GRAPHQL_VALIDATION_FAILED"} 1.0' in metrics
    assert 'cps_feed_builds_total{feed="department"} 1.0' in metrics
    assert 'cps_feed_not_modified_total{feed="department"} 2.0' in metrics


async def test_feed_answers_count_as_builds_and_not_modified_by_feed_kind(client):
    first = await client.get("/calendars/departments/44.ics")
    assert first.status_code == 200
    again = await client.get(
        "/calendars/departments/44.ics", headers={"if-none-match": first.headers["etag"]}
    )
    assert again.status_code == 304
    assert (await client.get("/calendars/region.ics")).status_code == 200
    assert (await client.get("/calendars/departments/99.ics")).status_code == 404
    metrics = (await client.get("/metrics")).text
    assert 'cps_feed_builds_total{feed="department"} 1.0' in metrics
    assert 'cps_feed_not_modified_total{feed="department"} 1.0' in metrics
    assert 'cps_feed_builds_total{feed="region"} 1.0' in metrics
    assert 'cps_feed_not_modified_total{feed="region"}' not in metrics


async def test_one_json_log_line_per_request(client, database_url, caplog):
    stream = io.StringIO()
    handler = log_handler(settings_for(database_url, log_format="json"), stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with caplog.at_level(logging.INFO):
            response = await GraphQLClient(client).post(PARTNER_QUERY, {"first": 10})
    finally:
        root.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    [access] = [line for line in lines if line["logger"] == "cps.access"]
    assert access["method"] == "POST" and access["path"] == "/graphql"
    assert access["status"] == 200 and access["operation"] == "PartnerSessions"
    assert access["request_id"] == response.headers["x-request-id"]
    assert access["duration_ms"] > 0 and access["statements"] >= 1
    assert access["level"] == "INFO" and access["time"].endswith("+00:00")


def test_a_plugin_fault_is_logged_in_json_with_its_name_and_the_request_id(database_url):
    stream = io.StringIO()
    logger = logging.getLogger("core.hooks")
    logger.addHandler(handler := log_handler(settings_for(database_url, log_format="json"), stream))
    try:
        with request_scope("req-123"):
            try:
                raise KeyError("date")
            except KeyError as error:
                logger.error(
                    "plugin %s failed in %s", "dept_44", "cps_validate_registration", exc_info=error
                )
    finally:
        logger.removeHandler(handler)
    [line] = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert line["logger"] == "core.hooks" and line["level"] == "ERROR"
    assert "dept_44" in line["message"]
    assert line["request_id"] == "req-123"
    assert "KeyError" in line["exception"]
