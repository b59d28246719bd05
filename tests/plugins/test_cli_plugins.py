"""``cps plugins``: the plugins, their versions, departments, hooks and rules."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from core.cli import app


def test_cps_plugins_lists_the_five_departments_and_the_regional_rules():
    result = CliRunner().invoke(app, ["plugins"], env={"CPS_DISABLED_PLUGINS": ""})
    assert result.exit_code == 0, result.output
    headings = [line for line in result.output.splitlines() if line and not line.startswith(" ")]
    assert headings[:6] == [
        "regional 0.1.0 (pole-cps) — règles régionales, pour tous les départements",
        "dept_44 0.1.0 (pole-cps) — département 44, Loire-Atlantique",
        "dept_49 0.1.0 (pole-cps) — département 49, Maine-et-Loire",
        "dept_53 0.1.0 (pole-cps) — département 53, Mayenne",
        "dept_72 0.1.0 (pole-cps) — département 72, Sarthe",
        "dept_85 0.1.0 (pole-cps) — département 85, Vendée",
    ]
    assert (
        "    DEPT_53_PRACTICE_DAY_OWN_DEPARTMENT    [inscription, à un évènement] "
        "Journée d'échanges de pratique : inscription dans son propre département."
    ) in result.output
    assert "PREREQUISITE_CONCEPTS_QUESTIONNAIRE     [inscription, à une session] " in result.output
    assert (
        "  hooks : cps_actions, cps_calendar_entries, cps_department, cps_department_extension"
        in result.output
    )


def test_cps_plugins_through_the_installed_command():
    result = subprocess.run(
        [sys.executable, "-m", "core", "plugins"], capture_output=True, text=True, check=True
    )
    assert result.stdout.count(" — département ") == 5
    assert "dept_72 0.1.0 (pole-cps) — département 72, Sarthe" in result.stdout


def test_cps_plugins_help():
    result = CliRunner().invoke(app, ["--help"])
    assert "plugins" in result.output
