"""Read API over the built database and layers: the one way downstream code reads data.

Every function takes an optional ``db_path`` (default :func:`analysis.paths.database_path`);
boundary layers are read from the same folder as the database. A missing build raises
:class:`~analysis.errors.DataMissingError` with the command that fixes it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from analysis import paths
from analysis.defaults import LEVELS
from analysis.errors import DataMissingError, RaicesError

if TYPE_CHECKING:  # geopandas is imported only when boundaries are read
    import geopandas as gpd

#: columns of the wide marts that describe a territory rather than measure it
CONTEXT_COLUMNS = {
    "municipio": [
        "name",
        "dept_code",
        "dept_name",
        "pcode",
        "pueblo_mayoritario",
        "mayoria_indigena",
        "area_predominante",
    ],
    "departamento": ["name", "dept_code", "dept_name", "pcode"],
}


def _database(db_path: Path | str | None) -> Path:
    path = Path(db_path) if db_path else paths.database_path()
    if not path.is_file():
        raise DataMissingError(
            f"no existe la base de datos procesada {path}",
            hint="ejecute `raices fetch` y luego `raices build` primero",
        )
    return path


def query(
    sql: str, db_path: Path | str | None = None, parameters: list | None = None
) -> pd.DataFrame:
    """Run a read-only query against the built database and return a DataFrame."""
    with duckdb.connect(str(_database(db_path)), read_only=True) as con:
        return con.execute(sql, parameters or []).fetchdf()


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise RaicesError(f"nivel desconocido «{level}»; use «municipio» o «departamento»")


def load_catalog(db_path: Path | str | None = None) -> pd.DataFrame:
    """The indicator catalogue (published sources and, when present, analysts' own indicators).

    Index: indicator id. Columns: label_es, label_en, theme, direction, unit_es, unit_en,
    source_id, year, levels, lens, range_min, range_max, in_default, dept_method,
    description_es, origin (``source`` or ``user``), has_se.
    """
    catalog = query("select * from indicator_catalog", db_path)
    catalog["in_default"] = catalog["in_default"].astype(bool)
    catalog["direction"] = catalog["direction"].astype(int)
    user = _user_catalog()
    if user is not None and not user.empty:
        catalog = pd.concat([catalog, user.reset_index()], ignore_index=True)
    return catalog.set_index("indicator")


def load_themes(db_path: Path | str | None = None) -> pd.DataFrame:
    """Themes in display order; index: theme id."""
    return query("select * from themes order by sort_order", db_path).set_index("theme")


def load_territories(level: str = "municipio", db_path: Path | str | None = None) -> pd.DataFrame:
    """The wide mart of a level, indexed by ``code``.

    Columns: ``name``, ``dept_code``, ``dept_name``, ``pcode`` (and for municipios
    ``pueblo_mayoritario``, ``mayoria_indigena``, ``area_predominante``), then one float
    column per indicator (including analysts' own indicators when present).
    """
    _check_level(level)
    if level == "municipio":
        frame = query("select * from municipios order by muni_code", db_path)
        frame = frame.rename(columns={"muni_code": "code", "muni_name": "name"})
    else:
        frame = query("select * from departamentos order by dept_code", db_path)
        frame["code"] = frame["dept_code"]
        frame = frame.rename(columns={"dept_name": "name"})
        frame["dept_name"] = frame["name"]
    frame = frame.set_index("code")
    frame.index = frame.index.astype("int64")
    user = _user_values(level, db_path)
    if user is not None and not user.empty:
        frame = frame.join(user, how="left")
    context = CONTEXT_COLUMNS[level]
    indicators = [c for c in frame.columns if c not in context]
    frame[indicators] = frame[indicators].astype("float64")
    return frame[context + indicators]


def load_indicators(
    level: str = "municipio", indicators: list[str] | None = None, db_path: Path | str | None = None
) -> pd.DataFrame:
    """Indicator matrix of a level: index ``code``, one float column per indicator."""
    frame = load_territories(level, db_path)
    columns = [c for c in frame.columns if c not in CONTEXT_COLUMNS[level]]
    if indicators is not None:
        unknown = [i for i in indicators if i not in columns]
        if unknown:
            raise RaicesError(f"indicadores desconocidos: {', '.join(unknown)}")
        columns = list(indicators)
    return frame[columns]


def load_standard_errors(
    level: str = "municipio", db_path: Path | str | None = None
) -> pd.DataFrame:
    """Published standard errors, same index and columns as :func:`load_indicators`; NaN where none."""
    values = load_indicators(level, db_path=db_path)
    long = query(
        "select code, indicator, se from indicator_values where level = ? and se is not null",
        db_path,
        [level],
    )
    wide = long.pivot(index="code", columns="indicator", values="se")
    wide.index = wide.index.astype("int64")
    return wide.reindex(index=values.index, columns=values.columns).astype("float64")


def load_national_values(db_path: Path | str | None = None) -> pd.Series:
    """National value of each indicator (index: indicator id).

    Computed in the build with the same explicit weights as the departamento values, or
    taken from a published national estimate where the source has one (poverty 2023 from
    the direct ENCOVI 2023 estimate, 56.0 %; poverty 2014 from the ENCOVI microdata).
    """
    frame = query(
        "select indicator, value from indicator_values where level = 'nacional' order by indicator",
        db_path,
    )
    return frame.set_index("indicator")["value"].astype("float64")


def boundaries_file(level: str = "municipio", db_path: Path | str | None = None) -> Path:
    """The simplified boundaries' GeoParquet file of ``level`` (beside the database)."""
    _check_level(level)
    folder = _database(db_path).parent
    file = folder / (
        "municipios.geoparquet" if level == "municipio" else "departamentos.geoparquet"
    )
    if not file.is_file():
        raise DataMissingError(
            f"no existe la capa de límites {file}", hint="ejecute `raices build` primero"
        )
    return file


def load_boundaries(
    level: str = "municipio", db_path: Path | str | None = None
) -> gpd.GeoDataFrame:
    """Simplified boundaries (EPSG:4326) indexed by ``code`` with ``name`` and ``dept_code``."""
    import geopandas as gpd

    frame = gpd.read_parquet(boundaries_file(level, db_path)).set_index("code")
    frame.index = frame.index.astype("int64")
    return frame


def load_series(
    series: str | None = None, level: str | None = None, db_path: Path | str | None = None
) -> pd.DataFrame:
    """Long time series (level, code, series, year, value), optionally filtered."""
    sql = "select * from series where (? is null or series = ?) and (? is null or level = ?)"
    return query(sql, db_path, [series, series, level, level])


def load_sources(db_path: Path | str | None = None) -> pd.DataFrame:
    """Provenance of every source file (publisher, licence, URL, sha256)."""
    return query("select * from sources", db_path)


def load_quality_issues(db_path: Path | str | None = None) -> pd.DataFrame:
    """Every value a reader repaired or set aside, and why."""
    return query("select * from quality_issues", db_path)


def load_returnee_reports(db_path: Path | str | None = None) -> pd.DataFrame:
    """National returnee figures with the report each one comes from."""
    return query("select * from returnee_reports order by year", db_path)


def load_pcode_crosswalk(db_path: Path | str | None = None) -> pd.DataFrame:
    """INE code ↔ OCHA P-code (COD-AB 2019)."""
    return query("select * from pcode_crosswalk", db_path)


def build_info(db_path: Path | str | None = None) -> dict[str, str]:
    """Build metadata: built_at, raices_version, data_vintage, raw_folder, checksums_verified."""
    frame = query("select key, value from build_info", db_path)
    return dict(zip(frame["key"], frame["value"], strict=True))


# --- analysts' own indicators (the user layer, kept apart from the published sources) ---


def _user_catalog() -> pd.DataFrame | None:
    """Catalogue rows of the user layer, if the user-data package provides them."""
    try:
        from analysis.userdata import layer
    except ImportError:
        return None
    return layer.list_user_indicators()


def _user_values(level: str, db_path: Path | str | None = None) -> pd.DataFrame | None:
    """Wide user-layer values of a level (index code), if any.

    Departamento values need the municipal population and the list of municipios: they
    are read here from the published mart, so that the user layer never reads the store
    (no import cycle).
    """
    try:
        from analysis.userdata import layer
    except ImportError:
        return None
    if level != "departamento":
        return layer.load_user_indicators(level)
    municipal = query("select * from municipios", db_path).set_index("muni_code")
    municipal.index = municipal.index.astype("int64")
    population = municipal["poblacion"].astype(float) if "poblacion" in municipal else None
    return layer.load_user_indicators(level, population=population, territories=municipal.index)
