"""Services some tests need besides the app: PostgreSQL and Redis.

A test that needs one runs when it is there; when it is not, the test is skipped on a
developer's machine and FAILS on CI (``CI=true``), where every service must be present.
"""

from __future__ import annotations

import os

import pytest

ON_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(service: str, why: str) -> None:
    """Skip the test (fail it on CI) because ``service`` is not there."""
    message = f"{service} indisponible : {why}"
    if ON_CI:
        pytest.fail(f"{message} (obligatoire sur CI)", pytrace=False)
    pytest.skip(message)
