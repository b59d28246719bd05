"""The feeds over HTTP, as calendar applications poll them."""

from __future__ import annotations

import gzip

import brotli
from datetime import date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

import pytest

from core.db import seeded_public_id
from core.models import Action
from core.models.enums import ActionKind
from tests.calendars.feeds import (
    IDENTITY,
    bare_etag,
    day_uid,
    entries,
    event_id,
    fetch,
    parse,
    person_id,
    session_id,
)

DEPARTMENT_44 = "/calendars/departments/44.ics"


async def test_headers_of_a_feed(client):
    response = await fetch(client, DEPARTMENT_44, **IDENTITY)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'inline; filename="pole-cps-loire-atlantique-44.ics"'
    )
    assert response.headers["cache-control"] == "public, max-age=300"
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["etag"].startswith('"') and response.headers["etag"].endswith('"')
    assert parsedate_to_datetime(response.headers["last-modified"]) <= datetime.now().astimezone()
    assert int(response.headers["content-length"]) == len(response.content)
    assert "content-encoding" not in response.headers


async def test_an_unchanged_feed_is_byte_for_byte_the_same_on_every_poll(client):
    first = await fetch(client, DEPARTMENT_44, **IDENTITY)
    # Later the same day, and from a new application (its caches empty): the same answer.
    second = await fetch(client, DEPARTMENT_44, **IDENTITY)
    client._transport.app.state.calendars.clear_caches()
    third = await fetch(client, DEPARTMENT_44, **IDENTITY)
    assert first.content == second.content == third.content
    for name in ("etag", "last-modified"):
        assert first.headers[name] == second.headers[name] == third.headers[name]


async def test_if_none_match_gives_304_for_either_encoding(client):
    plain = await fetch(client, DEPARTMENT_44, **IDENTITY)
    zipped = await fetch(client, DEPARTMENT_44, accept_encoding="gzip")
    assert zipped.headers["etag"] == plain.headers["etag"][:-1] + '-gzip"'
    for etag in (plain.headers["etag"], zipped.headers["etag"], f"W/{plain.headers['etag']}"):
        again = await fetch(client, DEPARTMENT_44, if_none_match=etag)
        assert again.status_code == 304
        assert again.content == b""
        assert bare_etag(again) == bare_etag(plain)
        assert again.headers["last-modified"] == plain.headers["last-modified"]
    other = await fetch(client, DEPARTMENT_44, if_none_match='"something-else"', **IDENTITY)
    assert other.status_code == 200 and other.content == plain.content


async def test_if_modified_since_gives_304_until_the_feed_changes(client):
    plain = await fetch(client, DEPARTMENT_44, **IDENTITY)
    last_modified = parsedate_to_datetime(plain.headers["last-modified"])
    same = await fetch(client, DEPARTMENT_44, if_modified_since=plain.headers["last-modified"])
    assert same.status_code == 304
    earlier = format_datetime(last_modified - timedelta(seconds=1), usegmt=True)
    assert (await fetch(client, DEPARTMENT_44, if_modified_since=earlier)).status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110).
    stale = await fetch(
        client,
        DEPARTMENT_44,
        if_none_match='"old"',
        if_modified_since=plain.headers["last-modified"],
    )
    assert stale.status_code == 200


async def test_a_304_costs_one_cheap_query_the_change_marker(client, statements):
    app = client._transport.app
    first = await fetch(client, DEPARTMENT_44)
    marker_reads = app.state.calendars.marker.reads
    with statements.counting() as counter:
        again = await fetch(client, DEPARTMENT_44, if_none_match=first.headers["etag"])
        since = await fetch(
            client, DEPARTMENT_44, if_modified_since=first.headers["last-modified"]
        )
    assert again.status_code == since.status_code == 304
    assert app.state.calendars.marker.enabled
    # Two polls: two reads of the marker (one query each, on its own connection), nothing else.
    assert counter.count == 0
    assert app.state.calendars.marker.reads - marker_reads == 2


async def test_an_unchanged_feed_is_not_rebuilt(client):
    app = client._transport.app
    await fetch(client, DEPARTMENT_44)
    builds = app.state.calendars.builds
    await fetch(client, DEPARTMENT_44)
    await fetch(client, DEPARTMENT_44, **IDENTITY)
    assert app.state.calendars.builds == builds


async def test_head_gives_the_headers_of_get_and_no_body(client):
    for headers in (IDENTITY, {"accept-encoding": "gzip"}, {"accept-encoding": "br"}):
        get = await client.get(DEPARTMENT_44, headers=headers)
        head = await client.head(DEPARTMENT_44, headers=headers)
        assert head.status_code == 200
        assert head.content == b""
        names = ("etag", "last-modified", "content-type", "content-length", "content-disposition")
        for name in names:
            assert head.headers[name] == get.headers[name]
        assert head.headers.get("content-encoding") == get.headers.get("content-encoding")


async def test_gzip_when_the_client_accepts_it(client):
    plain = await fetch(client, "/calendars/region.ics", **IDENTITY)
    async with client.stream(
        "GET", "/calendars/region.ics", headers={"accept-encoding": "gzip"}
    ) as response:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    assert response.headers["content-encoding"] == "gzip"
    assert int(response.headers["content-length"]) == len(raw) < len(plain.content) / 3
    assert gzip.decompress(raw) == plain.content
    refused = await fetch(client, "/calendars/region.ics", accept_encoding="gzip;q=0")
    assert "content-encoding" not in refused.headers


async def _raw(client, path: str, accept_encoding: str):
    async with client.stream("GET", path, headers={"accept-encoding": accept_encoding}) as response:
        return response, b"".join([chunk async for chunk in response.aiter_raw()])


async def test_brotli_when_the_client_accepts_it_preferred_over_gzip(client):
    path = "/calendars/region.ics"
    plain = await fetch(client, path, **IDENTITY)
    packed, raw = await _raw(client, path, "gzip, deflate, br")
    assert packed.headers["content-encoding"] == "br"
    assert brotli.decompress(raw) == plain.content
    _, zipped = await _raw(client, path, "gzip")
    assert int(packed.headers["content-length"]) == len(raw) < len(zipped)
    assert packed.headers["etag"] == plain.headers["etag"][:-1] + '-br"'
    assert packed.headers["vary"] == "Accept-Encoding"
    # A client that weighs gzip higher gets gzip; one that refuses brotli too.
    for accept in ("br;q=0.5, gzip", "gzip, br;q=0"):
        other, _ = await _raw(client, path, accept)
        assert other.headers["content-encoding"] == "gzip"


async def test_any_form_of_the_etag_revalidates_a_feed(client):
    path = "/calendars/region.ics"
    packed, _ = await _raw(client, path, "br")
    for accept in ("br", "gzip", "identity"):
        again = await fetch(client, path, accept_encoding=accept, if_none_match=packed.headers["etag"])
        assert again.status_code == 304
    zipped, _ = await _raw(client, path, "gzip")
    again = await fetch(client, path, accept_encoding="br", if_none_match=zipped.headers["etag"])
    assert again.status_code == 304
    assert again.headers["etag"] == packed.headers["etag"]


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        ("", {"day", "event", "action"}),
        ("?kind=sessions", {"day"}),
        ("?kind=events", {"event"}),
        ("?kind=actions", {"action"}),
        ("?kind=sessions,events", {"day", "event"}),
        ("?kind=sessions&kind=events", {"day", "event"}),
        ("?module=2", {"day"}),
    ],
)
async def test_filters_of_a_department_feed(client, database, query, kinds):
    async with database.sessions() as db, db.begin():
        # The seeded action restates the practice-exchange day, so feeds leave it out.
        db.add(Action(department_code="44", kind=ActionKind.EVIDENCE_BASED_PROGRAMME,
                      title="Soutien à Unplugged", period_start=date(2025, 10, 1)))
    response = await fetch(client, DEPARTMENT_44 + query)
    assert response.status_code == 200, response.text
    found = entries(parse(response.content))

    def kind(entry) -> str:
        if "(jour " in entry.summary:
            return "day"
        return "event" if "TZID" in entry.component["DTSTART"].params else "action"

    assert {kind(entry) for entry in found.values()} == kinds
    if "module=2" in query:
        assert all(entry.summary.startswith("Module 2 — ") for entry in found.values())
        assert day_uid(1, "2025-04-28") in found and day_uid(3, "2025-05-22") not in found
    different = {bare_etag(response), bare_etag(await fetch(client, DEPARTMENT_44))}
    assert len(different) == (1 if query == "" else 2), "a filtered feed has its own ETag"


@pytest.mark.parametrize(
    ("path", "words"),
    [
        (DEPARTMENT_44 + "?module=3", "Valeur inconnue « 3 » pour le paramètre « module »"),
        (DEPARTMENT_44 + "?kind=workshops", "Valeurs acceptées : sessions, events, actions, local"),
        (DEPARTMENT_44 + "?cancelled=maybe", "Valeurs acceptées : include, exclude"),
        (DEPARTMENT_44 + "?modul=1", "Paramètre inconnu « modul »"),
        (DEPARTMENT_44 + "?module=1&module=2", "ne peut être donné qu'une fois"),
        (DEPARTMENT_44 + "?module=1&kind=events", "ne garde que des sessions"),
        ("/calendars/region.ics?kind=actions", "Valeurs acceptées : sessions, events."),
        ("/calendars/modules/1.ics?module=2", "Paramètres acceptés : cancelled."),
    ],
)
async def test_an_unknown_filter_gets_400_with_a_clear_french_message(client, path, words):
    response = await fetch(client, path)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert words in response.text


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/calendars/departments/99.ics", "aucun département « 99 »"),
        ("/calendars/trainers/00000000-0000-0000-0000-000000000000.ics", "aucune personne"),
        ("/calendars/modules/3.ics", "aucun module « 3 »"),
        ("/calendars/modules/un.ics", "aucun module « un »"),
        ("/calendars/sessions/inconnue.ics", "aucune session « inconnue »"),
        ("/calendars/events/" + seeded_public_id("event:nothing") + ".ics", "aucun évènement"),
        ("/calendars/trainers/" + "x" * 300 + ".ics", "aucune personne"),
    ],
)
async def test_an_unknown_object_gets_404_with_a_short_text(client, path, words):
    response = await fetch(client, path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/plain")
    assert words in response.text and len(response.text) < 200
    assert (await client.head(path)).status_code == 404


async def test_feed_urls_stay_short(client):
    longest = max(
        len(f"https://cps.example.org{path}")
        for path in (
            f"/calendars/trainers/{person_id('tiphaine-forges-bodet')}.ics",
            f"/calendars/sessions/{session_id(6)}.ics",
            f"/calendars/events/{event_id('2025-practice-exchange-44')}.ics?cancelled=exclude",
        )
    )
    assert longest < 256 - 100, "room left for a long public host name"
