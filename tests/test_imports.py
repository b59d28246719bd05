"""What importing parts of the service loads: the plugin API no ORM, so that a department's
plugin and its tests start fast and never touch the database layer; the command line's
sub-commands not the command line itself (no import cycle)."""

from __future__ import annotations

import subprocess
import sys


def printed_by(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter (nothing imported yet)."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_plugin_api_loads_no_orm():
    loaded = printed_by(
        "import sys, core.hooks; print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'sqlalchemy', 'strawberry', 'starlette'}),"
        " [m for m in sys.modules if m.startswith('core.models')])"
    )
    assert loaded == "[] []"


def test_the_sub_commands_do_not_import_the_command_line_back():
    """``core.cli`` imports its sub-commands; they import what they share from
    ``core.cli_support``, never ``core.cli``."""
    loaded = printed_by(
        "import sys, core.cli_outbox, core.cli_people, core.cli_tokens;"
        " print('core.cli' in sys.modules, 'core.cli_support' in sys.modules)"
    )
    assert loaded == "False True"


def test_the_application_loads_what_only_some_requests_need_later():
    """A worker's start imports no Alembic (migrations run before, in ``cps serve``), no HTTPX
    (a webhook's delivery) and no ReportLab (an attendance sheet's PDF)."""
    loaded = printed_by(
        "import sys, core.asgi; print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'alembic', 'httpx', 'reportlab'}))"
    )
    assert loaded == "[]"
