"""spatial_patterns: drops missing values, smoothing option, real-data smoke check."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from analysis.causes.spatial.patterns import patterns_by_group, spatial_patterns
from analysis.errors import RaicesError


def grid(size: int) -> gpd.GeoDataFrame:
    cells = [box(c, -r, c + 1, -r + 1) for r in range(size) for c in range(size)]
    return gpd.GeoDataFrame(geometry=cells, index=range(size * size), crs="EPSG:32615")


def test_missing_values_are_dropped_and_listed():
    values = pd.Series(np.random.default_rng(0).normal(size=36), name="x")
    values[[0, 7]] = np.nan
    result = spatial_patterns(values, grid(6), permutations=199)
    assert result.dropped == [0, 7]
    assert len(result.clusters) == 34
    summary = result.summary()
    assert summary.loc[0, "n_excluidos"] == 2
    assert summary.loc[0, "n"] == 34


def test_smoothing_needs_population_and_changes_values():
    values = pd.Series(np.random.default_rng(1).uniform(0, 200, size=36), name="tasa")
    with pytest.raises(RaicesError, match="población"):
        spatial_patterns(values, grid(6), smoothing="global")
    population = pd.Series(np.linspace(500, 100_000, 36))
    result = spatial_patterns(values, grid(6), smoothing="global", population=population)
    assert result.smoothed == "global"
    assert not np.allclose(result.clusters["value"], result.clusters["raw_value"])


def test_unknown_codes_are_refused():
    with pytest.raises(RaicesError, match="sin límites"):
        spatial_patterns(pd.Series([1.0, 2.0], index=[0, 99]), grid(3))


def test_real_poverty_is_spatially_clustered(municipio_boundaries, real_indicators):
    pobreza = real_indicators["pobreza"]
    result = spatial_patterns(pobreza, municipio_boundaries)
    assert result.moran.n == pobreza.notna().sum()
    assert result.moran.moran_i > 0.3
    assert result.moran.p_sim < 0.001
    assert (result.clusters["cluster"] == "alto-alto").sum() > 10


def test_kept_island_is_never_a_cluster():
    cells = [box(c, -r, c + 1, -r + 1) for r in range(5) for c in range(5)] + [box(20, 20, 21, 21)]
    frame = gpd.GeoDataFrame(geometry=cells, index=range(26), crs="EPSG:32615")
    values = pd.Series(np.random.default_rng(0).normal(size=26), name="x")
    values[25] = 10.0  # extreme, but with no neighbours it cannot form a local cluster
    result = spatial_patterns(values, frame, islands="keep", permutations=999)
    island = result.clusters.loc[25]
    assert np.isnan(island["p_sim"])
    assert island["cluster"] == "no significativo"
    assert not island["significant"]
    attached = spatial_patterns(values, frame, permutations=999)
    assert attached.attached_islands == [25]
    assert not np.isnan(attached.clusters.loc[25, "p_sim"])


def test_real_departamento_level(departamento_boundaries, built_db):
    from analysis import store

    values = store.load_indicators("departamento", db_path=built_db)["pobreza"]
    result = spatial_patterns(values, departamento_boundaries, permutations=999)
    assert result.moran.n == 22
    # Department poverty is positively autocorrelated but with 22 units the evidence is weak.
    assert 0 < result.moran.moran_i < 0.6
    assert result.moran.expected_i == pytest.approx(-1 / 21)


def test_spatial_smoothing_option():
    values = pd.Series(np.random.default_rng(2).uniform(0, 200, size=36), name="tasa")
    population = pd.Series(np.linspace(500, 100_000, 36))
    result = spatial_patterns(
        values, grid(6), smoothing="spatial", population=population, permutations=199
    )
    assert result.smoothed == "spatial"
    # The smallest population moves most towards its neighbourhood.
    moved = (result.clusters["value"] - result.clusters["raw_value"]).abs()
    assert moved.iloc[0] > moved.iloc[-1]


def test_names_lead_the_clusters_and_leave_the_pattern_untouched():
    values = pd.Series(np.random.default_rng(2).normal(size=16), name="x")
    result = spatial_patterns(values, grid(4), permutations=99)
    names = pd.Series({code: f"T{code}" for code in range(15)})  # code 15 has no name
    named = result.with_names(names)
    assert list(named.clusters.columns) == ["name", *result.clusters.columns]
    assert named.clusters.loc[3, "name"] == "T3"
    assert pd.isna(named.clusters.loc[15, "name"])
    assert "name" not in result.clusters.columns
    assert named.moran == result.moran
    again = named.with_names(names.str.lower())  # a second naming replaces the first
    assert list(again.clusters.columns).count("name") == 1
    assert again.clusters.loc[3, "name"] == "t3"


def test_moran_by_group_gives_one_row_per_group_with_its_own_territories():
    # left half of a 6 × 6 lattice high, right half low: clustered overall, flat inside each
    values = pd.Series([1.0 if code % 6 < 3 else 0.0 for code in range(36)], name="x")
    values += np.random.default_rng(3).normal(0, 0.01, size=36)
    territories = pd.DataFrame(
        {"area_predominante": ["rural" if code % 6 < 3 else "urbana" for code in range(36)]},
        index=range(36),
    )
    table = patterns_by_group(values, grid(6), territories, "area")
    assert list(table.columns[:4]) == ["grupo", "n", "moran_i", "p_sim"]
    assert all(column.startswith("n_") for column in table.columns[4:])
    assert list(table["grupo"]) == ["rural", "urbana"]
    assert table["n"].tolist() == [18, 18]
    overall = spatial_patterns(values, grid(6)).moran.moran_i
    assert overall > 0.6
    assert (table["moran_i"] < overall).all()
    assert list(table.index) == [0, 1]


def test_moran_by_group_skips_small_groups():
    values = pd.Series(np.random.default_rng(4).normal(size=36), name="x")
    territories = pd.DataFrame(
        {"area_predominante": ["urbana" if code < 3 else "rural" for code in range(36)]},
        index=range(36),
    )
    table = patterns_by_group(values, grid(6), territories, "area", min_size=5)
    assert list(table["grupo"]) == ["rural"]
