"""The ``cps`` command line, as staff and developers run it."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from core.cli import app
from core.db import Database
from core.graphql.schema import build_schema, schema_sdl
from core.models import Department, Person, SessionPlace, TrainingSession
from core.settings import Settings

runner = CliRunner()


def cps(*args: str, **env: str):
    """Run ``cps ARGS`` in-process with the given environment."""
    return runner.invoke(app, list(args), env=env)


async def _count_rows(url: str) -> dict[str, int]:
    database = Database.open(Settings.from_env(database_url=url).database_url)
    try:
        async with database.sessions() as session:
            return {
                model.__tablename__: await session.scalar(select(func.count()).select_from(model))
                for model in (Department, Person, TrainingSession, SessionPlace)
            }
    finally:
        await database.close()


def test_help_explains_each_command():
    result = cps("--help")
    assert result.exit_code == 0
    for command in ("serve", "seed", "db", "schema"):
        assert command in result.output
    assert "upgrade" in cps("db", "--help").output


def test_seed_on_an_empty_database_then_again_changes_nothing(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    first = cps("seed", CPS_DATABASE_URL=url)
    assert first.exit_code == 0, first.output
    assert "training_session 6" in first.output
    counts = asyncio.run(_count_rows(url))
    second = cps("seed", CPS_DATABASE_URL=url)
    assert second.exit_code == 0
    assert "Rien à ajouter" in second.output
    assert asyncio.run(_count_rows(url)) == counts == {
        "department": 5,
        "person": 11,
        "training_session": 6,
        "session_place": 7,
    }


def test_seed_never_overwrites_an_edit(database_url: str):
    async def edit() -> None:
        database = Database.open(database_url)
        try:
            async with database.sessions() as session, session.begin():
                await session.execute(
                    update(SessionPlace).where(SessionPlace.city == "Le Mans").values(venue="Salle B")
                )
                await session.execute(
                    update(Person).where(Person.family_name == "Provost").values(job_title="Chargée de projet")
                )
        finally:
            await database.close()

    async def read() -> tuple[str, str]:
        database = Database.open(database_url)
        try:
            async with database.sessions() as session:
                venue = await session.scalar(select(SessionPlace.venue).where(SessionPlace.city == "Le Mans"))
                title = await session.scalar(select(Person.job_title).where(Person.family_name == "Provost"))
                return venue, title
        finally:
            await database.close()

    asyncio.run(edit())
    result = cps("seed", CPS_DATABASE_URL=database_url)
    assert result.exit_code == 0, result.output
    assert "Rien à ajouter" in result.output
    assert asyncio.run(read()) == ("Salle B", "Chargée de projet")


def test_db_upgrade_migrates_a_new_database(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    result = cps("db", "upgrade", CPS_DATABASE_URL=url)
    assert result.exit_code == 0, result.output
    assert "Schéma à jour" in result.output
    assert (tmp_path / "new.sqlite3").exists()


def test_schema_export_writes_the_code_schema(tmp_path: Path):
    target = tmp_path / "schema.graphql"
    result = cps("schema", "export", "--output", str(target))
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == schema_sdl(build_schema())


@pytest.mark.parametrize(
    ("variable", "value"),
    [("CPS_BASE_URL", "ftp://example.org"), ("CPS_DATABASE_URL", "mysql://root@localhost/cps")],
)
def test_a_malformed_setting_fails_with_one_line(variable: str, value: str):
    result = cps("db", "upgrade", **{variable: value})
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("cps: erreur [INVALID_SETTING]") and variable in lines[0]
    assert "Traceback" not in result.output


def test_an_unreachable_database_fails_with_one_line():
    result = cps("seed", CPS_DATABASE_URL="postgresql://postgres:secret@127.0.0.1:1/nowhere")
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("cps: erreur [DATABASE_UNREACHABLE]")
    assert "secret" not in line


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_creates_seeds_and_serves_the_embedded_database(tmp_path: Path):
    port = _free_port()
    env = {**os.environ, "CPS_DATABASE_URL": f"sqlite:///{tmp_path / 'cps.sqlite3'}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "core", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/graphql",
                    json={"query": "{ sessions(filter: {year: 2025}) { totalCount } "
                          "calendars(first: 1) { edges { node { url } } } }"},
                )
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "the service did not start"
                time.sleep(0.2)
        data = response.json()["data"]
        assert data["sessions"] == {"totalCount": 6}
        [calendar] = data["calendars"]["edges"]
        url = calendar["node"]["url"]
        # The link given by the API is served where it points to.
        assert url.startswith(f"http://127.0.0.1:{port}/calendars/")
        assert httpx.get(url).status_code == 200
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert "Base de données initialisée" in output
    assert f"Adresse des liens (CPS_BASE_URL) : http://127.0.0.1:{port}" in output


def test_serve_keeps_a_base_url_set_for_a_proxy(tmp_path: Path, monkeypatch):
    served = {}
    monkeypatch.setattr(
        "core.server.run_server", lambda settings, **where: served.update(settings=settings)
    )
    monkeypatch.delenv("CPS_BASE_URL", raising=False)
    database = f"sqlite:///{tmp_path / 'cps.sqlite3'}"
    result = cps("serve", "--port", "9120", CPS_DATABASE_URL=database,
                 CPS_BASE_URL="https://api.pole-cps.fr")
    assert result.exit_code == 0, result.output
    assert served["settings"].base_url == "https://api.pole-cps.fr"
    assert "Adresse des liens (CPS_BASE_URL) : https://api.pole-cps.fr" in result.output
    result = cps("serve", "--host", "::1", "--port", "9121", CPS_DATABASE_URL=database)
    assert served["settings"].base_url == "http://[::1]:9121"
    monkeypatch.delenv("CPS_BASE_URL", raising=False)


DATABASE_COMMANDS = [
    ("token", "create", "--role", "partner", "--name", "Site partenaire"),
    ("token", "list"),
    ("token", "revoke", "1"),
    ("person", "export", "camille@example.org"),
    ("person", "erase", "camille@example.org", "--yes"),
]


@pytest.mark.parametrize("command", DATABASE_COMMANDS, ids=" ".join)
def test_a_command_refuses_a_missing_database_and_creates_no_file(tmp_path: Path, command):
    path = tmp_path / "cps.sqlite3"
    result = cps(*command, CPS_DATABASE_URL=f"sqlite:///{path}")
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("cps: erreur [DATABASE_MISSING] : aucune base de données à ")
    assert "cps db upgrade" in line
    assert not path.exists()


@pytest.mark.parametrize("command", DATABASE_COMMANDS, ids=" ".join)
def test_a_command_refuses_a_database_not_migrated(tmp_path: Path, command):
    path = tmp_path / "cps.sqlite3"
    sqlite3.connect(path).close()
    result = cps(*command, CPS_DATABASE_URL=f"sqlite:///{path}")
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("cps: erreur [DATABASE_NOT_MIGRATED] : la base de données ")
    assert line.endswith("lancez « cps db upgrade ».")
