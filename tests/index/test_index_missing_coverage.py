import numpy as np
import pandas as pd
import pytest

from analysis.index.coverage import coverage_table, parse_year
from analysis.index.missing import coverage_share, impute_group_mean


def test_group_mean_imputation_with_national_fallback():
    x = np.array([[1.0, np.nan], [3.0, np.nan], [np.nan, 4.0], [10.0, 8.0]])
    filled, imputed = impute_group_mean(x, np.array([1, 1, 2, 2]))
    assert filled[:, 0].tolist() == [1.0, 3.0, 10.0, 10.0]
    # group 1 has no value of column 1 → national mean of (4, 8)
    assert filled[:, 1].tolist() == [6.0, 6.0, 4.0, 8.0]
    assert imputed.tolist() == [[False, True], [False, True], [True, False], [False, False]]


def test_all_missing_column_stays_missing():
    filled, imputed = impute_group_mean(np.array([[np.nan], [np.nan]]), None)
    assert np.isnan(filled).all() and not imputed.any()


def test_coverage_share():
    present = np.array([[True, True, False], [False, False, False]])
    assert coverage_share(present).tolist() == pytest.approx([2 / 3, 0.0])


@pytest.mark.parametrize(
    ("text", "year"), [("2021", 2021.0), ("no documentado (≈2018–2023)", 2018.0), (2014, 2014.0)]
)
def test_parse_year(text, year):
    assert parse_year(text) == year


def test_parse_year_unknown():
    assert np.isnan(parse_year("sin fecha"))


def test_reliability_known_answer_and_zero_se_ignored():
    present = np.array([[True, True], [True, False]])
    imputed = np.array([[False, False], [False, True]])
    cv = np.array([[0.0, 0.45], [0.15, np.nan]])
    table = coverage_table(
        present,
        imputed,
        np.array([0.5, 0.5]),
        np.array([2023.0, 2018.0]),
        cv,
        index=pd.Index([1, 2]),
    )
    # territory 1: full coverage, age mean(0, 5) = 2.5, max CV 0.45 (the 0 is ignored) → cv score 0
    assert table.loc[1, "max_cv"] == pytest.approx(0.45)
    assert table.loc[1, "data_age"] == pytest.approx(2.5)
    assert table.loc[1, "reliability"] == pytest.approx(100 * (0.5 + 0.2 + 0.15 * 0.75 + 0))
    # territory 2: half coverage, half imputed, age 2.5 (imputed value still counts), CV 0.15 → 1
    assert table.loc[2, "coverage"] == 0.5
    assert table.loc[2, "reliability"] == pytest.approx(100 * (0.25 + 0.1 + 0.15 * 0.75 + 0.15))
