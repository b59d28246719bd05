"""A real SMTP server for the tests (``aiosmtpd``), on a free loopback port, that keeps every
e-mail it receives, parsed."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import time
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port nobody listens on, on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, _server, _session, envelope) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


class SmtpServer:
    """An SMTP server on ``port`` (started by ``start``), keeping what it receives."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.inbox = _Inbox()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        """The ``CPS_SMTP_URL`` of this server."""
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[EmailMessage]:
        """Every e-mail received, parsed, in order of arrival."""
        return self.inbox.messages

    def start(self) -> None:
        """Listen (in a thread of its own)."""
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        """Stop listening (what was received stays)."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    async def wait_for(self, count: int, timeout: float = 20.0) -> list[EmailMessage]:
        """Wait until ``count`` e-mails arrived; fail after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            assert time.monotonic() < deadline, f"{len(self.messages)} e-mail(s), {count} expected"
            await asyncio.sleep(0.05)
        return list(self.messages)

    def wait_blocking(self, count: int, timeout: float = 30.0) -> list[EmailMessage]:
        """``wait_for`` for a test that is not a coroutine."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            assert time.monotonic() < deadline, f"{len(self.messages)} e-mail(s), {count} expected"
            time.sleep(0.05)
        return list(self.messages)


def text_of(message: EmailMessage) -> str:
    """The plain-text part of an e-mail."""
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    """The HTML alternative of an e-mail."""
    return message.get_body(("html",)).get_content()


def subject_of(message: EmailMessage) -> str:
    """The subject as a person reads it (encoded words joined, spaces collapsed)."""
    return " ".join(str(message["Subject"]).split())


def links_in(message: EmailMessage, base_url: str) -> list[str]:
    """The paths of the service's links in an e-mail's plain text, in order."""
    import re

    return [
        match.removeprefix(base_url)
        for match in re.findall(re.escape(base_url) + r"/[^\s)]+", text_of(message))
    ]
