"""The data revisions: counters that committed writes of what the feeds show move, one per table.

Caches derived from the data (the calendar feeds' stamps) compare them instead of querying
again: while the counters of the tables a feed reads have not moved, nothing it shows has
changed, whichever process wrote, and a write to another table (a COTER's name for the region
feed, a registration for every public feed) leaves its stamp valid. Row ``ALL`` counts every
tracked write; row ``TABLE_IDS[name]`` the writes of that table. The counters are bumped
inside the writing transaction, so they become visible exactly when the data does, and commits
are ordered on them (their rows are locked until the commit, always in the order of their IDs).

Every ORM session of the process takes part, whatever created it (the API, the ``cps``
command, the plugins' synchronisation, a test), so the listeners are registered on
SQLAlchemy's ``Session`` class. A transaction that wrote rows of ``TRACKED_TABLES`` bumps their
counters (and ``ALL``) just before it commits, after a last flush: the counters' locks are the
last ones a transaction takes, so they can never close a cycle of waits. Writes made without
the ORM (the rate limiter's counters) do not count; a raw write to a tracked table must execute
``bump_statement(tables)`` itself (with ``now``, the current instant).

This table has no public ID: it is a counter, not an entity of the domain.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from sqlalchemy import BigInteger, Column, Integer, Table, TextClause, bindparam, event, text
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

# The tables whose rows the calendar feeds show or draw text from (``registration`` for the
# counts of the private feeds), each with the row of its counter; never renumber one (workers
# of two versions may share a database).
ALL = 1
TABLE_IDS: dict[str, int] = {
    "department": 2,
    "person": 3,
    "training_module": 4,
    "module_prerequisite": 5,
    "training_session": 6,
    "session_day": 7,
    "session_place": 8,
    "session_trainer": 9,
    "event": 10,
    "event_leader": 11,
    "action": 12,
    "registration": 13,
}
TRACKED_TABLES = frozenset(TABLE_IDS)


def bump_statement(tables: Iterable[str]) -> TextClause:
    """The statement that moves ``ALL`` and the counters of ``tables`` (tracked ones), in the
    order of their IDs; the same text on SQLite (3.24+) and PostgreSQL. Binds ``now``."""
    ids = sorted({ALL, *(TABLE_IDS[name] for name in tables if name in TABLE_IDS)})
    rows = ", ".join(f"({row_id}, 1, :now)" for row_id in ids)
    return text(
        f"INSERT INTO data_revision (id, value, updated_at) VALUES {rows} "
        "ON CONFLICT (id) DO UPDATE SET value = data_revision.value + 1, updated_at = :now"
    ).bindparams(bindparam("now", type_=UTCDateTime()))


# The count of every tracked write (one row by its primary key).
READ_SQL = f"SELECT value FROM data_revision WHERE id = {ALL}"
# Every counter, as (id, value) rows.
READ_ALL_SQL = "SELECT id, value FROM data_revision"

_CHANGED = "data_revision_changed"


@event.listens_for(Session, "after_flush")
def _note_tracked_writes(session: Session, _flush: UOWTransaction) -> None:
    """Remember which tracked tables this transaction wrote (the lists still show the flush)."""
    for instance in chain(session.new, session.dirty, session.deleted):
        table = getattr(instance, "__table__", None)
        if table is not None and table.name in TRACKED_TABLES:
            session.info.setdefault(_CHANGED, set()).add(table.name)


@event.listens_for(Session, "before_commit")
def _bump_before_commit(session: Session) -> None:
    """Flush what is left, then move the counters of the tracked tables the transaction wrote."""
    session.flush()
    tables = session.info.pop(_CHANGED, None)
    if tables:
        session.connection().execute(bump_statement(tables), {"now": utcnow()})


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop(_CHANGED, None)
