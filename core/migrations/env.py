"""Alembic environment: runs the migrations on the connection ``core.migrate`` hands over."""

from alembic import context

import core.models  # noqa: F401  (registers every table on the metadata)
from core.db import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `cps db upgrade`, not the alembic command")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
