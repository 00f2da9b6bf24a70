"""Alembic environment of the operational store, configured in code (no alembic.ini).

:func:`analysis.records.database.upgrade` passes an open connection in
``config.attributes["connection"]``; revisions are hand-written, so no metadata is
needed here.
"""

from __future__ import annotations

from typing import Any

from alembic import context


def run_migrations(connection: Any) -> None:
    """Run the pending revisions on ``connection`` (inside its transaction)."""
    context.configure(
        connection=connection,
        target_metadata=None,
        # SQLite alters tables by copying them; batch mode does that for later revisions.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def _alembic_connection() -> Any:
    try:
        config = context.config
    except AttributeError:  # imported outside Alembic, e.g. by doctest collection
        return None
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("use analysis.records.database.upgrade(engine) to migrate the store")
    return connection


_connection = _alembic_connection()
if _connection is not None:
    run_migrations(_connection)
