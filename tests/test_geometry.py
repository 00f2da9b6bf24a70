"""analysis.geometry: polygon-only shapes, compact GeoJSON, extents."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import GeometryCollection, LineString, box

from analysis.geometry import areal, extent, geojson_collection


def test_areal_drops_slivers_of_lines():
    shape = GeometryCollection([box(0, 0, 1, 1), LineString([(0, 0), (2, 2)])])
    assert areal(shape).geom_type == "MultiPolygon"
    assert areal(GeometryCollection([LineString([(0, 0), (1, 1)])])) is None


def test_geojson_rounds_and_keys_by_code():
    frame = gpd.GeoDataFrame(geometry=[box(0.123456, 0, 1, 1)], index=[1304])
    collection = geojson_collection(frame, decimals=2)
    feature = collection["features"][0]
    assert feature["id"] == 1304 and feature["properties"] == {}
    assert 0.12 in [x for ring in feature["geometry"]["coordinates"] for x, _ in ring]


def test_extent_of_a_subset():
    frame = gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1), box(5, 5, 6, 7)], index=[1, 2])
    assert extent(frame) == (0.0, 0.0, 6.0, 7.0)
    assert extent(frame, [2]) == (5.0, 5.0, 6.0, 7.0)
