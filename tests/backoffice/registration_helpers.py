"""What the registration screens' tests share: registrations made through GraphQL with a
staff token, the e-mails they cause read from the outbox, a session asking for approval."""

from __future__ import annotations

from email.message import EmailMessage

from sqlalchemy import select, update
from starlette.applications import Starlette

from core.db import seeded_public_id
from core.mail.render import compose
from core.models import OutboxMessage, Registration, TrainingSession
from core.models.enums import RegistrationStatus

SESSION_2 = seeded_public_id("session:2025-2")
SESSION_2_PAGE = f"/gestion/inscriptions/formations/{SESSION_2}"


async def email_to(app: Starlette, address: str, topic: str) -> EmailMessage | None:
    """The latest e-mail of ``topic`` written to ``address``, composed as it is sent."""
    async with app.state.database.sessions() as db:
        message = await db.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == address, OutboxMessage.topic == topic)
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
    return None if message is None else compose(message, app.state.settings)


def text_of(email: EmailMessage) -> str:
    """The plain-text body of ``email``."""
    return email.get_body(("plain",)).get_content()


async def statuses(app: Starlette, session_public_id: str = SESSION_2) -> dict[str, str]:
    """The status of each registration of a session, by full name."""
    async with app.state.database.sessions() as db:
        rows = await db.execute(
            select(Registration.full_name, Registration.status)
            .join(TrainingSession, TrainingSession.id == Registration.session_id)
            .where(TrainingSession.public_id == session_public_id)
        )
        return {name: status.value for name, status in rows}


async def ask_approval(app: Starlette, session_public_id: str = SESSION_2) -> None:
    """Make a session's registrations wait for staff approval."""
    async with app.state.database.sessions() as db, db.begin():
        await db.execute(
            update(TrainingSession)
            .where(TrainingSession.public_id == session_public_id)
            .values(requires_approval=True)
        )


PENDING = RegistrationStatus.PENDING_APPROVAL.value
