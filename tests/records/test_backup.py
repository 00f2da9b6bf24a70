"""Backup and restore of the operational store, on SQLite and PostgreSQL."""

from __future__ import annotations

import zipfile

import pytest
from sqlalchemy import MetaData, select

from analysis.errors import RaicesError
from analysis.monitoring.actions import action_state, create_action
from analysis.monitoring.lifecycle import set_published
from analysis.monitoring.models import Action
from analysis.records.backup import backup, holds_records, read_manifest, restore
from analysis.records.database import (
    current_revision,
    engine_for,
    head_revision,
    session_scope,
)
from analysis.records.users import authenticate
from tests.records.world import PASSWORD, action_values, make_world


def _dump(engine) -> dict[str, list[tuple]]:
    metadata = MetaData()
    with engine.connect() as connection:
        metadata.reflect(bind=connection)
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in metadata.sorted_tables
            if table.name != "alembic_version"
        }


def _fresh(request, store_url: str, tmp_path, name: str) -> str:
    """Another empty store on the same backend."""
    if store_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / name}"
    return request.getfixturevalue("postgres_server").new_database()


def test_a_backup_restores_every_row_and_logins_still_work(
    request, store_engine, store_url, tmp_path
):
    world = make_world(store_engine)
    with session_scope(store_engine) as session:
        action = create_action(session, world.editor_a, action_values(world.a))
        set_published(session, world.secretariat, "actions", action.id, True,
                              expected_version=1)  # fmt: skip
    saved = backup(store_engine, tmp_path / "respaldo.zip")
    assert saved.rows["actions"] == 1 and saved.rows["audit_log"] >= 7
    assert read_manifest(saved.path).revision == head_revision()
    expected = _dump(store_engine)

    # later changes are not in the backup
    with session_scope(store_engine) as session:
        create_action(session, world.editor_a, action_values(world.a, external_id="X"))

    target = engine_for(_fresh(request, store_url, tmp_path, "restaurado.sqlite"))
    try:
        restore(target, saved.path)
        assert current_revision(target) == head_revision()
        assert _dump(target) == expected
        assert authenticate(target, "editora.a", PASSWORD).institution_id == world.a
        # ids continue after the restored ones
        with session_scope(target) as session:
            created = create_action(
                session, world.editor_a, action_values(world.a, external_id="NUEVA")
            )
            assert created.id == action.id + 1
        # a store that holds records is not overwritten by accident
        with pytest.raises(RaicesError, match="ya tiene registros"):
            restore(target, saved.path)
        restore(target, saved.path, replace=True)
        assert _dump(target) == expected
    finally:
        target.dispose()


def test_a_backup_is_one_snapshot_file(store_engine, tmp_path):
    make_world(store_engine)
    saved = backup(store_engine, tmp_path / "respaldos" / "copia.zip")
    with zipfile.ZipFile(saved.path) as archive:
        names = set(archive.namelist())
    assert "manifest.json" in names and "tables/users.jsonl" in names
    assert holds_records(store_engine)
    assert [p.name for p in (tmp_path / "respaldos").iterdir()] == ["copia.zip"]


def test_the_backup_reads_one_snapshot(store_engine):
    """Rows committed while a backup reads are not half in it: its transaction is a snapshot."""
    from sqlalchemy import func

    from analysis.records.backup import _snapshot_connection
    from analysis.records.models import Institution
    from analysis.records.users import console_principal

    make_world(store_engine)
    count = select(func.count()).select_from(Institution)
    with _snapshot_connection(store_engine) as reader, reader.begin():
        before = reader.execute(count).scalar()
        with session_scope(store_engine) as session:
            from analysis.records.institutions import create_institution

            create_institution(session, console_principal(), name="Tercera ficticia",
                               sector="academia")  # fmt: skip
        assert reader.execute(count).scalar() == before
    with store_engine.connect() as connection:
        assert connection.execute(count).scalar() == before + 1


def test_something_that_is_not_a_backup_is_refused(tmp_path):
    other = tmp_path / "otro.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hola.txt", "no")
    with pytest.raises(RaicesError, match="no es un respaldo"):
        read_manifest(other)


def test_an_embedded_store_moves_to_postgresql(request, tmp_path):
    """The same backup restores from SQLite into PostgreSQL (moving to a server)."""
    cluster = request.getfixturevalue("postgres_server")
    if cluster is None:
        pytest.skip("PostgreSQL no disponible")
    from analysis.records.database import upgrade

    source = engine_for(f"sqlite:///{tmp_path / 'local.sqlite'}")
    upgrade(source)
    world = make_world(source)
    with session_scope(source) as session:
        action = create_action(session, world.editor_a, action_values(world.a))
        action_id = action.id
    saved = backup(source, tmp_path / "mudanza.zip")
    target = engine_for(cluster.new_database())
    try:
        restore(target, saved.path)
        assert authenticate(target, "editora.a", PASSWORD).institution_id == world.a
        with session_scope(target, readonly=True) as session:
            moved = action_state(session.get(Action, action_id))
        with session_scope(source, readonly=True) as session:
            original = action_state(session.get(Action, action_id))
        assert moved == original
    finally:
        target.dispose()
        source.dispose()
