"""The data revision: one counter that every committed write of what the feeds show moves.

Caches derived from the data (the calendar feeds' stamps) compare it instead of querying again:
while it has not moved, nothing they show has changed, whichever process wrote. The counter is
bumped inside the writing transaction, so it becomes visible exactly when the data does, and
commits are ordered on it (its row is locked until the commit).

Every ORM session of the process takes part, whatever created it (the API, the ``cps``
command, the plugins' synchronisation, a test), so the listeners are registered on
SQLAlchemy's ``Session`` class. A transaction that wrote rows of ``TRACKED_TABLES`` bumps the
counter just before it commits, after a last flush: the counter's lock is the last one a
transaction takes, so it can never close a cycle of waits. Writes made without the ORM (the
rate limiter's counters) do not count; a raw write to a tracked table must call
``bump_statement`` itself (with ``now``, the current instant).

This table has no public ID: it is a counter, not an entity of the domain.
"""

from __future__ import annotations

from itertools import chain

from sqlalchemy import BigInteger, Column, Integer, Table, bindparam, event, text
from sqlalchemy.orm import Session, UOWTransaction

from core.db import Base, UTCDateTime, utcnow

data_revision = Table(
    "data_revision",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("value", BigInteger, nullable=False),
    # When the data last changed, as every table of the service says it.
    Column("updated_at", UTCDateTime(), nullable=False),
)

# The tables whose rows the calendar feeds show or draw text from; ``registration`` for the
# counts of the private feeds (public feeds then read their stamp again after a registration
# and find it unchanged: same ETag, still 304).
TRACKED_TABLES = frozenset(
    {
        "department",
        "person",
        "training_module",
        "module_prerequisite",
        "training_session",
        "session_day",
        "session_place",
        "session_trainer",
        "event",
        "event_leader",
        "action",
        "registration",
    }
)

# Same text on SQLite (3.24+) and PostgreSQL; the row is created by the first write.
bump_statement = text(
    "INSERT INTO data_revision (id, value, updated_at) VALUES (1, 1, :now) "
    "ON CONFLICT (id) DO UPDATE SET value = data_revision.value + 1, updated_at = :now"
).bindparams(bindparam("now", type_=UTCDateTime()))
READ_SQL = "SELECT value FROM data_revision WHERE id = 1"

_CHANGED = "data_revision_changed"


@event.listens_for(Session, "after_flush")
def _note_tracked_writes(session: Session, _flush: UOWTransaction) -> None:
    """Remember that this transaction wrote a tracked row (the lists still show the flush)."""
    if _CHANGED in session.info:
        return
    for instance in chain(session.new, session.dirty, session.deleted):
        table = getattr(instance, "__table__", None)
        if table is not None and table.name in TRACKED_TABLES:
            session.info[_CHANGED] = True
            return


@event.listens_for(Session, "before_commit")
def _bump_before_commit(session: Session) -> None:
    """Flush what is left, then move the counter if the transaction wrote a tracked row."""
    session.flush()
    if session.info.pop(_CHANGED, False):
        session.connection().execute(bump_statement, {"now": utcnow()})


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop(_CHANGED, None)
