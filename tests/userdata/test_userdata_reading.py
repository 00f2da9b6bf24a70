"""Safe reading: encodings, mojibake, formulas, limits, numbers."""

from __future__ import annotations

import math

import openpyxl
import pytest

from analysis.errors import RaicesError
from analysis.userdata.reading import parse_number, read_table, repair_mojibake


def test_latin1_file_is_detected_and_read(fixture_path):
    frame, report = read_table(fixture_path("names_latin1.csv"))
    assert report.encoding in {"cp1252", "latin-1"}
    assert report.delimiter == ";"
    assert frame["Departamento"].tolist()[:2] == ["Sololá", "Petén"]
    assert frame.loc[0, "Tasa"] == "12,5"
    assert "no era UTF-8" in report.summary()


def test_utf8_bom_is_stripped(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffcódigo,valor\nGT0101,1\n".encode())
    frame, report = read_table(path)
    assert report.encoding == "utf-8-sig"
    assert list(frame.columns) == ["código", "valor"]


def test_mojibake_is_repaired_and_reported(fixture_path):
    frame, report = read_table(fixture_path("names_mojibake.csv"))
    assert frame["Departamento"].tolist()[:3] == ["Sololá", "Petén", "Quiché"]
    assert frame["Municipio"].tolist()[4] == "Ixchiguán"
    assert len(report.repairs) == 8
    first = report.repairs[0]
    assert first["row"] == 2 and first["before"] == "SololÃ¡" and first["after"] == "Sololá"


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [("SololÃ¡", "Sololá"), ("PetÃƒÂ©n", "Petén"), ("Ñuñoa", "Ñuñoa"), ("plain", "plain")],
)
def test_repair_mojibake_cases(broken, fixed):
    assert repair_mojibake(broken) == fixed


def _workbook(path, rows, *, title="Datos", extra_sheet=False):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        book.create_sheet("Otra").append(["x"])
    book.save(path)
    return path


def test_xlsx_formulas_are_not_evaluated(tmp_path):
    path = _workbook(
        tmp_path / "f.xlsx",
        [["codigo", "valor"], ["GT0101", 5], ["GT0102", "=1+1"], ["GT0103", '=HYPERLINK("x")']],
    )
    frame, report = read_table(path)
    assert frame["valor"].tolist() == ["5", "", ""]
    assert [f["row"] for f in report.formulas] == [3, 4]
    assert report.formulas[0]["formula"] == "=1+1"
    assert "fórmulas no evaluadas" in report.summary()


def test_xlsx_sheet_by_name_and_unknown_sheet(tmp_path):
    path = _workbook(tmp_path / "s.xlsx", [["a"], ["1"]], extra_sheet=True)
    frame, report = read_table(path, sheet="Otra")
    assert report.sheet == "Otra" and list(frame.columns) == ["x"]
    with pytest.raises(RaicesError, match="Datos, Otra"):
        read_table(path, sheet="Nada")


def test_xlsx_integers_stay_integers_and_blank_rows_go(tmp_path):
    path = _workbook(tmp_path / "n.xlsx", [["codigo", "v"], [1301, 2.5], [None, None], [101, 3]])
    frame, _ = read_table(path)
    assert frame["codigo"].tolist() == ["1301", "101"]


def test_size_and_row_limits(tmp_path, fixture_path):
    with pytest.raises(RaicesError, match="límite"):
        read_table(fixture_path("names_problems.csv"), max_bytes=50)
    with pytest.raises(RaicesError, match="más de 3 filas"):
        read_table(fixture_path("names_problems.csv"), max_rows=3)
    huge = tmp_path / "grande.csv"
    with open(huge, "wb") as stream:
        stream.truncate(21 * 1024 * 1024)
    with pytest.raises(RaicesError, match="grande.csv.*21.0 MB"):
        read_table(huge)


def test_unsupported_and_broken_files(tmp_path):
    old = tmp_path / "viejo.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RaicesError, match="xls"):
        read_table(old)
    fake = tmp_path / "roto.xlsx"
    fake.write_text("no soy un zip")
    with pytest.raises(RaicesError, match="roto.xlsx"):
        read_table(fake)
    with pytest.raises(RaicesError, match="no se encuentra"):
        read_table(tmp_path / "nada.csv")
    empty = tmp_path / "vacio.csv"
    empty.write_text("")
    with pytest.raises(RaicesError, match="vacío"):
        read_table(empty)


def test_duplicate_headers_are_refused(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("valor,valor\n1,2\n")
    with pytest.raises(RaicesError):
        read_table(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("12,5", 12.5),
        ("0,123", 0.123),
        ("1,234", 1234.0),
        ("1.234.567", 1234567.0),
        ("45%", 45.0),
        ("(12)", -12.0),
        (" 7 ", 7.0),
    ],
)
def test_parse_number_formats(text, expected):
    assert parse_number(text) == pytest.approx(expected)


def test_parse_number_placeholders_and_garbage():
    assert math.isnan(parse_number("N/D"))
    assert math.isnan(parse_number(""))
    assert parse_number("=1+1") is None
    assert parse_number("doce") is None
    assert parse_number("1,2,3") is None


def test_title_rows_above_the_header_and_real_row_numbers(tmp_path):
    path = tmp_path / "titulo.csv"
    path.write_text(
        "Homicidios por municipio,,\nFuente: PNC (prueba),,\ncodigo,valor,nota\n"
        "GT0101,5,\n\nGT0102,SololÃ¡,\n",
        encoding="utf-8",
    )
    frame, report = read_table(path, header_row=3)
    assert list(frame.columns) == ["codigo", "valor", "nota"]
    assert frame.attrs["rows"] == [4, 6]  # the blank line 5 is skipped, numbering kept
    assert report.repairs[0]["row"] == 6
    with pytest.raises(RaicesError, match="fila 5 está vacía"):
        read_table(path, header_row=5)


def test_xlsx_header_row_and_row_numbers(tmp_path):
    path = _workbook(
        tmp_path / "t.xlsx",
        [
            ["Título del cuadro"],
            [],
            ["codigo", "valor"],
            ["GT0101", 1],
            [None, None],
            ["GT0102", 2],
        ],
    )
    frame, _ = read_table(path, header_row=3)
    assert frame["codigo"].tolist() == ["GT0101", "GT0102"]
    assert frame.attrs["rows"] == [4, 6]


def test_row_wider_than_header_names_the_row(tmp_path):
    path = tmp_path / "coma.csv"
    path.write_text("codigo,valor\nGT0101,12\nGT0102,12,5\n", encoding="utf-8")
    with pytest.raises(RaicesError, match="fila 3.*separador"):
        read_table(path)
