"""IGM returnees by month, sex and age (IOM ``gdidata`` R package, file ``irreg_guatemala.rda``).

One xz-compressed R data frame: ``t`` (month as R ``yearmonth``: days since 1970-01-01 of
the month's first day), ``sex`` (male, female), ``age`` (adult, accompanied child,
unaccompanied child; child = under 18), ``origin`` (MEX, USA) and ``n`` (persons),
January 2020 – April 2025, national only. Annual sums reproduce IGM's published totals.

The source's trap: from 2024 ``origin`` is missing for most rows, so a split by origin
after 2023 would show a collapse of returns from the United States that never happened.
Raíces therefore sums over origin and never publishes the split; the missing origins are
logged in ``quality_issues``. Months of an incomplete year stay in the monthly table but
the year is left out of the annual series, so that a partial year never reads as a fall.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import RaicesError
from analysis.sources.common import (
    SERIES_COLUMNS,
    ReaderResult,
    require_columns,
    require_file,
    to_numbers,
)

SOURCE_ID = "iom_gdidata"
FILE = "iom_gdidata/irreg_guatemala.rda"
OBJECT = "irreg_guatemala"
#: English source categories → Raíces codes (Spanish, stable snake_case)
SEXES = {"male": "hombre", "female": "mujer"}
AGES = {
    "adult": "adulto",
    "accompanied child": "nna_acompanado",
    "unaccompanied child": "nna_no_acompanado",
}
#: Annual national series written to ``series`` (total, then by sex, then by age group).
SERIES_TOTAL = "retornados_igm"
SERIES_BY_SEX = {code: f"retornados_igm_{code}" for code in SEXES.values()}
SERIES_BY_AGE = {code: f"retornados_igm_{code}" for code in AGES.values()}
MONTHLY_COLUMNS = ["month", "year", "sex", "age", "persons"]


def _load(path: Path) -> pd.DataFrame:
    """The R data frame, or a clear error for a damaged or unexpected file."""
    try:
        import rdata

        with warnings.catch_warnings():
            # rdata warns that it has no constructor for tibble/yearmonth classes; the
            # underlying vectors (numbers and strings) are what Raíces reads.
            warnings.simplefilter("ignore", UserWarning)
            objects = rdata.read_rda(path)
    except Exception as error:  # rdata raises its own types for damaged or truncated files
        raise RaicesError(
            f"no se pudo leer el archivo de datos de R (dañado o truncado): {error}", file=path
        ) from error
    if OBJECT not in objects:
        raise RaicesError(
            f"el archivo no contiene la tabla «{OBJECT}» (contiene: {', '.join(objects)})",
            file=path,
        )
    frame = objects[OBJECT]
    if not isinstance(frame, pd.DataFrame):
        raise RaicesError(f"«{OBJECT}» no es una tabla de datos", file=path)
    return frame.reset_index(drop=True)


def _categories(
    frame: pd.DataFrame, column: str, known: dict[str, str], path: Path, rows: list[int]
) -> pd.Series:
    text = frame[column].astype("string")
    bad = text.isna() | ~text.isin(list(known))
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        raise RaicesError(
            f"categoría desconocida «{frame[column].iloc[position]}»; se esperaba "
            f"{', '.join(known)}",
            file=path,
            row=rows[position],
            column=column,
        )
    return text.map(known).astype(str)


def read(raw: Path) -> ReaderResult:
    """Monthly table ``stg_returnees_monthly`` and annual national series by sex and age."""
    path = require_file(raw / FILE)
    frame = _load(path)
    require_columns(frame, ["t", "sex", "age", "origin", "n"], path, f"la tabla {OBJECT}")
    if frame.empty:
        raise RaicesError(f"la tabla «{OBJECT}» no tiene filas", file=path)
    result = ReaderResult(SOURCE_ID)
    rows = list(range(1, len(frame) + 1))  # the R data frame's row numbers
    days = to_numbers(frame["t"], result, path, column="t", rows=rows, integer=True)
    persons = to_numbers(frame["n"], result, path, column="n", rows=rows)
    for mask, what, column in (
        (days.isna(), "mes vacío", "t"),
        (persons < 0, "número de personas negativo", "n"),
    ):
        if mask.any():
            position = int(np.flatnonzero(mask.to_numpy())[0])
            raise RaicesError(what, file=path, row=rows[position], column=column)
    month = pd.to_datetime(days.astype("int64"), unit="D", origin="unix")
    if (month.dt.day != 1).any():
        position = int(np.flatnonzero((month.dt.day != 1).to_numpy())[0])
        raise RaicesError(
            "se esperaba el primer día de un mes (días desde 1970-01-01 de un «yearmonth»)",
            file=path,
            row=rows[position],
            column="t",
        )
    tidy = pd.DataFrame(
        {
            "month": month,
            "year": month.dt.year.astype(int),
            "sex": _categories(frame, "sex", SEXES, path, rows),
            "age": _categories(frame, "age", AGES, path, rows),
            "persons": persons.fillna(0.0),
        }
    )
    no_origin = frame["origin"].isna()
    if no_origin.any():
        by_year = tidy.loc[no_origin.to_numpy()].groupby("year")["persons"].sum()
        result.note(
            path,
            "origen (México / Estados Unidos) no informado en "
            + ", ".join(f"{year}: {int(total):,} personas" for year, total in by_year.items()),
            "se suman todos los orígenes; no se publica la división por origen (no es "
            "válida desde 2024)",
            column="origin",
        )
    monthly = tidy.groupby(["month", "year", "sex", "age"], as_index=False)["persons"].sum()
    months_per_year = monthly.groupby("year")["month"].nunique()
    partial = sorted(int(y) for y in months_per_year.index[months_per_year < 12])
    if partial:
        result.note(
            path,
            "año(s) incompleto(s): "
            + ", ".join(f"{y} ({int(months_per_year[y])} meses)" for y in partial),
            "los meses se conservan; el año no entra en la serie anual",
            column="t",
        )
    result.tables["stg_returnees_monthly"] = monthly[MONTHLY_COLUMNS]
    annual = monthly.loc[~monthly["year"].isin(partial)]
    pieces = [annual.groupby("year")["persons"].sum().rename(SERIES_TOTAL)]
    for column, names in (("sex", SERIES_BY_SEX), ("age", SERIES_BY_AGE)):
        table = annual.pivot_table(index="year", columns=column, values="persons", aggfunc="sum")
        pieces += [table[code].rename(name) for code, name in names.items()]
    long = (
        pd.concat(pieces, axis=1)
        .reset_index()
        .melt(id_vars="year", var_name="series", value_name="value")
    )
    long["level"] = "nacional"
    long["code"] = 0
    result.series = long[SERIES_COLUMNS].astype({"year": int, "value": float})
    return result
