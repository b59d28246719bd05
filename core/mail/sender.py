"""The e-mail channel of the outbox: hand a message to the SMTP server, or keep it.

``CPS_SMTP_URL`` names the server: ``smtp://`` (STARTTLS when the server offers it),
``smtp+starttls://`` (STARTTLS required) or ``smtps://`` (TLS from the start), with the
credentials in the URL. Without it, e-mails are kept in the database (status KEPT) and, in
debug mode, announced by one log line that says where to read them (the line holds neither the
body nor its links: they may carry a personal secret).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import aiosmtplib

from core.calendars.invitation import invitation
from core.db import Database
from core.mail.render import compose
from core.models import OutboxMessage, OutboxStatus
from core.outbox import DeliveryError, PermanentDeliveryError
from core.calendars.keys import FeedKey, FeedKind
from core.settings import Settings

logger = logging.getLogger("cps.mail")

SMTP_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to reach the SMTP server."""

    hostname: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    start_tls: bool | None

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        """Read ``smtp://``, ``smtp+starttls://`` or ``smtps://user:password@host:port``."""
        parts = urlsplit(url)
        implicit_tls = parts.scheme == "smtps"
        return cls(
            hostname=parts.hostname or "localhost",
            port=parts.port or (465 if implicit_tls else 587 if "starttls" in parts.scheme else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_tls=implicit_tls,
            # None: STARTTLS if the server offers it; True: required.
            start_tls=True if parts.scheme == "smtp+starttls" else (False if implicit_tls else None),
        )


class EmailSender:
    """Delivers the outbox's e-mails through SMTP, or keeps them when no server is set."""

    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.database = database
        self.server = SmtpServer.from_url(settings.smtp_url) if settings.smtp_url else None

    async def _calendar(self, message: OutboxMessage) -> bytes | None:
        """The iTIP calendar file the message carries, built now from the feed's entries (so
        it says the latest SEQUENCE); None when it carries none."""
        wanted = message.context.get("invitation")
        if not wanted:
            return None
        feed = FeedKey(FeedKind(wanted["kind"]), wanted["public_id"])
        async with self.database.sessions() as db:
            return await invitation(
                db,
                feed,
                base_url=self.settings.base_url,
                method=wanted["method"],
                organizer=self.settings.mail_from,
                attendee=message.recipient or "",
            )

    async def send(self, message: OutboxMessage) -> OutboxStatus:
        """Deliver one e-mail; returns SENT (accepted by the server) or KEPT (no server).

        Raises ``DeliveryError`` when the server is unreachable or refuses for now, and
        ``PermanentDeliveryError`` when it refuses every recipient for good (5xx).
        """
        try:
            calendar = await self._calendar(message)
        except Exception as error:  # the database away: try again later
            raise DeliveryError(f"calendar: {type(error).__name__}") from error
        try:
            email = compose(message, self.settings, calendar)
        except Exception as error:  # a template that cannot render will never render
            raise PermanentDeliveryError(f"composition: {type(error).__name__}") from error
        if self.server is None:
            if self.settings.debug:
                logger.info(
                    "e-mail kept (no CPS_SMTP_URL): %s to %s, read it at %s/debug/mails/%s",
                    message.topic, message.recipient, self.settings.base_url, message.public_id,
                )
            return OutboxStatus.KEPT
        server = self.server
        try:
            await aiosmtplib.send(
                email,
                hostname=server.hostname,
                port=server.port,
                username=server.username,
                password=server.password,
                use_tls=server.use_tls,
                start_tls=server.start_tls,
                timeout=SMTP_TIMEOUT_SECONDS,
            )
        except aiosmtplib.SMTPRecipientsRefused as error:
            codes = sorted({refusal.code for refusal in error.recipients})
            if all(code >= 500 for code in codes):
                raise PermanentDeliveryError(f"SMTP: recipient refused {codes}") from error
            raise DeliveryError(f"SMTP: recipient refused {codes}") from error
        except aiosmtplib.SMTPResponseException as error:
            raise DeliveryError(f"SMTP: {error.code}") from error
        except (aiosmtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"SMTP: {type(error).__name__}") from error
        return OutboxStatus.SENT
