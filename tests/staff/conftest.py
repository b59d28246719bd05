"""Fixtures of the staff tests: tokens of each role, and GraphQL clients that send them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from strawberry.relay import to_base64

from core.db import Database, seeded_public_id
from core.hooks.testkit import GraphQLClient
from core.models import TrainingSession
from core.models.enums import StaffRole
from core.services.api_tokens import create_token
from tests.registering import confirmed


def session_id(number: int) -> str:
    """The global ID of a seeded 2025 session."""
    return to_base64("TrainingSession", seeded_public_id(f"session:2025-{number}"))


def practice_day_id(code: str) -> str:
    """The global ID of a department's 2025 practice-exchange day."""
    return to_base64("Event", seeded_public_id(f"event:2025-practice-exchange-{code}"))


def organization_id(key: str) -> str:
    """The global ID of a seeded organization."""
    return to_base64("Organization", seeded_public_id(f"organization:{key}"))


REGISTER = """
mutation($target: ID!, $registration: RegistrationDraftInput!, $key: String) {
  register(target: $target, registration: $registration, idempotencyKey: $key) {
    reference
    registration { id status fullName email session { number } event { title } }
    errors { code field message plugin }
  }
}
"""


def module_1_person(n: int = 0, **overrides: Any) -> dict[str, Any]:
    """What a professional eligible to module 1 declares."""
    return {
        "departmentCode": "49",
        "fullName": f"Camille Martin {n}",
        "email": f"camille.martin.{n}@example.org",
        "employer": "Mairie d'Angers",
        "employerCommitment": True,
        **overrides,
    }


def module_2_person(n: int = 0, **overrides: Any) -> dict[str, Any]:
    """What a professional eligible to module 2 declares."""
    declared = {
        "departmentCode": "44",
        "priorCpsTraining": {"organization": organization_id("promotion-sante")},
        "questionnaireScore": 0.85,
        **overrides,
    }
    return module_1_person(n, **declared)


@pytest.fixture
def registrations_open(clock) -> None:
    """A day when the 2025 sessions and events are still open to registration (1 March 2025)."""
    clock.set_day(date(2025, 3, 1))


@pytest.fixture
def new_token(database: Database) -> Callable[..., Awaitable[str]]:
    """Create a token in the test's database and return its secret."""

    async def create(role: StaffRole, *departments: str, name: str = "test", **kwargs) -> str:
        async with database.sessions() as db:
            created = await create_token(
                db, role=role, name=name, department_codes=departments, **kwargs
            )
            await db.commit()
        return created.secret

    return create


@pytest.fixture
def as_token(client: httpx.AsyncClient) -> Callable[[str | None], GraphQLClient]:
    """A GraphQL client sending the given token (or none)."""
    return lambda token: GraphQLClient(client, token)


@pytest.fixture
async def regional(new_token, as_token) -> GraphQLClient:
    """A client with a regional staff token."""
    return as_token(await new_token(StaffRole.REGIONAL, name="Pôle régional"))


@pytest.fixture
async def staff_44(new_token, as_token) -> GraphQLClient:
    """A client with a department 44 staff token."""
    return as_token(await new_token(StaffRole.DEPARTMENT, "44", name="COTER 44"))


@pytest.fixture
async def staff_49(new_token, as_token) -> GraphQLClient:
    """A client with a department 49 staff token."""
    return as_token(await new_token(StaffRole.DEPARTMENT, "49", name="COTER 49"))


@pytest.fixture
def register(client: httpx.AsyncClient, app) -> Callable[..., Awaitable[dict]]:
    """Register as a person does (``register``, then the address confirmed through the
    e-mail's link when no staff token was sent) and return the payload, its registration read
    again after the confirmation."""

    async def register_(graphql, target: str, person: dict, key: str | None = None) -> dict:
        data = await graphql.data(REGISTER, {"target": target, "registration": person, "key": key})
        return await confirmed(graphql, client, app, data["register"])

    return register_


@pytest.fixture
def set_capacity(database: Database) -> Callable[[int, int | None], Awaitable[None]]:
    """Give a seeded 2025 session a number of seats."""

    async def set_(number: int, capacity: int | None) -> None:
        async with database.sessions() as db, db.begin():
            await db.execute(
                update(TrainingSession)
                .where(TrainingSession.public_id == seeded_public_id(f"session:2025-{number}"))
                .values(capacity=capacity)
            )

    return set_
