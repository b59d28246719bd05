"""The service killed (``kill -9``) with a message committed but not sent: restarted, it sends
the message once. A real ``cps serve`` process, as ``tests/test_workers.py`` runs it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import select

from core import bootstrap
from core.db import Database
from core.models import OutboxMessage, OutboxStatus
from core.services import outbox
from tests.mail.smtp import SmtpServer, free_port


def _serve(database_url: str, smtp_url: str, folder: Path, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "CPS_DATABASE_URL": database_url,
        "CPS_SMTP_URL": smtp_url,
        "CPS_OUTBOX_POLL_SECONDS": "0.1",
        "CPS_OUTBOX_RETRY_SECONDS": "0.2",
    }
    log = (folder / "serve.log").open("a")
    process = subprocess.Popen(
        [sys.executable, "-m", "core", "serve", "--port", str(port)],
        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz").status_code == 200:
                return process
        except httpx.TransportError:
            pass
        assert process.poll() is None, (folder / "serve.log").read_text()
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.2)


def _kill(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=20)


async def _enqueue(url: str) -> str:
    """Commit a message, as a service's write does with the change that causes it."""
    database = Database.open(url)
    try:
        async with database.sessions() as db:
            message = await outbox.enqueue_email(
                db,
                "registration_confirmed",
                "camille.martin@example.org",
                {"full_name": "Camille Martin", "title": "Session 1", "days": [], "link": "/x"},
            )
            await db.commit()
            return message.public_id
    finally:
        await database.close()


async def _row(url: str, public_id: str) -> OutboxMessage:
    database = Database.open(url)
    try:
        async with database.sessions() as db:
            return await db.scalar(
                select(OutboxMessage).where(OutboxMessage.public_id == public_id)
            )
    finally:
        await database.close()


def test_killed_between_commit_and_send_then_restarted_sends_once(tmp_path: Path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'cps.sqlite3'}"
    database = Database.open(url)
    asyncio.run(bootstrap.prepare(database, url))
    asyncio.run(database.close())
    smtp = SmtpServer(free_port())  # down until the restart
    port = free_port()
    process = _serve(url, smtp.url, tmp_path, port)
    try:
        public_id = asyncio.run(_enqueue(url))
        # The running service tries, and cannot send: the message is committed, not sent.
        deadline = time.monotonic() + 20
        while asyncio.run(_row(url, public_id)).attempts < 1:
            assert time.monotonic() < deadline, "the dispatcher never tried"
            time.sleep(0.1)
        _kill(process)
        row = asyncio.run(_row(url, public_id))
        assert row.status is OutboxStatus.PENDING and row.sent_at is None

        smtp.start()
        process = _serve(url, smtp.url, tmp_path, port)
        [message] = smtp.wait_blocking(1)
        time.sleep(1.0)  # time for a duplicate to arrive, if one were sent
        assert len(smtp.messages) == 1
        assert message["Message-ID"] == f"<{public_id}@127.0.0.1>"
        assert asyncio.run(_row(url, public_id)).status is OutboxStatus.SENT
    finally:
        _kill(process, signal.SIGTERM)
        smtp.stop()
