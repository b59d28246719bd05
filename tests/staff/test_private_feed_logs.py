"""A private feed's token never reaches a log line, whatever the answer; its calendar is its own."""

from __future__ import annotations

import logging

import pytest
from icalendar import Calendar

from core.hooks.testkit import GraphQLClient
from core.models.enums import StaffRole
from core.observability.logs import TEXT_FORMAT, JsonFormatter, RequestIdFilter
from core.services.api_tokens import create_token
from tests.staff.test_private_feeds import SUBSCRIBE
from tests.serving import BASE_URL, client_of, running, settings_for

LOGGERS = ("cps.access", "cps.errors")


def _lines(records: list[logging.LogRecord]) -> list[str]:
    """Each record as the text and the JSON log write it."""
    text = logging.Formatter(TEXT_FORMAT)
    stamp = RequestIdFilter()
    lines = []
    for record in records:
        stamp.filter(record)
        lines += [text.format(record), JsonFormatter().format(record)]
    return lines


async def _private_url(app, http) -> str:
    async with app.state.database.sessions() as db:
        created = await create_token(db, role=StaffRole.DEPARTMENT, name="COTER 44",
                                     department_codes=["44"])
        await db.commit()
    staff = GraphQLClient(http, created.secret)
    answer = await staff.data(SUBSCRIBE, {"label": "Agenda", "scope": "DEPARTMENT", "code": "44"})
    return answer["createCalendarSubscription"]["url"].removeprefix(BASE_URL)


@pytest.mark.parametrize(
    ("method", "suffix", "status"),
    [
        ("GET", ".ics", 200),
        ("HEAD", ".ics", 200),
        *[(method, ".ics", 405) for method in ("POST", "PUT", "OPTIONS", "PROPFIND", "REPORT")],
        ("GET", ".ics/", 307),
        ("PROPFIND", ".ics/", 307),
        ("GET", "", 404),
        ("GET", ".ICS", 404),
        ("GET", ".ics/calendar", 404),
        ("GET", ".ics.ics", 404),
    ],
)
async def test_no_answer_writes_the_token_to_the_logs(database_url, caplog, method, suffix, status):
    async with running(settings_for(database_url)) as app:
        http = client_of(app)
        path = (await _private_url(app, http)).removesuffix(".ics")
        token = path.rsplit("/", 1)[1]
        caplog.clear()
        with caplog.at_level(logging.DEBUG):
            answer = await http.request(method, path + suffix)
        assert answer.status_code == status, answer.text
    logged = [record for record in caplog.records if record.name in LOGGERS]
    assert logged, "no access-log line"
    for line in _lines(logged):
        assert token not in line and token[4:20] not in line, line
    assert any("/calendars/private/[jeton]" in line for line in _lines(logged))


async def test_a_refused_poll_over_the_rate_limit_does_not_log_the_token(database_url, caplog):
    async with running(settings_for(database_url, rate_limit_feeds=2)) as app:
        http = client_of(app)
        path = await _private_url(app, http)
        token = path.rsplit("/", 1)[1].removesuffix(".ics")
        caplog.clear()
        with caplog.at_level(logging.DEBUG):
            statuses = [(await http.get(path)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    lines = _lines([record for record in caplog.records if record.name in LOGGERS])
    assert len(lines) == 6 and all(token not in line for line in lines)


async def test_a_private_feed_has_its_own_name_and_no_source(staff_44, client):
    answer = await staff_44.data(SUBSCRIBE, {"label": "Agenda", "scope": "DEPARTMENT", "code": "44"})
    private = Calendar.from_ical((await client.get(answer["createCalendarSubscription"]["url"])).content)
    public = Calendar.from_ical((await client.get("/calendars/departments/44.ics")).content)
    assert str(public["X-WR-CALNAME"]) == "Pôle CPS — Loire-Atlantique (44)"
    assert str(private["X-WR-CALNAME"]) == "Pôle CPS — Loire-Atlantique (44) (privé)"
    assert str(private["NAME"]) == str(private["X-WR-CALNAME"])
    assert "SOURCE" in public and "SOURCE" not in private
