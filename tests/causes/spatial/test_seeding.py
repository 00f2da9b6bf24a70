"""Permutation inference is seeded per call: NumPy's global generator is never touched, so
concurrent sessions of one server cannot interleave each other's draws."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import esda
import libpysal
import numpy as np
import pandas as pd

from analysis.causes.spatial.autocorrelation import global_moran, local_clusters


def _data(seed: int = 0) -> tuple[pd.Series, libpysal.weights.W]:
    weights = libpysal.weights.lat2W(12, 12)
    weights.transform = "r"
    values = pd.Series(np.random.default_rng(seed).normal(size=144).cumsum())
    return values, weights


def test_global_state_is_neither_used_nor_changed():
    values, weights = _data()
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    first = global_moran(values, weights, permutations=499, seed=7)
    local = local_clusters(values, weights, permutations=499, seed=7)
    assert np.array_equal(np.random.get_state()[1], before)
    np.random.seed(999)  # a different global state gives the same answers
    assert global_moran(values, weights, permutations=499, seed=7) == first
    assert local_clusters(values, weights, permutations=499, seed=7).equals(local)


def test_concurrent_calls_give_each_its_own_reproducible_answer():
    values, weights = _data()
    other, _ = _data(seed=1)
    expected = local_clusters(values, weights, permutations=299, seed=3)["p_sim"]

    def work(series: pd.Series) -> pd.Series:
        return local_clusters(series, weights, permutations=299, seed=3)["p_sim"]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, [values, other] * 6))
    for result in results[::2]:
        assert result.equals(expected)


def test_inference_agrees_with_esda_up_to_monte_carlo_noise():
    values, weights = _data()
    ours = local_clusters(values, weights, permutations=999, seed=1, fdr=False)["p_sim"]
    reference = esda.Moran_Local(values.to_numpy(), weights, permutations=999, seed=1).p_sim
    assert np.corrcoef(ours, reference)[0, 1] > 0.98
    assert np.abs(ours.to_numpy() - reference).max() < 0.08
    moran = global_moran(values, weights, permutations=999, seed=1)
    assert moran.moran_i == esda.Moran(values.to_numpy(), weights, permutations=0).I
    assert moran.p_sim == 0.001  # strong clustering: no permutation reaches it
