"""Engine, sessions and schema migrations of the operational store.

The embedded default is a SQLite file in WAL mode, ``data/seguimiento/raices.sqlite``
(under ``RAICES_DATA`` when set), so that ``make app`` needs nothing else. A multi-user
deployment sets ``RAICES_SEGUIMIENTO_URL=postgresql+psycopg://user:pass@host/db``.

The schema is owned by Alembic (revisions in ``analysis/records/migrations/versions``),
configured here in code: there is no ``alembic.ini``. ``upgrade(engine)`` brings any store
to the newest revision and is safe to call on every start.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session

from analysis import paths
from analysis.errors import RaicesError

URL_VARIABLE = "RAICES_SEGUIMIENTO_URL"
"""Environment variable holding the store's SQLAlchemy URL."""

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for another writer before giving up (milliseconds)."""

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every table of the operational store."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def store_dir() -> Path:
    """Folder of the embedded store (``<RAICES_DATA>/seguimiento``; git-ignored)."""
    return paths.data_dir() / "seguimiento"


def default_url() -> str:
    """URL of the store: ``RAICES_SEGUIMIENTO_URL`` or the embedded SQLite file."""
    env = os.environ.get(URL_VARIABLE, "").strip()
    if env:
        return env
    return f"sqlite:///{store_dir() / 'raices.sqlite'}"


def is_sqlite(engine: Engine) -> bool:
    """Whether the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"


def engine_for(url: str | None = None, **options: Any) -> Engine:
    """An engine for the store at ``url`` (default :func:`default_url`).

    SQLite files get WAL journaling, enforced foreign keys and a busy timeout, and
    transactions that write take the write lock when they begin (``BEGIN IMMEDIATE``), so
    that two writers queue instead of failing halfway. Read-only sessions
    (``session_scope(engine, readonly=True)``) begin with a plain ``BEGIN`` and never wait.

    Parameters
    ----------
    url
        SQLAlchemy URL; ``sqlite:///path`` or ``postgresql+psycopg://…``.
    **options
        Passed to :func:`sqlalchemy.create_engine`.

    Raises
    ------
    RaicesError
        When the URL cannot be parsed or names an unsupported database.
    """
    text = url or default_url()
    try:
        parsed = make_url(text)
    except Exception as error:  # sqlalchemy raises ArgumentError with the URL inside
        raise RaicesError(
            "la dirección del almacén de seguimiento no es válida",
            hint=f"revise {URL_VARIABLE}; ejemplo postgresql+psycopg://usuario@servidor/raices",
        ) from error
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise RaicesError(
            f"base de datos no admitida para el seguimiento: {backend}",
            hint="use SQLite (por defecto) o PostgreSQL",
        )
    if backend == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **options
        )
        _configure_sqlite(engine)
        return engine
    options.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **options)


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling begins lazily and cannot take the write lock
    # up front; SQLAlchemy's documented recipe hands BEGIN to us instead.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql("BEGIN" if mode == "DEFERRED" else "BEGIN IMMEDIATE")


def alembic_config(connection: Any) -> Any:
    """Alembic configuration of the store (in code), bound to ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("path_separator", "os")
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("version_locations", str(MIGRATIONS_DIR / "versions"))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the store's schema to ``revision`` (default: the newest) with Alembic.

    Safe to call on every start: a store already at that revision is left as it is.
    """
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the store is at, or ``None`` for an empty store."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest revision this version of Raíces knows."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(None))
    head = script.get_current_head()
    assert head is not None
    return head


def ensure_current(engine: Engine) -> None:
    """Raise a clear error when the store is missing or behind this version's schema.

    Raises
    ------
    RaicesError
        Naming the command that brings the store up to date.
    """
    if current_revision(engine) != head_revision():
        raise RaicesError(
            "el almacén de seguimiento no existe o tiene una versión anterior",
            hint="cualquier orden «raices seguimiento» (por ejemplo «raices seguimiento "
            "instituciones») lo crea o lo actualiza",
        )


def table_names(engine: Engine) -> list[str]:
    """Names of the tables present in the store."""
    return sorted(inspect(engine).get_table_names())


@contextmanager
def session_scope(engine: Engine, *, readonly: bool = False) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back if it raises.

    Parameters
    ----------
    engine
        From :func:`engine_for`.
    readonly
        On SQLite, begin without taking the write lock (for pages that only read).

    Examples
    --------
    >>> engine = engine_for("sqlite://")
    >>> with session_scope(engine) as session:
    ...     session.connection().exec_driver_sql("select 1").scalar()
    1
    """
    bind: Engine = engine
    if readonly and is_sqlite(engine):
        bind = engine.execution_options(sqlite_begin="DEFERRED")
    session = Session(bind=bind, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
