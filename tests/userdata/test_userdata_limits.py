"""Limits of the own-data reader and who may change the shared layer (direct calls, no UI)."""

from __future__ import annotations

import time

import openpyxl
import pandas as pd
import pytest

from analysis.commands.rank import CSV_COLUMNS
from analysis.errors import RaicesError
from analysis.export.bundle import _CONTEXT_TITLES, _RANKING_TITLES
from analysis.records.permissions import PermissionDenied
from analysis.records.users import PUBLIC, Principal, Role
from analysis.userdata import (
    UserIndicatorMeta,
    import_indicator,
    list_user_indicators,
    remove_user_indicator,
    save_user_indicator,
)
from analysis.userdata.layer import is_reserved
from analysis.userdata.reading import parse_number, read_table

EDITOR = Principal(user_id=1, username="editora", role=Role.EDITOR, institution_id=1)
SECRETARIAT = Principal(
    user_id=2, username="secretaria", role=Role.SECRETARIAT, institution_id=None
)


def _meta(indicator: str = "prueba_capa") -> UserIndicatorMeta:
    return UserIndicatorMeta(
        indicator=indicator,
        label_es="Prueba",
        theme="migracion",
        direction=1,
        unit_es="u",
        year="2024",
        source="prueba",
    )


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("RAICES_DATA", str(tmp_path))
    return tmp_path / "user"


# ----------------------------------------------------------------------------- reading limits
def test_columns_are_limited_before_the_row_is_parsed(tmp_path):
    wide = tmp_path / "ancha.csv"
    wide.write_text(",".join(["c"] * 2_000_000) + "\n")
    started = time.perf_counter()
    with pytest.raises(RaicesError, match="más de 500 columnas") as error:
        read_table(wide)
    assert time.perf_counter() - started < 2
    assert error.value.row == 1


def test_columns_limit_is_a_parameter(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("a,b,c\n1,2,3\n")
    assert read_table(table, max_columns=3)[0].shape == (1, 3)
    with pytest.raises(RaicesError, match="más de 2 columnas"):
        read_table(table, max_columns=2)


def test_cells_are_limited(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("\n".join(",".join(["1"] * 10) for _ in range(50)))
    with pytest.raises(RaicesError, match="celdas") as error:
        read_table(table, max_cells=200)
    assert error.value.row == 21


def test_wide_xlsx_is_refused_without_reading_every_column(tmp_path):
    path = tmp_path / "ancho.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["codigo", "valor"])
    sheet.append([101, 1])
    sheet.cell(row=2, column=16_000, value="x")  # a stray cell far to the right
    book.save(path)
    with pytest.raises(RaicesError, match="más de 500 columnas") as error:
        read_table(path)
    assert error.value.row == 2


def test_trailing_formatting_columns_are_not_counted(tmp_path):
    path = tmp_path / "formato.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["codigo", "valor"])
    sheet.append([101, 1])
    sheet.cell(row=1, column=9_000).number_format = "0.00"  # formatting, no value
    book.save(path)
    assert read_table(path)[0].shape == (1, 2)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "imagen PNG"),
        (b"%PDF-1.7\n" + bytes(100), "documento PDF"),
        (b"PK\x03\x04" + bytes(100), "comprimido"),
        (b"codigo,valor\n\x00\x01\x02", "binarios"),
    ],
)
def test_files_that_are_not_text_tables_are_named(tmp_path, content, kind):
    path = tmp_path / "tabla.csv"
    path.write_bytes(content)
    with pytest.raises(RaicesError, match="no es una tabla de texto") as error:
        read_table(path)
    assert kind in str(error.value) and "separador" not in str(error.value)


def test_header_only_table_is_noted(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("codigo,valor\n")
    frame, report = read_table(path)
    assert frame.empty and "sólo hay encabezados" in report.summary()


@pytest.mark.parametrize(
    "text", ["1e999", "-1e999", "inf", "Infinity", float("inf"), float("-inf")]
)
def test_non_finite_numbers_are_not_numbers(text):
    assert parse_number(text) is None


def test_save_refuses_non_finite_and_text_values(user_dir):
    with pytest.raises(RaicesError, match="infinito"):
        save_user_indicator(_meta(), pd.Series({101: float("inf")}), principal=EDITOR)
    with pytest.raises(RaicesError, match="no es un número"):
        save_user_indicator(_meta(), pd.Series({101: "DOG"}, dtype=object), principal=EDITOR)
    assert not user_dir.exists() or not any(user_dir.iterdir())


# ----------------------------------------------------------------------------- reserved ids
def test_every_column_the_exports_write_is_reserved():
    exported = set(_CONTEXT_TITLES) | set(_RANKING_TITLES) | set(CSV_COLUMNS)
    exported |= {"contrib_migracion", "rank_p05", "score_p95", "p_in_pilot", "se_imputed"}
    exported |= {"method_rank_min", "method_rank_max", "uncertainty_driver"}
    candidates = {c for c in exported if len(c) >= 3}  # shorter ones fail the id pattern
    assert {c for c in candidates if not is_reserved(c)} == set()


@pytest.mark.parametrize("indicator", ["dept_pcode", "scenario_hash", "rank_p95", "contrib_x"])
def test_reserved_ids_are_refused(indicator, user_dir):
    with pytest.raises(RaicesError, match="reservado"):
        save_user_indicator(_meta(indicator), pd.Series({101: 1.0}), principal=EDITOR)


# ----------------------------------------------------------------------------- permissions
@pytest.mark.parametrize(
    "principal",
    [
        None,
        PUBLIC,
        Principal(user_id=3, username="x", role="observador", institution_id=None),  # type: ignore[arg-type]
    ],
)
def test_only_editors_and_the_secretariat_change_the_shared_layer(principal, user_dir):
    with pytest.raises(PermissionDenied, match="editor o secretaría"):
        save_user_indicator(_meta(), pd.Series({101: 1.0}), principal=principal)
    assert not user_dir.exists()
    save_user_indicator(_meta(), pd.Series({101: 1.0}), principal=EDITOR)
    with pytest.raises(PermissionDenied):
        remove_user_indicator("prueba_capa", principal=principal)
    assert "prueba_capa" in list_user_indicators().index
    remove_user_indicator("prueba_capa", principal=SECRETARIAT)
    assert list_user_indicators().empty


def test_a_visitor_may_check_a_table_but_not_store_it(user_dir, fixture_path, gazetteer):
    keys = dict(
        value_column="Homicidios 2024",
        name_columns=("Departamento", "Municipio"),
        territories=gazetteer,
    )
    checked = import_indicator(
        fixture_path("names_accents_stripped.csv"), _meta(), dry_run=True, principal=PUBLIC, **keys
    )
    assert checked.counts["matched"] == 16 and checked.saved is None
    with pytest.raises(PermissionDenied):
        import_indicator(
            fixture_path("names_accents_stripped.csv"), _meta(), principal=PUBLIC, **keys
        )
    assert not user_dir.exists()
