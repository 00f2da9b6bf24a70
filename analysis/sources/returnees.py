"""National returnees by year (IGM/DGM figures reported in the press), series ``retornados``."""

from __future__ import annotations

import tomllib

import pandas as pd

from analysis import paths
from analysis.sources.common import SERIES_COLUMNS, ReaderResult

SOURCE_ID = "igm_retornados_prensa"
FILE = paths.PACKAGE_DIR / "sources" / "returnees.toml"


def read() -> ReaderResult:
    """Series rows at level ``nacional`` (code 0) plus table ``stg_returnee_reports``."""
    document = tomllib.loads(FILE.read_text(encoding="utf-8"))
    reports = pd.DataFrame(document["year"])
    result = ReaderResult(SOURCE_ID)
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
