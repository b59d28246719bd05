"""``updated_at`` moves with everything a partner reads on an object, its nested lists included.

A partner syncs with ``updatedSince``: it sees a session again only if the session's own
``updated_at`` moved. A session shows its days, places and trainers (their names too) and its
module; an event, its leaders; a person, their roles, departments and followed institutions; a
module, its prerequisites. Those live in rows of their own, so a write of one of them (added,
changed or deleted) touches its parent here, whatever service made it: one listener on
SQLAlchemy's ``Session`` class, like the data revision's (``core.models.revision``).

Registrations are left out on purpose: a session's seat counts are live figures, read when
needed; touching the session at each registration would also change every public feed's stamp.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import chain
from typing import Any

from sqlalchemy import Select, event, select, update
from sqlalchemy.orm import Session, UOWTransaction

from core.db import Base, utcnow
from core.models.event import Event, EventLeader
from core.models.module import ModulePrerequisite, TrainingModule
from core.models.person import Person, PersonDepartment, PersonInstitution, PersonRoleAssignment
from core.models.training_session import (
    SessionDay,
    SessionPlace,
    SessionTrainer,
    TrainingSession,
)

# The models whose ``updated_at`` their children and links move.
Touched = TrainingSession | Event | Person | TrainingModule

# A child row's model: its parent's model and the column naming the parent.
PARENTS: dict[type[Base], tuple[type[Touched], str]] = {
    SessionDay: (TrainingSession, "session_id"),
    SessionPlace: (TrainingSession, "session_id"),
    SessionTrainer: (TrainingSession, "session_id"),
    EventLeader: (Event, "event_id"),
    PersonRoleAssignment: (Person, "person_id"),
    PersonDepartment: (Person, "person_id"),
    PersonInstitution: (Person, "person_id"),
    ModulePrerequisite: (TrainingModule, "module_id"),
}


def _shown_through_links(
    ids: set[int], kind: type[Base]
) -> list[tuple[type[Touched], Select[Any]]]:
    """The sessions and events that show the changed people or modules."""
    if kind is Person:
        return [
            (TrainingSession, select(SessionTrainer.session_id).where(
                SessionTrainer.person_id.in_(ids))),
            (Event, select(EventLeader.event_id).where(EventLeader.person_id.in_(ids))),
        ]
    return [(TrainingSession, select(TrainingSession.id).where(TrainingSession.module_id.in_(ids)))]


@event.listens_for(Session, "before_flush")
def _touch_parents(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    """Give the parent of every written child row, and the sessions and events showing a
    changed person or module, a new ``updated_at``."""
    touched: dict[type[Touched], set[int]] = defaultdict(set)
    showing: dict[type[Base], set[int]] = defaultdict(set)
    for instance in chain(session.new, session.dirty, session.deleted):
        kind = type(instance)
        if instance in session.dirty and not session.is_modified(instance):
            continue
        if kind in PARENTS:
            parent, column = PARENTS[kind]
            parent_id = getattr(instance, column, None)
            if parent_id is not None:
                touched[parent].add(parent_id)
        elif kind in (Person, TrainingModule) and instance in session.dirty:
            showing[kind].add(instance.id)
    for kind, ids in showing.items():
        for parent, ids_statement in _shown_through_links(ids, kind):
            touched[parent].update(session.connection().scalars(ids_statement))
    now = utcnow()
    for parent, ids in touched.items():
        loaded: dict[int, Touched] = {}
        for parent_id in ids:
            row = session.identity_map.get(session.identity_key(parent, parent_id))
            if row is not None:
                row.updated_at = now
                loaded[parent_id] = row
        rest = ids - loaded.keys()
        if rest:
            session.connection().execute(
                update(parent).where(parent.id.in_(rest)).values(updated_at=now)
            )
