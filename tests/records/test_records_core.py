"""Store core on SQLite and PostgreSQL: schema, accounts, permissions, audit, locking.

Every name below is plainly fictitious.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from analysis.errors import RaicesError
from analysis.records import institutions, users
from analysis.records.audit import AuditEntry, changed_fields, history
from analysis.records.database import (
    current_revision,
    head_revision,
    session_scope,
    table_names,
    upgrade,
)
from analysis.records.locking import ConflictError
from analysis.records.models import User
from analysis.records.permissions import PermissionDenied, require_editor_of
from analysis.records.users import PUBLIC, AuthenticationError, Role

PASSWORD = "contraseña-de-prueba-1"


@pytest.fixture
def world(store_engine):
    """Two fictitious institutions, a secretariat account and one editor for each."""
    console = users.console_principal()
    with session_scope(store_engine) as session:
        a = institutions.create_institution(
            session,
            console,
            name="Institución Ficticia A",
            sector="estado",
            acronym="IFA",
            contact_email="contacto@a.example",
        )
        b = institutions.create_institution(
            session,
            console,
            name="Institución Ficticia B",
            sector="sociedad_civil",
            contact_phone="0000-0000",
        )
        users.create_user(
            session, console, username="secretaria.prueba", password=PASSWORD, role="secretaria"
        )
        users.create_user(
            session,
            console,
            username="editora.a",
            password=PASSWORD,
            role=Role.EDITOR,
            institution_id=a.id,
        )
        users.create_user(
            session,
            console,
            username="editor.b",
            password=PASSWORD,
            role="editor",
            institution_id=b.id,
        )
        ids = {"a": a.id, "b": b.id}
    return store_engine, ids


def test_migrations_reach_head_and_are_idempotent(store_engine):
    assert current_revision(store_engine) == head_revision()
    upgrade(store_engine)  # a second call changes nothing
    assert {"institutions", "users", "audit_log", "login_failures"} <= set(
        table_names(store_engine)
    )


def test_a_new_store_has_no_account(store_engine):
    with session_scope(store_engine) as session:
        assert users.count_users(session) == 0


def test_login_with_argon2_and_wrong_password(world):
    engine, ids = world
    principal = users.authenticate(engine, " Editora.A ", PASSWORD)
    assert principal.role is Role.EDITOR and principal.institution_id == ids["a"]
    with session_scope(engine) as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "editora.a"))
    assert stored.startswith("$argon2") and PASSWORD not in stored
    with pytest.raises(AuthenticationError, match="incorrectos"):
        users.authenticate(engine, "editora.a", "otra-contraseña")
    with pytest.raises(AuthenticationError, match="incorrectos"):
        users.authenticate(engine, "nadie", PASSWORD)


def test_failed_logins_are_rate_limited(world):
    engine, _ = world
    start = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    for attempt in range(users.MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationError, match="incorrectos"):
            users.authenticate(
                engine, "editor.b", "mala", now=start + dt.timedelta(seconds=attempt)
            )
    # even the right password is refused while the window lasts
    with pytest.raises(AuthenticationError, match="demasiados intentos"):
        users.authenticate(engine, "editor.b", PASSWORD, now=start + dt.timedelta(minutes=1))
    later = start + users.FAILURE_WINDOW + dt.timedelta(minutes=1)
    assert users.authenticate(engine, "editor.b", PASSWORD, now=later).username == "editor.b"


def test_weak_passwords_and_editors_without_institution_are_refused(world):
    engine, _ = world
    console = users.console_principal()
    with session_scope(engine) as session:
        with pytest.raises(RaicesError, match="al menos"):
            users.create_user(session, console, username="corta", password="123", role="secretaria")
        with pytest.raises(RaicesError, match="institución"):
            users.create_user(
                session, console, username="sin.inst", password=PASSWORD, role="editor"
            )


def test_only_the_secretariat_manages_institutions_and_users(world):
    engine, ids = world
    editor = users.authenticate(engine, "editora.a", PASSWORD)
    with session_scope(engine) as session:
        with pytest.raises(PermissionDenied):
            institutions.create_institution(session, editor, name="Otra", sector="academia")
        with pytest.raises(PermissionDenied):
            users.create_user(
                session, editor, username="intrusa", password=PASSWORD, role="secretaria"
            )
        with pytest.raises(PermissionDenied):
            institutions.update_institution(
                session, PUBLIC, ids["b"], {"name": "X"}, expected_version=None
            )
    require_editor_of(editor, ids["a"])
    with pytest.raises(PermissionDenied, match="propia institución"):
        require_editor_of(editor, ids["b"])


def test_public_never_sees_contacts(world):
    engine, ids = world
    with session_scope(engine, readonly=True) as session:
        public = institutions.list_institutions(session, PUBLIC)
        editor = institutions.list_institutions(
            session, users.authenticate(engine, "editora.a", PASSWORD)
        )
        secretariat = institutions.list_institutions(session, users.console_principal())
    assert not {"contact_email", "contact_phone", "contact_name"} & set(public.columns)
    assert "contacto@a.example" not in public.to_string()
    own = editor.set_index("id")
    assert own.at[ids["a"], "contact_email"] == "contacto@a.example"
    assert own.at[ids["b"], "contact_phone"] is None
    assert secretariat.set_index("id").at[ids["b"], "contact_phone"] == "0000-0000"


def test_every_change_leaves_an_audit_row(world):
    engine, ids = world
    secretariat = users.authenticate(engine, "secretaria.prueba", PASSWORD)
    with session_scope(engine) as session:
        institutions.update_institution(
            session, secretariat, ids["a"], {"acronym": "IFA-2"}, expected_version=1
        )
        institutions.deactivate_institution(session, secretariat, ids["a"], expected_version=2)
    with session_scope(engine, readonly=True) as session:
        rows = history(session, "institutions", ids["a"])
        assert [r.action for r in rows] == ["create", "update", "delete"]
        assert rows[1].username == "secretaria.prueba" and rows[1].role == "secretaria"
        assert changed_fields(rows[1].before, rows[1].after) == [
            "acronym",
            "updated_at",
            "updated_by",
            "version",
        ]
        assert rows[1].before["acronym"] == "IFA" and rows[1].after["acronym"] == "IFA-2"
        # deleted means marked, not removed
        assert institutions.get_institution(session, ids["a"]).deleted_at is not None
        user_rows = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "users"))
        assert all("password_hash" not in (r.after or {}) for r in user_rows)


def test_second_save_gets_a_conflict(world):
    engine, ids = world
    secretariat = users.console_principal()
    with session_scope(engine) as session:
        institutions.update_institution(
            session, secretariat, ids["b"], {"acronym": "PRIMERA"}, expected_version=1
        )
    with session_scope(engine) as session, pytest.raises(ConflictError, match="otra persona"):
        institutions.update_institution(
            session, secretariat, ids["b"], {"acronym": "SEGUNDA"}, expected_version=1
        )
    with session_scope(engine, readonly=True) as session:
        assert institutions.get_institution(session, ids["b"]).acronym == "PRIMERA"


def test_a_deactivated_account_stops_working(world):
    engine, ids = world
    secretariat = users.console_principal()
    editor = users.authenticate(engine, "editora.a", PASSWORD)
    with session_scope(engine) as session:
        users.set_active(session, secretariat, "editora.a", False)
    with pytest.raises(AuthenticationError):
        users.authenticate(engine, "editora.a", PASSWORD)
    with session_scope(engine) as session, pytest.raises(PermissionDenied, match="desactivada"):
        users.ensure_active(session, editor)


def test_migrations_match_the_models(store_engine):
    """The hand-written revisions create exactly the tables the models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import analysis.monitoring.models  # noqa: F401 - registers the monitoring tables
    from analysis.records.database import Base

    ours = (
        {"audit_log", "institutions", "users", "login_failures"}
        | {t.name for t in Base.metadata.sorted_tables if t.name.startswith(("action", "meeting"))}
        | {"indicators", "measurements", "agreements"}
    )
    with store_engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)

    def table_of(diff) -> str | None:
        item = diff[0] if isinstance(diff, list) else diff
        for part in item[1:]:
            name = getattr(part, "name", None) if not isinstance(part, str) else None
            table = getattr(part, "table", None)
            if table is not None:
                return table.name
            if name:
                return name
        return item[2] if len(item) > 2 and isinstance(item[2], str) else None

    relevant = [d for d in diffs if table_of(d) in ours]
    assert relevant == []
