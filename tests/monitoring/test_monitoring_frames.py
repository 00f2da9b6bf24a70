"""The records each principal sees, as frames, on SQLite and on a real PostgreSQL: the
public only published records and no contact data; an editor also their own institution's
drafts and contacts; the secretariat everything; deleted records nobody."""

from __future__ import annotations

from analysis.monitoring import service
from analysis.monitoring.frames import load_frames
from analysis.records.database import session_scope
from analysis.records.users import PUBLIC
from tests.monitoring.monitoring_seed import seed_store


def test_visibility_of_frames(store_engine):
    seeded = seed_store(store_engine, actions=8, publish_share=0.5, accounts=True)
    published = set(seeded.actions) - set(seeded.unpublished)
    with session_scope(store_engine) as session:
        service.delete_record(
            session, seeded.secretariat, "actions", seeded.actions[0], expected_version=None
        )
    public = load_frames(store_engine, PUBLIC)
    assert set(public["actions"].index) == published - {seeded.actions[0]}
    assert "contact_email" not in public["institutions"].columns
    assert public["actions"]["notes"].isna().all()
    assert set(public["places"]["action_id"]) <= set(public["actions"].index)
    assert set(public["reached"]["action_id"]) <= set(public["actions"].index)

    # the seed gives action number n (id n) the lead institution (n - 1) mod 4
    lead = seeded.institutions[(seeded.unpublished[0] - 1) % len(seeded.institutions)]
    editor = load_frames(store_engine, seeded.editors[lead])
    own_drafts = {a for a in seeded.unpublished if a in set(editor["actions"].index)}
    assert own_drafts and all(editor["actions"].at[a, "institution_id"] == lead for a in own_drafts)
    contacts = editor["institutions"].set_index("institution_id")["contact_email"]
    assert contacts[lead] is not None and contacts.drop(lead).isna().all()

    everyone = load_frames(store_engine, seeded.secretariat)
    assert set(everyone["actions"].index) == set(seeded.actions) - {seeded.actions[0]}
    assert everyone["institutions"]["contact_email"].notna().all()
    assert len(everyone["meetings"]) == 3 and len(everyone["agreements"]) == 4
