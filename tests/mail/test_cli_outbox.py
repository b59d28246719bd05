"""``cps outbox deliver`` and ``cps outbox status`` through the command's entry point."""

from __future__ import annotations

import asyncio

from typer.testing import CliRunner

from core.cli import app
from tests.mail.test_crash import _enqueue


def test_cps_outbox_deliver_sends_what_waits_once(database_url, smtp):
    public_id = asyncio.run(_enqueue(database_url))
    env = {"CPS_DATABASE_URL": database_url, "CPS_SMTP_URL": smtp.url}
    runner = CliRunner()
    status = runner.invoke(app, ["outbox", "status"], env=env)
    assert status.exit_code == 0, status.output
    assert status.output.startswith("En attente : 1 ")
    delivered = runner.invoke(app, ["outbox", "deliver"], env=env)
    assert delivered.exit_code == 0, delivered.output
    assert "Messages remis : 1 ; à réessayer : 0 ; abandonnés : 0." in delivered.output
    [message] = smtp.wait_blocking(1)
    assert public_id in message["Message-ID"]
    again = runner.invoke(app, ["outbox", "deliver"], env=env)
    assert "Messages remis : 0" in again.output
    assert len(smtp.messages) == 1
    assert runner.invoke(app, ["outbox", "status"], env=env).output.startswith("En attente : 0 ")
