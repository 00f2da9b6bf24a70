"""MMM functioning on small hand-written frames: attendance by sector, agreements
fulfilled on time, and the tables people read."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from analysis.monitoring import functioning
from analysis.monitoring.frames import empty_records


def test_attendance_and_agreements():
    meetings = pd.DataFrame({"meeting_id": [1, 2, 3], "held_on": ["2026-01-05", "2026-02-05",
                                                                   "2025-12-01"]})  # fmt: skip
    attendance = pd.DataFrame({"meeting_id": [1, 1, 2, 3], "institution_id": [1, 2, 1, 3]})
    institutions = pd.DataFrame({"institution_id": [1, 2, 3], "sector": ["estado", "estado",
                                                                          "academia"]})  # fmt: skip
    table = functioning.attendance_by_sector(
        meetings, attendance, institutions, since=date(2026, 1, 1)
    )
    assert table.loc["estado", "rate"] == pytest.approx(0.75)
    assert table.loc["academia", "rate"] == 0.0  # attended only the meeting before the period
    agreements = pd.DataFrame(
        {"agreement_id": [1, 2, 3, 4, 5],
         "status": ["cumplido", "cumplido", "pendiente", "pendiente", "incumplido"],
         "due_on": ["2026-01-31", "2026-01-31", "2026-01-31", None, "2027-01-01"],
         "completed_on": ["2026-01-30", "2026-02-15", None, None, None]}
    )  # fmt: skip
    status = functioning.agreements_status(agreements, as_of=date(2026, 6, 1))
    assert status["timeliness"].tolist() == ["a_tiempo", "tarde", "vencido", "sin_fecha",
                                             "pendiente"]  # fmt: skip
    summary = functioning.agreements_summary(agreements, as_of=date(2026, 6, 1))
    assert summary.on_time_share == pytest.approx(1 / 3)
    counts = (summary.a_tiempo, summary.tarde, summary.vencido, summary.pendiente,
              summary.sin_fecha, summary.total, summary.due)  # fmt: skip
    assert counts == (1, 1, 1, 1, 1, 5, 3)


def test_functioning_gathers_meetings_attendance_and_agreements_on_a_day():
    records = replace(
        empty_records(),
        meetings=pd.DataFrame({"meeting_id": [1], "held_on": ["2026-01-10"],
                               "kind": ["plenaria"], "title": ["Primera"]}),
        attendance=pd.DataFrame({"meeting_id": [1], "institution_id": [1]}),
        institutions=pd.DataFrame({"institution_id": [1, 2], "name": ["Uno", "Dos"],
                                   "sector": ["estado", "sociedad_civil"]}),
        agreements=pd.DataFrame({"agreement_id": [1], "text": ["Informe"],
                                 "institution_id": [2], "status": ["pendiente"],
                                 "due_on": ["2026-03-01"], "completed_on": [None]}),
    )  # fmt: skip
    before = functioning.functioning(records, as_of=date(2026, 2, 1))
    after = functioning.functioning(records, as_of=date(2026, 4, 1))
    assert not before.empty
    assert before.agreements["timeliness"].tolist() == ["pendiente"]
    assert after.agreements["timeliness"].tolist() == ["vencido"]
    assert after.summary.vencido == 1 and after.summary.on_time_share == 0.0
    assert before.attendance.loc["estado", "rate"] == 1.0
    assert before.attendance.loc["sociedad_civil", "rate"] == 0.0
    assert functioning.functioning(empty_records(), as_of=date(2026, 1, 1)).empty


def test_functioning_tables_read_in_the_language():
    attendance = pd.DataFrame(
        {"institutions": [2], "attended": [1], "meetings": [2], "rate": [0.25]},
        index=pd.Index(["estado"], name="sector"),
    )
    shown = functioning.attendance_table(attendance, language="en")
    assert shown.index.tolist() == ["State"] and shown.index.name == "sector"
    assert shown["rate"].tolist() == ["25\xa0%"]
    assert functioning.sector_labels(attendance, language="es") == ["Estado"]
    agreements = pd.DataFrame(
        {"text": ["A", "B"], "institution_id": [1, 9], "due_on": ["2026-01-31", None],
         "status": ["cumplido", None], "timeliness": ["a_tiempo", "sin_fecha"]}
    )  # fmt: skip
    table = functioning.agreements_table(
        agreements,
        pd.DataFrame({"institution_id": [1], "name": ["Uno"]}),
        timeliness_labels={"a_tiempo": "On time"},
        language="en",
    )
    assert table["institution"].tolist()[0] == "Uno" and pd.isna(table["institution"][1])
    assert table["due"].tolist() == ["2026-01-31", "—"]
    assert table["status"].tolist() == ["Fulfilled", "—"]
    assert table["timeliness"].tolist() == ["On time", "sin_fecha"]
    meetings = functioning.meetings_table(
        pd.DataFrame({"meeting_id": [1, 2], "held_on": ["2026-01-10", "2026-02-10"],
                      "kind": ["plenaria", "comision"], "title": ["P", None]}),
        pd.DataFrame({"meeting_id": [1, 1], "institution_id": [1, 2]}),
        language="es",
    )  # fmt: skip
    assert meetings.values.tolist() == [
        ["2026-01-10", "Plenaria", "P", 2],
        ["2026-02-10", "Comisión", "", 0],
    ]


def test_summary_share_is_unknown_without_due_agreements():
    summary = functioning.agreements_summary(
        pd.DataFrame(
            {"agreement_id": [1], "status": ["pendiente"], "due_on": ["2027-01-01"],
             "completed_on": [None]}
        ),
        as_of=date(2026, 1, 1),
    )  # fmt: skip
    assert summary.pendiente == 1 and summary.total == 1 and summary.due == 0
    assert math.isnan(summary.on_time_share)
