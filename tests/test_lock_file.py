"""``requirements.lock`` agrees with ``pyproject.toml``: every declared dependency (the service's
and the ``[test]`` extra's) is pinned there, at a version its bounds allow."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def pins(text: str) -> dict[str, Version]:
    """The exact versions a lock file pins, by canonical name."""
    return {canonicalize_name(name): Version(version) for name, version in PIN.findall(text)}


def declared() -> list[Requirement]:
    """The service's dependencies and those of its ``[test]`` extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [
        Requirement(line)
        for line in [*project["dependencies"], *project["optional-dependencies"]["test"]]
    ]


def disagreements(requirements: list[Requirement], locked: dict[str, Version]) -> list[str]:
    """What a refresh of the lock file would change: requirements missing or out of bounds."""
    found = []
    for requirement in requirements:
        version = locked.get(canonicalize_name(requirement.name))
        if version is None:
            found.append(f"{requirement.name}: not in requirements.lock")
        elif not requirement.specifier.contains(version, prereleases=True):
            found.append(f"{requirement.name}: {version} outside {requirement.specifier}")
    return found


def test_every_declared_dependency_is_pinned_within_its_bounds():
    locked = pins((ROOT / "requirements.lock").read_text())
    assert len(locked) > len(declared())  # their own dependencies are pinned too
    assert disagreements(declared(), locked) == []


def test_a_lock_file_behind_pyproject_is_caught():
    locked = pins("strawberry-graphql==0.340.0 \\\n    --hash=sha256:00\nhttpx==0.28.1\n")
    requirements = [Requirement("strawberry-graphql>=0.341.2,<0.342"), Requirement("httpx"),
                    Requirement("mypy>=1.15")]
    assert disagreements(requirements, locked) == [
        "strawberry-graphql: 0.340.0 outside <0.342,>=0.341.2",
        "mypy: not in requirements.lock",
    ]
