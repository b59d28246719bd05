"""Secrets kept out of the logs: the token of a private calendar feed and the secret of an
e-mailed registration link, in any request's path.

A private feed's URL is its only credential, and calendar applications send it in many shapes
when a person pastes it: other methods (POST, PUT, OPTIONS, PROPFIND, REPORT), a trailing
slash, a missing ``.ics``. Whatever the answer (200, 304, 404, 405, a redirect, 429, 500), the
path is written to the logs only through ``loggable_path``.
"""

from __future__ import annotations

import re

REDACTED = "[jeton]"
# Everything after ``/private`` may be a token, whatever its shape.
_PRIVATE_TAIL = re.compile(r"(?i)(/private)(/.*)$")
# A feed token elsewhere in a path (``core.services.feed_subscriptions.FEED_TOKEN_PREFIX``).
_TOKEN = re.compile(r"cal_[A-Za-z0-9_-]{6,}")
# The secret of a registration link (``/inscription/<secret>``, ``/inscription/confirmer/<secret>``).
_LINK_SECRET = re.compile(r"(?i)(/inscription(?:/confirmer)?)/(?!confirmer\b|\{)[^/]+")


def _redacted_tail(match: re.Match[str]) -> str:
    tail = match[2]
    if not tail.strip("/"):
        return match[0]
    suffix = ".ics" if tail.rstrip("/").lower().endswith(".ics") else ""
    return f"{match[1]}/{REDACTED}{suffix}{'/' if tail.endswith('/') and len(tail) > 1 else ''}"


def loggable_path(path: str) -> str:
    """``path`` with any private feed token replaced by ``[jeton]``.

    ``/calendars/private/cal_x.ics`` gives ``/calendars/private/[jeton].ics``; a trailing slash
    is kept, so the log still tells the variants apart.
    """
    path = _LINK_SECRET.sub(lambda match: f"{match[1]}/{REDACTED}", path)
    return _TOKEN.sub(REDACTED, _PRIVATE_TAIL.sub(_redacted_tail, path))
