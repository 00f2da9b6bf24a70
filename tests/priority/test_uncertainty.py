import numpy as np
import pandas as pd
import pytest

from analysis.errors import RaicesError
from analysis.index import CompositeIndex
from analysis.priority.uncertainty import (
    SE_EXACT_THRESHOLD,
    RankUncertainty,
    _rank_quantiles,
    _ranks_from_scores,
    classify_drivers,
    correlated_normal,
    drop_one,
    estimate_correlation,
    impute_standard_errors,
    method_sensitivity,
    rank_uncertainty,
)

CATALOG = pd.DataFrame(
    {
        "theme": ["pobreza_economia", "pobreza_economia", "migracion", "violencia_inseguridad"],
        "direction": [1, -1, 1, 1],
        "range_min": [0.0, np.nan, 0.0, 0.0],
        "range_max": [1.0, np.nan, np.nan, np.nan],
    },
    index=["pobreza", "agua", "deportados", "delitos"],
)


@pytest.fixture
def data() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 40
    frame = pd.DataFrame(
        {
            "pobreza": rng.uniform(0.1, 0.9, n),
            "agua": rng.uniform(0, 1, n),
            "deportados": rng.gamma(2, 10, n),
            "delitos": rng.gamma(2, 50, n),
        },
        index=pd.Index(range(1001, 1001 + n), name="code"),
    )
    frame.iloc[0] = [0.99, 0.0, 200.0, 900.0]  # dominates everyone
    frame.iloc[1, 3] = np.nan
    return frame


@pytest.fixture
def se(data) -> pd.DataFrame:
    out = pd.DataFrame(np.nan, index=data.index, columns=data.columns)
    out["pobreza"] = 0.05
    out.iloc[2, 0] = 0.0  # a published SE of 0 means "no information", not "no error"
    return out


def fitted(data, **params) -> CompositeIndex:
    return CompositeIndex(**params).fit(data, CATALOG)


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


def test_drop_one(data):
    model = fitted(data)
    table = drop_one(model, data, CATALOG, k=5)
    assert set(table["kind"]) == {"indicator", "theme"}
    assert len(table) == 4 + 3
    assert (table["mean_abs_rank_change"] >= 0).all()
    assert table["top_k_kept"].between(0, 5).all()
    # leaving out the only migration indicator is the same as leaving out the theme
    by_item = table.set_index("item")["mean_abs_rank_change"]
    assert by_item["deportados"] == pytest.approx(by_item["migracion"])


# ------------------------------------------------------------------ standard-error rule
def test_se_rule_known_answer():
    values = pd.DataFrame(
        {"pobreza": [0.5, 0.4, 0.2, 0.8, 0.0, 0.3], "otro": [1.0] * 6},
        index=[101, 102, 103, 104, 105, 106],
    )
    se = pd.DataFrame(
        {
            "pobreza": [0.05, 0.08, 0.1, 1e-17, 0.0, np.nan],
            "otro": [np.nan] * 6,
        },
        index=values.index,
    )
    out = impute_standard_errors(se, values, quantile=0.5)
    # valid CVs: 0.1, 0.2, 0.5 → median 0.2; valid SEs 0.05, 0.08, 0.1 → median 0.08
    assert out.cv_quantile["pobreza"] == pytest.approx(0.2)
    assert out.standard_errors.loc[104, "pobreza"] == pytest.approx(0.2 * 0.8)
    assert out.standard_errors.loc[105, "pobreza"] == pytest.approx(0.08)  # value 0: SE quantile
    assert np.isnan(out.standard_errors.loc[106, "pobreza"])  # no SE published: left alone
    assert out.imputed["pobreza"].tolist() == [False, False, False, True, True, False]
    assert not out.imputed["otro"].any()
    assert out.flagged().tolist() == [False, False, False, True, True, False]
    assert out.flagged(["otro"]).sum() == 0
    # published values are never touched
    assert out.standard_errors.loc[101, "pobreza"] == 0.05
    assert SE_EXACT_THRESHOLD == 1e-6


def test_se_rule_default_is_the_90th_percentile():
    values = pd.DataFrame({"x": np.ones(11)})
    se = pd.DataFrame({"x": [*np.linspace(0.01, 0.1, 10), 0.0]})
    out = impute_standard_errors(se, values)
    expected = np.quantile(np.linspace(0.01, 0.1, 10), 0.9)
    assert out.standard_errors["x"].iloc[-1] == pytest.approx(expected)
    with pytest.raises(RaicesError):
        impute_standard_errors(se, values, quantile=1.5)


def test_imputed_se_gets_noise(data, se):
    model = fitted(data)
    fixed = impute_standard_errors(se, data)
    assert fixed.imputed.loc[data.index[2], "pobreza"]
    mc = RankUncertainty(draws=200, weight_spread=0.0).fit(model, fixed.standard_errors)
    assert np.ptp(mc.scores_[:, 2]) > 0


# ------------------------------------------------------------------ correlated draws
def test_correlated_draws_known_answer():
    target = np.array([[1.0, 0.9, 0.8], [0.9, 1.0, 0.85], [0.8, 0.85, 1.0]])
    z = correlated_normal(np.random.default_rng(3), target, (40_000,))
    np.testing.assert_allclose(np.corrcoef(z.T), target, atol=0.01)
    np.testing.assert_allclose(z.std(axis=0), 1.0, atol=0.02)


def test_estimated_correlation_is_that_of_the_estimates():
    rng = np.random.default_rng(1)
    a = rng.normal(size=500)
    values = np.column_stack([a, a + 0.5 * rng.normal(size=500)])
    values[3, 1] = np.nan
    r = estimate_correlation(values)
    expected = pd.DataFrame(values).corr().to_numpy()
    np.testing.assert_allclose(r, expected, atol=1e-5)


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


# ------------------------------------------------------------------ method sensitivity
def test_method_sensitivity_refits_each_method(data):
    model = fitted(data)
    out = method_sensitivity(
        model, data, CATALOG, normalisations=("minmax", "rank"), aggregations=("geometric",)
    )
    assert list(out.ranks.columns) == [
        "minmax + arithmetic",
        "minmax + geometric",
        "rank + arithmetic",
        "rank + geometric",
    ]
    pd.testing.assert_series_equal(
        out.ranks["minmax + arithmetic"], model.ranks_.astype(float), check_names=False
    )
    other = fitted(data, normalisation="rank", aggregation_across="geometric")
    np.testing.assert_array_equal(out.ranks["rank + geometric"], other.ranks_)
    assert (out.rank_min <= out.rank_max).all()
    assert (out.rank_max == out.ranks.max(axis=1)).all()
    code = out.rank_max.idxmax()
    assert out.ranks.loc[code, out.worst_method[code]] == out.rank_max[code]
    alone = method_sensitivity(model, data, CATALOG)
    assert (alone.rank_min == alone.rank_max).all()


def test_driver_rule():
    s = lambda *v: pd.Series(v, dtype=float)  # noqa: E731
    drivers = classify_drivers(
        s(1, 1, 1, 1, np.nan, 30),
        s(15, 17, 5, 40, 3, 200),
        s(1, 1, 2, 1, 1, 16),
        s(15, 3, 108, 30, 2, 300),
    )
    # 15 is still inside the top 15; a far-down territory is stable for the decision
    assert drivers.tolist() == ["estable", "estadistica", "metodo", "ambas", None, "estable"]
    assert classify_drivers(s(1), s(17), s(1), s(1), k=20).tolist() == ["estable"]
