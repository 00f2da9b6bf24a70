"""Deletion, restoration, publication and visibility of monitoring records, on SQLite and
PostgreSQL. Every record is plainly fictitious.
"""

from __future__ import annotations

import pytest

from analysis.errors import RaicesError
from analysis.monitoring.actions import create_action, get_action, public_action, visible_actions
from analysis.monitoring.lifecycle import delete_record, restore_record, set_published
from analysis.monitoring.models import Action
from analysis.records.audit import history
from analysis.records.database import session_scope
from analysis.records.institutions import list_institutions
from analysis.records.locking import ConflictError
from analysis.records.permissions import PermissionDenied
from analysis.records.users import PUBLIC
from tests.records.world import action_values, make_world


@pytest.fixture
def world(store_engine):
    return make_world(store_engine)


def _create(world, **changes) -> int:
    with session_scope(world.engine) as session:
        return create_action(session, world.editor_a, action_values(world.a, **changes)).id


def _visible_ids(world, principal) -> set[int]:
    with session_scope(world.engine, readonly=True) as session:
        return {a.id for a in session.scalars(visible_actions(principal))}


def test_the_public_never_sees_drafts_nor_personal_data(world):
    draft = _create(world)
    published = _create(world, external_id="ACC-002")
    with session_scope(world.engine) as session:
        set_published(session, world.secretariat, "actions", published, True,
                              expected_version=1)  # fmt: skip
    assert _visible_ids(world, PUBLIC) == {published}
    assert _visible_ids(world, world.editor_b) == {published}
    assert _visible_ids(world, world.editor_a) == {draft, published}
    with session_scope(world.engine, readonly=True) as session:
        with pytest.raises(RaicesError, match="no es pública"):
            get_action(session, PUBLIC, draft)
        shown = public_action(get_action(session, PUBLIC, published))
        public_institutions = list_institutions(session, PUBLIC)
    assert "notes" not in shown and "nota interna" not in str(shown)
    assert "Persona Ficticia" not in public_institutions.to_string()
    assert "contacto@a.example" not in public_institutions.to_string()


def test_only_the_secretariat_publishes(world):
    action_id = _create(world)
    with session_scope(world.engine) as session:
        with pytest.raises(PermissionDenied, match="secretaría"):
            set_published(session, world.editor_a, "actions", action_id, True,
                                  expected_version=None)  # fmt: skip
        with pytest.raises(PermissionDenied):
            set_published(session, PUBLIC, "actions", action_id, True,
                                  expected_version=None)  # fmt: skip
    assert _visible_ids(world, PUBLIC) == set()


def test_a_deleted_record_comes_back_as_a_draft_by_the_secretariat_only(world):
    action_id = _create(world)
    with session_scope(world.engine) as session:
        set_published(session, world.secretariat, "actions", action_id, True,
                      expected_version=1)  # fmt: skip
        delete_record(session, world.editor_a, "actions", action_id, expected_version=2)
        with pytest.raises(RaicesError, match="eliminado; no se publica"):
            set_published(session, world.secretariat, "actions", action_id, True,
                          expected_version=3)  # fmt: skip
    with session_scope(world.engine) as session, pytest.raises(PermissionDenied):
        restore_record(session, world.editor_a, "actions", action_id, expected_version=3)
    assert _visible_ids(world, world.editor_a) == set()
    with session_scope(world.engine) as session:
        restore_record(session, world.secretariat, "actions", action_id, expected_version=3)
    with session_scope(world.engine, readonly=True) as session:
        action = session.get(Action, action_id)
        assert action.deleted_at is None and action.published is False
        assert [e.action for e in history(session, "actions", action_id)] == [
            "create", "publish", "delete", "restore",
        ]  # fmt: skip
    assert _visible_ids(world, world.editor_a) == {action_id}
    assert _visible_ids(world, PUBLIC) == set()


def test_an_unknown_table_is_named(world):
    with session_scope(world.engine) as session, pytest.raises(RaicesError, match="inventada"):
        delete_record(session, world.secretariat, "inventada", 1, expected_version=None)


def test_a_change_of_state_checks_permission_then_version_and_writes_once(world):
    action_id = _create(world)
    with session_scope(world.engine) as session, pytest.raises(PermissionDenied):
        # another institution's editor is refused before the (stale) version is looked at
        delete_record(session, world.editor_b, "actions", action_id, expected_version=9)
    with session_scope(world.engine) as session, pytest.raises(ConflictError):
        delete_record(session, world.editor_a, "actions", action_id, expected_version=9)
    with session_scope(world.engine) as session:
        delete_record(session, world.editor_a, "actions", action_id, expected_version=1)
    with session_scope(world.engine) as session:
        # already deleted, already a draft: nothing changes, no audit row, same version
        delete_record(session, world.editor_a, "actions", action_id, expected_version=2)
        set_published(session, world.secretariat, "actions", action_id, False,
                      expected_version=2)  # fmt: skip
        restore_record(session, world.secretariat, "actions", action_id, expected_version=2)
        restore_record(session, world.secretariat, "actions", action_id, expected_version=3)
    with session_scope(world.engine, readonly=True) as session:
        action = session.get(Action, action_id)
        assert action.version == 3 and action.deleted_by is None
        entries = history(session, "actions", action_id)
        assert [e.action for e in entries] == ["create", "delete", "restore"]
