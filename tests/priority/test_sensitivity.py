"""Deterministic sensitivity (analysis/priority/sensitivity.py)."""

import numpy as np
import pandas as pd
import pytest

from analysis.errors import RaicesError
from analysis.priority.sensitivity import classify_drivers, method_sensitivity
from tests.priority.synthetic_index import CATALOG, fitted, synthetic_data


@pytest.fixture
def data() -> pd.DataFrame:
    return synthetic_data()


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
    np.testing.assert_array_equal(
        out.ranks["minmax + geometric"],
        fitted(data, aggregation_across="geometric").ranks_,  # a re-combination = a full fit
    )


def test_method_sensitivity_reweights_indexes_fitted_beforehand(data):
    themes = CATALOG["theme"].unique()
    weights = {theme: float(i + 1) for i, theme in enumerate(themes)}  # not the equal ones
    model = fitted(data, theme_weights=weights)
    options = {"normalisations": ("rank",), "aggregations": ("geometric",)}
    alone = method_sensitivity(model, data, CATALOG, **options)
    other = fitted(data, normalisation="rank")  # equal weights: re-weighted inside
    given = method_sensitivity(model, data, CATALOG, fitted={"rank": other}, **options)
    pd.testing.assert_frame_equal(given.ranks, alone.ranks)
    with pytest.raises(RaicesError, match="normalizado con «minmax»"):
        method_sensitivity(model, data, CATALOG, fitted={"rank": fitted(data)}, **options)


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
