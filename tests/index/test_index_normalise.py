import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import RaicesError
from analysis.index.normalise import _average_ranks, normalise


def col(*values: float) -> np.ndarray:
    return np.array(values, dtype=float)[:, None]


def test_minmax_known_answer_and_direction():
    assert normalise(col(2, 4, 6), np.array([1])).ravel().tolist() == [0.0, 50.0, 100.0]
    assert normalise(col(2, 4, 6), np.array([-1])).ravel().tolist() == [100.0, 50.0, 0.0]


def test_missing_stays_missing_and_is_ignored_by_statistics():
    out = normalise(col(0, np.nan, 10, 5), np.array([1])).ravel()
    assert np.isnan(out[1])
    assert out[[0, 2, 3]].tolist() == [0.0, 100.0, 50.0]


@pytest.mark.parametrize("method", ["minmax", "zscore", "rank"])
def test_zero_range_policy(method):
    assert normalise(col(3, 3, 3), np.array([1]), method=method).ravel().tolist() == [50.0] * 3
    zero = normalise(col(3, 3, 3), np.array([1]), method=method, zero_range="zero")
    assert zero.ravel().tolist() == [0.0] * 3


def test_zscore_is_t_score_clipped():
    out = normalise(col(1, 2, 3), np.array([1]), method="zscore").ravel()
    # mean 2, sample sd 1 → z = -1, 0, 1 → 40, 50, 60
    assert out.tolist() == pytest.approx([40.0, 50.0, 60.0])
    extreme = normalise(col(*([0.0] * 99 + [1000.0])), np.array([1]), method="zscore").ravel()
    assert extreme.max() == 100.0


def test_rank_percentile_with_ties_and_direction():
    out = normalise(col(10, 20, 20, 40), np.array([1]), method="rank").ravel()
    assert out.tolist() == pytest.approx([0.0, 50.0, 50.0, 100.0])
    flipped = normalise(col(10, 20, 20, 40), np.array([-1]), method="rank").ravel()
    assert flipped.tolist() == pytest.approx([100.0, 50.0, 50.0, 0.0])


def test_goalposts_clip_and_fallback_to_observed_range():
    posts = np.array([[0.0, 1.0], [np.nan, np.nan]])
    x = np.array([[0.25, 5.0], [1.5, 15.0], [-1.0, 10.0]])
    out = normalise(x, np.array([1, -1]), method="goalposts", goalposts=posts)
    assert out[:, 0].tolist() == [25.0, 100.0, 0.0]
    assert out[:, 1].tolist() == [100.0, 0.0, 50.0]


def test_goalposts_required():
    with pytest.raises(RaicesError, match="umbrales"):
        normalise(col(1, 2), np.array([1]), method="goalposts")


def test_context_direction_rejected():
    with pytest.raises(RaicesError, match="dirección"):
        normalise(col(1, 2), np.array([0]))


def test_unknown_method_rejected():
    with pytest.raises(RaicesError, match="normalisation"):
        normalise(col(1, 2), np.array([1]), method="softmax")


def test_stack_of_draws_normalised_independently():
    stack = np.stack([col(0, 5, 10), col(0, 1, 2)])
    out = normalise(stack, np.array([1]))
    assert out[0].ravel().tolist() == out[1].ravel().tolist() == [0.0, 50.0, 100.0]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 12),
    st.integers(1, 5),
    st.sampled_from([-1, -2]),
    st.integers(0, 2**32 - 1),
)
def test_rank_normalisation_ranks_as_scipy_does(n, m, axis, seed):
    from scipy.stats import rankdata

    rng = np.random.default_rng(seed)
    values = rng.integers(0, 4, size=(3, n, m)).astype(float)  # ties are common
    values[rng.random(values.shape) < 0.2] = np.nan
    expected = rankdata(values, method="average", axis=axis, nan_policy="omit")
    np.testing.assert_allclose(_average_ranks(values, axis), expected, equal_nan=True)
