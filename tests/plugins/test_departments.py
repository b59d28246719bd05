"""Each department's plugin on its own, with the test kit (``cps_*`` fixtures): what its data
file says is what the API serves, and its practice-exchange days are kept for its own trainers.

The tests run once per department, named after its plugin: ``pytest tests/plugins -k dept_53``
runs one department's (with its contract, ``test_contract.py``). What they expect is read from
the department's data file and the regional directory, so a maintainer's edit of their own
folder changes what is expected, never turns these tests red.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.hooks import EventKind, RegistrationDraft
from core.hooks.messages import french_date
from core.hooks.testing import practice_day
from tests.plugins.conftest import (
    declared_plugins,
    department_content,
    expected_content,
    published_events,
    violation_codes,
)

PLUGINS = list(declared_plugins())


@pytest.fixture(params=PLUGINS)
def plugin_name(request) -> str:
    """One department plugin of the repository; the test kit loads it alone."""
    return request.param


@pytest.fixture
def cps_plugins(plugin_name):
    """The test kit loads this department's plugin only."""
    return {plugin_name: declared_plugins()[plugin_name]}


async def test_its_data_files_content_is_served(cps_graphql, plugin_name):
    code = plugin_name.removeprefix("dept_")
    assert await department_content(cps_graphql, code) == expected_content(plugin_name)


def test_its_practice_days_are_for_its_trainers_of_the_same_years_training(
    cps_rules, cps_clock, plugin_name
):
    # Only the shared rules' codes are looked at: the department's own rules may add theirs.
    code = plugin_name.removeprefix("dept_")
    own_department = f"DEPT_{code}_PRACTICE_DAY_OWN_DEPARTMENT"
    trainer_training = f"DEPT_{code}_PRACTICE_DAY_TRAINER_TRAINING"
    other = "72" if code != "72" else "53"
    days = [e for e in published_events(code) if e.kind is EventKind.PRACTICE_EXCHANGE_DAY]
    for event in days:
        cps_clock.set_day(date(event.year - 1, 12, 1))
        day = practice_day(code, day=event.date, year=event.year)
        trained = frozenset({event.year})
        fine = cps_rules.registration(
            RegistrationDraft(department_code=code, confirmed_trainer_training_years=trained), day
        )
        assert not {own_department, trainer_training} & set(violation_codes(fine))
        elsewhere = cps_rules.registration(
            RegistrationDraft(department_code=other, confirmed_trainer_training_years=trained), day
        )
        [refusal] = [v for v in elsewhere.violations if v.code == own_department]
        assert f"du {french_date(event.date)}" in refusal.message
        untrained = cps_rules.registration(
            RegistrationDraft(
                department_code=code, confirmed_trainer_training_years=frozenset({event.year - 1})
            ),
            day,
        )
        assert trainer_training in violation_codes(untrained)
