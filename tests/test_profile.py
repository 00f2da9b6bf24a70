"""analysis.profile: need ranks and percentiles, the profile, the CV rule, group summaries."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import profile
from analysis.defaults import CV_LIMIT

CATALOG = pd.DataFrame(
    {
        "label_es": ["Pobreza", "Escolaridad"],
        "label_en": ["Poverty", "Schooling"],
        "unit_es": ["proporción", "años"],
        "unit_en": ["share", "years"],
        "theme": ["pobreza", "educacion"],
        "direction": [1, -1],
    },
    index=["pobreza", "escolaridad"],
)
VALUES = pd.DataFrame(
    {"pobreza": [0.8, 0.4, np.nan, 0.6], "escolaridad": [2.0, 6.0, 4.0, 3.0]},
    index=pd.Index([101, 102, 201, 202], name="code"),
)


def test_need_percentiles_follow_the_direction():
    ranks = profile.need_percentiles(VALUES, CATALOG)
    assert ranks.at[101, "pobreza"] == 100  # most poverty = most need
    assert ranks.at[101, "escolaridad"] == 100  # least schooling = most need
    assert math.isnan(ranks.at[201, "pobreza"])


def test_profile_table_in_english_with_department_and_cv():
    departments = pd.DataFrame({"pobreza": [0.6, 0.5], "escolaridad": [4.0, 3.5]}, index=[1, 2])
    errors = pd.DataFrame({"pobreza": [0.4, 0.01, np.nan, 0.1]}, index=VALUES.index)
    table = profile.profile_table(
        101,
        values=VALUES,
        catalog=CATALOG,
        national=pd.Series({"pobreza": 0.56}),
        language="en",
        department_values=departments,
        standard_errors=errors,
    )
    assert table.at["pobreza", "label"] == "Poverty" and table.at["escolaridad", "unit"] == "years"
    assert table.at["pobreza", "department"] == 0.6
    assert table.at["pobreza", "cv"] == pytest.approx(0.5)
    assert math.isnan(table.at["escolaridad", "national"])
    with pytest.raises(KeyError):
        profile.profile_table(999, values=VALUES, catalog=CATALOG, national=pd.Series(dtype=float))


def test_reliability_notes_apply_the_cv_rule_and_list_missing_values():
    table = pd.DataFrame(
        {
            "label": ["a", "b", "c"],
            "value": [1.0, 1.0, np.nan],
            "cv": [CV_LIMIT + 0.01, CV_LIMIT, np.nan],
        },
        index=["x", "y", "z"],
    )
    issues = pd.DataFrame(
        {"code": [101, 102], "source_id": ["s", "s"], "column": ["c", "c"],
         "issue": ["negativo", "x"], "action": ["descartado", "y"]}
    )  # fmt: skip
    notes = profile.reliability_notes(table, issues, 101)
    assert [n.kind for n in notes] == ["high_cv", "missing", "repaired"]
    assert notes[0].labels == ("a",)  # exactly at the limit is not flagged
    assert notes[1].labels == ("c",)
    assert "negativo" in notes[2].detail


def test_group_summary_weights_by_population():
    values = pd.Series([0.2, 0.4, 0.9], index=[1, 2, 3])
    groups = pd.Series(["a", "a", "b"], index=[1, 2, 3])
    summary = profile.group_summary(values, groups, weights=pd.Series([3, 1, 5], index=[1, 2, 3]))
    first = summary.set_index("group").loc["a"]
    assert first["weighted_mean"] == pytest.approx(0.25)  # not the plain mean 0.3
    assert first["n"] == 2
    unweighted = profile.group_summary(values, groups)
    assert unweighted["weighted_mean"].isna().all()


def test_display_names_tell_apart_municipios_with_the_same_name():
    frame = pd.DataFrame(
        {"name": ["San José", "San José"], "dept_name": ["Petén", "Escuintla"]}, index=[1701, 509]
    )
    assert profile.display_names(frame, "municipio").nunique() == 2


def test_a_practically_zero_standard_error_is_a_reliability_note():
    from analysis.profile import reliability_notes

    table = pd.DataFrame(
        {
            "label": ["Pobreza", "Brecha"],
            "value": [0.8, 0.3],
            "se": [1e-17, 0.02],
            "cv": [0.0, 0.07],
        },
        index=["pobreza", "brecha_pobreza"],
    )
    notes = reliability_notes(table)
    assert [n.kind for n in notes] == ["se_unknown"] and notes[0].labels == ("Pobreza",)
