"""Compressed answers: brotli or gzip for the clients that accept them, each with an ETag of its own.

A partner's GraphQL answer shrinks about tenfold in gzip and a little more in brotli, and a feed
about as much. ``choose_coding`` picks the coding from ``Accept-Encoding``: the one the client
weighs highest, brotli when it weighs both alike (smaller, and at quality 5 no slower to make
than gzip at level 5). Each compressed form gets the identity form's ETag with its suffix
appended (``-br``, ``-gzip``: they are different bytes, so a strong ETag cannot name two of
them), and a conditional request naming any form matches. gzip's ``mtime`` is 0 and brotli
writes no time, so the same answer always gives the same compressed bytes.
"""

from __future__ import annotations

import gzip

import brotli

GZIP = "gzip"
BROTLI = "br"
GZIP_SUFFIX = "-gzip"
BROTLI_SUFFIX = "-br"
SUFFIXES = {GZIP: GZIP_SUFFIX, BROTLI: BROTLI_SUFFIX}
# Below this size the coding's header and the CPU cost outweigh what is saved.
MINIMUM_SIZE = 1024
# Level 5 gives nearly level 9's size on JSON and iCalendar text at a third of the CPU.
GZIP_LEVEL = 5
# Quality 5 is smaller than gzip at level 5 on JSON and iCalendar text, in about the same time
# (bench/api.py and bench/feeds.py report both); higher qualities cost several times more.
BROTLI_QUALITY = 5
# Codings as a client may name them, most preferred first when weighed alike.
_PREFERENCE = (BROTLI, GZIP)
_ALIASES = {"x-gzip": GZIP}


def _weights(accept_encoding: str | None) -> dict[str, float]:
    """Each coding ``Accept-Encoding`` names, with its weight (``q``, 1 when absent)."""
    weights: dict[str, float] = {}
    for part in (accept_encoding or "").split(","):
        coding, _, parameters = part.strip().partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        weight = 1.0
        parameter = parameters.strip().lower()
        if parameter.startswith("q="):
            try:
                weight = float(parameter[2:])
            except ValueError:
                weight = 0.0
        weights[_ALIASES.get(coding, coding)] = weight
    return weights


def choose_coding(accept_encoding: str | None) -> str | None:
    """The coding to answer in (``br`` or ``gzip``), or None for the identity form.

    The one weighed highest among those ``Accept-Encoding`` accepts (``*`` stands for those it
    does not name); a weight of 0 refuses a coding.
    """
    weights = _weights(accept_encoding)
    anything = weights.get("*", 0.0)
    best, best_weight = None, 0.0
    for coding in _PREFERENCE:
        weight = weights.get(coding, anything)
        if weight > best_weight:
            best, best_weight = coding, weight
    return best


def gzip_bytes(body: bytes | memoryview) -> bytes:
    """The gzip form of ``body``: the same bytes for the same body."""
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


def brotli_bytes(body: bytes) -> bytes:
    """The brotli form of ``body``: the same bytes for the same body."""
    return brotli.compress(body, mode=brotli.MODE_TEXT, quality=BROTLI_QUALITY)


def compress(body: bytes, coding: str) -> bytes:
    """``body`` in ``coding`` (``br`` or ``gzip``): the same bytes for the same body."""
    if coding == GZIP:
        return gzip_bytes(body)
    if coding == BROTLI:
        return brotli_bytes(body)
    raise ValueError(f"unknown content coding {coding!r}")


def coded_etag(etag: str, coding: str | None) -> str:
    """The ETag of the ``coding`` form of the answer whose ETag is ``etag`` (quoted)."""
    if coding is None:
        return etag
    return etag[:-1] + SUFFIXES[coding] + '"'


def identity_etag_value(candidate: str) -> str:
    """The bare value of an ETag that names any form (``W/"x-gzip"``, ``"x-br"`` → ``x``)."""
    value = candidate.strip().removeprefix("W/").strip('"')
    for suffix in SUFFIXES.values():
        if value.endswith(suffix):
            return value.removesuffix(suffix)
    return value
