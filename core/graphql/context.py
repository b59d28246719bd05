"""The per-request GraphQL context: database access, DataLoaders and who is asking.

Strawberry resolves sibling fields concurrently, and one ``AsyncSession`` cannot run two
statements at once. So nothing here holds a session: each root resolver and each DataLoader
batch opens its own short session from the factory, and the loaders, created fresh for every
request, batch and cache the look-ups of that request only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from starlette.requests import Request
from strawberry.dataloader import DataLoader

from core.auth.viewer import Viewer
from core.clock import Clock
from core.db import Database, Reader
from core.hooks.manager import PluginManager
from core.hooks.types import PluginFailure
from core.settings import Settings

BatchFunction = Callable[[Reader, Sequence[Any]], Awaitable[Sequence[Any]]]


class Loaders:
    """One DataLoader per batch function of the services, made on first use in a request.

    ``loaders(days_by_session).load(session_id)`` batches every ``load`` of the same tick into
    one call of ``days_by_session``, run in a session of its own.

    Values are also remembered by (batch function, key): a root resolver that fetched a page's
    relations ahead (``prime``) lets the fields below it answer with ``fetch`` at once, without
    a coroutine per field, which is most of the cost of a large answer.
    """

    def __init__(self, database: Database) -> None:
        self._database = database
        self._loaders: dict[BatchFunction, DataLoader] = {}
        self._known: dict[tuple[BatchFunction, Hashable], Any] = {}
        self._converted: dict[tuple[Callable, int], tuple[Any, Any]] = {}

    def __call__(self, batch: BatchFunction) -> DataLoader[Hashable, Any]:
        loader = self._loaders.get(batch)
        if loader is None:
            database = self._database

            async def load(keys: list[Hashable]) -> Sequence[Any]:
                known = self._known
                missing = [key for key in keys if (batch, key) not in known]
                if missing:
                    async with database.sessions() as session:
                        values = await batch(session, missing)
                    self.prime(batch, missing, values)
                return [known[(batch, key)] for key in keys]

            loader = self._loaders[batch] = DataLoader(load_fn=load)
        return loader

    def prime(self, batch: BatchFunction, keys: Sequence[Hashable], values: Sequence[Any]) -> None:
        """Remember what ``batch`` gives for ``keys`` (fetched ahead, or by a loader)."""
        for key, value in zip(keys, values, strict=True):
            self._known[(batch, key)] = value

    async def fetch_ahead(
        self, db: Reader, batch: BatchFunction, keys: Sequence[Hashable]
    ) -> list[Any]:
        """Run ``batch`` for ``keys`` now, on the caller's ``db``, and remember the values
        (for ``fetch``, and for the loader of ``batch``, which asks only for keys not known)."""
        wanted = list(dict.fromkeys(keys))
        values = list(await batch(db, wanted)) if wanted else []
        self.prime(batch, wanted, values)
        return values

    def fetch(self, batch: BatchFunction, key: Hashable) -> Any:
        """The value for ``key`` if known, else an awaitable that loads it with the others."""
        try:
            return self._known[(batch, key)]
        except KeyError:
            return self(batch).load(key)

    def converted(self, convert: Callable[[Any], Any], row: Any) -> Any:
        """``convert(row)``, made once per row in the request: the trainer met in forty
        sessions, the department of every session of a page, is one GraphQL object."""
        key = (convert, id(row))
        entry = self._converted.get(key)
        # The row is kept with its conversion, so its id cannot stand for another row.
        if entry is None or entry[0] is not row:
            entry = self._converted[key] = (row, convert(row))
        return entry[1]

    def release(self) -> None:
        """Forget everything fetched and converted: the operation has run."""
        self._loaders.clear()
        self._known.clear()
        self._converted.clear()

    def fetch_many(self, batch: BatchFunction, keys: Sequence[Hashable]) -> Any:
        """The values for ``keys`` if all known, else an awaitable that loads them."""
        try:
            return [self._known[(batch, key)] for key in keys]
        except KeyError:
            return self(batch).load_many(keys)


@dataclass
class Context:
    """What every resolver gets as ``info.context``."""

    database: Database
    settings: Settings
    request: Request | None = None
    viewer: Viewer = field(default_factory=Viewer)
    # The application's plugins; a bare manager (no plugin) unless given.
    plugin_manager: PluginManager = field(default_factory=PluginManager)
    # Plugins that failed while this request called them, reported in the response's extensions.
    plugin_failures: list[PluginFailure] = field(default_factory=list)
    # What time it is for this request's rules and derived states (the app's clock).
    clock: Clock = field(default_factory=Clock)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.database)

    def answer_depends_on_caller(self) -> None:
        """Say that this answer reads something only its caller may (a registration's
        reference): it must not be cached publicly (``core.http.caching``)."""
        if self.request is not None:
            self.request.state.caller_specific = True

    def session(self) -> AsyncSession:
        """A new session for one resolver; use it as ``async with context.session() as db``."""
        return self.database.sessions()

    def reader(self) -> AsyncConnection:
        """A new connection for a resolver that reads plain rows only (``Reader``): lighter
        than a session, and without a transaction on PostgreSQL (``Database.reads``). Use it
        as ``async with context.reader() as db``."""
        return self.database.reads.connect()
