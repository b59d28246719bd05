"""E-mail addresses in one canonical form, so that one mailbox is one address everywhere.

Every address a person types goes through ``normalise_email`` before it is compared or stored:
registrations (one per address and target), a person's data on request, and the e-mails the
service sends. Two spellings of one mailbox (a leading space pasted with it, full-width letters,
a zero-width space, an upper-case domain, the DNS root's trailing dot) give the same text.

The part before ``@`` is lower-cased too: the service always did so, and no mailbox provider it
meets tells ``Camille`` from ``camille``. A ``+tag`` is kept: it may be a mailbox of its own.
"""

from __future__ import annotations

import re
import unicodedata

_PLAUSIBLE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Characters that show nothing but make two spellings differ: format characters (zero-width
# space and joiners, soft hyphen, word joiner, byte-order mark, direction marks) and the
# invisible separators NFKC keeps.
_INVISIBLE_CATEGORIES = frozenset({"Cf"})
_INVISIBLE_EXTRA = frozenset({"\u115f", "\u1160", "\u3164", "\uffa0", "\u180e"})


def _visible(text: str) -> str:
    return "".join(
        char
        for char in text
        if unicodedata.category(char) not in _INVISIBLE_CATEGORIES and char not in _INVISIBLE_EXTRA
    )


def normalise_email(address: str) -> str:
    """The canonical form of ``address``: NFKC, invisible characters removed, surrounding
    spaces trimmed, lower case, no trailing dot after the domain.

    It does not validate: a malformed address stays malformed (and is refused by whoever
    checks it), only written the canonical way.
    """
    text = _visible(unicodedata.normalize("NFKC", address)).strip()
    local, at, domain = text.rpartition("@")
    if not at:
        return text.lower()
    return f"{local.strip().lower()}@{domain.strip().rstrip('.').lower()}"


def is_plausible_email(address: str) -> bool:
    """Whether ``address`` (normalised) has the shape of an e-mail address: one ``@``, a dot
    in the domain, no space; at most 320 characters."""
    return len(address) <= 320 and _PLAUSIBLE.match(address) is not None
