"""A consistent backup of the operational store, and its restore.

The backup is one ZIP file: ``manifest.json`` (format, Alembic revision, time, rows per
table) and one JSON-lines file per table. It is read inside a single snapshot — a
``REPEATABLE READ`` transaction on PostgreSQL, one read transaction on SQLite in WAL mode —
so records saved while it runs are either wholly in it or wholly out of it. The same file
restores into SQLite or PostgreSQL (which also moves an embedded store to a server).

Restoring brings the target store to the backup's revision, refuses a store that already
holds records unless told to replace them, inserts every row with its original id, and
then upgrades to the newest revision.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, func, insert, select, text

from analysis.errors import RaicesError
from analysis.records.database import current_revision, is_sqlite, upgrade
from analysis.records.mixins import utcnow

FORMAT = "raices-seguimiento-respaldo"
FORMAT_VERSION = 1
SKIPPED_TABLES = frozenset({"alembic_version"})
SEEDED_TABLES = frozenset({"action_types"})
"""Tables the migrations fill themselves: a store holding only these counts as empty."""

BATCH = 1000


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds."""

    path: Path
    revision: str
    created_at: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$n": str(value)}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((key, item),) = value.items()
        if key == "$dt":
            return dt.datetime.fromisoformat(item)
        if key == "$d":
            return dt.date.fromisoformat(item)
        if key == "$n":
            return Decimal(item)
        if key == "$b":
            return base64.b64decode(item)
    return value


def _tables(connection: Connection) -> list[Table]:
    metadata = MetaData()
    metadata.reflect(bind=connection)
    return [t for t in metadata.sorted_tables if t.name not in SKIPPED_TABLES]


def _snapshot_connection(engine: Engine) -> Connection:
    if is_sqlite(engine):
        return engine.execution_options(sqlite_begin="DEFERRED").connect()
    return engine.connect().execution_options(isolation_level="REPEATABLE READ")


def backup(engine: Engine, target: str | Path) -> BackupInfo:
    """Write a consistent backup of the store to ``target`` (a ``.zip`` file).

    The file is written to a temporary name and renamed when complete.

    Raises
    ------
    RaicesError
        When the store has no schema yet (nothing to back up).
    """
    revision = current_revision(engine)
    if revision is None:
        raise RaicesError("el almacén de seguimiento está vacío: no hay nada que respaldar")
    destination = Path(target)
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".zip", dir=destination.parent)
    os.close(handle)
    rows: dict[str, int] = {}
    created = utcnow().isoformat()
    try:
        with (
            _snapshot_connection(engine) as connection,
            connection.begin(),
            zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            for table in _tables(connection):
                order = list(table.primary_key.columns) or list(table.columns)
                buffer = io.StringIO()
                count = 0
                result = connection.execution_options(yield_per=BATCH).execute(
                    select(table).order_by(*order)
                )
                for row in result.mappings():
                    record = {key: _encode(value) for key, value in row.items()}
                    buffer.write(json.dumps(record, ensure_ascii=False) + "\n")
                    count += 1
                archive.writestr(f"tables/{table.name}.jsonl", buffer.getvalue())
                rows[table.name] = count
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "revision": revision,
                "created_at": created,
                "backend": engine.dialect.name,
                "rows": rows,
            }
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        os.replace(temporary, destination)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return BackupInfo(path=destination, revision=revision, created_at=created, rows=rows)


def read_manifest(source: str | Path) -> BackupInfo:
    """The manifest of a backup file (checks that it is one)."""
    path = Path(source)
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read("manifest.json"))
    except (OSError, KeyError, zipfile.BadZipFile, json.JSONDecodeError) as error:
        raise RaicesError("no es un respaldo de seguimiento de Raíces", file=path.name) from error
    if manifest.get("format") != FORMAT or int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise RaicesError(
            "formato de respaldo desconocido o más nuevo que esta versión de Raíces", file=path.name
        )
    return BackupInfo(
        path=path,
        revision=str(manifest["revision"]),
        created_at=str(manifest["created_at"]),
        rows={str(k): int(v) for k, v in manifest["rows"].items()},
    )


def holds_records(engine: Engine) -> bool:
    """Whether the store has any row outside the tables its migrations fill."""
    if current_revision(engine) is None:
        return False
    with engine.connect() as connection:
        for table in _tables(connection):
            if table.name in SEEDED_TABLES:
                continue
            if connection.execute(select(func.count()).select_from(table)).scalar():
                return True
    return False


def _migrate_to(engine: Engine, revision: str) -> None:
    from alembic import command

    from analysis.records.database import alembic_config

    present = current_revision(engine)
    if present == revision:
        return
    if present is None:
        upgrade(engine, revision)
        return
    with engine.begin() as connection:
        config = alembic_config(connection)
        script_revisions = _ancestors(config, present)
        if revision in script_revisions:
            command.downgrade(config, revision)
        else:
            command.upgrade(config, revision)


def _ancestors(config: Any, revision: str) -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(config)
    return {r.revision for r in script.walk_revisions(base="base", head=revision)} - {revision}


def restore(engine: Engine, source: str | Path, *, replace: bool = False) -> BackupInfo:
    """Restore a backup into ``engine``'s store, all or nothing.

    Parameters
    ----------
    engine
        Target store (empty, or ``replace=True``).
    source
        File written by :func:`backup`.
    replace
        Delete the records the target holds first (they are lost unless backed up).

    Raises
    ------
    RaicesError
        When the file is not a backup, the target holds records and ``replace`` is false,
        or the target's schema is newer than the backup's (restore into a new store).
    """
    info = read_manifest(source)
    if holds_records(engine) and not replace:
        raise RaicesError(
            "el almacén de destino ya tiene registros",
            hint="restaure en un almacén vacío, o use --reemplazar (se pierden sus registros)",
        )
    try:
        _migrate_to(engine, info.revision)
    except Exception as error:  # alembic names revisions it does not know
        raise RaicesError(
            f"no se pudo llevar el almacén de destino a la versión del respaldo ({info.revision})",
            hint="¿el respaldo viene de una versión más nueva de Raíces? actualice Raíces",
        ) from error
    with zipfile.ZipFile(info.path) as archive, engine.begin() as connection:
        tables = _tables(connection)
        for table in reversed(tables):
            connection.execute(table.delete())
        for table in tables:
            name = f"tables/{table.name}.jsonl"
            if name not in archive.namelist():
                continue
            batch: list[dict[str, Any]] = []
            with archive.open(name) as stream:
                for line in io.TextIOWrapper(stream, encoding="utf-8"):
                    if not line.strip():
                        continue
                    record = {k: _decode(v) for k, v in json.loads(line).items()}
                    batch.append({k: v for k, v in record.items() if k in table.c})
                    if len(batch) >= BATCH:
                        connection.execute(insert(table), batch)
                        batch = []
            if batch:
                connection.execute(insert(table), batch)
        if connection.dialect.name == "postgresql":
            for table in tables:
                if "id" in table.c and table.c.id.primary_key:
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                            f'COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "{table.name}"'
                        )
                    )
    upgrade(engine)
    return info
