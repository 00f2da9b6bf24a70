"""``raices add --template`` and metadata-free ``--dry-run``: the loop for series no open
source publishes (PNC homicides, IGM returnees by municipio of origin)."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from analysis import cli
from analysis.errors import RaicesError
from analysis.sources.common import pcode_to_ine
from analysis.userdata.template import COLUMNS, DATA_SHEET, template_frame, write_template


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("RAICES_DATA", str(tmp_path))
    return tmp_path / "user"


def _fill(path, values: dict[int, object], year: int = 2024) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[DATA_SHEET]
    header = [cell.value for cell in sheet[1]]
    code_column = header.index("codigo_ine") + 1
    for row in range(2, sheet.max_row + 1):
        code = sheet.cell(row, code_column).value
        if code in values:
            sheet.cell(row, header.index("valor") + 1, values[code])
            sheet.cell(row, header.index("año") + 1, year)
    book.save(path)


def test_template_lists_all_municipios_with_codes_pcodes_and_names():
    frame = template_frame()
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == 340 and frame["codigo_ine"].is_unique
    assert (frame["pcode"].map(pcode_to_ine) == frame["codigo_ine"]).all()
    assert frame["valor"].isna().all() and frame["año"].isna().all()
    huehue = frame.set_index("codigo_ine").loc[1301]
    assert (huehue["pcode"], huehue["departamento"]) == ("GT1301", "Huehuetenango")


def test_template_pcodes_match_the_ocha_crosswalk(built_db):
    from analysis import store

    crosswalk = store.load_pcode_crosswalk(built_db).set_index("muni_code")["pcode"]
    frame = template_frame().set_index("codigo_ine")
    assert frame["pcode"].equals(crosswalk.reindex(frame.index))


def test_cli_template_then_dry_run_without_metadata(tmp_path, user_dir, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["add", "--template", "homicidios_pnc"]) == 0
    written = tmp_path / "homicidios_pnc.xlsx"
    assert written.is_file() and "340 municipios" in capsys.readouterr().out
    sheet = pd.read_excel(written, sheet_name=DATA_SHEET, engine="calamine")
    assert len(sheet) == 340
    help_text = " ".join(
        pd.read_excel(written, sheet_name="instrucciones", engine="calamine")["instrucciones"]
    )
    assert "--dry-run" in help_text and "homicidios_pnc.xlsx" in help_text

    codes = sheet["codigo_ine"].tolist()
    _fill(written, {code: float(i % 17) for i, code in enumerate(codes)})
    args = ["add", str(written), "--code-column", "codigo_ine", "--value-column", "valor"]
    assert cli.main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "340" in out and "no se guardó nada" in out
    assert not user_dir.exists()  # a dry run writes nothing
    # a save still needs the seven metadata flags
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    for flag in ("--id", "--label", "--theme", "--direction", "--unit", "--year", "--source"):
        assert flag in err


def test_dry_run_reports_unfilled_rows(tmp_path, user_dir, capsys):
    written = write_template("retornados_origen", tmp_path / "retornados_origen.xlsx")
    _fill(written, {101: 12, 1301: 40})
    code = cli.main(
        [
            "add",
            str(written),
            "--code-column",
            "codigo_ine",
            "--value-column",
            "valor",
            "--dry-run",
        ]
    )
    out = capsys.readouterr().out
    assert code in (0, 3)
    assert "no se guardó nada" in out
    assert not user_dir.exists()


def test_dry_run_still_needs_file_key_and_value(tmp_path, user_dir, capsys):
    written = write_template("x", tmp_path / "x.xlsx")
    assert cli.main(["add", str(written), "--code-column", "codigo_ine", "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "--value-column" in err and "--id" not in err


def test_template_never_overwrites_a_table(tmp_path):
    target = write_template("homicidios", tmp_path / "homicidios.xlsx")
    _fill(target, {101: 5})
    with pytest.raises(RaicesError, match="ya existe"):
        write_template("homicidios", target)
    assert write_template("homicidios", target, replace=True) == target
    with pytest.raises(RaicesError, match=r"\.xlsx"):
        write_template("homicidios", tmp_path / "homicidios.csv")
    with pytest.raises(RaicesError, match="carpeta"):
        write_template("homicidios", tmp_path / "nowhere" / "h.xlsx")
