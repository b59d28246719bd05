"""A plugin that raises while validating makes the write fail: a broken rule lets nothing in."""

from __future__ import annotations

from sqlalchemy import func, select

from core.db import Database
from core.models import Registration
from plugins import dept_53
from tests.plugins.conftest import builtin_plugins, copy_of, raising, service, swap
from tests.staff.conftest import REGISTER, module_1_person, practice_day_id


async def test_a_raising_rule_fails_the_registration_and_writes_nothing(settings):
    plugins = swap(
        builtin_plugins(), "dept_53", copy_of(dept_53.plugin, cps_validate_registration=raising())
    )
    trainer = module_1_person(departmentCode="53", confirmedTrainerTrainingYears=[2025])
    async with service(settings, plugins) as graphql:
        data = await graphql.data(
            REGISTER, {"target": practice_day_id("53"), "registration": trainer}
        )
    answer = data["register"]
    assert answer["registration"] is None
    assert [(e["code"], e["plugin"]) for e in answer["errors"]] == [
        ("RULES_UNDETERMINED", "dept_53")
    ]
    database = Database.open(settings.database_url)
    try:
        async with database.sessions() as db:
            assert await db.scalar(select(func.count(Registration.id))) == 0
    finally:
        await database.close()
