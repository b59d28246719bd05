"""``cps --help`` answers without loading the service: no SQLAlchemy, Strawberry, Starlette
or models."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# (Typer itself imports pydantic.)
HEAVY = ("sqlalchemy", "strawberry", "starlette", "icalendar", "graphql", "core.models")

PROBE = """
import json, sys
from core.cli import app
try:
    app(sys.argv[1:], prog_name="cps")
except SystemExit as leaving:
    code = leaving.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


@pytest.mark.parametrize(
    "arguments",
    [["--help"], ["token", "--help"], ["person", "--help"], ["outbox", "--help"], ["db", "--help"]],
)
def test_help_imports_nothing_heavy(arguments):
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments],
        capture_output=True, text=True, timeout=60, check=True,
    )
    *printed, last = result.stdout.splitlines()
    report = json.loads(last)
    assert report["code"] == 0
    assert "Usage" in "\n".join(printed)
    loaded = [name for name in report["modules"] if name.startswith(HEAVY)]
    assert not loaded
