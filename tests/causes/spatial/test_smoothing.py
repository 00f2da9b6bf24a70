"""Empirical-Bayes smoothing: formula, shrinkage with population, policies."""

from __future__ import annotations

import libpysal
import numpy as np
import pandas as pd
import pytest
from esda.smoothing import Empirical_Bayes

from analysis.causes.spatial.smoothing import smooth_rate
from analysis.errors import RaicesError


def sample() -> tuple[pd.Series, pd.Series]:
    population = pd.Series([500, 2_000, 10_000, 50_000, 200_000, 1_000_000], dtype=float)
    rate = pd.Series([400.0, 0.0, 150.0, 80.0, 120.0, 100.0], name="tasa")  # per 100 000
    return rate, population


def test_global_matches_esda_when_variance_is_positive():
    rate, population = sample()
    events = rate / 100_000 * population
    expected = Empirical_Bayes(events.to_numpy(), population.to_numpy()).r.ravel() * 100_000
    np.testing.assert_allclose(smooth_rate(rate, population).to_numpy(), expected)


def test_hand_computed_value():
    # Two areas, rates 0.1 (P = 100) and 0.3 (P = 100): m = 0.2,
    # s² = (100·0.01 + 100·0.01) / 200 − 0.2 / 100 = 0.008, w = 0.008 / (0.008 + 0.002) = 0.8,
    # so the smoothed rates are 0.8·0.1 + 0.2·0.2 = 0.12 and 0.28.
    smoothed = smooth_rate(pd.Series([0.1, 0.3, 0.2]), pd.Series([100.0, 100.0, 0.0]), per=1.0)
    assert smoothed[0] == pytest.approx(0.12)
    assert smoothed[1] == pytest.approx(0.28)
    assert np.isnan(smoothed[2])  # zero population is left missing


def test_small_populations_shrink_more():
    rate, population = sample()
    smoothed = smooth_rate(rate, population)
    reference = (rate * population).sum() / population.sum()
    shrink = (rate - smoothed).abs() / (rate - reference).abs()
    assert shrink[0] > shrink[3] > shrink[5]
    assert smoothed[5] == pytest.approx(rate[5], rel=0.01)


def test_negative_variance_collapses_to_the_reference_rate():
    # Rates that differ only by noise from tiny populations: s² < 0.
    smoothed = smooth_rate(
        pd.Series([0.0, 100.0, 0.0, 0.0]), pd.Series([1000.0, 1000.0, 1000.0, 1000.0])
    )
    assert smoothed.nunique() == 1
    assert smoothed[0] == pytest.approx(25.0)


def test_missing_values_are_kept_missing_and_not_used():
    rate, population = sample()
    rate[2] = np.nan
    smoothed = smooth_rate(rate, population)
    assert np.isnan(smoothed[2])
    assert smoothed.notna().sum() == 5


def test_spatial_smoothing_pulls_towards_neighbours():
    w = libpysal.weights.lat2W(1, 5)  # a row of five areas
    rate = pd.Series([10.0, 10.0, 90.0, 10.0, 10.0])
    population = pd.Series([1e5, 1e5, 1e3, 1e5, 1e5])
    smoothed = smooth_rate(rate, population, method="spatial", weights=w, per=1000.0)
    assert smoothed[2] < 90.0
    assert smoothed[2] > 10.0


def test_errors():
    rate, population = sample()
    with pytest.raises(RaicesError, match="método"):
        smooth_rate(rate, population, method="kriging")
    with pytest.raises(RaicesError, match="vecindad"):
        smooth_rate(rate, population, method="spatial")
    with pytest.raises(RaicesError, match="negativa"):
        smooth_rate(-rate, population)
