"""INE ENCOVI 2014 consumption aggregate (household microdata, SPSS).

The pipeline computes departmental poverty in DuckDB from these rows with the person
weight ``FACTOR3`` (``pobreza``: 1 = extreme, 2 = non-extreme poor, 3 = not poor).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import RaicesError
from analysis.sources.common import ReaderResult, require_columns, require_file, to_numbers

SOURCE_ID = "ine_encovi_2014"
FILE = "ine_encovi_2014/consumo2014.sav"


def read(raw: Path, known_codes: set[int]) -> ReaderResult:
    """Stage the household rows needed for weighted departmental poverty."""
    path = require_file(raw / FILE)
    try:
        import pyreadstat

        frame, _meta = pyreadstat.read_sav(
            str(path), usecols=["DEPTO", "AREA", "UPM", "FACTOR", "FACTOR3", "pobreza", "agreg3"]
        )
    except Exception as error:
        raise RaicesError(
            f"no se pudo leer el archivo SPSS (dañado o truncado): {error}", file=path
        ) from error
    require_columns(frame, ["DEPTO", "AREA", "UPM", "FACTOR", "FACTOR3", "pobreza", "agreg3"], path)
    result = ReaderResult(SOURCE_ID)
    rows = [int(index) + 1 for index in frame.index]
    for column in ("DEPTO", "AREA", "UPM", "FACTOR", "FACTOR3", "pobreza", "agreg3"):
        whole = column in ("DEPTO", "AREA", "UPM", "pobreza")
        frame[column] = to_numbers(
            frame[column], result, path, column=column, rows=rows, integer=whole
        )
        if frame[column].isna().any():
            row = rows[int(frame[column].isna().to_numpy().argmax())]
            raise RaicesError(
                "celda vacía en una variable que el cálculo de pobreza necesita",
                file=path,
                row=row,
                column=column,
            )
    bad = frame.index[~frame["DEPTO"].isin(range(1, 23))]
    if len(bad):
        raise RaicesError(
            f"departamento fuera de 1–22: {frame.at[bad[0], 'DEPTO']}",
            file=path,
            row=int(bad[0]) + 1,
            column="DEPTO",
        )
    bad = frame.index[~frame["pobreza"].isin([1, 2, 3])]
    if len(bad):
        raise RaicesError(
            "categoría de pobreza desconocida (se esperaba 1, 2 o 3)",
            file=path,
            row=int(bad[0]) + 1,
            column="pobreza",
        )
    result.tables["stg_encovi_2014_households"] = pd.DataFrame(
        {
            "dept_code": frame["DEPTO"].astype(int),
            "area": frame["AREA"].astype(int),
            "psu": frame["UPM"].astype(int),
            "household_weight": frame["FACTOR"].astype(float),
            "person_weight": frame["FACTOR3"].astype(float),
            "poverty_class": frame["pobreza"].astype(int),
            "consumption_pc": frame["agreg3"].astype(float),
        }
    )
    return result
