"""Need against response, gaps by theme and pilot coverage on small hand-written frames
with known answers, and the tables people read."""

from __future__ import annotations

import pandas as pd

from analysis.monitoring import need
from tests.monitoring.small_records import ACTIONS, MUNIS, NEED, PLACES, actions_frame


def test_need_against_response_counts_local_and_departmentalactions_frame():
    result = need.need_against_response(NEED, ACTIONS, PLACES, MUNIS, high=0.4, few=1)
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
    assert result.located == 2  # 102 and 1301; 1302 and 1303 only department-wide
    assert list(table.index) == [101, 102, 1301, 1302, 1303]  # most need first


def test_departmental_spread_can_be_switched_off():
    table = need.need_against_response(
        NEED, ACTIONS, PLACES, MUNIS, departamento_covers_municipios=False
    ).table
    assert table.loc[1302, "actions"] == 0
    assert table.loc[1301, "actions"] == 2


def test_territory_actions_at_departamento_level_counts_each_action_once():
    depts = pd.DataFrame({"name": ["Guatemala", "Huehuetenango"]}, index=[1, 13])
    rows = need.territory_actions(PLACES, depts, level="departamento")
    counts = rows.groupby("code")["action_id"].nunique().to_dict()
    assert counts == {1: 2, 13: 3}


def test_people_reached_come_from_local_actions_only():
    reached = pd.DataFrame(
        {"action_id": [1, 1, 2], "dimension": ["sexo", "sexo", "sexo"],
         "group": ["mujer", "hombre", "mujer"], "people": [30, 20, 1000]}
    )  # fmt: skip
    table = need.need_against_response(NEED, ACTIONS, PLACES, MUNIS, reached=reached).table
    # action 2 is department-wide: its 1000 people are not attributed to any one municipio
    assert table.loc[1301, "people"] == 50
    assert pd.isna(table.loc[1303, "people"])


def test_gaps_by_theme_lists_high_need_without_actions_on_the_theme():
    scores = pd.DataFrame(
        {"pobreza": [90.0, 80.0, 10.0, 5.0, 1.0], "clima": [1.0, 2.0, 80.0, 90.0, 70.0]},
        index=MUNIS.index,
    )
    gaps = need.gaps_by_theme(scores, ACTIONS, PLACES, MUNIS, names=MUNIS["name"], top=2)
    pobreza = gaps[gaps["theme"] == "pobreza"]
    # 101 only has the cancelled action; 102 has action 1 on poverty
    assert pobreza["code"].tolist() == [101]
    assert pobreza["name"].tolist() == ["A"]
    # climate: 1302 and 1301 are the top two; both get department-wide action 2
    assert gaps[gaps["theme"] == "clima"].empty
    with_few = need.gaps_by_theme(scores, ACTIONS, PLACES, MUNIS, top=2, few=1)
    # with «few» = 1, 1302 (one climate action) is a gap; 1301 has two and is not
    assert set(with_few.loc[with_few["theme"] == "clima", "code"]) == {1302}


def test_commissions_map_to_themes():
    actions = actions_frame(
        [{"action_id": 1, "institution_id": 1, "theme": "economica", "status": "en_curso"}]
    )
    places = pd.DataFrame({"action_id": [1], "level": ["municipio"], "code": [101]})
    scores = pd.DataFrame({"pobreza_economia": [9.0, 1.0]}, index=[101, 102])
    munis = MUNIS.loc[[101, 102]]
    plain = need.gaps_by_theme(scores, actions, places, munis, top=1)
    mapped = need.gaps_by_theme(
        scores, actions, places, munis, top=1, theme_of={"economica": "pobreza_economia"}
    )
    assert plain["code"].tolist() == [101] and mapped.empty


def test_pilot_coverage_names_the_missing_causes():
    table = need.pilot_coverage(
        [1301, 101], ["pobreza", "clima", "violencia"], ACTIONS, PLACES, MUNIS,
        names=MUNIS["name"],
    ).table  # fmt: skip
    assert table.loc[1301, ["pobreza", "clima", "violencia"]].tolist() == [1, 2, 0]
    assert table.loc[1301, "missing"] == "violencia"
    assert table.loc[101, "covered"] == 0  # cancelled action does not cover
    assert table.loc[101, "missing"] == "pobreza, clima, violencia"


def test_need_table_labels_bands_and_responses_with_the_words_given():
    result = need.need_against_response(NEED, ACTIONS, PLACES, MUNIS, high=0.4, few=1)
    shown = need.need_table(
        result, band_labels={"alta": "High"}, response_labels={"sin": "None", "con": "Some"}
    )
    assert shown.index.name == "code"
    assert list(shown.columns) == [
        "rank", "territory", "score", "band", "actions", "actions_local", "actions_wide",
        "institutions", "people", "response",
    ]  # fmt: skip
    assert shown.loc[101, ["territory", "band", "response"]].tolist() == ["A", "High", "None"]
    assert shown.loc[1301, "response"] == "Some"
    assert shown.loc[1303, "band"] == "baja"  # a band without a word is shown as it is
    assert str(shown["rank"].dtype) == "Int64"


def test_need_map_frame_categories_and_hover_text():
    result = need.need_against_response(NEED, ACTIONS, PLACES, MUNIS, high=0.4, few=1)
    frame = need.need_map_frame(result, detail="rank {rank}, {actions} actions")
    assert frame.loc[101, "category"] == "alta-sin"
    assert frame.loc[1301, "category"] == "media-con"
    assert frame.loc[1301, "detail"] == "rank 3, 3 actions"
    unranked = need.need_against_response(
        NEED.assign(rank=[1, 2, 3, 4, None]), ACTIONS, PLACES, MUNIS
    )
    assert need.need_map_frame(unranked, detail="{rank}").loc[1303, "detail"] == "–"
    assert unranked.table.loc[1303, "priority_band"] == need.NO_BAND


def test_gaps_table_labels_themes():
    scores = pd.DataFrame({"migracion": [90.0, 10.0]}, index=pd.Index([101, 102], name="code"))
    gaps = need.gaps_by_theme(scores, ACTIONS, PLACES, MUNIS, names=MUNIS["name"], top=1)
    shown = need.gaps_table(gaps, language="en")
    assert shown.iloc[0].tolist() == ["Migration", "A", 101, 1, 90.0, 0, 0]
    assert need.gaps_table(gaps)["theme"].tolist() == ["Migración"]


def test_pilot_coverage_labels_and_its_table():
    coverage = need.pilot_coverage(
        [1301, 101], ["pobreza", "clima", "migracion"], ACTIONS, PLACES, MUNIS,
        names=MUNIS["name"], language="en",
    )  # fmt: skip
    assert coverage.themes == ("pobreza", "clima", "migracion")
    assert coverage.theme_labels["migracion"] == "Migration"
    shown = need.pilot_table(coverage)
    assert list(shown.columns) == ["territory", "pobreza", "clima", "Migration", "covered",
                                   "missing"]  # fmt: skip
    assert shown.loc[1301, "missing"] == "Migration"
    assert shown.loc[101, "missing"] == "pobreza, clima, Migration"


def test_a_departamento_counts_the_actions_of_its_municipios():
    # one action on poverty, placed in a municipio of departamento 1 only
    acts = pd.DataFrame(
        {"theme": ["pobreza"], "status": ["en_curso"]}, index=pd.Index([1], name="action_id")
    )
    places = pd.DataFrame({"action_id": [1], "level": ["municipio"], "code": [102]})
    # as the store gives them: departamentos carry their own code as dept_code too
    departamentos = pd.DataFrame({"name": ["Uno", "Dos"], "dept_code": [1, 2]}, index=[1, 2])
    scores = pd.DataFrame({"pobreza": [90.0, 80.0]}, index=[1, 2])
    gaps = need.gaps_by_theme(scores, acts, places, departamentos, top=2, level="departamento")
    assert gaps["code"].tolist() == [2]  # departamento 1 has the action of its municipio
    coverage = need.pilot_coverage(
        [1, 2], ["pobreza"], acts, places, departamentos, level="departamento"
    ).table
    assert coverage["pobreza"].tolist() == [1, 0]
