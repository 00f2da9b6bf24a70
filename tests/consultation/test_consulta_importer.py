"""Workshop template and import: every bad row reported, nothing fixed silently."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.consultation.importer import WorkshopRefused, read_workshop
from analysis.consultation.spec import RoundSpec
from analysis.consultation.template import template_columns, write_template

DEPARTAMENTOS = pd.Series({1: "Guatemala", 7: "Sololá", 13: "Huehuetenango"})
THEMES = ("migracion", "pobreza_economia", "violencia_inseguridad")
BUDGET = RoundSpec(name="Taller Sololá", method="presupuesto", items=THEMES)
AHP = RoundSpec(name="Taller AHP", method="ahp", items=THEMES)


def fill(path: Path, spec: RoundSpec, rows: list[list[object]]) -> Path:
    """Fill the template's answer sheet as a facilitator would."""
    write_template(path, spec, DEPARTAMENTOS)
    book = openpyxl.load_workbook(path)
    sheet = book["respuestas"]
    for i, values in enumerate(rows, start=2):
        for j, value in enumerate(values, start=1):
            sheet.cell(row=i, column=j, value=value)
    book.save(path)
    return path


def test_template_has_the_rounds_columns_and_instructions(tmp_path):
    path = write_template(tmp_path / "plantilla.xlsx", AHP, DEPARTAMENTOS)
    book = openpyxl.load_workbook(path)
    assert [c.value for c in book["respuestas"][1]] == template_columns(AHP)
    assert "migracion / pobreza_economia" in template_columns(AHP)
    text = " ".join(str(c.value) for c in book["instrucciones"]["A"])
    assert "Escala de Saaty" in text and "Taller AHP" in text
    listas = pd.read_excel(path, sheet_name="listas", engine="openpyxl")
    assert "Sololá" in listas["significado"].tolist()
    assert "total" in template_columns(BUDGET)


def test_good_budget_rows_are_read(tmp_path):
    path = fill(
        tmp_path / "ok.xlsx",
        BUDGET,
        [
            ["T1-01", "estado", 7, "maya", "mujer", "30-44", "Agua primero", 50, 30, 20],
            [
                "T1-02",
                "Organización de la Sociedad Civil",
                "solola",
                None,
                None,
                None,
                None,
                40,
                40,
                20,
            ],
        ],
    )
    read = read_workshop(path, BUDGET, DEPARTAMENTOS)
    assert read.problems == [] and read.rows == 2
    first, second = read.answers
    assert first["points"] == {"migracion": 50, "pobreza_economia": 30, "violencia_inseguridad": 20}
    assert (
        first["territory"] == 7 and first["pueblo"] == "maya" and first["comment"] == "Agua primero"
    )
    assert second["territory"] == 7 and second["sector"] == "osc" and second["pueblo"] is None


def test_bad_budget_rows_are_each_reported_and_nothing_is_returned(tmp_path):
    path = fill(
        tmp_path / "malo.xlsx",
        BUDGET,
        [
            ["T1-01", "estado", 7, None, None, None, None, 50, 30, 20],
            ["T1-02", "estado", 13, None, None, None, None, 40, 30, 20],  # sums to 90
            ["T1-03", "osc", "Atlántida", None, None, None, None, 50, 30, 20],  # unknown
            ["T1-01", "academia", 1, None, None, None, None, 34, 33, 33],  # duplicated code
        ],
    )
    read = read_workshop(path, BUDGET, DEPARTAMENTOS)
    assert read.answers == []
    found = {(p.row, p.column) for p in read.problems}
    assert found == {(3, "total"), (4, "territorio"), (5, "codigo_participante")}
    messages = [str(p) for p in read.problems]
    assert any("suman 90" in m and "fila 3" in m for m in messages)
    assert any("Atlántida" in m for m in messages)
    assert any("repetido" in m and "fila 2" in m for m in messages)
    with pytest.raises(WorkshopRefused) as error:
        read.raise_if_problems()
    assert len(error.value.problems) == 3 and "no se guardó nada" in str(error.value)


def test_value_outside_the_scale_is_reported_not_clipped(tmp_path):
    path = fill(
        tmp_path / "ahp.xlsx",
        AHP,
        [
            ["A-1", "estado", 13, None, None, None, None, 3, "1/5", 1],
            ["A-2", "estado", 13, None, None, None, None, 12, 1, 1],
            ["A-3", "estado", 13, None, None, None, None, "mucho", 0, 1],
        ],
    )
    read = read_workshop(path, AHP, DEPARTAMENTOS)
    assert read.answers == []
    by_cell = {(p.row, p.column): p.message for p in read.problems}
    assert "fuera de la escala 1–9" in by_cell[(3, "migracion / pobreza_economia")]
    assert "no es un número" in by_cell[(4, "migracion / pobreza_economia")]
    assert "fuera de la escala" in by_cell[(4, "migracion / violencia_inseguridad")]
    assert len(by_cell) == 3


def test_codes_already_stored_and_missing_columns(tmp_path):
    path = fill(
        tmp_path / "r.xlsx", BUDGET, [["T1-09", "estado", 1, None, None, None, None, 50, 25, 25]]
    )
    read = read_workshop(path, BUDGET, DEPARTAMENTOS, existing_codes={"T1-09"})
    assert [p.column for p in read.problems] == ["codigo_participante"]
    other = RoundSpec(name="otra", items=("migracion", "clima_alimentacion"))
    read = read_workshop(path, other, DEPARTAMENTOS)
    assert [(p.row, p.column) for p in read.problems] == [(1, "clima_alimentacion")]


def test_unknown_profile_values_are_reported(tmp_path):
    path = fill(
        tmp_path / "p.xlsx",
        BUDGET,
        [["x", "iglesia", 1, "marciano", "m", "12-15", None, 50, 25, 25]],
    )
    columns = sorted(p.column for p in read_workshop(path, BUDGET, DEPARTAMENTOS).problems)
    assert columns == ["grupo_edad", "pueblo", "sector", "sexo"]
