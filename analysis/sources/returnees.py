"""National returnees by year (IGM/DGM figures reported in the press), series ``retornados``."""

from __future__ import annotations

import tomllib

import pandas as pd

from analysis import paths
from analysis.errors import RaicesError
from analysis.sources.common import SERIES_COLUMNS, ReaderResult, to_numbers

SOURCE_ID = "igm_retornados_prensa"
FILE = paths.PACKAGE_DIR / "sources" / "returnees.toml"


def read() -> ReaderResult:
    """Series rows at level ``nacional`` (code 0) plus table ``stg_returnee_reports``."""
    try:
        document = tomllib.loads(FILE.read_text(encoding="utf-8"))
        reports = pd.DataFrame(document["year"])
    except (tomllib.TOMLDecodeError, KeyError, ValueError) as error:
        raise RaicesError(f"no se pudo leer la lista de cifras: {error}", file=FILE) from error
    result = ReaderResult(SOURCE_ID)
    for column in ("year", "total"):
        if column not in reports.columns:
            raise RaicesError("falta el campo en alguna entrada [[year]]", file=FILE, column=column)
        numbers = to_numbers(
            reports[column],
            result,
            FILE,
            column=column,
            rows=[int(i) + 1 for i in reports.index],
            integer=True,
        )
        if numbers.isna().any():
            raise RaicesError("cifra vacía", file=FILE, column=column)
        reports[column] = numbers.astype(int)
    result.series = pd.DataFrame(
        {
            "level": "nacional",
            "code": 0,
            "series": "retornados",
            "year": reports["year"],
            "value": reports["total"].astype(float),
        }
    )[SERIES_COLUMNS]
    result.tables["stg_returnee_reports"] = reports
    return result
