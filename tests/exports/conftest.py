"""Fixtures of the export tests: staff tokens (those of tests/staff), a session with trainers
and registrations of every kind, and a way to read a PDF's text."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import select

from core.auth.viewer import Viewer
from core.db import Database, seeded_public_id
from core.models import Person, SessionTrainer, TrainingSession
from core.models.enums import StaffRole
from tests.services import unavailable
from tests.staff.conftest import (  # noqa: F401  (fixtures)
    as_token,
    module_1_person,
    new_token,
    regional,
    register,
    registrations_open,
    session_id,
    set_capacity,
    staff_44,
    staff_49,
)

SESSION_2 = seeded_public_id("session:2025-2")
REGIONAL = Viewer(role=StaffRole.REGIONAL, token_name="test régional")
STAFF_44 = Viewer(role=StaffRole.DEPARTMENT, department_codes=frozenset({"44"}), token_name="44")
STAFF_49 = Viewer(role=StaffRole.DEPARTMENT, department_codes=frozenset({"49"}), token_name="49")

# Who registers to session 2 (Angers, module 1), in this order; its two seats go to the first
# two, the third waits. Names and organisations a spreadsheet or a PDF could get wrong.
PEOPLE = [
    {"fullName": "Zoé L'Hôte-Œuvre", "employer": "Mairie d'Angers — Pôle « Enfance »"},
    {"fullName": "Bruno Martin", "employer": "=HYPERLINK(\"http://x\";\"clic\")"},
    {"fullName": "Camille <b>Dupont</b>", "employer": "Centre social & culturel"},
]


@pytest.fixture
async def session_2_trainers(database: Database) -> list[str]:
    """Give session 2 two trainers of the directory; their full names."""
    async with database.sessions() as db, db.begin():
        session = await db.scalar(
            select(TrainingSession).where(TrainingSession.public_id == SESSION_2)
        )
        people = list(
            await db.scalars(
                select(Person).where(Person.family_name.in_(["Le Royer", "Beaudouin"]))
                .order_by(Person.family_name)
            )
        )
        for position, person in enumerate(people):
            db.add(SessionTrainer(session_id=session.id, person_id=person.id, position=position))
    return [f"{person.given_name} {person.family_name}" for person in people]


@pytest.fixture
def registered(
    registrations_open, staff_49, register, set_capacity  # noqa: F811
) -> Callable[[], Awaitable[list[dict]]]:
    """Register ``PEOPLE`` to session 2 (two seats) through GraphQL with a staff token; the
    register payloads."""

    async def register_all() -> list[dict]:
        await set_capacity(2, 2)
        answers = []
        for n, person in enumerate(PEOPLE):
            answer = await register(staff_49, session_id(2), module_1_person(n, **person))
            assert not answer["errors"], answer["errors"]
            answers.append(answer)
        return answers

    return register_all


def pdf_text(content: bytes) -> str:
    """The text of a PDF, page by page, as ``pdftotext`` (Debian's poppler-utils) reads it."""
    executable = shutil.which("pdftotext")
    if executable is None:
        unavailable("pdftotext", "installez le paquet Debian poppler-utils")
    return subprocess.run(
        [executable, "-enc", "UTF-8", "-", "-"],
        input=content, capture_output=True, check=True,
    ).stdout.decode("utf-8")
