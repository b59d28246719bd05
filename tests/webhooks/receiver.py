"""A partner's webhook endpoint for the tests: a real HTTP server on a free loopback port
that verifies each delivery with the ``standardwebhooks`` package, as a partner would."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError


@dataclass
class Delivery:
    """One request received: its headers, body, and whether its signature verified."""

    headers: dict[str, str]
    body: bytes
    verified: bool


class Receiver:
    """Answers with the next code of ``answers`` (then 204), verifying with ``secret``."""

    def __init__(self, answers: list[int] | None = None) -> None:
        self.answers = list(answers or [])
        self.secret: str | None = None
        self.deliveries: list[Delivery] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                headers = {key.lower(): value for key, value in self.headers.items()}
                receiver.deliveries.append(Delivery(headers, body, receiver.verifies(body, headers)))
                code = receiver.answers.pop(0) if receiver.answers else 204
                self.send_response(code)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *_args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/cps"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def verifies(self, body: bytes, headers: dict[str, str]) -> bool:
        """Whether ``standardwebhooks`` accepts this body with these headers."""
        try:
            Webhook(self.secret).verify(body, headers)
        except WebhookVerificationError:
            return False
        return True

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    async def wait_for(self, count: int, timeout: float = 20.0) -> list[Delivery]:
        """Wait until ``count`` requests arrived."""
        deadline = time.monotonic() + timeout
        while len(self.deliveries) < count:
            assert time.monotonic() < deadline, f"{len(self.deliveries)} of {count} deliveries"
            await asyncio.sleep(0.05)
        return list(self.deliveries)
