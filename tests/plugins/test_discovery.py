"""A plugin published as its own package is found through its entry point, with no edit of the
core: the test builds such a package outside the source tree and makes it importable."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from strawberry.relay import to_base64
from typer.testing import CliRunner

from core.cli import app as cli
from core.db import seeded_public_id
from core.hooks.manager import PluginStatus, build_plugin_manager
from core.settings import Settings
from plugins import dept_53, dept_72
from tests.conftest import repository_plugins
from tests.plugins.conftest import declared_plugins, service

PROBE = '''
"""The rule of a plugin named so that no real one clashes with it: a registration names the employer."""
from core.hooks import Rule, RuleSubject, Violation, hookimpl


@hookimpl
def cps_rules():
    return [
        Rule("PROBE_EMPLOYER_REQUIRED", RuleSubject.REGISTRATION, "L'inscription nomme l'employeur.")
    ]


@hookimpl
def cps_validate_registration(registration, target):
    if registration.employer:
        return []
    return [Violation("PROBE_EMPLOYER_REQUIRED", "employer", "Indiquez le nom de votre employeur.")]
'''
BROKEN = """raise ImportError("a dependency of this plugin is missing")\n"""
CLAIMS_44 = """
from core.hooks import hookimpl
import plugins.dept_44


@hookimpl
def cps_department():
    return plugins.dept_44.plugin.cps_department()
"""
SARTHE = '''
"""Sarthe (72): the department's plugin, published as its own package."""
from pathlib import Path

from core.hooks import DepartmentPlugin

plugin = DepartmentPlugin(Path(__file__).with_name("sarthe_cps.toml"))
'''


def install(
    site: Path,
    distribution: str,
    version: str,
    name: str,
    module: str,
    source: str,
    *,
    target: str | None = None,
) -> None:
    """Write a module and its distribution's metadata, as ``pip install`` would.

    The entry point names the module, or ``target`` (``module:object``) when given.
    """
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{distribution.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[cps.plugins]\n{name} = {target or module}\n", encoding="utf-8"
    )


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory of installed packages outside the source tree, on ``sys.path`` for one test."""
    folder = tmp_path / "site-packages"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    before = set(sys.modules)
    yield folder
    for module in set(sys.modules) - before:
        if (
            getattr(sys.modules[module], "__file__", "")
            and str(folder) in sys.modules[module].__file__
        ):
            del sys.modules[module]


def cps(*args: str, **env: str):
    return CliRunner().invoke(cli, list(args), env=env)


ELIGIBILITY = """query($t: ID!) { eligibility(target: $t, registration: {departmentCode: "49",
  employerCommitment: true}) { status violations { code plugin } } }"""
SESSION_2 = to_base64("TrainingSession", seeded_public_id("session:2025-2"))


async def test_an_installed_plugin_package_is_discovered_listed_and_applied(site, settings):
    install(site, "cpsprobe-rules", "1.2.0", "cpsprobe", "cpsprobe_rules", PROBE)
    plugins = build_plugin_manager()
    cpsprobe = plugins.description("cpsprobe")
    assert (cpsprobe.status, cpsprobe.version, cpsprobe.distribution) == (
        PluginStatus.LOADED,
        "1.2.0",
        "cpsprobe-rules",
    )
    assert cpsprobe.department is None
    assert plugins.scope(["53"]) == ["regional", "cpsprobe", "dept_53"]

    listing = cps("plugins")
    assert listing.exit_code == 0, listing.output
    assert "cpsprobe 1.2.0 (cpsprobe-rules) — règles régionales" in listing.output
    assert (
        "PROBE_EMPLOYER_REQUIRED  [inscription] L'inscription nomme l'employeur." in listing.output
    )

    # The service built from the settings finds it too, and applies its rule.
    async with service(
        settings, build_plugin_manager(disabled=settings.disabled_plugins)
    ) as graphql:
        data = await graphql.data(ELIGIBILITY, {"t": SESSION_2})
        listed = await graphql.data("{ plugins { name version } }")
    assert data["eligibility"] == {
        "status": "NOT_ELIGIBLE",
        "violations": [{"code": "PROBE_EMPLOYER_REQUIRED", "plugin": "cpsprobe"}],
    }
    assert {"name": "cpsprobe", "version": "1.2.0"} in listed["plugins"]


async def test_a_setting_disables_a_plugin_by_name(site, database_url):
    install(site, "cpsprobe-rules", "1.2.0", "cpsprobe", "cpsprobe_rules", PROBE)
    listing = cps("plugins", CPS_DISABLED_PLUGINS="cpsprobe,dept_72")
    assert "cpsprobe 1.2.0 (cpsprobe-rules) — désactivée (CPS_DISABLED_PLUGINS)" in listing.output
    assert "dept_72 0.1.0 (pole-cps) — désactivée" in listing.output
    assert "PROBE_EMPLOYER_REQUIRED" not in listing.output
    settings = Settings.from_env(database_url=database_url, disabled_plugins="cpsprobe")
    async with service(
        settings, build_plugin_manager(disabled=settings.disabled_plugins)
    ) as graphql:
        data = await graphql.data(ELIGIBILITY, {"t": SESSION_2})
    # A disabled plugin of no department might have spoken for any: nothing is decided...
    assert data["eligibility"]["status"] == "UNDETERMINED"
    accepted = Settings.from_env(
        database_url=database_url, disabled_plugins="cpsprobe", accept_disabled_plugins="cpsprobe"
    )
    async with service(
        accepted,
        build_plugin_manager(
            disabled=accepted.disabled_plugins, accepted_disabled=accepted.accept_disabled_plugins
        ),
    ) as graphql:
        data = await graphql.data(ELIGIBILITY, {"t": SESSION_2})
    # ...until the operator accepts to do without it.
    assert data["eligibility"]["status"] == "ELIGIBLE"


def test_a_package_that_fails_to_load_is_reported_by_name(site):
    install(site, "cpsprobe-rules", "1.2.0", "cpsprobe", "cpsprobe_rules", PROBE)
    install(site, "broken-cps", "0.3.0", "broken", "broken_cps", BROKEN)
    listing = cps("plugins")
    assert listing.exit_code == 0
    assert (
        "broken 0.3.0 (broken-cps) — en échec au chargement : "
        "ImportError: a dependency of this plugin is missing"
    ) in listing.output
    assert (
        "cps: extension « broken » en échec : ImportError: a dependency of this plugin is missing"
    ) in listing.output
    assert "cpsprobe 1.2.0 (cpsprobe-rules) — règles régionales" in listing.output
    assert "dept_53 0.1.0 (pole-cps) — département 53, Mayenne" in listing.output


def test_a_package_claiming_a_department_already_served_stops_the_start(site):
    install(site, "rival-44", "1.0.0", "rival_44", "rival_44", CLAIMS_44)
    result = cps("plugins")
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("cps: erreur [PLUGIN_CONFLICT] :")
    assert "dept_44" in line and "rival_44" in line and "CPS_DISABLED_PLUGINS" in line
    assert cps("plugins", CPS_DISABLED_PLUGINS="rival_44").exit_code == 0


def test_a_department_plugin_object_published_as_a_package_is_discovered(site):
    install(site, "sarthe-cps", "2.0.0", "sarthe", "sarthe_cps", SARTHE, target="sarthe_cps:plugin")
    data = dept_72.DATA_FILE.read_text(encoding="utf-8")
    (site / "sarthe_cps.toml").write_text(data, encoding="utf-8")
    plugins = build_plugin_manager(disabled=["dept_72"])
    sarthe = plugins.description("sarthe")
    assert (sarthe.status, sarthe.version, sarthe.distribution, sarthe.department_code) == (
        PluginStatus.LOADED,
        "2.0.0",
        "sarthe-cps",
        "72",
    )
    assert "DEPT_72_PRACTICE_DAY_OWN_DEPARTMENT" in {rule.code for rule in sarthe.rules}
    assert plugins.scope(["72"]) == ["regional", "sarthe"]
    listing = cps("plugins", CPS_DISABLED_PLUGINS="dept_72")
    assert "sarthe 2.0.0 (sarthe-cps) — département 72, Sarthe" in listing.output
    # Both speak for the Sarthe: one of them must be disabled.
    assert cps("plugins", CPS_DISABLED_PLUGINS="").exit_code == 2


def test_the_suite_loads_only_the_repositorys_plugins(site, settings):
    # A plugin someone installed, named as the guide's example: the suite's app ignores it.
    install(site, "acme-cps-rules", "1.0.0", "acme", "acme_cps_rules", PROBE)
    assert "acme" in [d.name for d in build_plugin_manager().describe()]
    assert [d.name for d in repository_plugins(settings).describe()] == [
        "regional",
        *declared_plugins(),
    ]


MAYENNE = """
from pathlib import Path

from core.hooks import DepartmentPlugin

plugin = DepartmentPlugin(Path(__file__).with_name("mayenne_cps.toml"))
"""


def install_mayenne(site: Path, old: str, new: str) -> Path:
    """Mayenne's plugin as a package of its own, its data file with ``old`` made ``new``."""
    install(
        site, "mayenne-cps", "1.0.0", "mayenne", "mayenne_cps", MAYENNE, target="mayenne_cps:plugin"
    )
    data = dept_53.DATA_FILE.read_text(encoding="utf-8")
    path = site / "mayenne_cps.toml"
    path.write_text(data.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if fragment in line)


def test_plugins_check_exits_1_with_one_french_line_per_mistake(site):
    assert cps("plugins", "--check").exit_code == 0
    path = install_mayenne(site, "postal_code =", "postal_cod =")
    result = cps("plugins", "--check", CPS_DISABLED_PLUGINS="dept_53")
    assert result.exit_code == 1
    assert (
        f"cps: extension « mayenne » en échec : {path}, ligne {line_of(path, 'postal_cod')} : "
        "events[0] : clé inconnue « postal_cod » : vouliez-vous dire « postal_code » ?"
    ) in result.output.splitlines()
    assert "Traceback" not in result.output
    # Without --check the listing still answers 0: it is not a check.
    assert cps("plugins", CPS_DISABLED_PLUGINS="dept_53").exit_code == 0


def test_plugins_check_names_the_file_and_line_of_content_that_breaks_a_rule(site):
    # Its first event moved to Le Mans, a real commune (the place check passes) of the Sarthe.
    path = install_mayenne(
        site,
        'city = "Laval"\npostal_code = "53000"',
        'city = "Le Mans"\npostal_code = "72000"',
    )
    result = cps(
        "plugins", "--check", CPS_DISABLED_PLUGINS="dept_53", CPS_ACCEPT_DISABLED_PLUGINS="dept_53"
    )
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if line.startswith("cps: ")]
    key_line = line_of(path, "2025-practice-exchange-53")
    assert line.startswith(
        f"cps: extension « mayenne » en échec (content) : {path}, ligne {key_line} : "
        "« Journée d'échanges de pratique"
    )
    assert "DEPT_53_EVENT_IN_DEPARTMENT" in line


def test_seed_exits_1_when_a_plugin_fails(site, tmp_path):
    install_mayenne(site, "date = 2025-11-25", 'date = "25/11"')
    url = f"sqlite+aiosqlite:///{tmp_path / 'cps.sqlite3'}"
    result = cps("seed", CPS_DATABASE_URL=url, CPS_DISABLED_PLUGINS="dept_53")
    assert result.exit_code == 1
    assert "n'est pas une date au format AAAA-MM-JJ" in result.output
    assert "Traceback" not in result.output
