"""Matching a real published table by names: INE population projections (latin-1)."""

from __future__ import annotations

import pytest

from analysis import paths
from analysis.userdata.matching import apply_suggestions, match_rows
from analysis.userdata.reading import read_table


@pytest.fixture(scope="module")
def projections():
    mirror = paths.default_mirror()
    path = mirror / "ogp_minfin_mineduc" / "INE_poblacion_municipios.csv" if mirror else None
    if path is None or not path.is_file():
        pytest.skip("no hay espejo de fuentes con las proyecciones del INE")
    return read_table(path)


def test_names_of_the_ine_projections_match_their_codes(projections, gazetteer):
    frame, reading = projections
    assert reading.encoding in {"cp1252", "latin-1"} and len(frame) == 340
    report = match_rows(
        frame, gazetteer, value_column="2018", name_columns=("departamento", "municipio")
    )
    assert set(report["status"]) <= {"matched", "suggestion"}
    assert (report["status"] == "matched").sum() >= 330
    accepted = apply_suggestions(report, gazetteer)
    assert (accepted["status"] == "matched").all()
    given = frame["Cod_mun"].astype(int)
    disagree = accepted.index[accepted["muni_code"].astype(int) != given]
    # The one disagreement is the source's duplicated code: Santa Bárbara (Suchitepéquez)
    # is published with 1310, the code of Santa Bárbara (Huehuetenango).
    assert len(disagree) == 1
    row = accepted.loc[disagree[0]]
    assert (row["given_department"], int(row["muni_code"]), int(given[disagree[0]])) == (
        "Suchitepéquez",
        1015,
        1310,
    )
    assert accepted["muni_code"].is_unique


def test_a2sit_template_read_with_its_title_rows(built_db, gazetteer):
    from analysis import store

    mirror = paths.default_mirror()
    path = mirror / "unhcr_a2sit" / "A2SIT_data_input_template_GTM.xlsx" if mirror else None
    if path is None or not path.is_file():
        pytest.skip("no hay espejo con la plantilla A2SIT")
    frame, reading = read_table(path, sheet="Data", header_row=5)
    assert reading.sheet == "Data" and len(frame) == 340
    report = match_rows(frame, gazetteer, value_column="Deportadas", code_column="admin2Pcode")
    assert (report["status"] == "matched").all()
    assert report["row"].iloc[0] == 6  # spreadsheet numbering kept below the title rows
    published = store.load_indicators("municipio", ["tasa_deportados"], db_path=built_db)
    mine = report.set_index(report["muni_code"].astype(int))["value"]
    difference = (mine - published["tasa_deportados"].reindex(mine.index)).abs()
    assert difference.max() < 1e-6
