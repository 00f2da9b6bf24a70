"""Bad input gets a clear error naming the file, row or column and the problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.cli import main
from analysis.errors import RaicesError
from analysis.sources import boundaries, population, poverty_map
from analysis.sources.common import check_codes

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
