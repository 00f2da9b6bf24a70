"""Boundaries made ready for web maps: polygon-only shapes, a compact GeoJSON and the
extent of a set of territories.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> frame = gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1), box(1, 0, 3, 2)], index=[101, 102])
>>> [f["id"] for f in geojson_collection(frame)["features"]]
[101, 102]
>>> extent(frame), extent(frame, [101])
((0.0, 0.0, 3.0, 2.0), (0.0, 0.0, 1.0, 1.0))
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pandas as pd

COORDINATE_DECIMALS = 4
"""≈ 11 m: finer than the simplified boundaries, a much smaller JSON."""


def areal(geometry: Any) -> Any:
    """Polygonal part of a geometry: simplification can leave slivers of lines inside a
    GeometryCollection (Ocós, 1218), which a choropleth cannot fill."""
    from shapely.geometry import MultiPolygon, Polygon

    if geometry is None or geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    polygons: list[Polygon] = []
    for part in getattr(geometry, "geoms", []):
        if part.geom_type == "Polygon":
            polygons.append(part)
        elif part.geom_type == "MultiPolygon":
            polygons.extend(part.geoms)
    return MultiPolygon(polygons) if polygons else None


def _round(coordinates: Any, decimals: int) -> Any:
    if isinstance(coordinates, (int, float)):
        return round(float(coordinates), decimals)
    return [_round(c, decimals) for c in coordinates]


def geojson_collection(
    boundaries: pd.DataFrame, *, decimals: int = COORDINATE_DECIMALS
) -> dict[str, Any]:
    """FeatureCollection of ``boundaries`` (GeoDataFrame indexed by code): feature ``id``
    = code, no properties, coordinates rounded to ``decimals``, polygons only."""
    frame = boundaries[["geometry"]].copy()
    frame["geometry"] = frame.geometry.apply(areal)
    collection = json.loads(frame.to_json(drop_id=False))
    for feature in collection["features"]:
        feature["id"] = int(feature["id"])
        feature["properties"] = {}
        feature["geometry"]["coordinates"] = _round(feature["geometry"]["coordinates"], decimals)
    collection.pop("bbox", None)
    return collection


def extent(
    boundaries: pd.DataFrame, codes: Iterable[int] | None = None
) -> tuple[float, float, float, float]:
    """``(west, south, east, north)`` of the territories ``codes`` (all when ``None``)."""
    frame = boundaries if codes is None else boundaries.loc[boundaries.index.isin(list(codes))]
    west, south, east, north = frame.total_bounds
    return float(west), float(south), float(east), float(north)
