"""The README's table of the public site names every page the site serves."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.routing import Route

from core.web.routes import site_routes

README = Path(__file__).parents[2] / "README.md"


def test_every_page_is_in_the_readme_table():
    section = README.read_text().split("## The public site", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`(/[^`]*)`", section))
    for route in site_routes():
        if isinstance(route, Route):
            path = re.sub(r"\{(\w+)\}", lambda m: "<" + _words(m.group(1)) + ">", route.path)
            assert path in listed, f"{path} is missing from README's « The public site »"


def _words(parameter: str) -> str:
    return {"public_id": "public ID"}.get(parameter, parameter)
