"""Meta-tests, after Datasette's: every hook is documented, and every hook has its test."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from core.hooks import hookspecs
from tests.plugins import test_hooks
from tests.plugins.conftest import HOOKS

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"


def test_the_hooks_are_the_ten_of_the_issue():
    assert HOOKS == [
        "cps_actions",
        "cps_calendar_entries",
        "cps_department",
        "cps_department_extension",
        "cps_events",
        "cps_graphql_types",
        "cps_rules",
        "cps_validate_event",
        "cps_validate_registration",
        "cps_validate_session",
    ]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_specification_says_when_what_and_how(hook):
    specification = getattr(hookspecs, hook)
    doc = inspect.getdoc(specification) or ""
    for words in ("Called", "Receives", "Returns", "firstresult"):
        assert words in doc, f"{hook}: its docstring does not say {words!r}"
    assert inspect.signature(specification).return_annotation != inspect.Signature.empty


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_in_the_guide(hook):
    headings = re.findall(r"^#+ .*`(cps_[a-z_]+)`", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    assert hook in headings, f"docs/plugins.md has no section for {hook}"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test(hook):
    assert callable(getattr(test_hooks, f"test_hook_{hook}", None)), f"no test_hook_{hook}"
