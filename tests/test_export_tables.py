"""analysis.export.tables: headers in the reader's language, machine-readable numbers."""

from __future__ import annotations

import io

import pandas as pd

from analysis.export.tables import csv_bytes, localise_headers, xlsx_bytes

FRAME = pd.DataFrame(
    {"name": ["=Cuilco"], "value": [1234.5], "contrib_migracion": [3.0]},
    index=pd.Index([1304], name="code"),
)


def test_headers_in_spanish_and_english():
    spanish = localise_headers(FRAME, "es", {"migracion": "Migración"})
    assert list(spanish.reset_index().columns) == [
        "código",
        "territorio",
        "valor",
        "aporte: Migración",
    ]
    english = localise_headers(FRAME, "en", {"value": "Poverty (share)"})
    assert list(english.reset_index().columns) == [
        "code", "territory", "Poverty (share)", "contribution: migracion"
    ]  # fmt: skip


def test_csv_keeps_a_decimal_point_and_is_formula_safe():
    text = csv_bytes(localise_headers(FRAME, "es"), "Raíces 0.1").decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Raíces 0.1"
    assert "1234.5" in lines[2] and "1234,5" not in lines[2]
    assert "'=Cuilco" in lines[2]
    back = pd.read_csv(io.StringIO(text), comment="#")
    assert back["valor"].dtype.kind == "f"


def test_xlsx_metadata_in_the_readers_language():
    sheets = pd.read_excel(io.BytesIO(xlsx_bytes(FRAME, "sello", language="en")), sheet_name=None)
    assert set(sheets) == {"data", "metadata"}
    assert "Numbers use a decimal point" in " ".join(map(str, sheets["metadata"].iloc[:, 1]))
