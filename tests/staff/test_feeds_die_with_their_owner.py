"""A private feed dies with the API token that made it: revoked, expired or gone, its feed
answers 404 at once; staff see whose each feed is; revoking a token lists the feeds that died
with it (issue 12, hole 2)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select, update
from typer.testing import CliRunner

from core.cli import app as cps_app
from core.db import utcnow
from core.models import ApiToken, FeedSubscription
from core.models.enums import StaffRole
from tests.staff.test_private_feeds import MEETING_TITLE, SUBSCRIBE, _meeting, _summaries

LIST = "{ calendarSubscriptions { label ownerTokenId ownerName live lastUsedAt revokedAt } }"
AUDIT = "{ auditLog { action changes } }"


async def _subscribe(staff, label: str, scope: str, code: str | None = None) -> str:
    answer = await staff.data(SUBSCRIBE, {"label": label, "scope": scope, "code": code})
    return answer["createCalendarSubscription"]["url"]


async def _token_id(database, name: str) -> str:
    async with database.sessions() as db:
        return await db.scalar(select(ApiToken.public_id).where(ApiToken.name == name))


async def test_revoking_a_token_kills_its_feeds_at_once_and_lists_them(
    new_token, as_token, client, database, database_url
):
    leaving = as_token(await new_token(StaffRole.REGIONAL, name="Chargée de mission sortante"))
    staying = as_token(await new_token(StaffRole.REGIONAL, name="Pôle régional"))
    await _meeting(leaving)
    urls = [
        await _subscribe(leaving, "Agenda région", "REGION"),
        await _subscribe(leaving, "COTER 44", "DEPARTMENT", "44"),
        await _subscribe(leaving, "COTER 49", "DEPARTMENT", "49"),
    ]
    kept = await _subscribe(staying, "Bureau", "DEPARTMENT", "44")
    for url in (*urls, kept):
        assert (await client.get(url)).status_code == 200
    assert MEETING_TITLE in _summaries((await client.get(urls[1])).content)

    token_id = await _token_id(database, "Chargée de mission sortante")
    revoked = await asyncio.to_thread(
        CliRunner().invoke, cps_app, ["token", "revoke", token_id],
        env={"CPS_DATABASE_URL": database_url},
    )
    assert revoked.exit_code == 0, revoked.output
    assert "Flux privés révoqués avec lui (3)" in revoked.output
    for label in ("Agenda région", "COTER 44", "COTER 49"):
        assert label in revoked.output

    for url in urls:
        gone = await client.get(url)
        assert gone.status_code == 404
        assert MEETING_TITLE.encode() not in gone.content
    assert (await client.get(kept)).status_code == 200

    listed = (await staying.data(LIST))["calendarSubscriptions"]
    by_label = {row["label"]: row for row in listed}
    for label in ("Agenda région", "COTER 44", "COTER 49"):
        row = by_label[label]
        assert row["ownerTokenId"] == token_id
        assert row["ownerName"] == "Chargée de mission sortante"
        assert row["live"] is False and row["revokedAt"] and row["lastUsedAt"]
    assert by_label["Bureau"]["live"] is True
    assert by_label["Bureau"]["ownerName"] == "Pôle régional"
    trail = (await staying.data(AUDIT))["auditLog"]
    reasons = [e for e in trail if e["changes"].get("reason") == "owner_token_revoked"]
    assert len(reasons) == 3


async def test_a_feed_dies_when_its_owners_token_expires_or_is_gone(
    new_token, as_token, client, database
):
    owner = as_token(await new_token(StaffRole.DEPARTMENT, "44", name="COTER 44"))
    other = as_token(await new_token(StaffRole.DEPARTMENT, "44", name="COTER 44 bis"))
    regional = as_token(await new_token(StaffRole.REGIONAL, name="Pôle"))
    expiring = await _subscribe(owner, "Expire", "DEPARTMENT", "44")
    orphan = await _subscribe(other, "Orphelin", "DEPARTMENT", "44")
    assert (await client.get(expiring)).status_code == 200
    assert (await client.get(orphan)).status_code == 200
    async with database.sessions() as db, db.begin():
        await db.execute(
            update(ApiToken)
            .where(ApiToken.name == "COTER 44")
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        # A subscription whose owner's token no longer exists.
        await db.execute(
            update(FeedSubscription)
            .where(FeedSubscription.label == "Orphelin")
            .values(owner_token_id=None)
        )
    assert (await client.get(expiring)).status_code == 404
    assert (await client.get(orphan)).status_code == 404
    listed = {row["label"]: row for row in (await regional.data(LIST))["calendarSubscriptions"]}
    assert listed["Expire"]["live"] is False and listed["Expire"]["revokedAt"] is None
    assert listed["Expire"]["ownerName"] == "COTER 44"
    assert listed["Orphelin"] == {**listed["Orphelin"], "live": False, "ownerTokenId": None}
