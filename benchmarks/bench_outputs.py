"""Benchmark of issue 6: matching speed, bundle export, report and bulletin on the real build.

Run: ``.venv/bin/python benchmarks/bench_outputs.py`` after ``raices build``.
The tables matched here carry the real official names (accents stripped, upper case) and
random values: they measure speed, not content.
"""

from __future__ import annotations

import tempfile
import time
import unicodedata
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.export.bundle import export_bundle
from analysis.report.bulletin import write_bulletin
from analysis.report.context import prepare, write_report
from analysis.userdata.matching import match_rows
from analysis.userdata.names import load_gazetteer
from analysis.userdata.reading import read_table


def _strip(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).upper()


def _timed(label: str, function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    print(f"{label:<58} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    gazetteer = load_gazetteer()
    rng = np.random.default_rng(2026)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        names = pd.DataFrame(
            {
                "depto": gazetteer["dept_name"].map(_strip),
                "muni": gazetteer["muni_name"].map(_strip),
                "valor": rng.gamma(2.0, 10.0, len(gazetteer)).round(2).astype(str),
            }
        )
        names.to_csv(root / "nombres.csv", index=False, encoding="latin-1")
        frame, _ = _timed("read 340-row latin-1 CSV", read_table, root / "nombres.csv")
        report = _timed(
            "match 340 rows by names (accents stripped, upper case)",
            match_rows,
            frame,
            gazetteer,
            value_column="valor",
            name_columns=("depto", "muni"),
        )
        print(f"  matched: {(report['status'] == 'matched').sum()} of {len(report)}")
        codes = pd.DataFrame(
            {
                "pcode": [f"GT{c:04d}" for c in gazetteer.index] * 100,
                "valor": rng.normal(size=len(gazetteer) * 100).round(3).astype(str),
            }
        )
        codes.to_csv(root / "codigos.csv", index=False)
        frame, _ = _timed("read 34 000-row CSV", read_table, root / "codigos.csv")
        _timed(
            "match 34 000 rows by P-code", match_rows, frame, gazetteer,
            value_column="valor", code_column="pcode",
        )  # fmt: skip
        bundle = _timed("export bundle (csv, hxl, xlsx, geojson, gpkg)", export_bundle, root / "b")
        print(f"  {bundle.summary()}")
        data = _timed("prepare report data (pesos_iguales, 300 draws)", prepare, "pesos_iguales")
        single = _timed(
            "report for one municipio", write_report, root / "uno.pdf", codes=[1301], data=data
        )
        print(f"  {single.stat().st_size / 1e3:.0f} kB")
        pilot = _timed(
            "report for the pilot set", write_report, root / "p.pdf", pilot=True, data=data
        )
        print(f"  {pilot.stat().st_size / 1e3:.0f} kB")
        _timed(
            "bulletin (pdf + html + json)",
            write_bulletin,
            root / "bol",
            data=data,
            day=date.today(),
        )


if __name__ == "__main__":
    main()
