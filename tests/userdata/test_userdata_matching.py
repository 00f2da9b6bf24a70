"""Matching rows to INE codes: names, variants, P-codes, and a report for every row."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import RaicesError
from analysis.userdata.matching import (
    REPORT_COLUMNS,
    apply_suggestions,
    match_rows,
    parse_code,
    summarise,
)
from analysis.userdata.names import MUNICIPIO_VARIANTS, normalise_name
from analysis.userdata.reading import read_table


def _match(fixture_path, gazetteer, name, **keys):
    frame, _ = read_table(fixture_path(name))
    return match_rows(frame, gazetteer, **keys)


def test_accent_stripped_mixed_case_names_get_the_right_codes(fixture_path, gazetteer):
    report = _match(
        fixture_path,
        gazetteer,
        "names_accents_stripped.csv",
        name_columns=("Departamento", "Municipio"),
        value_column="Homicidios 2024",
    )
    assert (report["status"] == "matched").all()
    assert report["muni_code"].tolist() == [
        1310, 1015, 1229, 1007, 1705, 1311, 1406, 701, 108, 301, 509, 1601, 901, 806, 2202, 201,
    ]  # fmt: skip
    assert report["value"].sum() == pytest.approx(109.0)
    assert report.loc[6, "note"] == "nombre reconocido como variante"


def test_problem_rows_are_all_reported(fixture_path, gazetteer):
    report = _match(
        fixture_path,
        gazetteer,
        "names_problems.csv",
        name_columns=("depto", "muni"),
        value_column="retornados",
    )
    assert list(report.columns) == REPORT_COLUMNS
    assert len(report) == 9  # one report row per input row, nothing dropped
    assert report["status"].tolist() == [
        "ambiguous",
        "suggestion",
        "duplicate",
        "duplicate",
        "unmatched",
        "suggestion",
        "invalid_value",
        "missing_value",
        "matched",
    ]
    assert "1007" in report.loc[0, "suggestion"] and "1229" in report.loc[0, "suggestion"]
    assert report.loc[1, "suggestion"] == "Chiantla (Huehuetenango, 1302)"
    assert report.loc[2, "note"] == "el municipio aparece en las filas 4, 5"
    # the word in the value cell is named with its column, never turned into a silent NaN
    assert report.loc[6, "note"].startswith("columna «retornados»: «")
    assert report.loc[6, "note"].endswith("» no es un número")
    assert report["row"].tolist() == list(range(2, 11))
    assert summarise(report)["duplicate"] == 2


def test_accepting_suggestions_places_single_candidates_only(fixture_path, gazetteer):
    report = _match(
        fixture_path,
        gazetteer,
        "names_problems.csv",
        name_columns=("depto", "muni"),
        value_column="retornados",
    )
    accepted = apply_suggestions(report, gazetteer)
    assert accepted.loc[1, ["muni_code", "status"]].tolist() == [1302, "matched"]
    assert accepted.loc[5, ["muni_code", "status"]].tolist() == [2101, "matched"]
    assert accepted.loc[0, "status"] == "ambiguous"  # two candidates: still the analyst's call


def test_pcodes_and_padded_codes(fixture_path, gazetteer):
    report = _match(
        fixture_path, gazetteer, "pcode_keyed.csv", code_column="admin2Pcode", value_column="tasa"
    )
    assert report["muni_code"].tolist()[:5] == [101, 1301, 1401, 108, 2217]
    assert report.loc[1, "value"] == pytest.approx(1234.5)
    assert report.loc[5, ["status", "note"]].tolist() == ["unmatched", "código INE inexistente"]
    assert report.loc[6, "status"] == "suggestion"


def test_latin1_and_mojibake_names_match(fixture_path, gazetteer):
    latin = _match(
        fixture_path,
        gazetteer,
        "names_latin1.csv",
        name_columns=("Departamento", "Municipio"),
        value_column="Tasa",
    )
    assert latin["muni_code"].tolist() == [706, 1702, 801, 1004, 1413]
    assert latin["value"].tolist() == [12.5, 3.0, 1.25, 0.5, 8.0]
    broken = _match(
        fixture_path,
        gazetteer,
        "names_mojibake.csv",
        name_columns=("Departamento", "Municipio"),
        value_column="Valor",
    )
    assert broken["muni_code"].tolist() == [701, 1710, 1415, 1601, 1223]


def test_department_decides_between_homonyms(gazetteer):
    table = pd.DataFrame(
        {
            "d": ["Escuintla", "Peten", "", "Guatemala", "San Marcos"],
            "m": ["san jose", "SAN JOSE", "San José", "San Pedro Sacatepequez", "san pedro sac."],
            "v": ["1", "2", "3", "4", "5"],
        }
    )
    report = match_rows(table, gazetteer, value_column="v", name_columns=("d", "m"))
    assert report["muni_code"].tolist()[:2] == [509, 1702]
    assert report.loc[2, "status"] == "ambiguous"
    assert report.loc[3, "muni_code"] == 109
    assert report.loc[4, "status"] == "suggestion"
    assert "1202" in report.loc[4, "suggestion"]


def test_wrong_department_is_a_suggestion_not_a_match(gazetteer):
    table = pd.DataFrame({"d": ["Zacapa"], "m": ["Mixco"], "v": ["1"]})
    report = match_rows(table, gazetteer, value_column="v", name_columns=("d", "m"))
    assert report.loc[0, "status"] == "suggestion"
    assert "108" in report.loc[0, "suggestion"]
    assert pd.isna(report.loc[0, "muni_code"])


def test_department_given_as_code_or_pcode(gazetteer):
    table = pd.DataFrame({"d": ["13", "GT14"], "m": ["Chiantla", "Nebaj"], "v": ["1", "2"]})
    report = match_rows(table, gazetteer, value_column="v", name_columns=("d", "m"))
    assert report["muni_code"].tolist() == [1302, 1413]


def test_missing_column_is_named(gazetteer):
    table = pd.DataFrame({"a": ["1"]})
    with pytest.raises(RaicesError, match="«codigo»"):
        match_rows(table, gazetteer, value_column="a", code_column="codigo", file="x.csv")
    with pytest.raises(RaicesError, match="una de las dos"):
        match_rows(table, gazetteer, value_column="a")


def test_every_variant_points_at_an_existing_municipio(gazetteer):
    official = {normalise_name(n) for n in gazetteer["muni_name"]}
    for variant, codes in MUNICIPIO_VARIANTS.items():
        assert variant == normalise_name(variant), variant
        for code in codes:
            assert code in gazetteer.index, (variant, code)
        # A variant that equals an official name must not hide it in its own departamento.
        if variant in official:
            same = gazetteer[gazetteer["muni_name"].map(normalise_name) == variant]
            assert not set(same["dept_code"]) & {c // 100 for c in codes}, variant


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("GT1301", 1301),
        ("gt-0101", 101),
        ("0101", 101),
        (1301, 1301),
        ("1301.0", 1301),
        ("13-01", 1301),
        ("22/17", 2217),
    ],
)
def test_parse_code(text, code):
    assert parse_code(text) == code


@pytest.mark.parametrize("text", ["Mixco", "", None, 13.5, "GT13", "123456", "23-01", "13-00"])
def test_parse_code_rejects(text):
    assert parse_code(text) is None


def test_report_for_people_orders_problems_first(fixture_path, gazetteer):
    from analysis.userdata.matching import report_for_people

    report = _match(
        fixture_path,
        gazetteer,
        "names_problems.csv",
        name_columns=("depto", "muni"),
        value_column="retornados",
    )
    spanish = report_for_people(report)
    assert "código dado" not in spanish.columns  # keyed by names: no empty code column
    assert spanish["estado"].iloc[0] == "valor no numérico"
    assert spanish["estado"].iloc[-1] == "emparejada"
    english = report_for_people(report, "en")
    assert english.columns[0] == "row" and "suggestion" in english.columns
    assert len(english) == len(report)


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["Departamento", "Municipio", "Homicidios"], ("Departamento", "Municipio", None)),
        (["admin2Pcode", "admin2Name_es", "tasa"], (None, None, "admin2Pcode")),
        (["x", "Cod_mun", "valor", "nota"], (None, None, "Cod_mun")),
    ],
)
def test_guess_columns(columns, expected):
    from analysis.userdata.matching import guess_columns

    guess = guess_columns(columns)
    assert (guess["department"], guess["municipio"], guess["code"]) == expected
    assert guess["value"] in columns
