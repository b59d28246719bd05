"""The errors of a document refused by a limit: French messages that name the limit, stable codes.

Every refusal is a ``QueryRefused`` (a ``GraphQLError``) whose ``extensions`` hold ``code``,
``limit`` (the configured value) and ``found`` (what the document has, when it is known).
"""

from __future__ import annotations

from collections.abc import Collection

from graphql import GraphQLError, GraphQLSyntaxError, Node

QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
QUERY_TOO_LONG = "QUERY_TOO_LONG"
QUERY_TOO_COSTLY = "QUERY_TOO_COSTLY"
TOO_MANY_OPERATIONS = "TOO_MANY_OPERATIONS"
REPEATED_WRITE = "REPEATED_WRITE"
INVALID_CHARACTERS = "INVALID_CHARACTERS"

# Codes of the refusals made before execution: the HTTP layer answers them with 400.
REFUSAL_CODES = frozenset(
    {
        QUERY_TOO_DEEP,
        TOO_MANY_ALIASES,
        QUERY_TOO_LONG,
        QUERY_TOO_COSTLY,
        TOO_MANY_OPERATIONS,
        REPEATED_WRITE,
        INVALID_CHARACTERS,
    }
)


class QueryRefused(GraphQLError):
    """Raised (or reported by a validation rule) when a document exceeds one of the limits."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        limit: int,
        found: int | None = None,
        nodes: Node | Collection[Node] | None = None,
    ) -> None:
        extensions: dict[str, object] = {"code": code, "limit": limit}
        if found is not None:
            extensions["found"] = found
        super().__init__(message, nodes=nodes, extensions=extensions)


def too_deep(found: int | None, limit: int, node: Node | None = None) -> QueryRefused:
    """The document nests fields deeper than ``limit`` (``found`` is None when parsing gave up)."""
    depth = f"{found} niveaux de champs imbriqués" if found else "des champs imbriqués à l'excès"
    return QueryRefused(
        QUERY_TOO_DEEP,
        f"Requête trop profonde : {depth}, la profondeur maximale est de {limit}.",
        limit=limit,
        found=found,
        nodes=node,
    )


def too_many_aliases(found: int, limit: int, node: Node | None = None) -> QueryRefused:
    """The document uses more than ``limit`` aliases."""
    return QueryRefused(
        TOO_MANY_ALIASES,
        f"Requête refusée : {found} alias, le nombre maximal d'alias est de {limit}.",
        limit=limit,
        found=found,
        nodes=node,
    )


def too_long(limit: int) -> QueryRefused:
    """The document has more than ``limit`` lexical tokens (or comments)."""
    return QueryRefused(
        QUERY_TOO_LONG,
        f"Requête trop longue : plus de {limit} lexèmes (tokens), le nombre maximal de lexèmes "
        f"est de {limit}.",
        limit=limit,
    )


def too_costly(found: int, limit: int) -> QueryRefused:
    """The operation may return more than ``limit`` objects."""
    return QueryRefused(
        QUERY_TOO_COSTLY,
        f"Requête trop coûteuse : elle peut demander {found} objets, le coût maximal est de "
        f"{limit}. Réduisez « first » ou « last », ou l'imbrication des listes.",
        limit=limit,
        found=found,
    )


def too_many_operations(found: int, limit: int) -> QueryRefused:
    """The document defines more than ``limit`` operations."""
    return QueryRefused(
        TOO_MANY_OPERATIONS,
        f"Document refusé : {found} opérations, le nombre maximal d'opérations par document "
        f"est de {limit}.",
        limit=limit,
        found=found,
    )


def repeated_write(field: str, found: int, node: Node | None = None) -> QueryRefused:
    """An operation asks for an anonymous write (``register``…) more than once."""
    return QueryRefused(
        REPEATED_WRITE,
        f"Document refusé : « {field} » y figure {found} fois ; une opération ne peut faire "
        f"qu'un seul « {field} ». Envoyez une requête par inscription.",
        limit=1,
        found=found,
        nodes=node,
    )


def invalid_characters(where: str) -> QueryRefused:
    """A text argument holds a control character (or a lone surrogate)."""
    return QueryRefused(
        INVALID_CHARACTERS,
        f"Texte refusé ({where}) : il contient un caractère de contrôle (U+0000 à U+001F, "
        "hors tabulation et retour à la ligne) ou un caractère Unicode invalide.",
        limit=0,
    )


def refusal_for_syntax_error(
    error: GraphQLSyntaxError, *, max_tokens: int, max_depth: int
) -> QueryRefused | None:
    """The refusal a parser error stands for when it is the parser's own limit, else None.

    graphql-core aborts parsing past its token limit or past the interpreter's recursion limit,
    and says so only in English text: these are the two messages it uses.
    """
    message = error.message
    if "Document contains more than" in message:
        return too_long(max_tokens)
    if "nested too deeply" in message:
        return too_deep(None, max_depth)
    return None
