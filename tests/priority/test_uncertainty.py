import numpy as np
import pandas as pd
import pytest

from analysis.errors import RaicesError
from analysis.index import CompositeIndex
from analysis.priority.standard_errors import impute_standard_errors
from analysis.priority.uncertainty import (
    RankUncertainty,
    _rank_quantiles,
    _ranks_from_scores,
    rank_uncertainty,
)
from tests.priority.synthetic_index import fitted, synthetic_data


@pytest.fixture
def data() -> pd.DataFrame:
    return synthetic_data()


@pytest.fixture
def se(data) -> pd.DataFrame:
    out = pd.DataFrame(np.nan, index=data.index, columns=data.columns)
    out["pobreza"] = 0.05
    out.iloc[2, 0] = 0.0  # a published SE of 0 means "no information", not "no error"
    return out


def test_no_perturbation_reproduces_the_ranking(data, se):
    model = fitted(data)
    mc = RankUncertainty(draws=20, weight_spread=0.0, standard_errors=False).fit(model, se)
    np.testing.assert_array_equal(mc.summary_["rank_median"], model.ranks_)
    np.testing.assert_allclose(mc.scores_[0], model.scores_, rtol=1e-6)
    assert set(mc.summary_["p_top_k"].unique()) <= {0.0, 1.0}


def test_same_seed_same_result_and_different_seed_differs(data, se):
    model = fitted(data)
    kwargs = {
        "draws": 300,
        "normalisations": ("minmax", "rank"),
        "aggregations": ("arithmetic", "geometric"),
    }
    a = RankUncertainty(seed=1, **kwargs).fit(model, se)
    b = RankUncertainty(seed=1, **kwargs).fit(model, se)
    c = RankUncertainty(seed=2, **kwargs).fit(model, se)
    np.testing.assert_array_equal(a.ranks_, b.ranks_)
    assert not np.array_equal(a.ranks_, c.ranks_)
    assert set(a.choices_["normalisation"]) == {"minmax", "rank"}


def test_bands_are_ordered_and_probabilities_valid(data, se):
    model = fitted(data)
    summary = rank_uncertainty(model, se, draws=500, k=5)
    assert (summary["rank_p05"] <= summary["rank_median"]).all()
    assert (summary["rank_median"] <= summary["rank_p95"]).all()
    assert summary["p_top_k"].between(0, 1).all()
    # every draw has exactly k territories in its top k
    assert summary["p_top_k"].sum() == pytest.approx(5)
    # the dominant territory is first in every draw
    assert summary.loc[1001, "p_top_k"] == 1.0 and summary.loc[1001, "rank_p95"] == 1


def test_sampling_error_widens_bands(data, se):
    model = fitted(data)
    without = RankUncertainty(draws=400, weight_spread=0.0, standard_errors=False).fit(model, se)
    with_se = RankUncertainty(draws=400, weight_spread=0.0, standard_errors=True).fit(model, se)
    width = lambda s: (s["rank_p95"] - s["rank_p05"]).mean()  # noqa: E731
    assert width(without.summary_) == 0
    assert width(with_se.summary_) > 0


def test_perturbed_values_stay_within_declared_range(data, se):
    model = fitted(data, normalisation="goalposts")
    big = se.assign(pobreza=5.0)
    mc = RankUncertainty(draws=200).fit(model, big)
    assert np.nanmin(mc.scores_) >= 0 and np.nanmax(mc.scores_) <= 100


def test_excluded_territories_have_no_band(data, se):
    sparse = data.copy()
    sparse.iloc[3, :3] = np.nan
    model = fitted(sparse)
    summary = RankUncertainty(draws=50).fit(model, se).summary_
    assert summary.iloc[3].isna().all()
    assert summary.drop(index=sparse.index[3])["rank_median"].max() <= len(data) - 1


@pytest.mark.parametrize("within", ["arithmetic", "geometric", "penalised"])
def test_fast_path_matches_engine_for_each_within_method(data, within):
    model = fitted(data, aggregation_within=within)
    mc = RankUncertainty(draws=3, weight_spread=0.0).fit(model, None)
    np.testing.assert_allclose(mc.scores_[1], model.scores_, rtol=1e-5, atol=1e-4)


def test_invalid_options(data):
    model = fitted(data)
    with pytest.raises(RaicesError):
        RankUncertainty(draws=0).fit(model)
    with pytest.raises(RaicesError):
        RankUncertainty(normalisations=("softmax",)).fit(model)
    with pytest.raises(RaicesError, match="fit"):
        RankUncertainty().fit(CompositeIndex())


def test_rank_helpers():
    scores = np.array([[10.0, np.nan, 30.0, 20.0]])
    assert _ranks_from_scores(scores)[0, [0, 2, 3]].tolist() == [3.0, 1.0, 2.0]
    rng = np.random.default_rng(0)
    ranks = rng.integers(1, 8, size=(999, 7)).astype(np.float32)
    expected = np.percentile(ranks, [5, 50, 95], axis=0, method="inverted_cdf")
    np.testing.assert_array_equal(_rank_quantiles(ranks, [0.05, 0.5, 0.95]), expected)


# ------------------------------------------------------------------ standard errors in the draws
def test_imputed_se_gets_noise(data, se):
    model = fitted(data)
    fixed = impute_standard_errors(se, data)
    assert fixed.imputed.loc[data.index[2], "pobreza"]
    mc = RankUncertainty(draws=200, weight_spread=0.0).fit(model, fixed.standard_errors)
    assert np.ptp(mc.scores_[:, 2]) > 0


def test_monte_carlo_perturbs_standard_errors_jointly(data, se):
    both = se.copy()
    both["agua"] = 0.05
    model = fitted(data, outliers="none")
    mc = RankUncertainty(draws=2000, weight_spread=0.0, se_correlation=0.9, seed=5)
    mc.fit(model, both)
    assert mc.correlation_.loc["pobreza", "agua"] == pytest.approx(0.9)
    estimated = RankUncertainty(draws=10).fit(model, both)
    expected = np.corrcoef(data[["pobreza", "agua"]].to_numpy().T)[0, 1]
    assert estimated.correlation_.loc["pobreza", "agua"] == pytest.approx(expected, abs=1e-6)
    independent = RankUncertainty(draws=10, se_correlation=0.0).fit(model, both)
    assert independent.correlation_.loc["pobreza", "agua"] == 0
    with pytest.raises(RaicesError):
        RankUncertainty(draws=10, se_correlation=1.5).fit(model, both)
    with pytest.raises(RaicesError):
        RankUncertainty(draws=10, se_correlation="mucho").fit(model, both)
