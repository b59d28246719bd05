"""The change marker's connection lost: the poll is still answered (the feed's stamp computed
again), and the next poll reconnects."""

from __future__ import annotations

import logging
import sqlite3

from sqlalchemy import text

from tests.calendars.feeds import fetch

DEPARTMENT_44 = "/calendars/departments/44.ics"


async def lose_the_connection(marker, database) -> None:
    """What a restarted database server or a dropped socket does to the marker's connection."""
    driver = marker._driver
    if isinstance(driver, sqlite3.Connection):
        driver.close()
        return
    async with database.engine.connect() as connection:
        await connection.execute(
            text("SELECT pg_terminate_backend(:pid)"), {"pid": driver.get_server_pid()}
        )


async def test_a_lost_marker_connection_is_answered_then_reconnected(client, database, caplog):
    marker = client._transport.app.state.calendars.marker
    etag = (await fetch(client, DEPARTMENT_44)).headers["etag"]
    assert (await fetch(client, DEPARTMENT_44, if_none_match=etag)).status_code == 304
    lost = marker._driver
    await lose_the_connection(marker, database)
    with caplog.at_level(logging.WARNING, logger="core.calendars.marker"):
        unknown = await fetch(client, DEPARTMENT_44, if_none_match=etag)
    assert unknown.status_code == 304  # the revision unknown: the stamp is computed again
    assert "data revision unreadable; reconnecting" in caplog.text
    reads = marker.reads
    again = await fetch(client, DEPARTMENT_44, if_none_match=etag)
    assert again.status_code == 304
    assert marker.reads == reads + 1 and marker._driver is not None
    assert marker._driver is not lost  # a new connection
