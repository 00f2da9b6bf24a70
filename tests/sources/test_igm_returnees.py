"""IGM returnees by sex and age (IOM gdidata) on the real mirror, and its traps."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from analysis.errors import RaicesError
from analysis.sources import igm_returnees

PUBLISHED = {2020: 45_572, 2021: 63_520, 2022: 94_216, 2023: 79_697, 2024: 76_768}


@pytest.fixture(scope="module")
def result(mirror):
    return igm_returnees.read(mirror)


def test_annual_sums_reproduce_published_totals(result):
    total = result.series.query("series == 'retornados_igm'").set_index("year")["value"]
    assert total.to_dict() == PUBLISHED  # 2025 has only four months: not an annual value


def test_sex_and_age_breakdowns_add_up(result):
    wide = result.series.pivot(index="year", columns="series", values="value")
    by_sex = wide[list(igm_returnees.SERIES_BY_SEX.values())].sum(axis=1)
    by_age = wide[list(igm_returnees.SERIES_BY_AGE.values())].sum(axis=1)
    assert (by_sex == wide["retornados_igm"]).all()
    assert (by_age == wide["retornados_igm"]).all()
    # unaccompanied children, the pilot plan's key segment, are there every year
    assert (wide["retornados_igm_nna_no_acompanado"] > 2000).all()


def test_monthly_table_has_no_origin_split_and_keeps_2025_months(result):
    monthly = result.tables["stg_returnees_monthly"]
    assert list(monthly.columns) == igm_returnees.MONTHLY_COLUMNS
    assert "origin" not in monthly.columns
    months = monthly["month"].drop_duplicates().sort_values()
    assert (str(months.iloc[0].date()), str(months.iloc[-1].date())) == ("2020-01-01", "2025-04-01")
    assert len(months) == 64
    assert set(monthly["sex"]) == {"hombre", "mujer"}
    assert set(monthly["age"]) == {"adulto", "nna_acompanado", "nna_no_acompanado"}
    notes = " ".join(q["issue"] for q in result.quality)
    assert "origen" in notes and "2024: 61,680" in notes and "2025 (4 meses)" in notes


def test_build_publishes_monthly_table(built_db):
    with duckdb.connect(str(built_db), read_only=True) as con:
        annual = dict(
            con.execute(
                "select year, sum(persons) from returnees_monthly group by year order by year"
            ).fetchall()
        )
        sources = con.execute(
            "select licence from sources where source_id = 'iom_gdidata'"
        ).fetchall()
    assert {year: annual[year] for year in PUBLISHED} == PUBLISHED
    assert sources and "MIT" in sources[0][0]


def test_damaged_file_is_one_clear_line(mirror, tmp_path):
    target = tmp_path / igm_returnees.FILE
    target.parent.mkdir(parents=True)
    target.write_bytes((mirror / igm_returnees.FILE).read_bytes()[:700])
    with pytest.raises(RaicesError) as error:
        igm_returnees.read(tmp_path)
    assert "irreg_guatemala.rda" in str(error.value) and "dañado" in str(error.value)


def test_missing_file_names_fetch(tmp_path):
    with pytest.raises(RaicesError, match="raices fetch"):
        igm_returnees.read(tmp_path)


def test_unknown_age_group_is_refused(mirror, tmp_path, monkeypatch):
    frame = igm_returnees._load(mirror / igm_returnees.FILE)
    frame.loc[5, "age"] = "elderly"
    monkeypatch.setattr(igm_returnees, "_load", lambda path: frame)
    target = tmp_path / igm_returnees.FILE
    target.parent.mkdir(parents=True)
    shutil.copy(mirror / igm_returnees.FILE, target)
    with pytest.raises(RaicesError, match=r"fila 6, columna «age».*«elderly»"):
        igm_returnees.read(tmp_path)
