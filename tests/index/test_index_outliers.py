import numpy as np
import pytest
from scipy import stats

from analysis.errors import RaicesError
from analysis.index.outliers import OutlierTreatment, skew_kurtosis


def test_skew_kurtosis_matches_scipy_and_ignores_nan():
    rng = np.random.default_rng(3)
    x = rng.lognormal(size=(60, 2))
    x[5, 1] = np.nan
    skew, kurt = skew_kurtosis(x)
    for j in range(2):
        clean = x[~np.isnan(x[:, j]), j]
        assert skew[j] == pytest.approx(stats.skew(clean, bias=False))
        assert kurt[j] == pytest.approx(stats.kurtosis(clean, bias=False))


def test_constant_or_tiny_columns_have_no_skew():
    skew, kurt = skew_kurtosis(np.array([[1.0, 1.0], [1.0, 2.0], [1.0, np.nan]]))
    assert skew.tolist() == [0.0, 0.0] and kurt.tolist() == [0.0, 0.0]


def test_single_outlier_is_winsorised_to_next_value():
    x = np.r_[np.arange(30, dtype=float), 500.0][:, None]
    model = OutlierTreatment().fit(x)
    report = model.report_.iloc[0]
    assert report["action"] == "winsorise" and report["winsorised"] == 1
    assert model.transform(x).max() == 29.0
    assert abs(report["skew_after"]) <= 2.0 or report["kurtosis_after"] <= 3.5


def test_rule_needs_both_skew_and_kurtosis():
    x = np.r_[np.arange(30, dtype=float), 500.0][:, None]
    relaxed = OutlierTreatment(kurtosis_threshold=1e9).fit(x)
    assert relaxed.report_["action"].iloc[0] == "none"
    assert np.array_equal(relaxed.transform(x), x)


def test_log_fallback_when_winsorising_is_not_enough():
    rng = np.random.default_rng(0)
    x = rng.lognormal(sigma=2.0, size=(300, 1))
    model = OutlierTreatment(max_winsorised=1).fit(x)
    assert model.report_["action"].iloc[0] == "log"
    treated = model.transform(x)
    assert np.all(np.isfinite(treated))
    # the log keeps the order of values
    assert np.array_equal(np.argsort(treated[:, 0]), np.argsort(x[:, 0]))


def test_negative_skew_cannot_be_logged():
    x = -np.r_[np.arange(30, dtype=float), 500.0][:, None]
    assert OutlierTreatment(method="log").fit(x).report_["action"].iloc[0] == "unresolved"


def test_none_method_leaves_data_untouched():
    x = np.r_[np.arange(30, dtype=float), 500.0][:, None]
    model = OutlierTreatment(method="none").fit(x)
    assert np.array_equal(model.transform(x), x)


def test_transform_of_a_column_subset_uses_that_columns_treatment():
    x = np.c_[np.arange(31, dtype=float), np.r_[np.arange(30, dtype=float), 500.0]]
    model = OutlierTreatment().fit(x)
    sub = model.transform(x[:, [1]], np.array([1]))
    assert np.array_equal(sub[:, 0], model.transform(x)[:, 1])


def test_unknown_method_rejected():
    with pytest.raises(RaicesError):
        OutlierTreatment(method="trim").fit(np.zeros((5, 1)))
