"""Fixtures of the back-office tests: clients signed in through the real e-mailed link."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from core.models.enums import StaffRole
from tests.backoffice.signing_in import signed_in
from tests.serving import client_of
from tests.exports.conftest import registered, session_2_trainers  # noqa: F401  (registrations)
from tests.staff.conftest import (  # noqa: F401  (registrations made through GraphQL)
    as_token,
    new_token,
    regional,
    register,
    registrations_open,
    set_capacity,
    staff_49,
)
from tests.web.conftest import browser, live_server, visit  # noqa: F401  (browser tests)


@pytest.fixture
async def regional_client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client signed in with a regional account."""
    async with client_of(app, "203.0.113.21") as http:
        await signed_in(http, app, StaffRole.REGIONAL)
        yield http


@pytest.fixture
async def department_44_client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client signed in with a department-44 account."""
    async with client_of(app, "203.0.113.44") as http:
        await signed_in(http, app, StaffRole.DEPARTMENT, ["44"])
        yield http


@pytest.fixture
async def anonymous_client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client nobody signed in."""
    async with client_of(app, "203.0.113.99") as http:
        yield http
