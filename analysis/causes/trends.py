"""Trends: growth of the time series per territory and nationally.

The built database holds, in long form (``level, code, series, year, value``), INE
population projections 2012–2020 by municipio, MINEDUC primary enrolment and teachers
1992–2016 by municipio, and national returnees by year. An analyst can add municipal
series the mirror does not have — PNC homicides, IGM/OIM returnees by municipio of
origin — as a CSV in the same long form (:func:`read_series_file`), and every function
here treats them like the built ones; :func:`rates_per_population` turns such counts into
rates with the projected population of the same year.

Policies (named parameters, documented defaults):

``zero_as_missing=True``
    In these count series a value of exactly 0 for a whole territory-year means "not
    reported" (e.g. teachers before 2003), not "none"; it is treated as missing.
Growth needs two years with positive values; otherwise it is left missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import RaicesError

SERIES_COLUMNS: tuple[str, ...] = ("level", "code", "series", "year", "value")
LEVELS: tuple[str, ...] = ("municipio", "departamento", "nacional")
NATIONAL_CODE = 0


def validate_series(frame: pd.DataFrame, *, file: str | Path | None = None) -> pd.DataFrame:
    """Check a long series table and return it with clean dtypes.

    Parameters
    ----------
    frame
        Table with the columns ``level, code, series, year, value``.
    file
        File the table came from, named in error messages.

    Raises
    ------
    RaicesError
        Naming the column and the first offending row (as a spreadsheet numbers it,
        header = row 1) for missing columns, unknown levels, non-numeric codes, years or
        values, municipal codes outside 101–2217, and duplicated rows.
    """
    missing = [column for column in SERIES_COLUMNS if column not in frame.columns]
    if missing:
        raise RaicesError(
            f"faltan las columnas {missing}; se esperan {list(SERIES_COLUMNS)}",
            file=file,
            column=missing[0],
        )
    table = frame.loc[:, list(SERIES_COLUMNS)].copy().reset_index(drop=True)

    def first_bad(mask: pd.Series) -> int:
        return int(np.flatnonzero(mask.to_numpy())[0]) + 2

    bad_level = ~table["level"].isin(LEVELS)
    if bad_level.any():
        raise RaicesError(
            f"nivel «{table.loc[bad_level.idxmax(), 'level']}» desconocido; use {list(LEVELS)}",
            file=file,
            row=first_bad(bad_level),
            column="level",
        )
    for column in ("code", "year", "value"):
        converted = pd.to_numeric(table[column], errors="coerce")
        bad = converted.isna() & (table[column].notna() if column == "value" else True)
        if bad.any():
            raise RaicesError(
                f"«{table.loc[bad.idxmax(), column]}» no es un número",
                file=file,
                row=first_bad(bad),
                column=column,
            )
        table[column] = converted
    if (table["code"] % 1 != 0).any() or (table["year"] % 1 != 0).any():
        column = "code" if (table["code"] % 1 != 0).any() else "year"
        raise RaicesError(
            "se esperaba un número entero",
            file=file,
            row=first_bad(table[column] % 1 != 0),
            column=column,
        )
    table["code"] = table["code"].astype(int)
    table["year"] = table["year"].astype(int)
    table["value"] = table["value"].astype(float)
    table["series"] = table["series"].astype(str)
    municipal = table["level"] == "municipio"
    bad_code = municipal & ~table["code"].between(101, 2217)
    bad_code |= (table["level"] == "departamento") & ~table["code"].between(1, 22)
    if bad_code.any():
        raise RaicesError(
            f"código {table.loc[bad_code.idxmax(), 'code']} fuera de rango "
            "(municipio 101–2217 = departamento × 100 + municipio; departamento 1–22)",
            file=file,
            row=first_bad(bad_code),
            column="code",
        )
    duplicated = table.duplicated(["level", "code", "series", "year"], keep="first")
    if duplicated.any():
        raise RaicesError(
            "fila repetida: el mismo territorio, serie y año aparecen dos veces",
            file=file,
            row=first_bad(duplicated),
            column="year",
        )
    return table


def read_series_file(
    path: str | Path,
    *,
    series: str | None = None,
    level: str = "municipio",
) -> pd.DataFrame:
    """Read an analyst's series (e.g. PNC homicides by municipio) from a long CSV.

    Accepted columns: ``code`` or ``muni_code`` (INE code), ``year``, ``value``, and
    optionally ``series`` and ``level``. Missing ``series`` / ``level`` columns are filled
    from the arguments (``series`` defaults to the file name).

    Parameters
    ----------
    path
        CSV file (UTF-8; comma or semicolon separated).
    series
        Series name when the file has no ``series`` column.
    level
        Level when the file has no ``level`` column.

    Returns
    -------
    pandas.DataFrame
        Validated long table (see :func:`validate_series`).
    """
    path = Path(path)
    if not path.is_file():
        raise RaicesError("no se encontró el archivo", file=path)
    try:
        frame = pd.read_csv(path, sep=None, engine="python", encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise RaicesError(
            f"no se pudo leer como CSV: {error}", file=path, hint="guárdelo como CSV UTF-8"
        ) from error
    frame.columns = [str(column).strip().lower() for column in frame.columns]
    if "code" not in frame.columns and "muni_code" in frame.columns:
        frame = frame.rename(columns={"muni_code": "code"})
    if "series" not in frame.columns:
        frame["series"] = series or path.stem
    if "level" not in frame.columns:
        frame["level"] = level
    return validate_series(frame, file=path)


def _prepared(series: pd.DataFrame, zero_as_missing: bool) -> pd.DataFrame:
    table = validate_series(series)
    if zero_as_missing:
        table.loc[table["value"] == 0, "value"] = np.nan
    return table.dropna(subset=["value"])


def growth_rates(
    series: pd.DataFrame,
    *,
    start: int | None = None,
    end: int | None = None,
    zero_as_missing: bool = True,
) -> pd.DataFrame:
    """Change between the first and last available year, per territory and series.

    Parameters
    ----------
    series
        Long table ``level, code, series, year, value`` (``store.load_series()``).
    start, end
        Years to restrict to (inclusive); default all.
    zero_as_missing
        Treat values of exactly 0 as not reported (see module docstring).

    Returns
    -------
    pandas.DataFrame
        One row per ``level, code, series`` with ``first_year, last_year, n_years,
        first_value, last_value, change, change_pct, annual_growth_pct`` (compound annual
        rate between the end points) and ``trend_pct`` (slope of a log-linear fit over all
        years, in % per year; less sensitive than the end points to one erratic year).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"level": "nacional", "code": 0, "series": "x",
    ...                   "year": [2010, 2011, 2012], "value": [100.0, 110.0, 121.0]})
    >>> float(round(growth_rates(s).loc[0, "annual_growth_pct"], 6))
    10.0
    """
    table = _prepared(series, zero_as_missing)
    if start is not None:
        table = table[table["year"] >= start]
    if end is not None:
        table = table[table["year"] <= end]
    keys = ["level", "code", "series"]
    table = table.sort_values([*keys, "year"])
    grouped = table.groupby(keys, sort=True)
    result = grouped.agg(
        first_year=("year", "first"),
        last_year=("year", "last"),
        n_years=("year", "size"),
        first_value=("value", "first"),
        last_value=("value", "last"),
    )
    result["change"] = result["last_value"] - result["first_value"]
    span = (result["last_year"] - result["first_year"]).astype(float)
    valid = (span > 0) & (result["first_value"] > 0) & (result["last_value"] > 0)
    ratio = (result["last_value"] / result["first_value"]).where(valid)
    result["change_pct"] = 100 * (ratio - 1)
    result["annual_growth_pct"] = 100 * (ratio ** (1 / span.where(valid)) - 1)
    # Log-linear trend per group from grouped sums (least-squares slope of log(value) on year).
    positive = table[table["value"] > 0].assign(log_value=lambda f: np.log(f["value"]))
    positive["year_c"] = positive["year"] - positive.groupby(keys)["year"].transform("mean")
    positive["log_c"] = positive["log_value"] - positive.groupby(keys)["log_value"].transform(
        "mean"
    )
    sums = (
        positive.assign(xy=positive["year_c"] * positive["log_c"], xx=positive["year_c"] ** 2)
        .groupby(keys)[["xy", "xx"]]
        .sum()
    )
    slope = (sums["xy"] / sums["xx"].where(sums["xx"] > 0)).reindex(result.index)
    result["trend_pct"] = 100 * (np.exp(slope) - 1)
    result = result.reset_index()
    for column in ("code", "first_year", "last_year", "n_years"):
        result[column] = result[column].astype(int)
    return result[
        [
            "level",
            "code",
            "series",
            "first_year",
            "last_year",
            "n_years",
            "first_value",
            "last_value",
            "change",
            "change_pct",
            "annual_growth_pct",
            "trend_pct",
        ]
    ]


def growth_table(
    series: pd.DataFrame,
    *,
    start: int | None = None,
    end: int | None = None,
    names: pd.Series | None = None,
    zero_as_missing: bool = True,
) -> pd.DataFrame:
    """:func:`growth_rates` indexed by territory code, with the territories' names first.

    Parameters
    ----------
    series, start, end, zero_as_missing
        As for :func:`growth_rates` (one series at one level, so that codes are unique).
    names
        Display name per code, put first as ``name`` (codes it lacks get a missing name);
        default none.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"level": "municipio", "code": 101, "series": "x",
    ...                   "year": [2010, 2012], "value": [100.0, 121.0]})
    >>> table = growth_table(s, names=pd.Series({101: "Guatemala"}))
    >>> table.loc[101, "name"], round(float(table.loc[101, "annual_growth_pct"]), 6)
    ('Guatemala', 10.0)
    """
    table = growth_rates(series, start=start, end=end, zero_as_missing=zero_as_missing)
    table = table.set_index("code")
    if names is not None:
        table.insert(0, "name", names.reindex(table.index))
    return table


#: Display order of the built series: migration first, then its context.
SERIES_ORDER: tuple[str, ...] = (
    "retornados",
    "poblacion_proyectada",
    "matricula_primaria",
    "docentes_primaria",
)


def series_order(names: Iterable[str]) -> list[str]:
    """Series names in display order: :data:`SERIES_ORDER` first, any other (added later,
    or an analyst's) after them, alphabetically.

    >>> series_order(["zeta", "poblacion_proyectada", "alfa", "retornados", "alfa"])
    ['retornados', 'poblacion_proyectada', 'alfa', 'zeta']
    """
    present = set(names)
    known = [name for name in SERIES_ORDER if name in present]
    return known + sorted(present - set(known))


def series_years(series: pd.DataFrame) -> pd.DataFrame:
    """Which series exist at which level, with their year range.

    Parameters
    ----------
    series
        Long table ``level, code, series, year, value`` (``store.load_series()``).

    Returns
    -------
    pandas.DataFrame
        One row per series and level: ``series, level, first_year, last_year``, series in
        :func:`series_order`, levels alphabetically within a series.
    """
    table = (
        series.groupby(["series", "level"])["year"]
        .agg(first_year="min", last_year="max")
        .reset_index()
    )
    rank = {name: position for position, name in enumerate(series_order(table["series"]))}
    return table.sort_values(
        ["series", "level"],
        key=lambda column: column.map(rank) if column.name == "series" else column,
    ).reset_index(drop=True)


def annual_changes(series: pd.DataFrame, *, zero_as_missing: bool = True) -> pd.DataFrame:
    """The series with the change from the previous available year, in %.

    Returns the long table plus ``previous_year`` and ``change_pct``; the first year of
    each territory-series has no change.
    """
    table = _prepared(series, zero_as_missing).sort_values(["level", "code", "series", "year"])
    grouped = table.groupby(["level", "code", "series"], sort=False)
    table["previous_year"] = grouped["year"].shift(1)
    previous = grouped["value"].shift(1)
    table["change_pct"] = 100 * (table["value"] / previous.where(previous > 0) - 1)
    return table.reset_index(drop=True)


def national_totals(series: pd.DataFrame, *, zero_as_missing: bool = True) -> pd.DataFrame:
    """National series by summing municipal counts, for series without a national row.

    A year is summed only when every municipio that reports the series in any year
    reports it that year; otherwise the total would fall just because data are missing.
    """
    table = _prepared(series, zero_as_missing)
    municipal = table[table["level"] == "municipio"]
    national_names = set(table.loc[table["level"] == "nacional", "series"])
    rows = []
    for name, group in municipal.groupby("series"):
        if name in national_names:
            continue
        expected = group["code"].nunique()
        totals = group.groupby("year").agg(value=("value", "sum"), n=("code", "nunique"))
        totals = totals[totals["n"] == expected]
        for year, total in totals["value"].items():
            rows.append(("nacional", NATIONAL_CODE, name, int(year), float(total)))
    return pd.DataFrame(rows, columns=list(SERIES_COLUMNS))


def rates_per_population(
    counts: pd.DataFrame,
    population: pd.DataFrame,
    *,
    per: float = 100_000.0,
    max_year_gap: int = 2,
) -> pd.DataFrame:
    """Turn count series (homicides, returnees) into rates per ``per`` inhabitants.

    Each count is divided by the population of the same territory in the same year, or
    the nearest projected year within ``max_year_gap`` years (INE projections end in
    2020); beyond that the rate is missing.

    Parameters
    ----------
    counts
        Long count series.
    population
        Long population series (e.g. ``store.load_series("poblacion_proyectada")``).
    per
        Rate scale.
    max_year_gap
        Largest distance in years to the population year used.

    Returns
    -------
    pandas.DataFrame
        Long table with ``series`` renamed ``tasa_<series>`` and ``population_year``.
    """
    counts = validate_series(counts)
    population = validate_series(population)
    rows = []
    by_territory = {key: group for key, group in population.groupby(["level", "code"])}
    for row in counts.itertuples(index=False):
        group = by_territory.get((row.level, row.code))
        rate, used = np.nan, np.nan
        if group is not None:
            gap = (group["year"] - row.year).abs()
            nearest = group.loc[gap.idxmin()]
            if gap.min() <= max_year_gap and nearest["value"] > 0:
                rate = row.value / nearest["value"] * per
                used = int(nearest["year"])
        rows.append((row.level, row.code, f"tasa_{row.series}", row.year, rate, used))
    return pd.DataFrame(rows, columns=[*SERIES_COLUMNS, "population_year"])


# --------------------------------------------------------------------------- returnees by sex and age

#: Lenses of the IGM returnee table: the column each one splits by, and its groups in order.
RETURNEE_LENSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "sexo": ("sex", ("hombre", "mujer")),
    "edad": ("age", ("adulto", "nna_acompanado", "nna_no_acompanado")),
}
#: The group the pilot plan singles out: children who return without an adult.
KEY_SEGMENT = "nna_no_acompanado"
RETURNEE_PERIODS: tuple[str, ...] = ("mes", "año")


def load_returnees_monthly(db_path: str | Path | None = None) -> pd.DataFrame:
    """IGM returnees by month, sex and age group (table ``returnees_monthly``).

    Returns
    -------
    pandas.DataFrame
        ``month`` (datetime, first day), ``year``, ``sex`` (``hombre``/``mujer``), ``age``
        (``adulto``, ``nna_acompanado``, ``nna_no_acompanado``) and ``persons``. National
        only; never split by origin (the source leaves it blank from 2024).
    """
    from analysis import store

    frame = store.query("select * from returnees_monthly order by month, sex, age", db_path)
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def returnees_by_lens(
    monthly: pd.DataFrame, *, lens: str = "edad", period: str = "año", complete_years: bool = True
) -> pd.DataFrame:
    """Returnees per period and group of one lens, with each group's share of the period.

    Parameters
    ----------
    monthly
        Table of :func:`load_returnees_monthly`.
    lens
        ``"sexo"`` or ``"edad"`` (see :data:`RETURNEE_LENSES`).
    period
        ``"mes"`` (one row per month and group) or ``"año"``.
    complete_years
        With ``period="año"``, leave out years with fewer than 12 months (2025 has four), so a
        partial year never reads as a fall.

    Returns
    -------
    pandas.DataFrame
        ``period`` (first day of the month, or the year), ``group``, ``persons``, ``share``
        (of the period's total) and ``key_segment`` (True for unaccompanied children).

    Examples
    --------
    >>> m = pd.DataFrame({"month": pd.to_datetime(["2020-01-01"] * 2), "year": 2020,
    ...                   "sex": ["hombre", "mujer"], "age": "adulto", "persons": [3.0, 1.0]})
    >>> returnees_by_lens(m, lens="sexo", period="mes")[["group", "share"]].values.tolist()
    [['hombre', 0.75], ['mujer', 0.25]]
    """
    if lens not in RETURNEE_LENSES:
        raise RaicesError(f"lente «{lens}» desconocida; use {', '.join(RETURNEE_LENSES)}")
    if period not in RETURNEE_PERIODS:
        raise RaicesError(f"periodo «{period}» desconocido; use {', '.join(RETURNEE_PERIODS)}")
    column, groups = RETURNEE_LENSES[lens]
    table = monthly.copy()
    if period == "año":
        table["period"] = table["year"].astype(int)
        if complete_years:
            months = table.groupby("period")["month"].nunique()
            table = table[table["period"].isin(months.index[months == 12])]
    else:
        table["period"] = table["month"]
    out = (
        table.groupby(["period", column], as_index=False)["persons"]
        .sum()
        .rename(columns={column: "group"})
    )
    out["group"] = pd.Categorical(out["group"], categories=list(groups), ordered=True)
    out = out.sort_values(["period", "group"]).reset_index(drop=True)
    totals = out.groupby("period")["persons"].transform("sum")
    out["share"] = out["persons"] / totals.where(totals > 0)
    out["group"] = out["group"].astype(str)
    out["key_segment"] = out["group"] == KEY_SEGMENT
    return out[["period", "group", "persons", "share", "key_segment"]]
