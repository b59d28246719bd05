"""The back-office's routes: the sign-in pages and every screen module's ``ROUTES``."""

from __future__ import annotations

from starlette.routing import BaseRoute

from core.backoffice import (
    actions,
    audit_log,
    dashboard,
    events,
    organizations,
    people,
    registration_changes,
    registrations,
    resources,
    session_changes,
    sessions,
    sign_in,
    subscriptions,
    tokens,
    webhooks,
)

# Each module lists its own routes in ``ROUTES``; a new screen module is one more line here.
SCREEN_MODULES = (
    sign_in,
    dashboard,
    sessions,
    session_changes,
    registrations,
    registration_changes,
    events,
    actions,
    resources,
    people,
    organizations,
    tokens,
    subscriptions,
    webhooks,
    audit_log,
)


def backoffice_routes() -> list[BaseRoute]:
    """Every route under ``/gestion``."""
    return [route for module in SCREEN_MODULES for route in module.ROUTES]
