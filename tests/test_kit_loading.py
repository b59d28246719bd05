"""The test kit loads in any environment where the service is installed, even without the
``[test]`` extra: its pytest plugin (``core.hooks.testing``, a ``pytest11`` entry point that
pytest loads in every run) imports pytest alone until a fixture is used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# As if pytest-asyncio were not installed: a finder refuses it (and ``-p no:asyncio`` below
# keeps pytest from loading its entry point).
WITHOUT_PYTEST_ASYNCIO = (
    "import sys\n"
    "class Absent:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.partition('.')[0] == 'pytest_asyncio':\n"
    "            raise ModuleNotFoundError(name)\n"
    "sys.meta_path.insert(0, Absent())\n"
)
HEAVY = "{'sqlalchemy', 'strawberry', 'starlette', 'pytest_asyncio'}"


def _python(code: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_PYTEST_ASYNCIO + code],
        capture_output=True, text=True, cwd=cwd, timeout=120,
    )


def test_the_kit_imports_without_pytest_asyncio_and_loads_nothing_heavy():
    done = _python(
        "import core.hooks.testing; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {HEAVY}))"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_its_helpers_are_found_where_the_guide_says():
    done = _python(
        "from core.hooks.testing import KIT_DAY, RuleRunner, practice_day; "
        "print(practice_day('53').department_code, KIT_DAY, RuleRunner.__module__)"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["53", "2025-03-01", "core.hooks.testkit"]


KIT_TESTS = '''
from core.hooks import RegistrationDraft
from core.hooks.testing import practice_day


def test_a_rule_without_the_service(cps_rules):
    check = cps_rules.registration(RegistrationDraft(department_code="53"), practice_day("53"))
    assert check.passed


def test_the_service_needs_pytest_asyncio(cps_app):
    pass
'''


def test_pytest_runs_with_the_kit_without_pytest_asyncio(tmp_path: Path):
    """A suite of an environment without ``[test]``: pytest starts (the kit is loaded by its
    entry point), the rules fixture works, the app fixture fails the test that uses it, saying
    what to install."""
    (tmp_path / "test_kit_user.py").write_text(KIT_TESTS)
    done = _python(
        "import pytest; raise SystemExit(pytest.main("
        # Plain asserts: pytest's rewriting import hook would find pytest-asyncio first.
        "['-p', 'no:asyncio', '-p', 'no:cacheprovider', '--assert=plain', '-q',"
        " 'test_kit_user.py']))",
        cwd=tmp_path,
    )
    assert "1 passed, 1 error" in done.stdout, done.stdout + done.stderr
    assert "the test kit's cps_app needs pytest-asyncio" in done.stdout
