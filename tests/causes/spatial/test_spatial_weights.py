"""Contiguity weights: ids, queen vs rook, island policies."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from analysis.causes.spatial.weights import contiguity_weights, island_codes, weights_for_codes
from analysis.errors import RaicesError


def grid(nrows: int, ncols: int, *, first_code: int = 101) -> gpd.GeoDataFrame:
    """Unit squares in a grid, coded row by row like INE codes."""
    cells = [box(c, -r, c + 1, -r + 1) for r in range(nrows) for c in range(ncols)]
    return gpd.GeoDataFrame(
        geometry=cells, index=range(first_code, first_code + nrows * ncols), crs="EPSG:32615"
    )


def test_ids_follow_the_frame_index():
    w = contiguity_weights(grid(3, 3))
    assert list(w.id_order) == list(range(101, 110))


def test_queen_counts_corners_and_rook_does_not():
    queen = contiguity_weights(grid(3, 3), kind="queen")
    rook = contiguity_weights(grid(3, 3), kind="rook")
    assert len(queen.neighbors[105]) == 8
    assert len(rook.neighbors[105]) == 4
    assert sorted(rook.neighbors[101]) == [102, 104]


def test_row_standardised_by_default():
    w = contiguity_weights(grid(3, 3))
    assert w.transform.lower() == "r"
    assert sum(w.weights[101]) == pytest.approx(1.0)


def islands_frame() -> gpd.GeoDataFrame:
    frame = grid(2, 2)
    far = gpd.GeoDataFrame(geometry=[box(10, 10, 11, 11)], index=[999], crs=frame.crs)
    return gpd.GeoDataFrame(gpd.pd.concat([frame, far]), geometry="geometry", crs=frame.crs)


def test_island_attached_to_nearest_by_default():
    w = contiguity_weights(islands_frame())
    assert w.attached_islands == [999]
    assert island_codes(w) == []
    # The nearest centroid to (10.5, 10.5) is the top-right square (102).
    assert list(w.neighbors[999]) == [102]
    assert 999 in w.neighbors[102]


def test_island_kept_when_asked():
    w = contiguity_weights(islands_frame(), islands="keep")
    assert island_codes(w) == [999]
    assert w.attached_islands == []


def test_island_error_names_the_code():
    with pytest.raises(RaicesError, match="999"):
        contiguity_weights(islands_frame(), islands="error")


def test_subset_rebuilds_weights_and_handles_new_islands():
    frame = grid(1, 5)  # a row 101..105; dropping 102 isolates 101
    w = weights_for_codes(frame, [101, 103, 104, 105])
    assert w.attached_islands == [101]
    assert list(w.neighbors[101]) == [103]


def test_bad_inputs_raise_clear_errors():
    frame = grid(2, 2)
    with pytest.raises(RaicesError, match="repetidos"):
        contiguity_weights(gpd.GeoDataFrame(geometry=list(frame.geometry), index=[1, 1, 2, 3]))
    with pytest.raises(RaicesError, match="política"):
        contiguity_weights(frame, islands="ignore")
    with pytest.raises(RaicesError, match="sin límites"):
        weights_for_codes(frame, [101, 555])


def test_real_municipios_form_one_component(municipio_boundaries):
    w = contiguity_weights(municipio_boundaries)
    assert w.n == 340
    assert island_codes(w) == []
    assert w.n_components == 1
    # Guatemala City (101) borders Mixco (108) and Villa Nueva (115).
    assert {108, 115} <= set(w.neighbors[101])


def test_real_departamentos(departamento_boundaries):
    w = contiguity_weights(departamento_boundaries)
    assert w.n == 22
    assert island_codes(w) == []
    # Petén (17) borders Alta Verapaz (16) and Izabal (18).
    assert {16, 18} <= set(w.neighbors[17])


def test_stray_lines_from_simplification_are_ignored():
    from shapely.geometry import GeometryCollection, LineString

    frame = grid(1, 3)
    frame.loc[102, "geometry"] = GeometryCollection([box(1, 0, 2, 1), LineString([(5, 5), (6, 6)])])
    w = contiguity_weights(frame)
    assert sorted(w.neighbors[102]) == [101, 103]
