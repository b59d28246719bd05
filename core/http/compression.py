"""Compressed answers: gzip for the clients that accept it, with an ETag of its own.

A partner's GraphQL answer shrinks about tenfold in gzip, and a feed about as much. The gzip
form of an answer gets the identity form's ETag with ``-gzip`` appended (the two are different
bytes, so a strong ETag cannot name both), and a conditional request naming either form
matches. ``mtime`` is 0, so the same answer always gives the same gzip bytes.
"""

from __future__ import annotations

import gzip

GZIP_SUFFIX = "-gzip"
# Below this size the gzip header and the CPU cost outweigh what is saved.
MINIMUM_SIZE = 1024
# Level 5 gives nearly level 9's size on JSON and iCalendar text at a third of the CPU.
GZIP_LEVEL = 5


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether ``Accept-Encoding`` accepts gzip (a ``q=0`` refuses it)."""
    for part in (accept_encoding or "").split(","):
        coding, _, parameters = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip", "*"):
            quality = parameters.strip().lower()
            if quality.startswith("q="):
                try:
                    return float(quality[2:]) > 0
                except ValueError:
                    return False
            return True
    return False


def gzip_bytes(body: bytes) -> bytes:
    """The gzip form of ``body``: the same bytes for the same body."""
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


def compress(body: bytes, coding: str) -> bytes:
    """``body`` in ``coding`` (``gzip``): the same bytes for the same body."""
    if coding == "gzip":
        return gzip_bytes(body)
    raise ValueError(f"unknown content coding {coding!r}")


def gzip_etag(etag: str) -> str:
    """The ETag of the gzip form of the answer whose ETag is ``etag`` (quoted)."""
    return etag[:-1] + GZIP_SUFFIX + '"'


def identity_etag_value(candidate: str) -> str:
    """The bare value of an ETag that names either form (``W/"x-gzip"`` → ``x``)."""
    return candidate.strip().removeprefix("W/").strip('"').removesuffix(GZIP_SUFFIX)
