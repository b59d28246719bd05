"""Wrong enum values in a GraphQL document or its variables, said in French with a code.

graphql-core refuses them while validating, in English ("Value 'MODULE_3' does not exist in
'ModuleNumber' enum", "Enum 'ModuleNumber' cannot represent non-string value: 3"). A partner's
typo must read as a clear refusal, never as an empty answer nor an English riddle: the error
keeps its place in the document and becomes ``INVALID_ENUM_VALUE`` with the accepted values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

INVALID_ENUM_VALUE = "INVALID_ENUM_VALUE"

_PATTERNS = (
    re.compile(r"Value '(?P<value>[^']*)' does not exist in '(?P<enum>\w+)' enum"),
    re.compile(r"Enum '(?P<enum>\w+)' cannot represent non-string value: (?P<value>.*?)\.?$"),
    re.compile(r"Enum '(?P<enum>\w+)' cannot represent value: (?P<value>.*?)\.?$"),
)
_WHERE = re.compile(r"^Variable '\$(?P<variable>\w+)' has invalid value(?: at (?P<at>[\w.\[\]]+))?")


def french_enum_error(
    message: str, values_of: Callable[[str], Sequence[str] | None]
) -> str | None:
    """The French message of an enum refusal, or None if ``message`` is about something else.

    ``values_of`` gives the values of an enum type of the schema (None if unknown).
    """
    for pattern in _PATTERNS:
        found = pattern.search(message)
        if found is None:
            continue
        enum, value = found["enum"], found["value"].strip("'\"")
        values = values_of(enum)
        where = _WHERE.match(message)
        place = ""
        if where is not None:
            path = (where["at"] or "").lstrip(".")
            place = f" (variable ${where['variable']}{'.' + path if path else ''})"
        accepted = f" Valeurs acceptées : {', '.join(values)}." if values else ""
        hint = (
            " Le module s'écrit MODULE_1 ou MODULE_2."
            if enum == "ModuleNumber" and value in ("1", "2")
            else ""
        )
        return f"Valeur « {value[:40]} » inconnue pour {enum}{place}.{accepted}{hint}"
    return None
