"""Known answers for Moran's I and LISA with FDR."""

from __future__ import annotations

import libpysal
import numpy as np
import pandas as pd
import pytest

from analysis.causes.spatial.autocorrelation import (
    NOT_SIGNIFICANT,
    cluster_counts,
    global_moran,
    local_clusters,
)
from analysis.errors import RaicesError


def lattice(n: int, *, rook: bool = True, transform: str = "r") -> libpysal.weights.W:
    w = libpysal.weights.lat2W(n, n, rook=rook)
    w.transform = transform
    return w


def test_moran_on_3x3_lattice_matches_hand_value():
    # y = 1..9 on a 3×3 rook lattice with binary weights: z = y - 5, Σz² = 60, S0 = 24 and
    # Σ_ij w_ij z_i z_j = 2 × 40 = 80 (12 edges: 36 horizontal + 4 vertical), so
    # I = (9 / 24) × (80 / 60) = 0.5 exactly; E[I] = -1/8.
    result = global_moran(pd.Series(range(1, 10), name="y"), lattice(3, transform="b"))
    assert result.moran_i == pytest.approx(0.5, abs=1e-12)
    assert result.expected_i == pytest.approx(-0.125)
    assert result.n == 9


def test_moran_checkerboard_is_perfectly_negative():
    # Alternating values on a rook lattice: every neighbour pair has opposite signs.
    values = pd.Series([(i + j) % 2 for i in range(4) for j in range(4)], dtype=float)
    assert global_moran(values, lattice(4)).moran_i == pytest.approx(-1.0)


def test_moran_is_reproducible_and_leaves_global_random_state_alone():
    values = pd.Series(np.random.default_rng(3).normal(size=25))
    np.random.seed(7)
    before = np.random.get_state()[1].copy()
    first = global_moran(values, lattice(5), seed=11)
    after = np.random.get_state()[1]
    second = global_moran(values, lattice(5), seed=11)
    assert first.p_sim == second.p_sim
    assert first.z_sim == second.z_sim
    np.testing.assert_array_equal(before, after)


def planted(seed: int, *, size: int = 12) -> tuple[pd.Series, set[int], set[int]]:
    """Noise with a 3×3 block raised by 4 standard deviations; returns block and its ring."""
    rng = np.random.default_rng(seed)
    values = rng.normal(size=size * size)
    cells = np.arange(size * size).reshape(size, size)
    block = set(cells[4:7, 4:7].ravel().tolist())
    ring = set(cells[3:8, 3:8].ravel().tolist()) - block
    values[list(block)] += 4.0
    return pd.Series(values, name="planted"), block, ring


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_lisa_with_fdr_finds_the_planted_cluster_and_nothing_else(seed):
    values, block, ring = planted(seed)
    table = local_clusters(values, lattice(12))
    hot = set(table.index[table["cluster"] == "alto-alto"])
    assert hot, "the planted hot spot must be found"
    assert hot <= block
    # The centre of the block has all four rook neighbours inside the block.
    assert 5 * 12 + 5 in hot
    others = set(table.index[table["significant"]]) - block
    # The only other detections allowed are low cells next to the block (low-high outliers,
    # a true statement about them); nothing far from the plant may be flagged.
    assert others <= ring
    assert set(table.loc[list(others), "cluster"]) <= {"bajo-alto"}


def test_lisa_with_fdr_flags_nothing_in_pure_noise():
    values = pd.Series(np.random.default_rng(42).normal(size=225))
    table = local_clusters(values, lattice(15))
    assert not table["significant"].any()
    assert (table["cluster"] == NOT_SIGNIFICANT).all()


def test_fdr_is_stricter_than_uncorrected():
    values = pd.Series(np.random.default_rng(5).normal(size=400))
    corrected = local_clusters(values, lattice(20))
    uncorrected = local_clusters(values, lattice(20), fdr=False)
    assert corrected["significant"].sum() <= uncorrected["significant"].sum()
    # About 5 % of noise cells pass without correction.
    assert uncorrected["significant"].sum() > 0
    assert corrected["p_threshold"].iloc[0] < 0.05


def test_lisa_is_reproducible_with_a_seed():
    values, _, _ = planted(9)
    first = local_clusters(values, lattice(12), seed=123)
    second = local_clusters(values, lattice(12), seed=123)
    pd.testing.assert_frame_equal(first, second)


def test_cluster_counts_uses_fixed_order():
    values, _, _ = planted(0)
    counts = cluster_counts(local_clusters(values, lattice(12)))
    assert counts["cluster"].tolist() == [
        "alto-alto",
        "bajo-bajo",
        "alto-bajo",
        "bajo-alto",
        NOT_SIGNIFICANT,
    ]
    assert counts["n"].sum() == 144


def test_missing_and_constant_values_are_refused():
    w = lattice(3)
    with pytest.raises(RaicesError, match="sin valor"):
        global_moran(pd.Series([1.0, np.nan] + [2.0] * 7, name="x"), w)
    with pytest.raises(RaicesError, match="constante"):
        local_clusters(pd.Series([3.0] * 9, name="x"), w)
    with pytest.raises(RaicesError, match="no coinciden"):
        global_moran(pd.Series(range(9), index=range(100, 109)), w)
