"""``cps staff``: the first account made on the server, a sign-in link printed for a server
without mail (and followed in the service), the list, disabling."""

from __future__ import annotations

import asyncio

from typer.testing import CliRunner

from core.cli import app as cps_app
from tests.backoffice.signing_in import follow
from tests.serving import BASE_URL, client_of

runner = CliRunner()


async def cps(database_url: str, *args: str) -> tuple[int, str, str]:
    """Run ``cps ARGS`` on ``database_url`` through its entry point (in a thread of its own,
    as it runs its own event loop): exit code, stdout, stderr."""
    result = await asyncio.to_thread(
        runner.invoke,
        cps_app,
        list(args),
        env={"CPS_DATABASE_URL": database_url, "CPS_BASE_URL": BASE_URL},
    )
    return result.exit_code, result.stdout, result.stderr


async def test_the_first_account_signs_in_with_a_printed_link(app, database_url):
    code, out, _ = await cps(
        database_url, "staff", "add", "Magali.Segretain@Pole-CPS.example.org",
        "--role", "department", "--department", "53", "--department", "72",
    )
    assert code == 0, out
    assert "Compte créé : magali.segretain@pole-cps.example.org (département 53,72)" in out
    code, out, _ = await cps(database_url, "staff", "link", "magali.segretain@pole-cps.example.org")
    assert code == 0
    assert "valable 15 minutes et une seule fois" in out
    link = out.strip().splitlines()[-1]
    assert link.startswith(BASE_URL + "/gestion/connexion/lien/")
    async with client_of(app) as http:
        answer = await follow(http, link.removeprefix(BASE_URL))
        assert answer.status_code == 303
        dashboard = await http.get("/gestion")
        assert "magali.segretain@pole-cps.example.org" in dashboard.text
        assert "départements 53, 72" in dashboard.text
    code, out, _ = await cps(database_url, "staff", "list")
    assert "magali.segretain@pole-cps.example.org  département 53,72  actif" in out
    assert "dernière connexion jamais" not in out
    code, out, _ = await cps(database_url, "staff", "disable", "magali.segretain@pole-cps.example.org")
    assert code == 0 and "Compte désactivé" in out
    async with client_of(app) as http:
        assert (await http.get("/gestion")).status_code == 303
    code, _, err = await cps(database_url, "staff", "link", "magali.segretain@pole-cps.example.org")
    assert code == 2 and "ACCOUNT_NOT_FOUND" in err


async def test_staff_add_refuses_what_makes_no_sense(app, database_url):
    for args, expected in (
        (["pas-une-adresse", "--role", "regional"], "INVALID_EMAIL"),
        (["a@exemple.fr", "--role", "department"], "DEPARTMENT_REQUIRED"),
        (["a@exemple.fr", "--role", "regional", "--department", "44"], "DEPARTMENT_NOT_ALLOWED"),
        (["a@exemple.fr", "--role", "department", "--department", "99"], "UNKNOWN_DEPARTMENT"),
    ):
        code, _, err = await cps(database_url, "staff", "add", *args)
        assert code == 2, args
        assert f"[{expected}]" in err
    code, out, _ = await cps(database_url, "staff", "list")
    assert "Aucun compte du personnel." in out
    await cps(database_url, "staff", "add", "a@exemple.fr", "--role", "regional")
    code, _, err = await cps(database_url, "staff", "add", "A@exemple.fr", "--role", "regional")
    assert code == 2 and "[ACCOUNT_EXISTS]" in err
