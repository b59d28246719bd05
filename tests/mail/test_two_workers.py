"""``cps serve --workers 2`` on PostgreSQL: both workers' dispatchers look at the same outbox,
and each message is sent once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

from core.db import Database
from core.services import outbox
from tests.mail.smtp import SmtpServer, free_port
from tests.test_workers import postgres_url  # noqa: F401  (the fixture)

MESSAGES = 40


async def _enqueue_many(url: str) -> None:
    database = Database.open(url)
    try:
        for n in range(MESSAGES):
            async with database.sessions() as db:
                await outbox.enqueue_email(
                    db,
                    "registration_confirmed",
                    f"personne.{n}@example.org",
                    {"full_name": f"Personne {n}", "title": "Session 1", "days": [], "link": "/x"},
                )
                await db.commit()
    finally:
        await database.close()


def test_two_workers_send_each_message_once(postgres_url: str, tmp_path: Path):  # noqa: F811
    smtp = SmtpServer()
    smtp.start()
    port = free_port()
    env = {
        **os.environ,
        "CPS_DATABASE_URL": postgres_url,
        "CPS_SMTP_URL": smtp.url,
        "CPS_OUTBOX_POLL_SECONDS": "0.02",
        "CPS_WORKER_HEADER": "true",
    }
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "core", "serve", "--port", str(port), "--workers", "2"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        workers: set[str] = set()
        deadline = time.monotonic() + 60
        while len(workers) < 2:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/readyz")
                if response.status_code == 200:
                    workers.add(response.headers["x-cps-worker"])
            except httpx.TransportError:
                pass
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "both workers did not start"
            time.sleep(0.05)

        asyncio.run(_enqueue_many(postgres_url))
        messages = smtp.wait_blocking(MESSAGES, timeout=60)
        time.sleep(1.0)  # time for a duplicate to arrive, if one were sent
        assert len(smtp.messages) == MESSAGES
        ids = Counter(message["Message-ID"] for message in messages)
        assert len(ids) == MESSAGES and set(ids.values()) == {1}
        metrics = httpx.get(f"http://127.0.0.1:{port}/metrics").text
        sent = [
            line for line in metrics.splitlines()
            if line.startswith('cps_outbox_attempts_total{channel="email",outcome="sent"}')
        ]
        assert [float(line.split()[-1]) for line in sent] == [MESSAGES]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
        smtp.stop()
