"""Contiguous regions (analysis/causes/regions.py): SKATER on a lattice, names, no global RNG."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from analysis.causes.regions import describe_regions, named_regions, spatial_regions
from analysis.errors import RaicesError


def _lattice_regions() -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """Synthetic 6×6 lattice: left half high, right half low (two contiguous regions)."""
    cells = [box(c, -r, c + 1, -r + 1) for r in range(6) for c in range(6)]
    boundaries = gpd.GeoDataFrame(geometry=cells, index=range(36), crs="EPSG:32615")
    values = pd.DataFrame({"a": [5.0 if i % 6 < 3 else 0.0 for i in range(36)]}, index=range(36))
    values["a"] += np.random.default_rng(0).normal(0, 0.1, 36)
    return values, boundaries


def test_spatial_regions_are_contiguous_and_numbered():
    values, boundaries = _lattice_regions()
    regions = spatial_regions(values, boundaries, n_regions=2, floor=3)
    assert set(regions.unique()) == {1, 2}
    left = [i for i in range(36) if i % 6 < 3]
    assert (regions.loc[left] == 1).all()
    with pytest.raises(RaicesError, match="regiones"):
        spatial_regions(values, boundaries, n_regions=20, floor=5)


def test_describe_regions_names_each_region_in_the_language():
    features = pd.DataFrame(
        {"migracion": [2.0, 2.1, 1.9, -2.0, -2.1, -1.9], "pobreza_economia": [0.1, 0, -0.1] * 2},
        index=[101, 102, 103, 301, 302, 303],
    )
    regions = pd.Series(features.index // 100, index=features.index, name="region")
    names = describe_regions(features, regions, language="en")
    assert names.index.equals(regions.index)
    assert names.loc[101] != names.loc[301]
    assert "high" in names.loc[101].lower()


def test_regions_leave_numpy_global_generator_alone():
    values, boundaries = _lattice_regions()
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    first = spatial_regions(values, boundaries, n_regions=2, floor=3)
    assert np.random.random() == expected  # nobody reseeded or drew from the global state
    pd.testing.assert_series_equal(first, spatial_regions(values, boundaries, n_regions=2, floor=3))


def test_named_regions_name_territories_and_regions():
    values, boundaries = _lattice_regions()
    values = values.rename(columns={"a": "migracion"})
    names = pd.Series({code: f"T{code}" for code in range(1, 36)})  # 0 has no name
    result = named_regions(values, boundaries, n_regions=2, floor=3, names=names, language="en")
    assert result.n_dropped == 0
    table = result.table
    assert list(table.columns) == ["name", "region", "region_name"]
    assert table.index.equals(values.index)
    assert pd.isna(table.loc[0, "name"]) and table.loc[4, "name"] == "T4"
    assert table.loc[0, "region"] == 1 and table.loc[0, "region_name"].lower().endswith(
        "high migration"
    )
    assert table.loc[5, "region_name"].lower().endswith("low migration")
    unnamed = named_regions(values, boundaries, n_regions=2, floor=3).table
    assert list(unnamed.columns) == ["region", "region_name"]
    assert unnamed.loc[0, "region_name"].startswith("Migración")


def test_missing_values_drop_territories_by_default_and_are_counted():
    values, boundaries = _lattice_regions()
    values.loc[[7, 28], "a"] = np.nan  # one in each half, inside the lattice
    regions = spatial_regions(values, boundaries, n_regions=2, floor=3)
    assert regions.index.equals(values.index.drop([7, 28]))
    left = [i for i in range(36) if i % 6 < 3 and i != 7]
    assert (regions.loc[left] == 1).all()
    result = named_regions(values, boundaries, n_regions=2, floor=3)
    assert result.n_dropped == 2
    assert 7 not in result.table.index and len(result.table) == 34
    with pytest.raises(RaicesError, match="faltantes") as refused:
        spatial_regions(values, boundaries, n_regions=2, floor=3, missing="refuse")
    assert refused.value.column == "a"
    with pytest.raises(RaicesError, match="faltantes"):
        named_regions(values, boundaries, n_regions=2, floor=3, missing="refuse")
