"""MINFIN municipal revenue execution 2017 (CSV, one row per municipality and revenue item).

Entity codes are ``121DDMM`` + padding (``12100101`` = municipalidad de Guatemala, 0101);
amounts carry thousands separators. The reader sums the amount received (``Percibido``)
into own revenue and transfers per municipio; the pipeline turns them into indicators.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from analysis.errors import RaicesError
from analysis.sources.common import (
    ReaderResult,
    check_codes,
    require_columns,
    require_file,
    to_numbers,
)

SOURCE_ID = "minfin_munis_2017"
FILE = "ogp_minfin_mineduc/munis2017.csv"
#: revenue classes (Código Clase) counted as the municipality's own revenue
OWN_CLASSES = (10000, 11000, 13000, 14000, 15000, 18000)
#: current and capital transfers from central government
TRANSFER_CLASSES = (16000, 17000)
COLUMNS = ["Ejercicio", "Código Entidad", "Código Clase", "Percibido"]


def parse_amount(text: object) -> float:
    """Parse ``"1,234.50"`` → 1234.5; empty → 0.

    Examples
    --------
    >>> parse_amount("225,714,690.86"), parse_amount(0), parse_amount("")
    (225714690.86, 0.0, 0.0)
    """
    if text is None or (isinstance(text, float) and pd.isna(text)) or str(text).strip() == "":
        return 0.0
    number = float(str(text).replace(",", ""))
    if not math.isfinite(number):
        raise ValueError(f"importe no finito: {text!r}")
    return number


def read(raw: Path, known_codes: set[int]) -> ReaderResult:
    """Own revenue and transfers received in 2017 per municipio (table ``stg_municipal_finance``)."""
    path = require_file(raw / FILE)
    try:
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    except pd.errors.EmptyDataError as error:
        raise RaicesError("el CSV está vacío (sin encabezados ni filas)", file=path) from error
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise RaicesError(f"no se pudo leer el CSV: {error}", file=path) from error
    require_columns(frame, COLUMNS, path)
    if frame.empty:
        raise RaicesError("el CSV no tiene filas de datos", file=path)
    result = ReaderResult(SOURCE_ID)
    empty = frame.index[frame["Código Entidad"].isna()]
    for index in empty:
        result.note(
            path,
            "fila sin código de entidad",
            "se descarta",
            row=int(index) + 2,
            column="Código Entidad",
        )
    frame = frame.drop(index=empty)
    entity = frame["Código Entidad"].str.strip()
    bad = frame.index[~entity.str.fullmatch(r"121\d{5}")]
    if len(bad):
        raise RaicesError(
            f"código de entidad inesperado {entity[bad[0]]!r} (se esperaba 121DDMMM)",
            file=path,
            row=int(bad[0]) + 2,
            column="Código Entidad",
        )
    frame["code"] = entity.str[-4:].astype(int)
    amounts = []
    for index, text in frame["Percibido"].items():
        try:
            amounts.append(parse_amount(text))
        except ValueError as error:
            raise RaicesError(
                f"importe no numérico «{text}»", file=path, row=int(index) + 2, column="Percibido"
            ) from error
    frame["amount"] = amounts
    blank = frame["Percibido"].isna() | (frame["Percibido"].astype(str).str.strip() == "")
    if blank.any():
        result.note(
            path,
            f"{int(blank.sum())} partidas sin importe percibido",
            "se cuentan como 0 quetzales percibidos (una partida sin ejecución)",
            row=int(frame.index[blank.to_numpy()][0]) + 2,
            column="Percibido",
        )
    frame["klass"] = to_numbers(
        frame["Código Clase"],
        result,
        path,
        column="Código Clase",
        rows=[int(index) + 2 for index in frame.index],
        integer=True,
    )
    frame["own"] = frame["amount"].where(frame["klass"].isin(OWN_CLASSES), 0.0)
    frame["transfers"] = frame["amount"].where(frame["klass"].isin(TRANSFER_CLASSES), 0.0)
    totals = frame.groupby("code", as_index=False)[["own", "transfers"]].sum()
    check_codes(totals["code"], known_codes, path, first_row=2, column="Código Entidad")
    result.tables["stg_municipal_finance"] = totals.rename(
        columns={"own": "own_revenue", "transfers": "transfers"}
    )
    return result
