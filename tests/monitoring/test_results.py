"""Results indicators and their measurements on SQLite and PostgreSQL: who may record and
correct them, review after an editor's change, locking and audit. Every record is plainly
fictitious.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from analysis.errors import RaicesError
from analysis.monitoring.lifecycle import delete_record, set_published, visible
from analysis.monitoring.models import Measurement
from analysis.monitoring.results import (
    add_measurement,
    create_indicator,
    get_measurement,
    update_indicator,
    update_measurement,
)
from analysis.records.audit import history
from analysis.records.database import session_scope
from analysis.records.locking import ConflictError
from analysis.records.permissions import PermissionDenied
from analysis.records.users import PUBLIC
from tests.records.world import make_world


@pytest.fixture
def world(store_engine):
    return make_world(store_engine)


def _measured(world) -> tuple[int, int]:
    """An indicator of institution A with one measurement (120 on 2026-03-31), both drafts."""
    with session_scope(world.engine) as session:
        indicator = create_indicator(
            session, world.editor_a,
            {"institution_id": world.a, "name": "Personas capacitadas", "kind": "producto",
             "unit": "personas", "baseline": 0, "target": 500, "code": 1301},
        )  # fmt: skip
        measurement = add_measurement(
            session, world.editor_a, indicator.id, measured_on="2026-03-31", value="120"
        )
        return indicator.id, measurement.id


def test_measurements_keep_who_reported_them(world):
    with session_scope(world.engine) as session:
        indicator = create_indicator(
            session, world.editor_a,
            {"institution_id": world.a, "name": "Personas capacitadas", "kind": "producto",
             "unit": "personas", "baseline": 0, "target": 500, "code": 1301},
        )  # fmt: skip
        add_measurement(session, world.editor_a, indicator.id, measured_on="2026-03-31",
                                value="120")  # fmt: skip
        with pytest.raises(PermissionDenied):
            add_measurement(session, world.editor_b, indicator.id,
                                    measured_on="2026-03-31", value=1)  # fmt: skip
    with session_scope(world.engine, readonly=True) as session:
        measurement = session.scalar(select(Measurement))
        assert measurement.reported_by == "editora.a" and measurement.reported_at is not None
        assert measurement.value == 120.0
        public = session.scalars(select(Measurement).where(visible(Measurement, PUBLIC)))
        assert list(public) == []
        own = session.scalars(select(Measurement).where(visible(Measurement, world.editor_a)))
        assert len(list(own)) == 1


def test_an_editor_corrects_a_measurement_and_it_returns_to_review(world):
    _, measurement_id = _measured(world)
    with session_scope(world.engine) as session:
        set_published(session, world.secretariat, "measurements", measurement_id, True,
                      expected_version=1)  # fmt: skip
    with session_scope(world.engine) as session:
        measurement = update_measurement(
            session, world.editor_a, measurement_id,
            {"value": "1,150", "note": "corregido"}, expected_version=2,
        )  # fmt: skip
        assert (measurement.value, measurement.note) == (1150.0, "corregido")
        assert measurement.published is False and measurement.version == 3
    with session_scope(world.engine, readonly=True) as session:
        measurement = session.get(Measurement, measurement_id)
        assert str(measurement.measured_on) == "2026-03-31"  # untouched
        # who first reported it is kept; the correction is stamped apart
        assert measurement.reported_by == "editora.a" and measurement.updated_by == "editora.a"
        entries = history(session, "measurements", measurement_id)
        assert [e.action for e in entries] == ["create", "publish", "update"]
        assert (entries[2].before["value"], entries[2].after["value"]) == (120.0, 1150.0)
        assert entries[2].username == "editora.a"
        public = session.scalars(select(Measurement).where(visible(Measurement, PUBLIC)))
        assert list(public) == []


def test_the_secretariat_corrects_a_published_measurement_without_withdrawing_it(world):
    _, measurement_id = _measured(world)
    with session_scope(world.engine) as session:
        set_published(session, world.secretariat, "measurements", measurement_id, True,
                      expected_version=1)  # fmt: skip
        measurement = update_measurement(
            session, world.secretariat, measurement_id, {"measured_on": "2026-04-01"},
            expected_version=2,
        )  # fmt: skip
        assert measurement.published is True and str(measurement.measured_on) == "2026-04-01"
        assert measurement.updated_by == "secretaria.prueba"


def test_measurement_corrections_follow_the_rules(world):
    indicator_id, measurement_id = _measured(world)
    with session_scope(world.engine) as session:
        with pytest.raises(PermissionDenied, match="propia institución"):
            update_measurement(session, world.editor_b, measurement_id, {"value": 1},
                               expected_version=1)  # fmt: skip
        with pytest.raises(PermissionDenied):
            update_measurement(session, PUBLIC, measurement_id, {"value": 1},
                               expected_version=1)  # fmt: skip
        with pytest.raises(RaicesError) as caught:
            update_measurement(
                session, world.editor_a, measurement_id,
                {"value": "mucho", "measured_on": "ayer", "reported_by": "otra"},
                expected_version=1,
            )  # fmt: skip
        text = str(caught.value)
        for expected in ("«mucho» no es un número", "«ayer» no es una fecha", "reported_by"):
            assert expected in text
        with pytest.raises(RaicesError, match="falta el valor medido"):
            update_measurement(session, world.editor_a, measurement_id, {"value": ""},
                               expected_version=1)  # fmt: skip
        with pytest.raises(RaicesError, match="no existe el registro 999"):
            update_measurement(session, world.editor_a, 999, {"value": 1}, expected_version=1)
    with session_scope(world.engine) as session:
        update_measurement(session, world.editor_a, measurement_id, {"value": 130},
                           expected_version=1)  # fmt: skip
    # a form opened before that save is told, and nothing of the first save is lost
    with session_scope(world.engine) as session, pytest.raises(ConflictError, match="otra persona"):
        update_measurement(session, world.secretariat, measurement_id, {"value": 140},
                           expected_version=1)  # fmt: skip
    with session_scope(world.engine) as session:
        delete_record(session, world.secretariat, "indicators", indicator_id, expected_version=1)
    with session_scope(world.engine) as session, pytest.raises(RaicesError, match="eliminado"):
        update_measurement(session, world.editor_a, measurement_id, {"value": 150},
                           expected_version=2)  # fmt: skip
    with session_scope(world.engine, readonly=True) as session:
        measurement = session.get(Measurement, measurement_id)
        assert (measurement.value, measurement.version) == (130.0, 2)
        assert [e.action for e in history(session, "measurements", measurement_id)] == [
            "create", "update",
        ]  # fmt: skip


def test_a_deleted_measurement_is_not_corrected(world):
    _, measurement_id = _measured(world)
    with session_scope(world.engine) as session:
        delete_record(session, world.editor_a, "measurements", measurement_id, expected_version=1)
    with session_scope(world.engine) as session, pytest.raises(RaicesError, match="eliminada"):
        update_measurement(session, world.editor_a, measurement_id, {"value": 1},
                           expected_version=2)  # fmt: skip


def test_an_indicator_stays_with_its_institution_unless_both_are_the_editors(world):
    indicator_id, _ = _measured(world)
    with session_scope(world.engine) as session:
        with pytest.raises(PermissionDenied):
            update_indicator(session, world.editor_a, indicator_id, {"institution_id": world.b},
                             expected_version=1)  # fmt: skip
        indicator = update_indicator(session, world.editor_a, indicator_id, {"target": "600"},
                                     expected_version=1)  # fmt: skip
        assert (indicator.target, indicator.version) == (600.0, 2)
        with pytest.raises(RaicesError, match="campo desconocido"):
            update_indicator(session, world.editor_a, indicator_id, {"meta": 1},
                             expected_version=2)  # fmt: skip


def test_a_measurement_opens_only_for_whoever_may_read_it(world):
    _, measurement_id = _measured(world)
    with session_scope(world.engine, readonly=True) as session:
        assert get_measurement(session, world.editor_a, measurement_id).value == 120.0
        assert get_measurement(session, world.secretariat, measurement_id).value == 120.0
        for stranger in (world.editor_b, PUBLIC):
            with pytest.raises(RaicesError, match="no es pública"):
                get_measurement(session, stranger, measurement_id)
