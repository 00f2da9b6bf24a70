"""Standard errors: the near-zero rule and the joint draws (analysis/priority/standard_errors.py)."""

import numpy as np
import pandas as pd
import pytest

from analysis.defaults import SE_EXACT_THRESHOLD
from analysis.errors import RaicesError
from analysis.priority.standard_errors import (
    correlated_normal,
    estimate_correlation,
    impute_standard_errors,
)


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
