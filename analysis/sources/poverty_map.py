"""SEGEPLAN poverty map 2023 (Fay–Herriot small-area estimates) → poverty indicators with SE.

Sheets ``tab3_<ind>`` hold the 340 municipal estimates (``muncode``, ``fh_mean``, ``fh_se``),
``tab2_<ind>`` the 22 departamental ones (direct survey estimate and FH).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import RaicesError
from analysis.sources.common import (
    ReaderResult,
    check_codes,
    column_letter,
    read_excel_sheet,
    require_columns,
    tidy_values,
    to_numbers,
)

SOURCE_ID = "segeplan_pobreza_2023"
FILE = "segeplan_pobreza_2023/resultados.xlsx"
#: direct survey estimates (ENCOVI 2023) by area, including the national row
DIRECT_FILE = "segeplan_pobreza_2023/sae_results.xlsx"
YEAR = 2023
#: A published standard error below this (relative to max(1, |estimate|)) is numerically zero.
SE_NEGLIGIBLE = 1e-9
#: sheet suffix → indicator id
INDICATORS = {
    "fgt0": "pobreza",
    "fgt1": "brecha_pobreza",
    "fgt2": "severidad_pobreza",
    "consumo": "consumo_pc",
}


def _numbers(
    frame: pd.DataFrame, columns: list[str], result: ReaderResult, path: Path, sheet: str
) -> pd.DataFrame:
    """The named columns as numbers (row 1 of the sheet is the header)."""
    out = frame.copy()
    rows = [int(index) + 2 for index in frame.index]
    for column in columns:
        letter = column_letter(list(frame.columns).index(column))
        out[column] = to_numbers(
            frame[column], result, path, column=column, rows=rows, sheet=sheet, letter=letter
        )
    return out


def read(raw: Path, known_codes: set[int]) -> ReaderResult:
    """Read the municipal and departmental estimates of the four poverty measures."""
    path = raw / FILE
    result = ReaderResult(SOURCE_ID)
    frames = []
    for suffix, indicator in INDICATORS.items():
        sheet = f"tab3_{suffix}"
        municipal = read_excel_sheet(path, sheet)
        require_columns(municipal, ["muncode", "fh_mean", "fh_se"], path, f"la hoja {sheet}")
        check_codes(municipal["muncode"], known_codes, path, first_row=2, column="muncode")
        municipal = _numbers(municipal, ["fh_mean", "fh_se"], result, path, sheet)
        negligible = municipal.loc[
            municipal["fh_se"] < SE_NEGLIGIBLE * municipal["fh_mean"].abs().clip(lower=1)
        ]
        if not negligible.empty:
            result.note(
                path,
                f"{indicator}: {len(negligible)} municipios publican un error estándar prácticamente nulo "
                f"(< 1e-9): {', '.join(map(str, negligible['muncode'].astype(int)))}",
                "se conserva el valor; la incertidumbre de esos municipios queda subestimada",
                column="fh_se",
            )
        frames.append(
            pd.DataFrame(
                {
                    "level": "municipio",
                    "code": municipal["muncode"].astype(int),
                    "indicator": indicator,
                    "year": YEAR,
                    "value": municipal["fh_mean"],
                    "se": municipal["fh_se"],
                }
            )
        )
        sheet = f"tab2_{suffix}"
        departmental = read_excel_sheet(path, sheet)
        require_columns(departmental, ["depto_name", "fh_mean"], path, f"la hoja {sheet}")
        # "1. Guatemala" → 1; check_codes names the row of any other text
        dept_codes = departmental["depto_name"].astype(str).str.split(".").str[0].str.strip()
        check_codes(dept_codes, set(range(1, 23)), path, first_row=2, column="depto_name")
        dept_codes = dept_codes.astype(int)
        departmental = _numbers(departmental, ["fh_mean"], result, path, sheet)
        frames.append(
            pd.DataFrame(
                {
                    "level": "departamento",
                    "code": dept_codes,
                    "indicator": indicator,
                    "year": YEAR,
                    "value": departmental["fh_mean"],
                    "se": float("nan"),
                }
            )
        )
    frames.append(_national(raw / DIRECT_FILE, result))
    result.values = tidy_values(pd.concat(frames, ignore_index=True))
    return result


def _national(path: Path, result: ReaderResult) -> pd.DataFrame:
    """National direct estimates (the published 56.0 % poverty) with their standard errors."""
    direct = read_excel_sheet(path, "direct")
    require_columns(direct, ["area", "indicator", "dir_mean", "dir_var"], path, "la hoja direct")
    national = direct.loc[direct["area"] == "nat"]
    national = _numbers(national, ["dir_mean", "dir_var"], result, path, "direct")
    missing = set(INDICATORS) - set(national["indicator"])
    if missing:
        raise RaicesError(
            f"falta la estimación nacional de {', '.join(sorted(missing))}",
            file=path,
            column="indicator",
        )
    return pd.DataFrame(
        {
            "level": "nacional",
            "code": 0,
            "indicator": national["indicator"].map(INDICATORS).to_numpy(),
            "year": YEAR,
            "value": national["dir_mean"].to_numpy(),
            "se": national["dir_var"].pow(0.5).to_numpy(),
        }
    )
