"""MINEDUC primary enrolment and teachers by municipio and year (sheet ``DB`` of docentes.xlsx).

The sheet mixes municipal rows with department and national totals (municipality code 0)
and repeats each municipio under a ``TODOS`` sector; it ends with a SQL-client trailer
(``(25874 filas afectadas)``). Raíces keeps the municipal ``TODOS`` rows and recomputes any
total by summing municipios, recording what it set aside.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.errors import RaicesError
from analysis.sources.common import (
    SERIES_COLUMNS,
    ReaderResult,
    column_letter,
    read_excel_sheet,
    require_columns,
    to_numbers,
)

SOURCE_ID = "mineduc_matricula"
FILE = "ogp_minfin_mineduc/docentes.xlsx"
COLUMNS = ["AÑO", "CODIGO_DEPARTAMENTO", "CODIGO_MUNICIPIO", "SECTOR", "INSCRITOS", "DOCENTES"]
#: the SQL client's trailer under the data, the only non-year text accepted in ``AÑO``
TRAILER = re.compile(r"\(\d+ filas? afectadas?\)")
SHEET = "DB"


def read(raw: Path, known_codes: set[int]) -> ReaderResult:
    """Municipal series ``matricula_primaria`` and ``docentes_primaria`` (all sectors)."""
    path = raw / FILE
    frame = read_excel_sheet(path, SHEET)
    require_columns(frame, COLUMNS, path, "la hoja DB")
    letters = {column: column_letter(list(frame.columns).index(column)) for column in COLUMNS}
    frame = frame[COLUMNS]
    result = ReaderResult(SOURCE_ID)
    year = pd.to_numeric(frame["AÑO"], errors="coerce")
    blank_row = frame.drop(columns="AÑO").isna().all(axis=1)
    trailer = frame.index[
        year.isna()
        & (frame["AÑO"].isna() | frame["AÑO"].astype(str).str.fullmatch(TRAILER))
        & blank_row
    ]
    for index in trailer:
        result.note(
            path,
            f"fila sin año (pie de la consulta: {frame.at[index, 'AÑO']!r})",
            "se descarta",
            row=int(index) + 2,
            column="AÑO",
        )
    frame = frame.drop(index=trailer).copy()

    def numbers(column: str, *, integer: bool = False) -> pd.Series:
        rows = [int(index) + 2 for index in frame.index]
        parsed = to_numbers(
            frame[column],
            result,
            path,
            column=column,
            rows=rows,
            sheet=SHEET,
            letter=letters[column],
            integer=integer,
        )
        if integer and parsed.isna().any():
            row = rows[int(parsed.isna().to_numpy().argmax())]
            raise RaicesError(
                f"celda vacía en {SHEET}!{letters[column]}{row}: se esperaba un código o año",
                file=path,
                row=row,
                column=column,
            )
        return parsed

    frame["year"] = numbers("AÑO", integer=True).astype(int)
    dept = numbers("CODIGO_DEPARTAMENTO", integer=True).astype(int)
    muni = numbers("CODIGO_MUNICIPIO", integer=True).astype(int)
    frame["INSCRITOS"] = numbers("INSCRITOS")
    frame["DOCENTES"] = numbers("DOCENTES")
    frame["code"] = dept * 100 + muni
    totals = (muni == 0) | (dept == 0)
    result.note(
        path,
        f"{int(totals.sum())} filas son totales departamentales o nacionales (municipio 00)",
        "se descartan; los totales se recalculan sumando municipios",
    )
    sectors = frame["SECTOR"] != "TODOS"
    result.note(
        path,
        f"{int((sectors & ~totals).sum())} filas desagregan por sector (oficial, privado, …)",
        "se usa la fila TODOS de cada municipio y año",
    )
    frame = frame.loc[~totals & ~sectors]
    unknown = frame.loc[~frame["code"].isin(known_codes)]
    if not unknown.empty:
        index = unknown.index[0]
        raise RaicesError(
            f"código de municipio desconocido: {int(unknown.at[index, 'code'])}",
            file=path,
            row=int(index) + 2,
            column="CODIGO_MUNICIPIO",
        )
    duplicated = frame.loc[frame.duplicated(["code", "year"], keep=False)]
    if not duplicated.empty:
        index = duplicated.index[1]
        raise RaicesError(
            f"municipio {int(duplicated.at[index, 'code'])} repetido en {int(duplicated.at[index, 'year'])}",
            file=path,
            row=int(index) + 2,
        )
    absent = sorted(known_codes - set(frame["code"]))
    if absent:
        result.note(
            path,
            f"municipios sin datos de matrícula: {', '.join(map(str, absent))} (creados después de 2015)",
            "quedan sin serie",
        )
    teachers = frame["DOCENTES"].astype(float)
    unreported = (teachers == 0) & (frame["INSCRITOS"].astype(float) > 0)
    if unreported.any():
        years = sorted(frame.loc[unreported, "year"].unique())
        result.note(
            path,
            f"{int(unreported.sum())} filas con alumnos inscritos y 0 docentes "
            f"(años {', '.join(map(str, years))}): el dato de docentes no se reportó",
            "docentes_primaria queda como faltante en esas filas",
            column="DOCENTES",
        )
    frame["DOCENTES"] = teachers.mask(unreported)
    series = []
    for column, name in (("INSCRITOS", "matricula_primaria"), ("DOCENTES", "docentes_primaria")):
        series.append(
            pd.DataFrame(
                {
                    "level": "municipio",
                    "code": frame["code"],
                    "series": name,
                    "year": frame["year"],
                    "value": frame[column].astype(float),
                }
            )
        )
    result.series = pd.concat(series, ignore_index=True)[SERIES_COLUMNS]
    return result
