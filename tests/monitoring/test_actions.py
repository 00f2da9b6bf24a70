"""Rules of 5W actions on SQLite and PostgreSQL: permissions, review, locking, audit.

The rules are exercised by calling the service functions directly, as a page (or anyone
bypassing the pages) would. Every record is plainly fictitious.
"""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from analysis.errors import RaicesError
from analysis.monitoring.actions import (
    action_state,
    action_types,
    add_action_type,
    create_action,
    update_action,
    visible_actions,
)
from analysis.monitoring.lifecycle import delete_record, set_published
from analysis.monitoring.models import Action
from analysis.monitoring.results import create_indicator
from analysis.records.audit import history
from analysis.records.database import session_scope
from analysis.records.locking import ConflictError, conflicts_reported
from analysis.records.permissions import PermissionDenied
from analysis.records.users import PUBLIC
from tests.records.world import action_values, make_world


@pytest.fixture
def world(store_engine):
    return make_world(store_engine)


def _create(world, principal=None, **changes) -> int:
    institution = changes.pop("institution_id", world.a)
    with session_scope(world.engine) as session:
        action = create_action(
            session, principal or world.editor_a, action_values(institution, **changes)
        )
        return action.id


def _visible_ids(world, principal) -> set[int]:
    with session_scope(world.engine, readonly=True) as session:
        return {a.id for a in session.scalars(visible_actions(principal))}


def test_an_action_is_stored_with_its_5w(world):
    action_id = _create(world, partner_ids=[world.b])
    with session_scope(world.engine, readonly=True) as session:
        action = session.get(Action, action_id)
        state = action_state(action)
        assert state["territories"] == [("municipio", 1301), ("municipio", 1302)]
        assert [t.pcode for t in action.territories] == ["GT1301", "GT1302"]
        assert state["partner_ids"] == [world.b]
        assert ("sexo", "mujer", 70) in state["reach"]
        assert str(state["budget_planned"]) == "10000.00"
        assert action.published is False and action.version == 1


def test_editor_of_a_cannot_touch_records_of_b(world):
    theirs = _create(world, principal=world.editor_b, institution_id=world.b)
    with session_scope(world.engine) as session:
        with pytest.raises(PermissionDenied, match="propia institución"):
            create_action(session, world.editor_a, action_values(world.b))
        with pytest.raises(PermissionDenied):
            update_action(session, world.editor_a, theirs, {"title": "X"},
                                  expected_version=1)  # fmt: skip
        with pytest.raises(PermissionDenied):
            delete_record(session, world.editor_a, "actions", theirs, expected_version=1)
        with pytest.raises(PermissionDenied):
            create_indicator(
                session, world.editor_a, {"institution_id": world.b, "name": "Indicador"}
            )
    mine = _create(world)
    # nor move their own action to another institution
    with session_scope(world.engine) as session, pytest.raises(PermissionDenied):
        update_action(session, world.editor_a, mine, {"institution_id": world.b},
                                  expected_version=1)  # fmt: skip
    with session_scope(world.engine, readonly=True) as session:
        assert session.get(Action, theirs).title == "Taller ficticio de prueba"
        assert session.get(Action, mine).institution_id == world.a


def test_an_editors_change_returns_a_published_action_to_review(world):
    action_id = _create(world)
    with session_scope(world.engine) as session:
        set_published(session, world.secretariat, "actions", action_id, True,
                              expected_version=1)  # fmt: skip
    with session_scope(world.engine) as session:
        action, changed = update_action(
            session, world.editor_a, action_id, {"budget_executed": "5000"}, expected_version=2
        )
        assert changed and action.published is False
    assert _visible_ids(world, PUBLIC) == set()


def test_the_second_save_gets_a_conflict_and_nothing_is_lost(world):
    action_id = _create(world)
    with session_scope(world.engine) as session:
        update_action(session, world.editor_a, action_id, {"title": "Primera versión"},
                              expected_version=1)  # fmt: skip
    with session_scope(world.engine) as session, pytest.raises(ConflictError, match="otra persona"):
        update_action(session, world.secretariat, action_id, {"title": "Segunda"},
                              expected_version=1)  # fmt: skip
    with session_scope(world.engine, readonly=True) as session:
        action = session.get(Action, action_id)
        assert (action.title, action.version) == ("Primera versión", 2)


def test_a_race_past_the_version_check_is_still_caught(world):
    """Two sessions read version 1; the UPDATE itself refuses the second.

    On SQLite a writing session holds the write lock from its first statement, so two
    writers never interleave; the race exists only on PostgreSQL.
    """
    if world.engine.dialect.name == "sqlite":
        pytest.skip("SQLite serialises writing sessions: this race cannot happen there")
    action_id = _create(world)
    first = session_scope(world.engine)
    s2 = Session(world.engine)
    stale = s2.get(Action, action_id)
    stale.title = "escrita por la segunda sesión"
    with first as s1:
        update_action(s1, world.editor_a, action_id, {"title": "Primera"},
                              expected_version=1)  # fmt: skip
    with pytest.raises(ConflictError), conflicts_reported("actions", action_id):
        s2.flush()
    s2.rollback()
    s2.close()
    with session_scope(world.engine, readonly=True) as session:
        assert session.get(Action, action_id).title == "Primera"


def test_an_unchanged_save_writes_nothing(world):
    action_id = _create(world)
    with session_scope(world.engine) as session:
        _, changed = update_action(
            session, world.editor_a, action_id, action_values(world.a), expected_version=1
        )
    assert changed is False
    with session_scope(world.engine, readonly=True) as session:
        assert session.get(Action, action_id).version == 1
        assert [e.action for e in history(session, "actions", action_id)] == ["create"]


def test_every_change_is_audited_and_nothing_is_deleted(world):
    action_id = _create(world)
    with session_scope(world.engine) as session:
        update_action(session, world.editor_a, action_id, {"territories": [1301]},
                              expected_version=1)  # fmt: skip
        set_published(session, world.secretariat, "actions", action_id, True,
                              expected_version=2)  # fmt: skip
        delete_record(session, world.secretariat, "actions", action_id,
                              expected_version=3)  # fmt: skip
    with session_scope(world.engine, readonly=True) as session:
        entries = history(session, "actions", action_id)
        assert [e.action for e in entries] == ["create", "update", "publish", "delete"]
        update = entries[1]
        assert update.username == "editora.a"
        assert update.before["territories"] == [["municipio", 1301], ["municipio", 1302]]
        assert update.after["territories"] == [["municipio", 1301]]
        assert entries[3].before["title"] == "Taller ficticio de prueba"
        action = session.get(Action, action_id)
        assert action is not None and action.deleted_at is not None
    assert _visible_ids(world, world.secretariat) == set()
    assert _visible_ids(world, PUBLIC) == set()


def test_validation_names_every_problem(world):
    with session_scope(world.engine) as session, pytest.raises(RaicesError) as caught:
        create_action(
            session,
            world.editor_a,
            action_values(
                world.a, territories=[9999], budget_planned="mucho", start_date="2026-05-01",
                end_date="2026-01-01", action_type="inventado",
            ),
        )  # fmt: skip
    text = str(caught.value)
    for expected in ("9999", "«mucho» no es un monto", "anterior a la de inicio", "inventado"):
        assert expected in text
    assert _visible_ids(world, world.secretariat) == set()


def test_reach_cannot_exceed_the_total(world):
    with session_scope(world.engine) as session, pytest.raises(RaicesError, match="supera"):
        create_action(
            session, world.editor_a,
            action_values(world.a, people_reached=10, reach={("edad", "juventud"): 11}),
        )  # fmt: skip


def test_action_types_are_configurable_by_the_secretariat(world):
    with session_scope(world.engine) as session:
        assert "proteccion" in action_types(session)
        with pytest.raises(PermissionDenied):
            add_action_type(session, world.editor_a, "retorno", "Reintegración")
        add_action_type(session, world.secretariat, "reintegracion", "Reintegración",
                                "Reintegration")  # fmt: skip
    _create(world, action_type="reintegracion")
