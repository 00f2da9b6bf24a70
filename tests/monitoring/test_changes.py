"""The one update path (:func:`analysis.monitoring.changes.update_record`), seen through
every kind of record an editor changes, on SQLite and PostgreSQL: an editor's change
returns a published record to review, the secretariat's does not, a stale version is a
conflict, and each change leaves one audit row. Every record is plainly fictitious.
"""

from __future__ import annotations

import pytest

from analysis.monitoring.actions import create_action, update_action
from analysis.monitoring.lifecycle import PUBLISHABLE, set_published
from analysis.monitoring.meetings import create_agreement, update_agreement
from analysis.monitoring.results import (
    add_measurement,
    create_indicator,
    update_indicator,
    update_measurement,
)
from analysis.records.audit import history
from analysis.records.database import session_scope
from analysis.records.locking import ConflictError
from tests.records.world import action_values, make_world


def _create(session, world, table: str) -> int:
    if table == "actions":
        return create_action(session, world.editor_a, action_values(world.a)).id
    if table == "agreements":
        values = {"text": "Acuerdo ficticio", "institution_id": world.a}
        return create_agreement(session, world.secretariat, values).id
    indicator = create_indicator(session, world.editor_a,
                                 {"institution_id": world.a, "name": "Indicador ficticio"})  # fmt: skip
    if table == "indicators":
        return indicator.id
    return add_measurement(session, world.editor_a, indicator.id, measured_on="2026-03-31",
                           value=1).id  # fmt: skip


UPDATES = {
    "actions": lambda *a, **k: update_action(*a, **k)[0],
    "indicators": update_indicator,
    "measurements": update_measurement,
    "agreements": update_agreement,
}
CHANGES = {
    "actions": ({"title": "Título corregido"}, {"title": "Otro título"}),
    "indicators": ({"target": 10}, {"target": 20}),
    "measurements": ({"value": 2}, {"value": 3}),
    "agreements": ({"status": "en_curso"}, {"status": "pendiente"}),
}


@pytest.mark.parametrize("table", sorted(UPDATES))
def test_every_update_follows_the_same_path(store_engine, table):
    world = make_world(store_engine)
    update = UPDATES[table]
    by_editor, by_secretariat = CHANGES[table]
    with session_scope(store_engine) as session:
        record_id = _create(session, world, table)
        set_published(session, world.secretariat, table, record_id, True, expected_version=1)
    with session_scope(store_engine) as session:
        record = update(session, world.secretariat, record_id, by_secretariat, expected_version=2)
        assert record.published is True and record.updated_by == "secretaria.prueba"
    with session_scope(store_engine) as session:
        record = update(session, world.editor_a, record_id, by_editor, expected_version=3)
        assert record.published is False and record.updated_by == "editora.a"
    with session_scope(store_engine) as session, pytest.raises(ConflictError):
        update(session, world.editor_a, record_id, by_secretariat, expected_version=3)
    with session_scope(store_engine, readonly=True) as session:
        record = session.get(PUBLISHABLE[table], record_id)
        assert record.version == 4
        entries = history(session, table, record_id)
        assert [e.action for e in entries] == ["create", "publish", "update", "update"]
        field, value = next(iter(by_editor.items()))
        assert entries[-1].after[field] == value and entries[-1].after["published"] is False
