"""Meetings and agreements of the MMM on SQLite and PostgreSQL: the secretariat records
them, the responsible institution reports an agreement's progress. Every record is plainly
fictitious.
"""

from __future__ import annotations

import pytest

from analysis.errors import RaicesError
from analysis.monitoring.lifecycle import set_published
from analysis.monitoring.meetings import (
    create_agreement,
    create_meeting,
    update_agreement,
    update_meeting,
)
from analysis.records.audit import history
from analysis.records.database import session_scope
from analysis.records.permissions import PermissionDenied
from tests.records.world import make_world


@pytest.fixture
def world(store_engine):
    return make_world(store_engine)


def test_meetings_and_agreements(world):
    with session_scope(world.engine) as session:
        with pytest.raises(PermissionDenied):
            create_meeting(session, world.editor_a, {"held_on": "2026-02-10"})
        meeting = create_meeting(
            session, world.secretariat, {"kind": "plenaria", "held_on": "2026-02-10"},
            attending=[world.a, world.b],
        )  # fmt: skip
        agreement = create_agreement(
            session, world.secretariat,
            {"meeting_id": meeting.id, "text": "Acuerdo ficticio", "institution_id": world.a,
             "due_on": "2026-03-01"},
        )  # fmt: skip
        ids = (meeting.id, agreement.id)
    with session_scope(world.engine) as session:
        # the responsible institution reports progress, nothing else
        with pytest.raises(PermissionDenied, match="sólo la secretaría"):
            update_agreement(session, world.editor_a, ids[1], {"text": "otro"},
                                     expected_version=1)  # fmt: skip
        with pytest.raises(PermissionDenied):
            update_agreement(session, world.editor_b, ids[1], {"status": "cumplido"},
                                     expected_version=1)  # fmt: skip
        with pytest.raises(RaicesError, match="fecha en que se cumplió"):
            update_agreement(session, world.editor_a, ids[1], {"status": "cumplido"},
                                     expected_version=1)  # fmt: skip
        agreement = update_agreement(
            session, world.editor_a, ids[1],
            {"status": "cumplido", "completed_on": "2026-02-25"}, expected_version=1,
        )  # fmt: skip
        assert agreement.status == "cumplido"
        meeting = update_meeting(session, world.secretariat, ids[0], {},
                                         attending=[world.a], expected_version=1)  # fmt: skip
        assert [a.institution_id for a in meeting.attendance] == [world.a]


def test_a_meeting_change_keeps_its_attendance_and_audits_it(world):
    with session_scope(world.engine) as session:
        meeting = create_meeting(
            session, world.secretariat, {"kind": "plenaria", "held_on": "2026-02-10"},
            attending=[world.a, world.b],
        )  # fmt: skip
        meeting_id = meeting.id
    with session_scope(world.engine) as session:
        with pytest.raises(PermissionDenied):
            update_meeting(session, world.editor_a, meeting_id, {"title": "X"},
                           expected_version=1)  # fmt: skip
        with pytest.raises(RaicesError, match="no existe la institución 999"):
            update_meeting(session, world.secretariat, meeting_id, {}, attending=[999],
                           expected_version=1)  # fmt: skip
        meeting = update_meeting(session, world.secretariat, meeting_id,
                                 {"title": "Plenaria ficticia"}, expected_version=1)  # fmt: skip
        assert sorted(a.institution_id for a in meeting.attendance) == [world.a, world.b]
    with session_scope(world.engine, readonly=True) as session:
        update = history(session, "meetings", meeting_id)[-1]
        assert update.action == "update"
        assert update.before["attending"] == update.after["attending"] == [world.a, world.b]
        assert (update.before["title"], update.after["title"]) == (None, "Plenaria ficticia")


def test_an_editors_progress_report_returns_a_published_agreement_to_review(world):
    with session_scope(world.engine) as session:
        agreement = create_agreement(
            session, world.secretariat,
            {"text": "Acuerdo ficticio", "institution_id": world.a, "due_on": "2026-03-01"},
        )  # fmt: skip
        set_published(session, world.secretariat, "agreements", agreement.id, True,
                      expected_version=1)  # fmt: skip
        agreement_id = agreement.id
    with session_scope(world.engine) as session:
        agreement = update_agreement(session, world.editor_a, agreement_id,
                                     {"status": "en_curso"}, expected_version=2)  # fmt: skip
        assert agreement.published is False and agreement.updated_by == "editora.a"
