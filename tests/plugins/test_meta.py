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


def documented_parameters(guide: str) -> dict[str, list[str]]:
    """Each hook's parameters as its section of the guide writes them, in order:
    ``### `cps_x``` then ``(name: Type, ...) -> Return``."""
    found = {}
    for hook, signature in re.findall(
        r"^#+ `(cps_[a-z_]+)`\s+`\(([^)]*)\) ->", guide, re.MULTILINE
    ):
        found[hook] = [part.strip() for part in signature.split(",") if part.strip()]
    return found


def specified_parameters(hook: str) -> list[str]:
    """The hookspec's parameters, ``name: Type`` as the code writes them."""
    parameters = inspect.signature(getattr(hookspecs, hook)).parameters.values()
    return [f"{parameter.name}: {parameter.annotation}" for parameter in parameters]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_in_the_guide_with_its_signature(hook):
    documented = documented_parameters(GUIDE.read_text(encoding="utf-8"))
    assert hook in documented, f"docs/plugins.md has no section for {hook} with its signature"
    assert documented[hook] == specified_parameters(hook), (
        f"docs/plugins.md gives {hook} other parameters than core/hooks/hookspecs.py"
    )


def test_a_changed_documented_signature_is_caught():
    guide = GUIDE.read_text(encoding="utf-8").replace(
        "`(session: SessionDraft, today: date) -> list[Violation]`",
        "`(today: date, session: SessionDraft) -> list[Violation]`",
    )
    assert documented_parameters(guide)["cps_validate_session"] != specified_parameters(
        "cps_validate_session"
    )


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test(hook):
    assert callable(getattr(test_hooks, f"test_hook_{hook}", None)), f"no test_hook_{hook}"
