"""The user layer: import, store, list, load (municipio and departamento), remove; the CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis import cli
from analysis.errors import RaicesError
from analysis.records.users import Principal, Role
from analysis.userdata import (
    UserIndicatorMeta,
    import_indicator,
    list_user_indicators,
    load_user_indicators,
    remove_user_indicator,
)
from analysis.userdata.layer import department_values

EDITOR = Principal(user_id=1, username="editora", role=Role.EDITOR, institution_id=1)


def _meta(indicator: str = "homicidios_prueba", **changes) -> UserIndicatorMeta:
    fields = dict(
        indicator=indicator,
        label_es="Homicidios (prueba)",
        theme="violencia_inseguridad",
        direction=1,
        unit_es="homicidios",
        year="2024",
        source="tabla de prueba escrita a mano",
        dept_method="sum",
    )
    fields.update(changes)
    return UserIndicatorMeta(**fields)


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("RAICES_DATA", str(tmp_path))
    return tmp_path / "user"


def test_import_stores_values_metadata_and_report(fixture_path, gazetteer, user_dir):
    result = import_indicator(
        fixture_path("names_accents_stripped.csv"),
        _meta(),
        value_column="Homicidios 2024",
        name_columns=("Departamento", "Municipio"),
        territories=gazetteer,
        principal=EDITOR,
    )
    assert result.blocking == 0 and result.saved == user_dir / "homicidios_prueba.json"
    meta = json.loads(result.saved.read_text(encoding="utf-8"))
    assert meta["provenance"]["n_values"] == 16
    assert len(meta["provenance"]["input_sha256"]) == 64
    assert meta["provenance"]["matching"]["matched"] == 16
    values = load_user_indicators()
    assert values.loc[1406, "homicidios_prueba"] == 7.0
    assert values.loc[108, "homicidios_prueba"] == 40.0
    catalog = list_user_indicators()
    assert catalog.loc["homicidios_prueba", "origin"] == "user"
    assert catalog.loc["homicidios_prueba", "theme"] == "violencia_inseguridad"
    assert (user_dir / "homicidios_prueba.report.csv").is_file()


def test_department_values_are_summed_for_counts(fixture_path, gazetteer, user_dir):
    import_indicator(
        fixture_path("names_accents_stripped.csv"),
        _meta(),
        value_column="Homicidios 2024",
        name_columns=("Departamento", "Municipio"),
        territories=gazetteer,
        principal=EDITOR,
    )
    departments = load_user_indicators("departamento")
    # Only 2 of Huehuetenango's 33 municipios have a value: a partial sum is not a total.
    assert np.isnan(departments.loc[13, "homicidios_prueba"])
    assert 20 not in departments.index or np.isnan(departments.loc[20, "homicidios_prueba"])


def test_department_sum_policy_on_complete_departments():
    municipal = pd.DataFrame({"h": [1.0, 3.0, 5.0]}, index=[101, 102, 201])
    universe = pd.Index([101, 102, 201, 202])
    strict = department_values(municipal, {"h": "sum"}, None, territories=universe)
    assert strict.loc[1, "h"] == 4.0 and np.isnan(strict.loc[2, "h"])
    loose = department_values(
        municipal, {"h": "sum"}, None, territories=universe, sum_requires_all=False
    )
    assert loose.loc[2, "h"] == 5.0


def test_department_values_weighted_by_population():
    municipal = pd.DataFrame({"r": [10.0, 30.0, np.nan]}, index=[1301, 1302, 1303])
    population = pd.Series({1301: 3.0, 1302: 1.0, 1303: 100.0})
    result = department_values(municipal, {"r": "pop_weighted"}, population)
    assert result.loc[13, "r"] == pytest.approx(15.0)  # the municipio without value is left out
    assert np.isnan(department_values(municipal, {"r": "pop_weighted"}, None).loc[13, "r"])


def test_blocking_rows_stop_the_import_unless_accepted(fixture_path, gazetteer, user_dir):
    keys = dict(value_column="retornados", name_columns=("depto", "muni"), territories=gazetteer)
    stopped = import_indicator(
        fixture_path("names_problems.csv"), _meta(), **keys, principal=EDITOR
    )
    assert stopped.saved is None and stopped.blocking == 7
    assert list_user_indicators().empty
    accepted = import_indicator(
        fixture_path("names_problems.csv"),
        _meta(),
        accept_unmatched=True,
        accept_suggestions=True,
        **keys,
        principal=EDITOR,
    )
    assert accepted.saved is not None
    values = load_user_indicators()["homicidios_prueba"].dropna()
    assert sorted(values.index) == [108, 1302, 2101]  # duplicates and invalid rows stay out


def test_dry_run_writes_nothing(fixture_path, gazetteer, user_dir):
    result = import_indicator(
        fixture_path("pcode_keyed.csv"),
        _meta(),
        value_column="tasa",
        code_column="admin2Pcode",
        dry_run=True,
        territories=gazetteer,
        principal=EDITOR,
    )
    assert result.saved is None and not user_dir.exists()


def test_existing_id_needs_replace_and_remove_deletes(fixture_path, gazetteer, user_dir):
    keys = dict(
        value_column="Tasa", name_columns=("Departamento", "Municipio"), territories=gazetteer
    )
    import_indicator(fixture_path("names_latin1.csv"), _meta(), **keys, principal=EDITOR)
    with pytest.raises(RaicesError, match="--replace"):
        import_indicator(fixture_path("names_latin1.csv"), _meta(), **keys, principal=EDITOR)
    import_indicator(
        fixture_path("names_latin1.csv"), _meta(), replace=True, **keys, principal=EDITOR
    )
    removed = remove_user_indicator("homicidios_prueba", principal=EDITOR)
    assert len(removed) == 3 and not any(user_dir.iterdir())
    with pytest.raises(RaicesError, match="no existe"):
        remove_user_indicator("homicidios_prueba", principal=EDITOR)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"indicator": "Bad Id"}, "identificador"),
        ({"indicator": "pobreza"}, "ya es un indicador publicado"),
        ({"indicator": "name"}, "reservado"),
        ({"theme": "deportes"}, "tema"),
        ({"direction": 2}, "dirección"),
        ({"source": "  "}, "source"),
        ({"dept_method": "max"}, "método"),
    ],
)
def test_metadata_is_validated(changes, message):
    with pytest.raises(RaicesError, match=message):
        _meta(**changes).validate()


def _add(*extra: str) -> list[str]:
    return [
        "add",
        *extra,
        "--id",
        "retornados_prueba",
        "--label",
        "Retornados (prueba)",
        "--theme",
        "migracion",
        "--direction",
        "1",
        "--unit",
        "personas",
        "--year",
        "2024",
        "--source",
        "prueba",
        "--dept-method",
        "sum",
    ]


def test_cli_exit_codes_and_report(fixture_path, user_dir, tmp_path, capsys):
    problems = str(fixture_path("names_problems.csv"))
    report = tmp_path / "informe.csv"
    args = [problems, "--name-columns", "depto,muni", "--value-column", "retornados"]
    code = cli.main(_add(*args, "--report", str(report)))
    assert code == 3
    assert "7 filas sin resolver" in capsys.readouterr().out
    written = pd.read_csv(report)
    assert len(written) == 9 and set(written["status"]) >= {"ambiguous", "unmatched"}
    assert not user_dir.exists()
    assert cli.main(_add(*args, "--accept-unmatched")) == 0
    assert cli.main(["add", "--list"]) == 0
    assert "retornados_prueba" in capsys.readouterr().out
    assert cli.main(["add", "--remove", "retornados_prueba"]) == 0
    assert cli.main(["add", "--remove", "retornados_prueba"]) == 2


def test_cli_pcode_dry_run_and_missing_arguments(fixture_path, user_dir, capsys):
    pcodes = str(fixture_path("pcode_keyed.csv"))
    args = [pcodes, "--code-column", "admin2Pcode", "--value-column", "tasa", "--dry-run"]
    assert cli.main(_add(*args)) == 3  # GT9999 and a name in the code column remain
    assert "no se guardó nada" in capsys.readouterr().out
    assert cli.main(["add", pcodes, "--code-column", "admin2Pcode"]) == 2
    assert "--value-column" in capsys.readouterr().err


def test_cli_report_neutralises_formulas(tmp_path, user_dir):
    table = tmp_path / "malo.csv"
    table.write_text('depto,muni,v\nJalapa,"=HYPERLINK(""http://x"")",1\n', encoding="utf-8")
    report = tmp_path / "r.csv"
    args = [str(table), "--name-columns", "depto,muni", "--value-column", "v"]
    assert cli.main(_add(*args, "--report", str(report), "--dry-run")) == 3
    text = report.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and ',"=HYPERLINK' not in text


def test_cli_xlsx_with_title_rows_and_sheet(tmp_path, user_dir, capsys):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Notas"
    sheet = book.create_sheet("Datos")
    for row in (
        ["Retornados por municipio (tabla de prueba)"],
        [],
        ["Departamento", "Municipio", "Total"],
        ["HUEHUETENANGO", "san mateo ixtatan", 10],
        ["San Marcos", "Sn. Lorenzo", "=1+1"],
    ):
        sheet.append(row)
    path = tmp_path / "retornados.xlsx"
    book.save(path)
    args = [
        str(path),
        "--sheet",
        "Datos",
        "--header-row",
        "3",
        "--name-columns",
        "Departamento,Municipio",
        "--value-column",
        "Total",
    ]
    assert cli.main(_add(*args)) == 0
    out = capsys.readouterr().out
    assert "1 fórmulas no evaluadas" in out and "fila 5" in out
    values = load_user_indicators()["retornados_prueba"]
    assert values.loc[1318] == 10.0
    assert 1229 not in values.dropna().index  # the formula was not evaluated: no value


def test_damaged_user_files_are_named(user_dir):
    meta = UserIndicatorMeta(
        indicator="danado",
        label_es="x",
        theme="migracion",
        direction=1,
        unit_es="u",
        year="2024",
        source="prueba",
    )
    from analysis.userdata import save_user_indicator

    save_user_indicator(meta, pd.Series({101: 1.0}), principal=EDITOR)
    (user_dir / "danado.csv").write_text("muni_code,value\n101,abc\n", encoding="utf-8")
    with pytest.raises(RaicesError, match="danado.csv"):
        load_user_indicators()
    (user_dir / "danado.json").write_text("{no es json", encoding="utf-8")
    with pytest.raises(RaicesError, match="danado.json"):
        list_user_indicators()


def test_cli_long_table_filtered_by_year(tmp_path, user_dir, capsys):
    table = tmp_path / "largo.csv"
    table.write_text(
        "año,codigo,homicidios\n2023,GT0101,10\n2024,GT0101,12\n2023,GT1301,3\n2024,GT1301,4\n",
        encoding="utf-8",
    )
    base = [str(table), "--code-column", "codigo", "--value-column", "homicidios"]
    assert cli.main(_add(*base, "--dry-run")) == 3  # every municipio repeated
    capsys.readouterr()
    assert cli.main(_add(*base, "--where", "año=2024")) == 0
    assert "2 filas excluidas por el filtro «año = 2024»" in capsys.readouterr().out
    values = load_user_indicators()["retornados_prueba"]
    assert values.loc[101] == 12.0 and values.loc[1301] == 4.0
    report = pd.read_csv(user_dir / "retornados_prueba.report.csv")
    assert report["row"].tolist() == [3, 5]  # spreadsheet rows of the rows kept
    assert cli.main(_add(*base, "--where", "año=1999", "--replace")) == 2
    assert cli.main(_add(*base, "--where", "anio", "--replace")) == 2
