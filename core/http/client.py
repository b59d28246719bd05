"""Who is calling: the client's address behind trusted reverse proxies, and the request's ID.

A reverse proxy tells the client's address in ``X-Forwarded-For`` and may give the request an
``X-Request-ID``; anyone else could send these headers too, so they are believed only from the
addresses listed in ``CPS_TRUSTED_PROXIES``.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Sequence

from starlette.types import Scope

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{8,128}")


def _header(scope: Scope, name: bytes) -> str | None:
    values = [value for key, value in scope.get("headers", ()) if key == name]
    return b",".join(values).decode("latin-1") if values else None


def _is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def peer_address(scope: Scope) -> str:
    """The address of the peer of the connection (``unknown`` when the server does not say)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def client_address(scope: Scope, trusted: Sequence[Network]) -> str:
    """The client's address: the peer's, or, from a trusted proxy, the nearest untrusted hop.

    ``X-Forwarded-For`` lists the hops from the client to the last proxy; read from the right,
    every trusted proxy is skipped, and the first other address is the client.
    """
    peer = peer_address(scope)
    if not trusted or not _is_trusted(peer, trusted):
        return peer
    forwarded = _header(scope, b"x-forwarded-for")
    if not forwarded:
        return peer
    address = peer
    for hop in reversed([part.strip() for part in forwarded.split(",")]):
        try:
            hop = str(ipaddress.ip_address(hop))
        except ValueError:
            break  # a malformed hop: believe nothing past it
        address = hop
        if not _is_trusted(hop, trusted):
            break
    return address


def request_id(scope: Scope, trusted: Sequence[Network]) -> str:
    """The request's ID: a trusted proxy's ``X-Request-ID`` when well-formed, else a new one."""
    if _is_trusted(peer_address(scope), trusted):
        given = _header(scope, b"x-request-id")
        if given and REQUEST_ID_PATTERN.fullmatch(given):
            return given
    return uuid.uuid4().hex
