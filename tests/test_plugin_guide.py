"""Following docs/plugins.md from top to bottom keeps the suite green.

Each block of the guide marked ``<!-- guide-step: append|create PATH -->`` is applied, in order,
to a copy of the repository (the maintainer's edits: Mayenne's new event, private meeting,
action, rules with a date-based one, and its own tests); then the tests that read the plugins'
data run on that copy, in a process of their own, and must pass. Nothing outside ``plugins/``
and the department's own test file is touched, as the guide promises.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "plugins.md"
STEP = re.compile(r"<!-- guide-step: (append|create) (\S+) -->\n```\w*\n(.*?)```", re.DOTALL)
# The tests that read the departments' data, and the department's own: enough to see that the
# guide's edits turn nothing red, in well under a minute.
DATA_TESTS = [
    "tests/plugins",
    "tests/test_events_actions_resources.py",
    "tests/test_registration_dates.py",
    "tests/staff/test_event_mutations.py",
    "tests/staff/test_private_feeds.py",
]
TIMEOUT_SECONDS = 240


def guide_steps() -> list[tuple[str, str, str]]:
    """The guide's steps: ``(action, path, text)``, in the order of the page."""
    return STEP.findall(GUIDE.read_text(encoding="utf-8"))


def test_the_guide_has_the_steps_of_a_maintainer():
    steps = guide_steps()
    paths = {path for _action, path, _text in steps}
    assert paths == {
        "plugins/dept_53/department.toml",
        "plugins/dept_53/rules.py",
        "plugins/dept_53/__init__.py",
        "tests/plugins/test_dept_53.py",
    }
    toml = "\n".join(text for _a, path, text in steps if path.endswith(".toml"))
    assert 'kind = "DEPARTMENT_EVENT"' in toml and "public = false" in toml
    assert "[[actions]]" in toml
    assert "today" in next(text for _a, path, text in steps if path.endswith("rules.py"))


def _copy_of_the_repository(target: Path) -> Path:
    ignored = shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info", ".pytest_cache")
    for name in ("core", "plugins", "tests", "docs"):
        shutil.copytree(ROOT / name, target / name, ignore=ignored)
    for name in ("pyproject.toml", "schema.graphql", "README.md"):
        shutil.copy2(ROOT / name, target / name)
    return target


def test_following_the_guide_keeps_the_shared_tests_green(tmp_path):
    copy = _copy_of_the_repository(tmp_path / "repository")
    for action, path, text in guide_steps():
        assert path.startswith(("plugins/dept_53/", "tests/plugins/test_dept_53.py")), path
        file = copy / path
        if action == "create":
            file.write_text(text, encoding="utf-8")
        else:
            file.write_text(file.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != "CPS_TEST_DATABASE_URL"}
    # The copy's packages come first on the path (the project is installed in editable mode,
    # whose finder comes after it); SQLite only: the PostgreSQL database is the outer suite's.
    environment["PYTHONPATH"] = str(copy)
    where = subprocess.run(
        [sys.executable, "-c", "import plugins.dept_53.rules as r; print(r.__file__)"],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert where.stdout.strip() == str(copy / "plugins" / "dept_53" / "rules.py"), where.stderr
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *DATA_TESTS],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
