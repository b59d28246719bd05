"""Staff's webhooks: create one (its secret shown once), list, delete; the delivery log.

A URL must be http(s) and resolve only to public addresses: a webhook pointing at the
service's own network (loopback, private, link-local) would let whoever creates one probe it.
``allow_private`` (``CPS_WEBHOOK_ALLOW_PRIVATE``) lifts that for tests and local partners.
The check runs when the webhook is created and again before each delivery (a name may be made
to resolve elsewhere later).
"""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import secrets
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth.viewer import Viewer
from core.db import utcnow
from core.models import Webhook, WebhookDelivery
from core.services.errors import InputError

SECRET_PREFIX = "whsec_"
MAX_URL_LENGTH = 2000
DELIVERY_LOG_LIMIT = 100

# What a partner may subscribe to: objects created, updated, cancelled or archived, and the
# public seat counts of sessions and events. Never a registration (personal data).
EVENT_TYPES = (
    "session.created", "session.updated", "session.cancelled", "session.seats_changed",
    "event.created", "event.updated", "event.cancelled", "event.seats_changed",
    "trainer.created", "trainer.updated", "trainer.archived",
    "action.created", "action.updated", "action.archived",
    "resource.created", "resource.updated", "resource.archived",
)


@dataclass(frozen=True)
class CreatedWebhook:
    """A webhook just created, and its secret (never shown again)."""

    row: Webhook
    secret: str


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _refused_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not ip.is_global or ip.is_multicast


async def check_url(url: str, *, allow_private: bool) -> None:
    """Raise ``InputError`` unless ``url`` is an http(s) URL whose host resolves, only to
    public addresses (any address with ``allow_private``)."""
    parts = urlsplit(url)
    if len(url) > MAX_URL_LENGTH or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            "INVALID_WEBHOOK_URL", "L'adresse doit commencer par https:// (ou http://).",
            field="url",
        )
    try:
        found = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM,
        )
    except (OSError, UnicodeError):
        raise InputError(
            "WEBHOOK_HOST_UNKNOWN", "Le nom d'hôte de l'adresse est introuvable.", field="url"
        ) from None
    if not allow_private and any(_refused_address(str(info[4][0])) for info in found):
        raise InputError(
            "WEBHOOK_ADDRESS_NOT_PUBLIC",
            "L'adresse mène à un réseau local ou privé : elle est refusée.",
            field="url",
        )


def _event_types(wanted: Sequence[str]) -> list[str]:
    unknown = sorted(set(wanted) - set(EVENT_TYPES))
    if unknown or not wanted:
        raise InputError(
            "UNKNOWN_EVENT_TYPE",
            "Types d'évènements inconnus ou absents : "
            + (", ".join(unknown) or "aucun")
            + ". Types possibles : " + ", ".join(EVENT_TYPES) + ".",
            field="eventTypes",
        )
    return sorted(set(wanted))


async def create(
    db: AsyncSession,
    viewer: Viewer,
    *,
    url: str,
    event_types: Sequence[str],
    contact_email: str,
    allow_private: bool,
) -> CreatedWebhook:
    """Create a webhook; ``contact_email`` is told if it gets disabled. Raises ``InputError``
    for a refused URL, an unknown event type or a missing address."""
    url = url.strip()
    types = _event_types(event_types)
    if "@" not in contact_email or len(contact_email) > 300:
        raise InputError(
            "INVALID_EMAIL", "Indiquez l'adresse à prévenir en cas d'échec.", field="contactEmail"
        )
    await check_url(url, allow_private=allow_private)
    secret = new_secret()
    row = Webhook(
        url=url,
        event_types=types,
        secret=secret,
        created_by_token_id=viewer.token_id,
        created_by=viewer.actor,
        contact_email=contact_email.strip().lower(),
    )
    db.add(row)
    await db.flush()
    return CreatedWebhook(row, secret)


async def listed(db: AsyncSession) -> list[Webhook]:
    """Every webhook not deleted, oldest first."""
    return list(
        await db.scalars(
            select(Webhook).where(Webhook.deleted_at.is_(None)).order_by(Webhook.id)
        )
    )


async def by_public_id(db: AsyncSession, public_id: str) -> Webhook | None:
    """A webhook not deleted, by its public ID."""
    return await db.scalar(
        select(Webhook).where(Webhook.public_id == public_id, Webhook.deleted_at.is_(None))
    )


async def delete(db: AsyncSession, row: Webhook) -> None:
    """Delete a webhook: nothing more is delivered to it (its log stays for staff)."""
    row.deleted_at = utcnow()
    await db.flush()


async def subscribed(db: AsyncSession, event_type: str) -> list[Webhook]:
    """The live webhooks that want ``event_type``."""
    rows = await db.scalars(
        select(Webhook).where(Webhook.deleted_at.is_(None), Webhook.disabled_at.is_(None))
    )
    return [row for row in rows if event_type in row.event_types]


async def deliveries(
    db: AsyncSession, webhook_ids: Sequence[int], first: int = 20
) -> dict[int, list[WebhookDelivery]]:
    """The latest attempts of each webhook, newest first."""
    found: dict[int, list[WebhookDelivery]] = {webhook_id: [] for webhook_id in webhook_ids}
    limit = max(1, min(first, DELIVERY_LOG_LIMIT))
    for webhook_id in webhook_ids:
        found[webhook_id] = list(
            await db.scalars(
                select(WebhookDelivery)
                .where(WebhookDelivery.webhook_id == webhook_id)
                .order_by(WebhookDelivery.id.desc())
                .limit(limit)
            )
        )
    return found
