"""Database foundations: the declarative base, shared column types, engine and session factories.

Every table inherits ``Base`` and so gets an integer primary key, a stable ``public_id`` and
``created_at``/``updated_at`` timestamps. Constraint names follow one naming convention so that
Alembic migrations are identical on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cached_property
from datetime import UTC, datetime
from typing import Any, TypeAlias

import orjson
from sqlalchemy import DateTime, MetaData, String, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Seeded rows get public IDs derived from their natural key, so they are the same in every database.
PUBLIC_ID_NAMESPACE = uuid.UUID("6f1d3c1e-2b7a-4f0e-9a55-1c2f0d6a7c44")


def utcnow() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return datetime.now(UTC)


def seeded_public_id(natural_key: str) -> str:
    """The public ID of a seeded row, derived from its natural key (e.g. ``session:2025-1``)."""
    return str(uuid.uuid5(PUBLIC_ID_NAMESPACE, natural_key))


class UTCDateTime(TypeDecorator[datetime]):
    """An instant stored in UTC and always returned timezone-aware.

    SQLite has no time zones: values are stored as naive UTC there and made aware on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value if value.tzinfo is UTC else value.astimezone(UTC)

    def result_processor(self, dialect, coltype):
        """On SQLite, read the stored text straight as a UTC instant: a large answer reads
        thousands of timestamps, and parsing with the offset appended is several times quicker
        than parsing, then setting the time zone. Text of another shape takes the usual way.
        With asyncpg, no processing at all."""
        usual = super().result_processor(dialect, coltype)
        if dialect.name == "postgresql" and dialect.driver == "asyncpg":
            # asyncpg reads a timestamptz as an aware datetime in UTC already: nothing to do
            # for each of the tens of thousands of timestamps a large answer reads.
            return None
        if dialect.name != "sqlite":
            return usual

        def process(value):
            if isinstance(value, str) and len(value) <= 26:
                try:
                    return datetime.fromisoformat(value + "+00:00")
                except ValueError:
                    pass
            return usual(value) if usual is not None else value

        return process


class Base(DeclarativeBase):
    """Declarative base of every model: primary key, public ID and timestamps."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(
        String(36), unique=True, default=lambda: str(uuid.uuid4())
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, index=True
    )


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# Connections a worker keeps open to a database server (and as many more at a peak).
SERVER_POOL_SIZE = 10


def _test_on_checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """Test a server's connection as the pool hands it out: refused, the pool replaces it
    before any statement, so that a connection closed while it sat in the pool (the server
    restarted, or ended it) fails no request.

    asyncpg knows closed, without asking, a connection whose end the event loop has read;
    another is asked ``SELECT 1``: one round trip, where SQLAlchemy's own pre-ping on asyncpg
    frames it in ``BEGIN`` and ``ROLLBACK`` (for pgbouncer's transaction mode, which this
    service does not use), three round trips at every checkout, a tenth of a partner request's
    CPU. Not asking a connection reused within half a second (as HikariCP does) was tried: a
    connection the server had just ended, its end not yet read, then failed a request."""
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("the server closed this pooled connection")
    try:
        dbapi_connection.run_async(lambda connection: connection.fetchval("SELECT 1"))
    except Exception as error:  # noqa: BLE001 (whatever the test meets, the connection is lost)
        raise DisconnectionError(f"pooled connection lost: {error}") from error


def create_engine(database_url: str, *, echo: bool = False) -> AsyncEngine:
    """Create the async engine for ``database_url`` (already normalised by the settings)."""
    server = not database_url.startswith("sqlite")
    engine = create_async_engine(
        database_url,
        echo=echo,
        # orjson reads the JSON columns (a trainer's other spellings, on every row of a list)
        # several times quicker than the standard library.
        json_deserializer=orjson.loads,
        # A worker answers many requests at once: with SQLAlchemy's five pooled connections,
        # each request beyond the fifth opened and closed one of its own (start-up, types
        # read again, statements prepared again).
        **({"pool_size": SERVER_POOL_SIZE, "max_overflow": SERVER_POOL_SIZE} if server else {}),
    )
    if server:
        # A server's connection may have been closed while it sat in the pool. A SQLite file's
        # cannot, and a test would cost a statement per request.
        event.listen(engine.sync_engine, "checkout", _test_on_checkout)
    else:
        event.listen(engine.sync_engine, "connect", _enable_sqlite_foreign_keys)
    return engine


# What runs a Core statement for plain rows: an ORM session, or a bare connection (lighter:
# its rows skip the ORM's loading path), as a resolver that needs no ORM object uses.
Reader: TypeAlias = AsyncSession | AsyncConnection


def on_postgresql(db: Reader) -> bool:
    """Whether ``db`` reads from PostgreSQL (else SQLite)."""
    bind = db.get_bind() if isinstance(db, AsyncSession) else db
    return bind.dialect.name == "postgresql"


@dataclass(frozen=True)
class Database:
    """An engine and the session factory bound to it; opened in the app's lifespan."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    @classmethod
    def open(cls, database_url: str, *, echo: bool = False) -> Database:
        """Create the engine and a session factory that keeps objects usable after commit."""
        engine = create_engine(database_url, echo=echo)
        return cls(engine, async_sessionmaker(engine, expire_on_commit=False))

    @cached_property
    def reads(self) -> AsyncEngine:
        """The engine for a connection that only reads (``Context.reader``): on PostgreSQL in
        autocommit, so that no ``BEGIN`` and ``ROLLBACK`` frame its statements (two round trips
        of a partner request). Under READ COMMITTED each statement reads its own snapshot
        whether or not a transaction frames it: the rows are the same. The same pool serves
        both engines."""
        if self.engine.dialect.name == "postgresql":
            return self.engine.execution_options(isolation_level="AUTOCOMMIT")
        return self.engine

    @property
    def sync_engine(self) -> Engine:
        """The synchronous engine under the async one (for event listeners)."""
        return self.engine.sync_engine

    async def close(self) -> None:
        """Dispose of every pooled connection."""
        await self.engine.dispose()
