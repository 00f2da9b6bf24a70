import numpy as np
import pytest

from analysis.index.aggregate import aggregate, aggregate_themes
from analysis.index.contributions import indicator_contributions, theme_contributions


def test_arithmetic_weighted_mean():
    x = np.array([[20.0, 80.0]])
    assert aggregate(x, np.array([3.0, 1.0])).tolist() == [35.0]


def test_missing_value_renormalises_weights():
    x = np.array([[np.nan, 80.0], [np.nan, np.nan]])
    out = aggregate(x, np.array([3.0, 1.0]))
    assert out[0] == 80.0 and np.isnan(out[1])


def test_geometric_with_offset_known_answer():
    x = np.array([[0.0, 99.0]])
    # sqrt(1 * 100) - 1 = 9
    assert aggregate(x, np.array([1.0, 1.0]), method="geometric").tolist() == pytest.approx([9.0])


def test_penalised_mean_subtracts_spread_and_floors_at_zero():
    x = np.array([[40.0, 60.0], [0.0, 100.0], [50.0, 50.0]])
    out = aggregate(x, np.array([1.0, 1.0]), method="penalised")
    assert out.tolist() == pytest.approx([40.0, 0.0, 50.0])


def test_weights_per_draw_broadcast():
    x = np.array([[[0.0, 100.0]], [[0.0, 100.0]]])
    w = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert aggregate(x, w).ravel().tolist() == [0.0, 100.0]


def test_themes_then_contributions_add_up():
    values = np.array([[10.0, 30.0, 100.0], [50.0, 50.0, 0.0]])
    within = np.array([0.5, 0.5, 1.0])
    groups = [np.array([0, 1]), np.array([2])]
    themes = aggregate_themes(values, within, groups)
    assert themes.tolist() == [[20.0, 100.0], [50.0, 0.0]]
    across = np.array([0.25, 0.75])
    for method in ("arithmetic", "geometric", "penalised"):
        scores = aggregate(themes, across, method=method)
        contrib = theme_contributions(themes, across, scores, method=method)
        assert contrib.sum(axis=1) == pytest.approx(scores)
        per_indicator = indicator_contributions(values, within, groups, contrib)
        assert per_indicator.sum(axis=1) == pytest.approx(scores)
    arithmetic = theme_contributions(themes, across, aggregate(themes, across))
    np.testing.assert_allclose(arithmetic, [[5.0, 75.0], [12.5, 0.0]])
