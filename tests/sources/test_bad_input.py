"""Bad input gets a clear error naming the file, row or column and the problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis import paths
from analysis.cli import main
from analysis.errors import RaicesError
from analysis.sources import (
    a2sit,
    boundaries,
    census2018,
    encovi2014,
    enrolment,
    municipal_finance,
    ocha,
    population,
    poverty_map,
    returnees,
)
from analysis.sources.common import MISSING_MARKERS, ReaderResult, check_codes, to_numbers

POPULATION_HEADER = ",municipio,Cod_mun,departamento," + ",".join(str(y) for y in range(2010, 2021))


@pytest.fixture(scope="module")
def gazetteer() -> pd.DataFrame:
    return boundaries.gazetteer()


def _population_rows(gazetteer: pd.DataFrame, edit=None) -> list[str]:
    rows = []
    for number, row in enumerate(gazetteer.itertuples(), start=1):
        cells = [str(number), row.muni_name, str(row.muni_code), row.dept_name] + ["1000.5"] * 11
        if edit:
            cells = edit(number, cells)
        rows.append(",".join(cells))
    return rows


def _write_population(raw: Path, lines: list[str], encoding: str = "latin-1") -> None:
    target = raw / population.FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join([POPULATION_HEADER, *lines]) + "\n", encoding=encoding)


def test_unknown_municipio_names_file_row_and_code(tmp_path, gazetteer):
    lines = _population_rows(gazetteer, lambda n, c: c[:2] + ["9999"] + c[3:] if n == 5 else c)
    _write_population(tmp_path, lines)
    with pytest.raises(RaicesError) as error:
        population.read(tmp_path, set(gazetteer["muni_code"]), gazetteer)
    message = str(error.value)
    assert "INE_poblacion_municipios.csv" in message
    assert "fila 6" in message and "9999" in message and "desconocido" in message


def test_duplicated_code_that_names_cannot_resolve(tmp_path, gazetteer):
    def duplicate(number, cells):
        if number == 3:
            return [cells[0], "Municipio Inventado", "101", cells[3]] + cells[4:]
        return cells

    _write_population(tmp_path, _population_rows(gazetteer, duplicate))
    with pytest.raises(RaicesError, match=r"código duplicado 101"):
        population.read(tmp_path, set(gazetteer["muni_code"]), gazetteer)


def test_missing_column_is_named(tmp_path, gazetteer):
    target = tmp_path / population.FILE
    target.parent.mkdir(parents=True)
    target.write_text("municipio,codigo\nGuatemala,101\n", encoding="latin-1")
    with pytest.raises(RaicesError) as error:
        population.read(tmp_path, set(gazetteer["muni_code"]), gazetteer)
    assert "columna «Cod_mun»" in str(error.value)


def test_broken_encoding_is_detected(tmp_path, gazetteer):
    # the same table saved as UTF-8 turns "Sacatepéquez" into mojibake when read as latin-1
    _write_population(tmp_path, _population_rows(gazetteer), encoding="utf-8")
    with pytest.raises(RaicesError, match="mal codificado"):
        population.read(tmp_path, set(gazetteer["muni_code"]), gazetteer)


def test_truncated_workbook(tmp_path, gazetteer):
    target = tmp_path / poverty_map.FILE
    target.parent.mkdir(parents=True)
    workbook = openpyxl.Workbook()
    workbook.active.title = "tab3_fgt0"
    workbook.save(target)
    target.write_bytes(target.read_bytes()[:300])
    with pytest.raises(RaicesError) as error:
        poverty_map.read(tmp_path, set(gazetteer["muni_code"]))
    assert "resultados.xlsx" in str(error.value) and "dañado o truncado" in str(error.value)


def test_missing_sheet(tmp_path, gazetteer):
    target = tmp_path / poverty_map.FILE
    target.parent.mkdir(parents=True)
    workbook = openpyxl.Workbook()
    workbook.active.title = "otra_hoja"
    workbook.save(target)
    with pytest.raises(RaicesError, match="falta la hoja «tab3_fgt0»"):
        poverty_map.read(tmp_path, set(gazetteer["muni_code"]))


def test_check_codes_reports_duplicates_with_rows():
    with pytest.raises(RaicesError) as error:
        check_codes(
            pd.Series([101, 102, 101]), {101, 102}, Path("x.csv"), first_row=2, column="code"
        )
    assert "filas 2, 4" in str(error.value)


def test_failed_build_leaves_previous_outputs_intact(built_db, data_root, tmp_path, capsys):
    before = built_db.read_bytes()
    broken = tmp_path / "raw"
    shutil.copytree(data_root / "raw", broken)
    target = broken / poverty_map.FILE
    target.write_bytes(target.read_bytes()[:1000])
    code = main(["build", "--raw", str(broken), "--out", str(built_db.parent)])
    err = capsys.readouterr().err
    assert code == 2
    assert "resultados.xlsx" in err and "Traceback" not in err
    assert built_db.read_bytes() == before
    assert not list(built_db.parent.glob(".build-*"))


def test_build_from_an_analysts_folder_skips_checksums(data_root, tmp_path):
    # a re-saved census file has another sha256 but the same structure: --raw accepts it
    raw = tmp_path / "raw"
    shutil.copytree(data_root / "raw", raw)
    census = raw / "segeplan_censo2018" / "FHcensus_mun.dta"
    census.write_bytes(census.read_bytes() + b"\0")
    with pytest.raises(RaicesError, match="no coinciden con el manifiesto"):
        from analysis.pipeline.build import verify_raw

        verify_raw(raw)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "raices.duckdb").is_file()


# ---------------------------------------------------------------- no silent coercion


def _raw_copy(data_root: Path, tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(data_root / "raw", raw)
    return raw


def _edit_a2sit(raw: Path, cells: dict[str, object]) -> None:
    """Write values into the A2SIT template's ``Data`` sheet (openpyxl keeps the rest)."""
    target = raw / a2sit.FILE
    workbook = openpyxl.load_workbook(target)
    for cell, value in cells.items():
        workbook["Data"][cell] = value
    workbook.save(target)


def test_dog_in_a2sit_template_stops_build_and_keeps_database(
    built_db, data_root, tmp_path, capsys
):
    # A2SIT's own error template: the word "DOG" at Data!D7 (DesastresNat of GT0102)
    before = built_db.read_bytes()
    raw = _raw_copy(data_root, tmp_path)
    _edit_a2sit(raw, {"D7": "DOG"})
    code = main(["build", "--raw", str(raw), "--out", str(built_db.parent)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert "Traceback" not in err
    assert "A2SIT_data_input_template_GTM.xlsx" in err
    assert "Data!D7" in err and "«DOG»" in err and "DesastresNat" in err
    assert built_db.read_bytes() == before
    assert not list(built_db.parent.glob(".build-*"))


def test_dog_in_every_deportadas_cell_is_one_line_naming_file_and_column(tmp_path, gazetteer):
    raw = tmp_path / "raw"
    (raw / a2sit.FILE).parent.mkdir(parents=True)
    shutil.copy(paths.default_mirror() / a2sit.FILE, raw / a2sit.FILE)
    workbook = openpyxl.load_workbook(raw / a2sit.FILE)
    sheet = workbook["Data"]
    header = [cell.value for cell in sheet[5]]
    column = header.index("Deportadas") + 1
    for row in range(6, 346):
        sheet.cell(row=row, column=column, value="DOG")
    workbook.save(raw / a2sit.FILE)
    with pytest.raises(RaicesError) as error:
        a2sit.read(raw, set(gazetteer["muni_code"]))
    message = str(error.value)
    assert "\n" not in message
    assert "A2SIT_data_input_template_GTM.xlsx" in message and "«Deportadas»" in message
    assert "Data!" in message and "6" in message and "«DOG»" in message


def test_documented_missing_marker_is_accepted_and_logged(tmp_path, gazetteer):
    raw = tmp_path / "raw"
    (raw / a2sit.FILE).parent.mkdir(parents=True)
    shutil.copy(paths.default_mirror() / a2sit.FILE, raw / a2sit.FILE)
    _edit_a2sit(raw, {"D7": "N/D"})
    result = a2sit.read(raw, set(gazetteer["muni_code"]))
    value = result.values.query("code == 102 and indicator == 'exposicion_desastres'")["value"]
    assert value.isna().all()
    notes = [q for q in result.quality if q["row"] == 7 and q["field"] == "DesastresNat"]
    assert notes and "«N/D»" in notes[0]["issue"] and "Data!D7" in notes[0]["issue"]


@pytest.mark.parametrize("marker", MISSING_MARKERS)
def test_every_listed_marker_means_missing(marker):
    result = ReaderResult("demo")
    numbers = to_numbers(pd.Series([marker, "2"]), result, "x.csv", column="v", rows=[2, 3])
    assert numbers.isna().tolist() == [True, False]
    assert len(result.quality) == 1


@pytest.mark.parametrize("text", ["DOG", "1,5", "inf", "12 mil"])
def test_other_text_is_refused_with_cell_and_value(text):
    with pytest.raises(RaicesError) as error:
        to_numbers(
            pd.Series(["1", text]),
            ReaderResult("d"),
            "x.xlsx",
            column="v",
            rows=[2, 3],
            sheet="S",
            letter="C",
        )
    assert "S!C3" in str(error.value) and text in str(error.value)


# ---------------------------------------------------------------- issue 12: readers' tracebacks


def _cli_one_line(raw: Path, tmp_path: Path, capsys) -> str:
    code = main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert "Traceback" not in err and "\n" not in err
    assert not (tmp_path / "out" / "raices.duckdb").exists()
    return err


@pytest.mark.parametrize("source", [population.FILE, municipal_finance.FILE])
def test_empty_population_or_finance_csv(source, data_root, tmp_path, capsys):
    raw = _raw_copy(data_root, tmp_path)
    (raw / source).write_bytes(b"")
    err = _cli_one_line(raw, tmp_path, capsys)
    assert Path(source).name in err and "vacío" in err


def test_header_only_finance_csv(tmp_path, gazetteer):
    target = tmp_path / municipal_finance.FILE
    target.parent.mkdir(parents=True)
    target.write_text(",".join(municipal_finance.COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(RaicesError, match="no tiene filas"):
        municipal_finance.read(tmp_path, set(gazetteer["muni_code"]))


def test_non_numeric_code_in_population(tmp_path, gazetteer):
    lines = _population_rows(gazetteer, lambda n, c: c[:2] + ["abc"] + c[3:] if n == 4 else c)
    _write_population(tmp_path, lines)
    with pytest.raises(RaicesError) as error:
        population.read(tmp_path, set(gazetteer["muni_code"]), gazetteer)
    message = str(error.value)
    assert "INE_poblacion_municipios.csv" in message and "fila 5" in message
    assert "«Cod_mun»" in message and "«abc»" in message


def test_text_in_population_value(tmp_path, gazetteer):
    lines = _population_rows(gazetteer, lambda n, c: c[:6] + ["muchos"] + c[7:] if n == 9 else c)
    _write_population(tmp_path, lines)
    with pytest.raises(RaicesError, match=r"fila 10.*«2012».*«muchos»"):
        population.read(tmp_path, set(gazetteer["muni_code"]), gazetteer)


def test_non_numeric_code_in_enrolment(tmp_path, gazetteer):
    target = tmp_path / enrolment.FILE
    target.parent.mkdir(parents=True)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "DB"
    sheet.append(
        ["AÑO", "CODIGO_DEPARTAMENTO", "CODIGO_MUNICIPIO", "SECTOR", "INSCRITOS", "DOCENTES"]
    )
    sheet.append([2015, 1, 1, "TODOS", 100, 5])
    sheet.append([2015, 1, "uno", "TODOS", 100, 5])
    workbook.save(target)
    with pytest.raises(RaicesError) as error:
        enrolment.read(tmp_path, set(gazetteer["muni_code"]))
    message = str(error.value)
    assert "docentes.xlsx" in message and "DB!C3" in message and "«uno»" in message


def test_unknown_text_in_enrolment_year_is_not_taken_for_the_trailer(tmp_path, gazetteer):
    target = tmp_path / enrolment.FILE
    target.parent.mkdir(parents=True)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "DB"
    sheet.append(
        ["AÑO", "CODIGO_DEPARTAMENTO", "CODIGO_MUNICIPIO", "SECTOR", "INSCRITOS", "DOCENTES"]
    )
    sheet.append(["dos mil", 1, 1, "TODOS", 100, 5])
    workbook.save(target)
    with pytest.raises(RaicesError, match=r"«dos mil» en la celda DB!A2"):
        enrolment.read(tmp_path, set(gazetteer["muni_code"]))


def test_non_numeric_pcode_in_ocha(tmp_path, gazetteer):
    import pyogrio

    folder = tmp_path / Path(ocha.FILE).parent
    folder.mkdir(parents=True)
    shapefile = paths.default_mirror() / ocha.FILE.replace(".dbf", ".shp")
    frame = pyogrio.read_dataframe(shapefile)
    frame.loc[frame.index[3], "ADM2_PCODE"] = "GTXX01"
    pyogrio.write_dataframe(frame, tmp_path / ocha.FILE.replace(".dbf", ".shp"))
    with pytest.raises(RaicesError) as error:
        ocha.read(tmp_path, set(gazetteer["muni_code"]))
    message = str(error.value)
    assert ".dbf" in message and "fila 4" in message and "GTXX01" in message


@pytest.mark.parametrize(("sheet", "column"), [("tab3_fgt0", "fh_mean"), ("tab2_fgt1", "fh_mean")])
def test_text_in_poverty_map_numbers(sheet, column, mirror, tmp_path, gazetteer):
    target = tmp_path / poverty_map.FILE
    target.parent.mkdir(parents=True)
    shutil.copy(mirror / poverty_map.FILE, target)
    shutil.copy(mirror / poverty_map.DIRECT_FILE, tmp_path / poverty_map.DIRECT_FILE)
    workbook = openpyxl.load_workbook(target)
    header = [cell.value for cell in workbook[sheet][1]]
    letter = openpyxl.utils.get_column_letter(header.index(column) + 1)
    workbook[sheet][f"{letter}5"] = "DOG"
    workbook.save(target)
    with pytest.raises(RaicesError) as error:
        poverty_map.read(tmp_path, set(gazetteer["muni_code"]))
    assert f"{sheet}!{letter}5" in str(error.value) and "«DOG»" in str(error.value)


def test_text_in_poverty_direct_estimates(mirror, tmp_path, gazetteer):
    shutil.copytree(mirror / "segeplan_pobreza_2023", tmp_path / "segeplan_pobreza_2023")
    target = tmp_path / poverty_map.DIRECT_FILE
    target.chmod(0o644)
    workbook = openpyxl.load_workbook(target)
    sheet = workbook["direct"]
    header = [cell.value for cell in sheet[1]]
    rows = [
        r
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(r, header.index("area") + 1).value == "nat"
    ]
    sheet.cell(rows[0], header.index("dir_mean") + 1, "n.d.")
    workbook.save(target)
    with pytest.raises(RaicesError, match=r"sae_results.xlsx.*«n\.d\.»"):
        poverty_map.read(tmp_path, set(gazetteer["muni_code"]))


@pytest.mark.parametrize("column", ["mun_p_asiste", "pop", "depto"])
def test_text_in_census_numbers(column, mirror, tmp_path, gazetteer):
    import pyreadstat

    frame, _ = pyreadstat.read_dta(str(mirror / census2018.FILE), apply_value_formats=False)
    frame[column] = frame[column].map(lambda v: f"{v:g}")
    frame.loc[7, column] = "DOG"
    target = tmp_path / census2018.FILE
    target.parent.mkdir(parents=True)
    pyreadstat.write_dta(frame, str(target))
    with pytest.raises(RaicesError) as error:
        census2018.read(tmp_path, set(gazetteer["muni_code"]))
    message = str(error.value)
    assert "FHcensus_mun.dta" in message and "fila 8" in message
    assert f"«{column}»" in message and "«DOG»" in message


def test_empty_cell_in_encovi_weight(mirror, tmp_path, gazetteer):
    import pyreadstat

    frame, _ = pyreadstat.read_sav(str(mirror / encovi2014.FILE))
    frame.loc[3, "FACTOR3"] = None
    target = tmp_path / encovi2014.FILE
    target.parent.mkdir(parents=True)
    pyreadstat.write_sav(frame, str(target))
    with pytest.raises(RaicesError, match=r"consumo2014.sav, fila 4, columna «FACTOR3»"):
        encovi2014.read(tmp_path, set(gazetteer["muni_code"]))


def test_text_in_returnee_reports(tmp_path, monkeypatch):
    bad = tmp_path / "returnees.toml"
    bad.write_text('[[year]]\nyear = 2017\ntotal = "muchos"\n', encoding="utf-8")
    monkeypatch.setattr(returnees, "FILE", bad)
    with pytest.raises(RaicesError, match=r"returnees.toml, fila 1, columna «total».*«muchos»"):
        returnees.read()
