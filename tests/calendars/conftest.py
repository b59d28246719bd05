"""Fixtures of the feed tests: a fixed day in Paris, Mozilla's ical.js run by Node.js."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from starlette.applications import Starlette

from core.timezone import PARIS
from tests.services import ON_CI

ICALJS_VERSION = "2.2.1"
PARSER_SCRIPT = Path(__file__).with_name("icaljs_parse.mjs")
# Before every 2025 day, so that cancelled entries still show unless a test moves the clock.
EARLY_2025 = datetime(2025, 3, 1, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def today_in_paris(app: Starlette) -> Callable[[datetime], None]:
    """Set the feeds' clock (1 March 2025 unless a test moves it); returns the setter."""

    def set_clock(moment: datetime) -> None:
        app.state.calendars.clock = lambda: moment

    set_clock(EARLY_2025)
    return set_clock


def _unavailable(reason: str) -> None:
    """On CI a missing parser fails the test; elsewhere it is skipped with the reason."""
    if ON_CI:
        pytest.fail(f"{reason} (CI=true: ical.js must run here)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def icaljs_module(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ical.js installed with npm into pytest's cache folder (ignored by git), once."""
    if shutil.which("node") is None:
        _unavailable("Node.js is not installed: the feeds cannot be checked with ical.js")
    cache = getattr(request.config, "cache", None)
    folder = cache.mkdir("icaljs") if cache is not None else tmp_path_factory.mktemp("icaljs")
    module = folder / "node_modules" / "ical.js" / "dist" / "ical.js"
    if not module.exists():
        npm = shutil.which("npm")
        if npm is None:
            _unavailable("npm is not installed: ical.js cannot be installed")
        try:
            result = subprocess.run(
                [npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(folder),
                 f"ical.js@{ICALJS_VERSION}"],
                capture_output=True, text=True, timeout=300, check=False,
            )
        except subprocess.TimeoutExpired:
            _unavailable("npm took more than 5 minutes to install ical.js")
        if result.returncode != 0 or not module.exists():
            _unavailable(f"npm could not install ical.js {ICALJS_VERSION}: {result.stderr[-800:]}")
    return module


@pytest.fixture
def icaljs(icaljs_module: Path, tmp_path: Path) -> Callable[[dict[str, bytes]], dict]:
    """Parse feeds with ical.js: ``{name: bytes}`` in, ``{name: {name, timezones, events}}`` out.

    A feed ical.js cannot parse fails the test with Node's error.
    """

    def parse(feeds: dict[str, bytes]) -> dict:
        paths = {}
        for index, (name, body) in enumerate(feeds.items()):
            path = tmp_path / f"feed-{index}.ics"
            path.write_bytes(body)
            paths[str(path)] = name
        result = subprocess.run(
            ["node", str(PARSER_SCRIPT), str(icaljs_module), *paths],
            capture_output=True, text=True, timeout=120, check=False,
        )
        assert result.returncode == 0, result.stderr
        parsed = json.loads(result.stdout)
        return {paths[path]: content for path, content in parsed.items()}

    return parse
