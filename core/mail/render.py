"""Composing an e-mail from its outbox row: Jinja2 templates, headers, the MIME message.

Each topic has two templates, ``<topic>.txt`` (the plain text, what every client shows) and
``<topic>.html`` (the alternative: no image, no remote resource, no tracking), both extending
the base templates that name the Pôle and its contact. Autoescape is on for HTML.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from core.mail.messages import POLE_NAME, POLE_RUN_BY, SUBJECTS
from core.models import OutboxMessage
from core.settings import Settings


@cache
def templates() -> Environment:
    """The Jinja2 environment of the e-mail templates (built once)."""
    return Environment(
        loader=PackageLoader("core.mail", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def message_id(message: OutboxMessage, settings: Settings) -> str:
    """The e-mail's ``Message-ID``: derived from the outbox row, the same on every attempt."""
    host = urlsplit(settings.base_url).hostname or "localhost"
    return f"<{message.public_id}@{host}>"


def _values(message: OutboxMessage, settings: Settings) -> dict[str, Any]:
    return {
        **message.context,
        "base_url": settings.base_url,
        "pole_name": POLE_NAME,
        "pole_run_by": POLE_RUN_BY,
        "contact": settings.mail_contact or settings.mail_reply_to or settings.base_url,
    }


def compose(
    message: OutboxMessage, settings: Settings, calendar: bytes | None = None
) -> EmailMessage:
    """The MIME e-mail of an outbox row: headers, plain text and its HTML alternative, and
    ``calendar`` (an iTIP file, ``core.calendars.invitation``) attached when given."""
    values = _values(message, settings)
    environment = templates()
    email = EmailMessage()
    email["Subject"] = SUBJECTS[message.topic].format(**values)
    email["From"] = settings.mail_from
    email["To"] = message.recipient
    if settings.mail_reply_to:
        email["Reply-To"] = settings.mail_reply_to
    email["Message-ID"] = message_id(message, settings)
    email["Date"] = format_datetime(message.created_at)
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(environment.get_template(f"{message.topic}.txt").render(values))
    email.add_alternative(
        environment.get_template(f"{message.topic}.html").render(values), subtype="html"
    )
    if calendar is not None:
        method = message.context["invitation"]["method"]
        email.add_attachment(
            calendar,
            maintype="text",
            subtype="calendar",
            params={"method": method, "charset": "utf-8"},
            filename="invitation.ics" if method == "REQUEST" else "annulation.ics",
        )
    return email

