"""The records each principal sees, as frames, on SQLite and on a real PostgreSQL: the
public only published records and no contact data; an editor also their own institution's
drafts and contacts; the secretariat everything; deleted records nobody. And the frames'
own helpers on small hand-written frames: empty records, the period, people per action."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields, replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis.monitoring import coordination, frames, functioning, need, progress
from analysis.monitoring.frames import MonitoringRecords, empty_records, in_period, load_frames
from analysis.monitoring.lifecycle import delete_record
from analysis.records.database import session_scope
from analysis.records.users import PUBLIC
from tests.monitoring.monitoring_seed import seed_store
from tests.monitoring.small_records import ACTIONS, MUNIS, NEED, PLACES


def test_visibility_of_frames(store_engine):
    seeded = seed_store(store_engine, actions=8, publish_share=0.5, accounts=True)
    published = set(seeded.actions) - set(seeded.unpublished)
    with session_scope(store_engine) as session:
        delete_record(
            session, seeded.secretariat, "actions", seeded.actions[0], expected_version=None
        )
    public = load_frames(store_engine, PUBLIC)
    assert isinstance(public, MonitoringRecords) and public.actions is public.actions
    assert set(public.actions.index) == published - {seeded.actions[0]}
    assert "contact_email" not in public.institutions.columns
    assert public.actions["notes"].isna().all()
    assert set(public.places["action_id"]) <= set(public.actions.index)
    assert set(public.reached["action_id"]) <= set(public.actions.index)

    # the seed gives action number n (id n) the lead institution (n - 1) mod 4
    lead = seeded.institutions[(seeded.unpublished[0] - 1) % len(seeded.institutions)]
    editor = load_frames(store_engine, seeded.editors[lead])
    own_drafts = {a for a in seeded.unpublished if a in set(editor.actions.index)}
    assert own_drafts and all(editor.actions.at[a, "institution_id"] == lead for a in own_drafts)
    contacts = editor.institutions.set_index("institution_id")["contact_email"]
    assert contacts[lead] is not None and contacts.drop(lead).isna().all()

    everyone = load_frames(store_engine, seeded.secretariat)
    assert set(everyone.actions.index) == set(seeded.actions) - {seeded.actions[0]}
    assert everyone.institutions["contact_email"].notna().all()
    assert len(everyone.meetings) == 3 and len(everyone.agreements) == 4


def test_people_per_action_prefers_the_declared_total():
    reached = pd.DataFrame(
        {"action_id": [1, 1], "dimension": ["sexo", "edad"], "group": ["mujer", "juventud"],
         "people": [5, 8]}
    )  # fmt: skip
    assert frames.people_per_action(reached).to_dict() == {1: 8}
    assert frames.people_per_action(reached, pd.Series({1: 12})).to_dict() == {1: 12.0}


def test_empty_records_give_empty_results_not_errors():
    records = empty_records()
    assert records.empty
    for name, columns in frames.COLUMNS.items():
        assert list(getattr(records, name).columns) == list(columns)
    result = need.need_against_response(
        NEED, records.actions, records.places, MUNIS, reached=records.reached
    )
    assert (result.table["actions"] == 0).all() and result.uncovered_high == 1
    assert coordination.coordination(records).pairs.empty
    assert progress.progress(records).status.loc["total", "total"] == 0
    assert np.isnan(functioning.functioning(records, as_of=date(2026, 1, 1)).summary.on_time_share)


def test_records_are_frozen_and_read_by_attribute_only():
    records = empty_records()
    with pytest.raises(FrozenInstanceError):
        records.actions = pd.DataFrame()  # type: ignore[misc]
    assert [f.name for f in fields(records)] == list(frames.COLUMNS)
    with pytest.raises(TypeError):
        records["places"]  # type: ignore[index]
    with pytest.raises(TypeError):
        dict(records)  # type: ignore[call-overload]
    partial = MonitoringRecords.from_frames({"places": PLACES})
    assert partial.places is PLACES and partial.actions.empty
    assert not replace(records, institutions=pd.DataFrame({"institution_id": [1]})).empty


def test_in_period_keeps_what_happens_in_it():
    actions = pd.DataFrame(
        {"start_date": ["2026-01-01", "2025-01-01", None],
         "end_date": ["2026-03-01", "2025-02-01", None]},
        index=pd.Index([1, 2, 3], name="action_id"),
    )  # fmt: skip
    records = MonitoringRecords.from_frames(
        {
            "actions": actions,
            "places": pd.DataFrame({"action_id": [1, 2, 3], "level": ["municipio"] * 3,
                                    "code": [101, 102, 103]}),
            "meetings": pd.DataFrame({"meeting_id": [1, 2], "held_on": ["2025-06-01",
                                                                        "2026-02-01"]}),
            "attendance": pd.DataFrame({"meeting_id": [1, 2], "institution_id": [5, 6]}),
            "measurements": pd.DataFrame({"measurement_id": [1, 2],
                                          "measured_on": ["2026-02-01", "2027-01-01"]}),
            "agreements": pd.DataFrame({"agreement_id": [1], "due_on": ["2020-01-01"]}),
        }
    )  # fmt: skip
    period = in_period(records, date(2026, 1, 1), date(2026, 12, 31))
    assert list(period.actions.index) == [1, 3]  # an undated action is not outside it
    assert period.places["action_id"].tolist() == [1, 3]
    assert period.meetings["meeting_id"].tolist() == [2]
    assert period.attendance["institution_id"].tolist() == [6]
    assert period.measurements["measurement_id"].tolist() == [1]
    assert len(period.agreements) == 1
    assert in_period(records, None, None).actions.equals(actions)


def test_responding_leaves_cancelled_actions_out():
    assert list(frames.responding(ACTIONS).index) == [1, 2, 4]
    assert list(frames.responding(ACTIONS, exclude=()).index) == [1, 2, 3, 4]
