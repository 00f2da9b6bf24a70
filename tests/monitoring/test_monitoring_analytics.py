"""Need against response, gaps, pilot coverage, progress, coordination and MMM functioning
on small hand-written frames with known answers."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis.monitoring import analytics

MUNIS = pd.DataFrame(
    {"dept_code": [1, 1, 13, 13, 13], "name": ["A", "B", "C", "D", "E"]},
    index=pd.Index([101, 102, 1301, 1302, 1303], name="code"),
)
NEED = pd.DataFrame(
    {"name": MUNIS["name"], "score": [90.0, 70.0, 50.0, 30.0, 10.0], "rank": [1, 2, 3, 4, 5]},
    index=MUNIS.index,
)


def _actions(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows).set_index("action_id")
    for column, default in (("budget_planned", np.nan), ("budget_executed", np.nan)):
        if column not in frame:
            frame[column] = default
    return frame


ACTIONS = _actions(
    [
        {"action_id": 1, "institution_id": 10, "institution": "X", "theme": "pobreza",
         "status": "en_curso", "budget_planned": 100.0, "budget_executed": 50.0},
        {"action_id": 2, "institution_id": 20, "institution": "Y", "theme": "clima",
         "status": "completada", "budget_planned": 200.0, "budget_executed": None},
        {"action_id": 3, "institution_id": 20, "institution": "Y", "theme": "pobreza",
         "status": "cancelada", "budget_planned": 999.0, "budget_executed": 0.0},
        {"action_id": 4, "institution_id": 30, "institution": "Z", "theme": "clima",
         "status": "planificada", "budget_planned": 10.0, "budget_executed": 10.0},
    ]
)  # fmt: skip
PLACES = pd.DataFrame(
    {
        "action_id": [1, 1, 2, 3, 4],
        "level": ["municipio", "municipio", "departamento", "municipio", "municipio"],
        "code": [102, 1301, 13, 101, 1301],
    }
)


def test_need_against_response_counts_local_and_departmental_actions():
    result = analytics.need_against_response(NEED, ACTIONS, PLACES, MUNIS, high=0.4, few=1)
    table = result.table
    # cancelled action 3 is not a response: the top municipio 101 has none
    assert table.loc[101, "actions"] == 0
    assert table.loc[102, "actions"] == 1
    # 1301: actions 1 and 4 locally, action 2 from its departamento
    assert table.loc[1301, ["actions", "actions_local", "actions_wide"]].tolist() == [3, 2, 1]
    assert table.loc[1302, ["actions", "actions_local", "actions_wide"]].tolist() == [1, 0, 1]
    assert table.loc[1301, "institutions"] == 3
    assert table.loc[101, "response"] == "sin"
    assert table.loc[102, "response"] == "poca"
    assert table.loc[1301, "response"] == "con"
    assert result.high_priority == 2 and result.uncovered_high == 1
    assert list(table.index) == [101, 102, 1301, 1302, 1303]  # most need first


def test_departmental_spread_can_be_switched_off():
    table = analytics.need_against_response(
        NEED, ACTIONS, PLACES, MUNIS, departamento_covers_municipios=False
    ).table
    assert table.loc[1302, "actions"] == 0
    assert table.loc[1301, "actions"] == 2


def test_territory_actions_at_departamento_level_counts_each_action_once():
    depts = pd.DataFrame({"name": ["Guatemala", "Huehuetenango"]}, index=[1, 13])
    rows = analytics.territory_actions(PLACES, depts, level="departamento")
    counts = rows.groupby("code")["action_id"].nunique().to_dict()
    assert counts == {1: 2, 13: 3}


def test_people_reached_come_from_local_actions_only():
    reached = pd.DataFrame(
        {"action_id": [1, 1, 2], "dimension": ["sexo", "sexo", "sexo"],
         "group": ["mujer", "hombre", "mujer"], "people": [30, 20, 1000]}
    )  # fmt: skip
    table = analytics.need_against_response(NEED, ACTIONS, PLACES, MUNIS, reached=reached).table
    # action 2 is department-wide: its 1000 people are not attributed to any one municipio
    assert table.loc[1301, "people"] == 50
    assert pd.isna(table.loc[1303, "people"])


def test_gaps_by_theme_lists_high_need_without_actions_on_the_theme():
    scores = pd.DataFrame(
        {"pobreza": [90.0, 80.0, 10.0, 5.0, 1.0], "clima": [1.0, 2.0, 80.0, 90.0, 70.0]},
        index=MUNIS.index,
    )
    gaps = analytics.gaps_by_theme(scores, ACTIONS, PLACES, MUNIS, names=MUNIS["name"], top=2)
    pobreza = gaps[gaps["theme"] == "pobreza"]
    # 101 only has the cancelled action; 102 has action 1 on poverty
    assert pobreza["code"].tolist() == [101]
    assert pobreza["name"].tolist() == ["A"]
    # climate: 1302 and 1301 are the top two; both get department-wide action 2
    assert gaps[gaps["theme"] == "clima"].empty
    with_few = analytics.gaps_by_theme(scores, ACTIONS, PLACES, MUNIS, top=2, few=1)
    # with «few» = 1, 1302 (one climate action) is a gap; 1301 has two and is not
    assert set(with_few.loc[with_few["theme"] == "clima", "code"]) == {1302}


def test_commissions_map_to_themes():
    actions = _actions(
        [{"action_id": 1, "institution_id": 1, "theme": "economica", "status": "en_curso"}]
    )
    places = pd.DataFrame({"action_id": [1], "level": ["municipio"], "code": [101]})
    scores = pd.DataFrame({"pobreza_economia": [9.0, 1.0]}, index=[101, 102])
    munis = MUNIS.loc[[101, 102]]
    plain = analytics.gaps_by_theme(scores, actions, places, munis, top=1)
    mapped = analytics.gaps_by_theme(
        scores, actions, places, munis, top=1, theme_of={"economica": "pobreza_economia"}
    )
    assert plain["code"].tolist() == [101] and mapped.empty


def test_pilot_coverage_names_the_missing_causes():
    table = analytics.pilot_coverage(
        [1301, 101], ["pobreza", "clima", "violencia"], ACTIONS, PLACES, MUNIS,
        names=MUNIS["name"],
    )  # fmt: skip
    assert table.loc[1301, ["pobreza", "clima", "violencia"]].tolist() == [1, 2, 0]
    assert table.loc[1301, "missing"] == "violencia"
    assert table.loc[101, "covered"] == 0  # cancelled action does not cover
    assert table.loc[101, "missing"] == "pobreza, clima, violencia"


def test_actions_by_status_and_budget():
    status = analytics.actions_by_status(
        ACTIONS, ["planificada", "en_curso", "completada", "cancelada"]
    )
    assert status.loc["Y"].tolist() == [0, 0, 1, 1, 2]
    assert status.loc["total", "total"] == 4
    budget = analytics.budget_by(ACTIONS, "institution", exclude=("cancelada",))
    # Y: one action planned 200 with no executed amount → execution unknown, not 0 %
    assert budget.loc["Y", "planned"] == 200.0
    assert pd.isna(budget.loc["Y", "executed"]) and pd.isna(budget.loc["Y", "execution"])
    assert budget.loc["X", "execution"] == pytest.approx(0.5)
    assert budget.loc["Y", "reported"] == 0
    by_theme = analytics.budget_by(ACTIONS, "theme")
    assert by_theme.loc["pobreza", "planned"] == 1099.0


def test_reach_against_population_weights_by_population_and_fills_other():
    reached = pd.DataFrame(
        {"action_id": [1, 1, 1, 1, 1], "dimension": ["pueblo"] * 3 + ["sexo"] * 2,
         "group": ["maya", "ladino", "otro", "mujer", "hombre"], "people": [50, 40, 10, 60, 40]}
    )  # fmt: skip
    places = pd.DataFrame({"action_id": [1, 1], "level": ["municipio"] * 2, "code": [101, 102]})
    values = pd.DataFrame(
        {"poblacion": [100.0, 300.0], "poblacion_maya": [0.8, 0.4],
         "poblacion_ladina": [0.2, 0.5]},
        index=[101, 102],
    )  # fmt: skip
    table = analytics.reach_against_population(reached, places, values).set_index("group")
    assert table.loc["maya", "population_share"] == pytest.approx(0.5)
    assert table.loc["ladino", "population_share"] == pytest.approx(0.425)
    assert table.loc["otro", "population_share"] == pytest.approx(0.075)
    assert table.loc["maya", "difference"] == pytest.approx(0.0)
    # no population split by sex in the build: no invented reference
    assert table.loc[["mujer", "hombre"], "population_share"].isna().all()
    assert table.loc["mujer", "share"] == pytest.approx(0.6)


def test_people_per_action_prefers_the_declared_total():
    reached = pd.DataFrame(
        {"action_id": [1, 1], "dimension": ["sexo", "edad"], "group": ["mujer", "juventud"],
         "people": [5, 8]}
    )  # fmt: skip
    assert analytics.people_per_action(reached).to_dict() == {1: 8}
    assert analytics.people_per_action(reached, pd.Series({1: 12})).to_dict() == {1: 12.0}


def test_results_progress_against_baseline_and_target():
    indicators = pd.DataFrame(
        {"indicator_id": [1, 2, 3], "name": ["a", "b", "c"], "baseline": [10.0, 5.0, 1.0],
         "target": [20.0, 5.0, 0.0]}
    )  # fmt: skip
    measurements = pd.DataFrame(
        {"indicator_id": [1, 1, 3], "measured_on": ["2026-01-01", "2026-09-01", "2026-02-01"],
         "value": [12.0, 25.0, 0.5]}
    )  # fmt: skip
    table = analytics.results_progress(indicators, measurements).set_index("indicator_id")
    assert table.loc[1, "progress"] == pytest.approx(1.5)  # beyond the target
    assert pd.isna(table.loc[2, "progress"])  # baseline equals target
    assert table.loc[3, "progress"] == pytest.approx(0.5)  # a decrease is progress too
    earlier = analytics.results_progress(indicators, measurements, as_of=date(2026, 6, 1))
    assert earlier.set_index("indicator_id").loc[1, "latest"] == 12.0


def test_coordination_pairs_and_matrix():
    actions = _actions(
        [{"action_id": 1, "institution_id": 1}, {"action_id": 2, "institution_id": 2},
         {"action_id": 3, "institution_id": 3}]
    )  # fmt: skip
    partners = pd.DataFrame({"action_id": [1, 1, 2], "institution_id": [2, 3, 1]})
    places = pd.DataFrame({"action_id": [1, 2], "level": ["municipio"] * 2, "code": [101, 102]})
    pairs = analytics.coordination_pairs(
        actions, partners, places, names={1: "A", 2: "B", 3: "C"},
        territory_names={101: "Guatemala", 102: "Mixco"},
    )  # fmt: skip
    first = pairs.set_index(["institution_a", "institution_b"]).loc[(1, 2)]
    assert first["actions"] == 2 and first["where"] == "Guatemala, Mixco"
    assert len(pairs) == 3  # A-B, A-C, B-C (action 3 alone makes no pair)
    matrix = analytics.coordination_matrix(pairs)
    assert matrix.loc["A", "B"] == matrix.loc["B", "A"] == 2
    assert matrix.loc["A", "A"] == 0


def test_attendance_and_agreements():
    meetings = pd.DataFrame({"meeting_id": [1, 2, 3], "held_on": ["2026-01-05", "2026-02-05",
                                                                   "2025-12-01"]})  # fmt: skip
    attendance = pd.DataFrame({"meeting_id": [1, 1, 2, 3], "institution_id": [1, 2, 1, 3]})
    institutions = pd.DataFrame({"institution_id": [1, 2, 3], "sector": ["estado", "estado",
                                                                          "academia"]})  # fmt: skip
    table = analytics.attendance_by_sector(
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
    status = analytics.agreements_status(agreements, as_of=date(2026, 6, 1))
    assert status["timeliness"].tolist() == ["a_tiempo", "tarde", "vencido", "sin_fecha",
                                             "pendiente"]  # fmt: skip
    summary = analytics.agreements_summary(agreements, as_of=date(2026, 6, 1))
    assert summary["on_time_share"] == pytest.approx(1 / 3)


def test_empty_store_gives_empty_results_not_errors():
    frames = analytics.empty_frames()
    result = analytics.need_against_response(
        NEED, frames["actions"], frames["places"], MUNIS, reached=frames["reached"]
    )
    assert (result.table["actions"] == 0).all() and result.uncovered_high == 1
    assert analytics.coordination_pairs(frames["actions"], frames["partners"]).empty
    assert analytics.actions_by_status(frames["actions"]).loc["total", "total"] == 0
    assert np.isnan(analytics.agreements_summary(frames["agreements"], as_of=date(2026, 1, 1))[
        "on_time_share"])  # fmt: skip
