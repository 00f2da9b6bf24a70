"""Property tests of the composite engine (hypothesis)."""

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from analysis.index import CompositeIndex

CATALOG = pd.DataFrame(
    {"theme": ["t1", "t1", "t2", "t3"], "direction": [1, -1, 1, -1]},
    index=["a", "b", "c", "d"],
)
NORMALISATIONS = st.sampled_from(["minmax", "zscore", "rank", "goalposts"])
AGGREGATIONS = st.sampled_from(["arithmetic", "geometric", "penalised"])
COMPENSATORY = st.sampled_from(["arithmetic", "geometric"])
values = st.floats(min_value=0, max_value=1000, allow_nan=False, width=32)


def frames(allow_nan: bool = False):
    elements = st.one_of(values, st.just(np.nan)) if allow_nan else values
    return st.integers(min_value=3, max_value=25).flatmap(
        lambda n: arrays(float, (n, 4), elements=elements).map(
            lambda a: pd.DataFrame(
                a, columns=list("abcd"), index=pd.Index(range(100, 100 + n), name="code")
            )
        )
    )


weights = st.dictionaries(st.sampled_from(list("abcd")), st.floats(0.1, 10), min_size=0, max_size=4)
theme_weights = st.dictionaries(st.sampled_from(["t1", "t2", "t3"]), st.floats(0.1, 10), max_size=3)


@settings(max_examples=60, deadline=None)
@given(frames(allow_nan=True), NORMALISATIONS, AGGREGATIONS, AGGREGATIONS, weights)
def test_scores_stay_in_0_100(data, norm, within, across, w):
    model = CompositeIndex(
        normalisation=norm,
        aggregation_within=within,
        aggregation_across=across,
        indicator_weights=w,
    ).fit(data, CATALOG)
    scores = model.scores_.dropna()
    assert ((scores >= 0) & (scores <= 100)).all()
    normalised = model.normalised_.stack().dropna()
    assert ((normalised >= 0) & (normalised <= 100)).all()
    contrib = model.contributions_.loc[scores.index].sum(axis=1)
    np.testing.assert_allclose(contrib, scores, atol=1e-8)


@settings(max_examples=60, deadline=None)
@given(frames(), NORMALISATIONS, weights, theme_weights)
def test_flipping_direction_reverses_contribution(data, norm, w, tw):
    flipped = CATALOG.assign(direction=CATALOG["direction"] * np.array([1, 1, -1, 1]))
    params = {"normalisation": norm, "indicator_weights": w, "theme_weights": tw}
    before = CompositeIndex(**params).fit(data, CATALOG)
    after = CompositeIndex(**params).fit(data, flipped)
    # "c" is alone in its theme: its contribution c(x) becomes W·100 − c(x), so the order
    # of territories by that contribution is exactly reversed
    share = before.theme_weights_["t2"] * 100
    total = before.indicator_contributions_["c"] + after.indicator_contributions_["c"]
    np.testing.assert_allclose(total, share, atol=1e-8)
    np.testing.assert_allclose(after.normalised_["c"], 100 - before.normalised_["c"], atol=1e-8)


@settings(max_examples=60, deadline=None)
@given(
    frames(allow_nan=True),
    NORMALISATIONS,
    AGGREGATIONS,
    weights,
    theme_weights,
    st.floats(0.01, 1000),
)
def test_scaling_all_weights_changes_nothing(data, norm, across, w, tw, factor):
    base = {"normalisation": norm, "aggregation_across": across}
    full_w = {name: w.get(name, 1.0) for name in "abcd"}
    full_t = {name: tw.get(name, 1.0) for name in ("t1", "t2", "t3")}
    one = CompositeIndex(indicator_weights=full_w, theme_weights=full_t, **base).fit(data, CATALOG)
    two = CompositeIndex(
        indicator_weights={k: v * factor for k, v in full_w.items()},
        theme_weights={k: v * factor for k, v in full_t.items()},
        **base,
    ).fit(data, CATALOG)
    np.testing.assert_allclose(one.scores_, two.scores_, atol=1e-8)
    assert one.ranks_.equals(two.ranks_)


@settings(max_examples=60, deadline=None)
@given(frames(allow_nan=True), NORMALISATIONS, AGGREGATIONS, st.randoms(use_true_random=False))
def test_row_order_changes_nothing(data, norm, across, rnd):
    order = list(data.index)
    rnd.shuffle(order)
    one = CompositeIndex(normalisation=norm, aggregation_across=across).fit(data, CATALOG)
    two = CompositeIndex(normalisation=norm, aggregation_across=across).fit(
        data.loc[order], CATALOG
    )
    pd.testing.assert_series_equal(one.scores_, two.scores_.loc[one.scores_.index])
    pd.testing.assert_series_equal(one.ranks_, two.ranks_.loc[one.ranks_.index])


@settings(max_examples=80, deadline=None)
@given(
    frames(),
    NORMALISATIONS,
    COMPENSATORY,
    COMPENSATORY,
    arrays(float, 4, elements=st.floats(0, 100)),
    st.integers(0, 2),
)
def test_dominating_territory_never_ranks_below(data, norm, within, across, bump, row):
    row = row % len(data)
    # a new territory better (more need) than `row` on every indicator, given directions
    dominant = data.iloc[row].to_numpy() + bump * CATALOG["direction"].to_numpy()
    assume(np.all(dominant >= 0))
    data = pd.concat([data, pd.DataFrame([dominant], columns=data.columns, index=[999])])
    model = CompositeIndex(
        normalisation=norm, aggregation_within=within, aggregation_across=across
    ).fit(data, CATALOG)
    assert model.scores_[999] >= model.scores_[data.index[row]] - 1e-9
    assert model.ranks_[999] <= model.ranks_[data.index[row]]


@settings(max_examples=60, deadline=None)
@given(frames(allow_nan=True), NORMALISATIONS, AGGREGATIONS, AGGREGATIONS, weights, theme_weights)
def test_reweight_equals_full_fit(data, norm, within, across, w, tw):
    params = {"normalisation": norm, "aggregation_within": within, "aggregation_across": across}
    fast = (
        CompositeIndex(**params).fit(data, CATALOG).reweight(indicator_weights=w, theme_weights=tw)
    )
    full = CompositeIndex(indicator_weights=w, theme_weights=tw, **params).fit(data, CATALOG)
    pd.testing.assert_series_equal(fast.scores_, full.scores_)
    pd.testing.assert_series_equal(fast.ranks_, full.ranks_)
    pd.testing.assert_frame_equal(fast.contributions_, full.contributions_)
    pd.testing.assert_frame_equal(fast.coverage_, full.coverage_)
