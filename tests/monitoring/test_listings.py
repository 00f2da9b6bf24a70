"""The records to read: the list of actions, the headline figures, the drafts and the
member institutions, on small hand-written records."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analysis.monitoring import listings
from analysis.monitoring.frames import empty_records
from tests.monitoring.small_records import ACTIONS

INSTITUTIONS = pd.DataFrame(
    {"institution_id": [10, 20, 30], "name": ["Equis", "Ye", "Zeta"],
     "acronym": ["X", None, "Z"], "sector": ["estado", "academia", "nuevo"],
     "official": [True, False, True], "version": [1, 1, 1]}
)  # fmt: skip
RECORDS = replace(
    empty_records(),
    actions=ACTIONS.assign(
        title=["Uno", "Dos", "Tres", "Cuatro"],
        action_type=["prevencion", None, "otra", "nuevo"],
        start_date=None, end_date=None, in_pilot=[True, False, False, True],
        published=[True, False, True, True], version=[1, 2, 1, 1],
        people_reached=[None, 40.0, None, None],
    ),
    places=pd.DataFrame({"action_id": [1, 1, 2], "level": ["municipio", "departamento",
                         "municipio"], "code": [1301, 13, 101]}),
    partners=pd.DataFrame({"action_id": [1, 1], "institution_id": [30, 20]}),
    reached=pd.DataFrame({"action_id": [1, 1, 4], "dimension": ["sexo"] * 3,
                          "group": ["mujer", "hombre", "mujer"], "people": [5, 6, 100]}),
    institutions=INSTITUTIONS,
)  # fmt: skip
MUNICIPIOS = {1301: "Huehuetenango (Huehuetenango)", 101: "Guatemala (Guatemala)"}
DEPARTAMENTOS = {13: "Huehuetenango"}


def test_actions_listing_joins_partners_places_and_labels():
    table = listings.actions_listing(
        RECORDS, municipio_names=MUNICIPIOS, departamento_names=DEPARTAMENTOS, language="en"
    )
    assert table.index.name == "id" and list(table.index) == [1, 2, 3, 4]
    assert "published" not in table
    assert table.loc[1, "partners"] == "Ye, Z"  # sorted by institution id; name without acronym
    assert table.loc[1, "where"] == "Huehuetenango (Huehuetenango), Huehuetenango (dpto.)"
    assert table.loc[3, "where"] == "" and table.loc[2, "partners"] == ""
    assert table["type"].tolist() == ["Prevention", "—", "Other", "nuevo"]
    assert table.loc[1, "theme"] == "pobreza"  # not a vocabulary code: shown as it is
    assert table["people"].tolist()[:2] == [11.0, 40.0] and pd.isna(table.loc[3, "people"])
    assert table["pilot"].tolist() == ["✓", "", "", "✓"]
    with_flags = listings.actions_listing(
        RECORDS, municipio_names={}, departamento_names={}, with_published=True
    )
    assert with_flags["published"].tolist() == ["✓", "", "✓", "✓"]
    assert with_flags.loc[2, "where"] == "101"  # a code without a name is shown as the code
    assert RECORDS.actions.index.name == "action_id"  # the records are left as they were


def test_headline_counts_institutions_and_leaves_cancelled_actions_out():
    summary = listings.headline(RECORDS, language="es")
    assert summary.actions == "4"
    assert summary.institutions == "3"  # leads 10, 20, 30 and partners 20, 30
    assert summary.people == "151"  # 11 + 40 + 100; the cancelled action 3 reached nobody
    assert summary.executed == "60"  # 50 + 10; the cancelled action's 0 left out anyway


def test_drafts_lists_unpublished_records_of_every_kind():
    records = replace(
        RECORDS,
        meetings=pd.DataFrame({"meeting_id": [5], "title": ["x" * 100], "published": [False],
                               "version": [3]}),
    )  # fmt: skip
    pending = listings.drafts(records)
    assert pending.values.tolist() == [["actions", 2, 2, "Dos"], ["meetings", 5, 3, "x" * 80]]
    shown = listings.drafts_table(pending, table_labels={"actions": "Acción"})
    assert shown.columns.tolist() == ["table", "id", "text", "version"]
    assert shown["table"].tolist() == ["Acción", "meetings"]
    assert listings.drafts(empty_records()).empty


def test_institutions_table_shows_contacts_only_when_present():
    shown = listings.institutions_table(INSTITUTIONS, language="en")
    assert shown.columns.tolist() == ["id", "name", "acronym", "sector", "official"]
    assert shown["sector"].tolist() == ["State", "Academia", "nuevo"]
    assert shown["official"].tolist() == ["✓", "", "✓"]
    with_contacts = listings.institutions_table(INSTITUTIONS.assign(contact_email="a@b.org"))
    assert with_contacts["contact_email"].tolist() == ["a@b.org"] * 3
