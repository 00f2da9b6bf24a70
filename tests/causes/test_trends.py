"""Trends: growth rates, zero policy, analyst series, national totals, rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.causes.trends import (
    annual_changes,
    growth_rates,
    growth_table,
    load_returnees_monthly,
    national_totals,
    rates_per_population,
    read_series_file,
    returnees_by_lens,
    series_order,
    series_years,
    validate_series,
)
from analysis.errors import RaicesError


def long(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["level", "code", "series", "year", "value"])


def test_compound_growth_and_log_trend():
    table = long(
        [("municipio", 101, "x", year, 100 * 1.05 ** (year - 2010)) for year in range(2010, 2016)]
    )
    row = growth_rates(table).iloc[0]
    assert row["annual_growth_pct"] == pytest.approx(5.0)
    assert row["trend_pct"] == pytest.approx(5.0)
    assert row["change_pct"] == pytest.approx(100 * (1.05**5 - 1))
    assert (row["first_year"], row["last_year"], row["n_years"]) == (2010, 2015, 6)


def test_zero_means_not_reported_by_default():
    table = long(
        [
            ("nacional", 0, "docentes", 2001, 0.0),
            ("nacional", 0, "docentes", 2003, 100.0),
            ("nacional", 0, "docentes", 2005, 121.0),
        ]
    )
    row = growth_rates(table).iloc[0]
    assert row["first_year"] == 2003
    assert row["annual_growth_pct"] == pytest.approx(10.0)
    kept = growth_rates(table, zero_as_missing=False).iloc[0]
    assert kept["first_year"] == 2001
    assert np.isnan(kept["annual_growth_pct"])  # growth from 0 is undefined


def test_year_window_and_annual_changes():
    table = long(
        [
            ("municipio", 101, "x", year, float(value))
            for year, value in [(2010, 100), (2011, 50), (2012, 110), (2013, 121)]
        ]
    )
    assert growth_rates(table, start=2012).iloc[0]["annual_growth_pct"] == pytest.approx(10.0)
    changes = annual_changes(table)
    assert np.isnan(changes.loc[0, "change_pct"])
    assert changes.loc[1, "change_pct"] == pytest.approx(-50.0)
    assert changes.loc[3, "previous_year"] == 2012


def test_national_totals_only_for_complete_years():
    table = long(
        [
            ("municipio", 101, "homicidios", 2020, 10.0),
            ("municipio", 102, "homicidios", 2020, 5.0),
            ("municipio", 101, "homicidios", 2021, 12.0),  # 102 missing in 2021
        ]
    )
    totals = national_totals(table)
    assert totals[["year", "value"]].values.tolist() == [[2020, 15.0]]


def test_rates_use_population_of_the_nearest_year():
    counts = long(
        [("municipio", 101, "homicidios", 2021, 50.0), ("municipio", 101, "homicidios", 2024, 50.0)]
    )
    population = long([("municipio", 101, "poblacion_proyectada", 2020, 1_000_000.0)])
    rates = rates_per_population(counts, population)
    assert rates.loc[0, "value"] == pytest.approx(5.0)
    assert rates.loc[0, "population_year"] == 2020
    assert np.isnan(rates.loc[1, "value"])  # 4 years away: beyond the 2-year limit
    assert rates.loc[0, "series"] == "tasa_homicidios"


def test_read_analyst_file(tmp_path):
    path = tmp_path / "homicidios_pnc.csv"
    path.write_text("muni_code;year;value\n101;2022;30\n1301;2022;4\n", encoding="utf-8")
    table = read_series_file(path)
    assert table["series"].unique().tolist() == ["homicidios_pnc"]
    assert table["code"].tolist() == [101, 1301]
    assert (table["level"] == "municipio").all()


@pytest.mark.parametrize(
    ("content", "row", "column"),
    [
        ("code,year,value\n101,2022,30\n101,2022,31\n", 3, "year"),
        ("code,year,value\n101,2022,30\n9999,2022,1\n", 3, "code"),
        ("code,year,value\n101,dos mil,30\n", 2, "year"),
        ("code,year,value\n101,2022,muchos\n", 2, "value"),
    ],
)
def test_bad_analyst_files_name_row_and_column(tmp_path, content, row, column):
    path = tmp_path / "serie.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RaicesError) as error:
        read_series_file(path)
    assert error.value.row == row
    assert error.value.column == column
    assert "serie.csv" in str(error.value)


def test_missing_columns_and_file():
    with pytest.raises(RaicesError, match="faltan las columnas"):
        validate_series(pd.DataFrame({"code": [101]}))
    with pytest.raises(RaicesError, match="no se encontró"):
        read_series_file("/nonexistent/serie.csv")


def test_real_series_growth(real_series):
    table = growth_rates(real_series)
    national = table[table["level"] == "nacional"].set_index("series")
    # INE projections: about 2.3 % a year 2012–2020.
    assert national.loc["poblacion_proyectada", "annual_growth_pct"] == pytest.approx(2.3, abs=0.3)
    assert national.loc["retornados", "first_year"] == 2017
    municipal = table[(table["level"] == "municipio") & (table["series"] == "poblacion_proyectada")]
    assert len(municipal) >= 338
    assert municipal["annual_growth_pct"].between(-10, 15).all()


@pytest.fixture(scope="module")
def real_series(built_db) -> pd.DataFrame:
    from analysis import store

    return store.load_series(db_path=built_db)


# ---------------------------------------------------------------- returnees by sex and age


def monthly_returns() -> pd.DataFrame:
    """Twelve months of 2020 plus one of 2021, with known counts per sex and age."""
    rows = []
    months = [*pd.date_range("2020-01-01", periods=12, freq="MS"), pd.Timestamp("2021-01-01")]
    for month in months:
        for sex, age, persons in (
            ("hombre", "adulto", 6.0),
            ("hombre", "nna_no_acompanado", 2.0),
            ("mujer", "adulto", 1.0),
            ("mujer", "nna_acompanado", 1.0),
        ):
            rows.append((month, month.year, sex, age, persons))
    return pd.DataFrame(rows, columns=["month", "year", "sex", "age", "persons"])


def test_returnees_by_age_per_year_keeps_complete_years_only():
    table = returnees_by_lens(monthly_returns(), lens="edad", period="año")
    assert table["period"].unique().tolist() == [2020]
    assert table["group"].tolist() == ["adulto", "nna_acompanado", "nna_no_acompanado"]
    assert table["persons"].tolist() == [84.0, 12.0, 24.0]
    assert table["share"].tolist() == pytest.approx([0.7, 0.1, 0.2])
    assert table["key_segment"].tolist() == [False, False, True]
    with_partial = returnees_by_lens(
        monthly_returns(), lens="edad", period="año", complete_years=False
    )
    assert with_partial["period"].unique().tolist() == [2020, 2021]


def test_returnees_by_sex_per_month():
    table = returnees_by_lens(monthly_returns(), lens="sexo", period="mes")
    assert len(table) == 13 * 2
    first = table[table["period"] == pd.Timestamp("2020-01-01")]
    assert first.set_index("group")["persons"].to_dict() == {"hombre": 8.0, "mujer": 2.0}
    assert not table["key_segment"].any()


@pytest.mark.parametrize(("lens", "period"), [("origen", "año"), ("edad", "semana")])
def test_returnees_unknown_lens_or_period(lens, period):
    with pytest.raises(RaicesError):
        returnees_by_lens(monthly_returns(), lens=lens, period=period)


def test_returnees_on_the_real_build(built_db):
    monthly = load_returnees_monthly(built_db)
    by_age = returnees_by_lens(monthly, lens="edad", period="año")
    totals = by_age.groupby("period")["persons"].sum().to_dict()
    assert totals == {2020: 45_572, 2021: 63_520, 2022: 94_216, 2023: 79_697, 2024: 76_768}
    by_sex = returnees_by_lens(monthly, lens="sexo", period="año")
    assert by_sex.groupby("period")["persons"].sum().to_dict() == totals
    unaccompanied = by_age[by_age["key_segment"]].set_index("period")["persons"]
    assert unaccompanied[2024] == 2585


def test_growth_table_is_indexed_by_code_with_names_first():
    series = long(
        [
            ("municipio", 101, "x", 2010, 100.0),
            ("municipio", 101, "x", 2012, 121.0),
            ("municipio", 102, "x", 2010, 50.0),
            ("municipio", 102, "x", 2012, 40.0),
        ]
    )
    table = growth_table(series, start=2010, end=2012, names=pd.Series({101: "Guatemala"}))
    assert list(table.index) == [101, 102]
    assert table.columns[0] == "name"
    assert table.loc[101, "name"] == "Guatemala" and pd.isna(table.loc[102, "name"])
    assert table.loc[101, "annual_growth_pct"] == pytest.approx(10.0)
    assert table.loc[102, "change"] == pytest.approx(-10.0)
    unnamed = growth_table(series)
    assert "name" not in unnamed.columns
    pd.testing.assert_frame_equal(unnamed, table.drop(columns="name"))


def test_series_years_in_display_order():
    series = long(
        [
            ("municipio", 101, "zeta", 2001, 1.0),
            ("municipio", 101, "poblacion_proyectada", 2012, 1.0),
            ("municipio", 101, "poblacion_proyectada", 2020, 1.0),
            ("nacional", 0, "retornados", 2017, 1.0),
            ("nacional", 0, "retornados", 2024, 1.0),
            ("departamento", 1, "retornados", 2018, 1.0),
            ("municipio", 101, "alfa", 1999, 1.0),
        ]
    )
    table = series_years(series)
    assert list(table.columns) == ["series", "level", "first_year", "last_year"]
    assert list(zip(table["series"], table["level"], strict=True)) == [
        ("retornados", "departamento"),
        ("retornados", "nacional"),
        ("poblacion_proyectada", "municipio"),
        ("alfa", "municipio"),
        ("zeta", "municipio"),
    ]
    assert table.loc[1, ["first_year", "last_year"]].tolist() == [2017, 2024]
    assert series_order(["b", "a", "docentes_primaria"]) == ["docentes_primaria", "a", "b"]
