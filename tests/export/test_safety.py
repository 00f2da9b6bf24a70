"""One formula-safe writer for every CSV and XLSX the product writes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd

from analysis.export.safety import csv_bytes, write_csv, write_xlsx, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
DANGEROUS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
#: Writers that need xlsxwriter's formats and validations; each writes people's text with
#: ``write_string`` after ``neutralise_text`` (checked by their own tests).
TEMPLATES = {"analysis/monitoring/template.py", "analysis/consultation/template.py"}


def test_every_writer_goes_through_safety():
    pattern = re.compile(r"\.to_csv\(|\.to_excel\(|ExcelWriter\(|xlsxwriter\.Workbook\(")
    offenders = []
    for folder in ("analysis", "dashboard"):
        for path in (ROOT / folder).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if relative in TEMPLATES or relative == "analysis/export/safety.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_csv_cells_headers_and_index_are_neutralised(tmp_path):
    cells = DANGEROUS[:-1]  # a bare carriage return is not a CSV line ending for pandas' reader
    frame = pd.DataFrame({"=titulo": cells, "n": range(len(cells))}, index=cells)
    for text in (
        csv_bytes(frame, index=True, header_line="sello").decode("utf-8"),
        write_csv(frame, tmp_path / "a.csv", index=True).read_text(encoding="utf-8"),
    ):
        back = pd.read_csv(io.StringIO(text), comment="#", index_col=0, keep_default_na=False)
        assert list(back.columns)[0] == "'=titulo"
        shown = [*back.index, *back["'=titulo"]]
        assert all(str(c).startswith("'") for c in shown)
        assert back["n"].tolist() == list(range(len(cells)))  # numbers stay numbers


def test_negative_numbers_stay_numbers():
    text = csv_bytes(pd.DataFrame({"v": [-1.5, 2.0]})).decode()
    assert text.splitlines()[1:] == ["-1.5", "2.0"]


def test_xlsx_cells_are_text_never_formulas(tmp_path):
    frame = pd.DataFrame({"texto": DANGEROUS, "n": range(len(DANGEROUS))})
    for content in (
        xlsx_bytes({"datos": frame}),
        write_xlsx({"datos": frame}, tmp_path / "a.xlsx").read_bytes(),
    ):
        sheet = openpyxl.load_workbook(io.BytesIO(content))["datos"]
        values = [row[0].value for row in sheet.iter_rows(min_row=2)]
        kinds = [row[0].data_type for row in sheet.iter_rows(min_row=2)]
        assert all(str(v).startswith("'") for v in values) and set(kinds) == {"s"}


def test_writers_are_atomic_and_keep_encoding_and_line_ends(tmp_path):
    frame = pd.DataFrame({"nombre": ["Sololá", "=1"]})
    target = write_csv(frame, tmp_path / "a.csv", encoding="utf-8-sig", lineterminator="\r\n")
    assert target.read_bytes() == "\ufeffnombre\r\nSololá\r\n'=1\r\n".encode()
    write_xlsx({"datos": frame}, tmp_path / "a.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "a.xlsx"]
