"""Association models: planted relationship recovered, noise near zero, blocked CV, policies."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.causes.drivers import (
    LIKELY_CONSEQUENCES,
    MODELLED_WITH,
    RESIDUAL_LABELS,
    AssociationModel,
    AssociationResult,
    associated_factors,
    default_drivers,
)
from analysis.errors import RaicesError


def planted(seed: int = 0, n_groups: int = 10, per_group: int = 20) -> pd.DataFrame:
    """Synthetic test fixture: y = 2·signal + 0.5·weak + small noise; `noise` is unrelated."""
    rng = np.random.default_rng(seed)
    n = n_groups * per_group
    codes = np.array([(g + 1) * 100 + i + 1 for g in range(n_groups) for i in range(per_group)])
    frame = pd.DataFrame(
        {
            "signal": rng.normal(size=n),
            "weak": rng.normal(size=n),
            "noise": rng.normal(size=n),
        },
        index=pd.Index(codes, name="code"),
    )
    frame["outcome"] = 2 * frame["signal"] + 0.5 * frame["weak"] + rng.normal(0, 0.3, n)
    return frame


@pytest.fixture(scope="module")
def fitted() -> AssociationModel:
    data = planted()
    return associated_factors(data, "outcome", drivers=["signal", "weak", "noise"], n_repeats=5)


def test_planted_relationship_is_recovered(fitted):
    scores = fitted.cv_scores_.set_index("model")["r2"]
    assert scores["lineal"] > 0.95
    assert scores["gradient_boosting"] > 0.8
    coefficients = fitted.coefficients_.set_index("feature")
    # Standardised β of signal ≈ 2 / sd(y) ≈ 2 / 2.08.
    assert coefficients.loc["signal", "coefficient"] == pytest.approx(0.96, abs=0.05)
    assert coefficients.loc["signal", "p_value"] < 1e-10
    assert coefficients.loc["noise", "p_value"] > 0.01


def test_result_holds_copies_of_the_tables_with_names_first(fitted):
    names = pd.Series({code: f"T{code}" for code in fitted.predictions_.index[1:]})
    result = fitted.result(names, n_top=2)
    assert isinstance(result, AssociationResult)
    assert (result.outcome, result.flexible) == ("outcome", "gradient_boosting")
    assert result.best_model == fitted.best_model_
    assert list(result.predictions.columns) == ["name", *fitted.predictions_.columns]
    first, second = fitted.predictions_.index[:2]
    assert pd.isna(result.predictions.loc[first, "name"])
    assert result.predictions.loc[second, "name"] == f"T{second}"
    assert "name" not in fitted.predictions_.columns
    assert list(result.top_factors.index) == ["signal", "weak"]
    pd.testing.assert_frame_equal(result.importance, fitted.importance_)
    result.importance.loc[0, "importance"] = -99.0  # a copy: the model keeps its own
    assert fitted.importance_.loc[0, "importance"] != -99.0
    unnamed = fitted.result()
    assert "name" not in unnamed.predictions.columns
    assert len(unnamed.top_factors) == 3  # fewer drivers than the default size


def test_pure_noise_gets_near_zero_importance(fitted):
    for model in ("lineal", "gradient_boosting"):
        table = fitted.importance_[fitted.importance_["model"] == model].set_index("feature")
        assert table.index[0] == "signal"
        assert table.loc["signal", "importance"] > 0.5
        assert abs(table.loc["noise", "importance"]) < 0.02
        assert table.loc["weak", "importance"] > table.loc["noise", "importance"]


def test_cross_validation_holds_out_whole_groups(fitted):
    assert fitted.cv_scores_["n_folds"].eq(10).all()
    predictions = fitted.predictions_
    assert predictions["predicted_linear"].notna().all()
    assert set(predictions["fold_group"]) == set(range(1, 11))


def test_partial_dependence_slopes_follow_the_plant(fitted):
    curves = fitted.partial_dependence_
    signal = curves[curves["feature"] == "signal"]
    noise = curves[curves["feature"] == "noise"]
    assert len(signal) == 20
    rise = signal["prediction"].iloc[-1] - signal["prediction"].iloc[0]
    assert rise > 5
    assert abs(noise["prediction"].iloc[-1] - noise["prediction"].iloc[0]) < rise / 10


def test_residual_classes_flag_planted_excess():
    data = planted(1)
    data.loc[data.index[:5], "outcome"] += 5  # five territories with far more than expected
    model = associated_factors(data, "outcome", drivers=["signal", "weak", "noise"], n_repeats=2)
    flagged = model.predictions_.loc[data.index[:5], "residual_class"]
    assert (flagged == RESIDUAL_LABELS["mas"]).all()
    assert model.best_model_ in {"lineal", "gradient_boosting"}


def test_reproducible_with_seed():
    data = planted(2, n_groups=5)
    first = associated_factors(data, "outcome", drivers=["signal", "noise"], n_repeats=3, seed=4)
    second = associated_factors(data, "outcome", drivers=["signal", "noise"], n_repeats=3, seed=4)
    pd.testing.assert_frame_equal(first.importance_, second.importance_)
    pd.testing.assert_frame_equal(first.predictions_, second.predictions_)


def test_missing_policies():
    data = planted(3, n_groups=5)
    data.loc[data.index[:10], "noise"] = np.nan
    data.loc[data.index[10:12], "outcome"] = np.nan
    imputed = associated_factors(data, "outcome", drivers=["signal", "noise"], n_repeats=2)
    assert imputed.cv_scores_["n"].iloc[0] == 98
    dropped = associated_factors(
        data, "outcome", drivers=["signal", "noise"], n_repeats=2, missing="drop"
    )
    assert dropped.cv_scores_["n"].iloc[0] == 88


def test_random_forest_option():
    data = planted(4, n_groups=5)
    model = associated_factors(
        data, "outcome", drivers=["signal", "noise"], n_repeats=2, flexible="random_forest"
    )
    assert set(model.cv_scores_["model"]) == {"lineal", "random_forest"}
    assert model.top_factors(1).index[0] == "signal"


def test_errors_speak_plainly():
    data = planted(5, n_groups=5)
    with pytest.raises(RaicesError, match="no está"):
        associated_factors(data, "emigracion_hogar", drivers=["signal"])
    with pytest.raises(RaicesError, match="departamentos"):
        associated_factors(
            data, "outcome", drivers=["signal"], groups=pd.Series(1, index=data.index)
        )
    with pytest.raises(RaicesError, match="modelo flexible"):
        associated_factors(data, "outcome", drivers=["signal"], flexible="svm")
    with pytest.raises(RaicesError, match="20"):
        associated_factors(data.head(10), "outcome", drivers=["signal"])


def test_default_drivers_exclude_migration_and_consequences():
    catalog = pd.DataFrame(
        {
            "theme": ["migracion", "migracion", "pobreza_economia", "demografia_exclusion"],
            "in_default": [1, 1, 1, 1],
        },
        index=["emigracion_hogar", "tasa_deportados", "pobreza", "jefatura_femenina"],
    )
    assert "jefatura_femenina" in LIKELY_CONSEQUENCES
    assert default_drivers(catalog, "emigracion_hogar") == ["pobreza"]
    assert default_drivers(catalog, "emigracion_hogar", consequences="include") == [
        "pobreza",
        "jefatura_femenina",
    ]


def test_importance_standard_error_is_smaller_than_fold_spread(fitted):
    table = fitted.importance_
    assert (table["importance_se"] <= table["importance_fold_sd"] + 1e-12).all()
    signal = table[(table["model"] == "lineal") & (table["feature"] == "signal")].iloc[0]
    assert signal["importance"] > 3 * signal["importance_se"]


def clustered(seed: int = 3, n_groups: int = 12, per_group: int = 25) -> pd.DataFrame:
    """Synthetic test fixture: a driver constant within each group and a shared group shock.

    Residuals are correlated inside groups, so classical standard errors are far too
    small for the group-level driver; clustered ones are not.
    """
    rng = np.random.default_rng(seed)
    groups = np.repeat(np.arange(n_groups), per_group)
    codes = (groups + 1) * 100 + np.tile(np.arange(per_group), n_groups) + 1
    level = rng.normal(size=n_groups)[groups]
    shock = rng.normal(size=n_groups)[groups]
    frame = pd.DataFrame(
        {"group_level": level, "local": rng.normal(size=len(codes))},
        index=pd.Index(codes, name="code"),
    )
    frame["outcome"] = 0.3 * level + 0.5 * frame["local"] + shock + rng.normal(0, 0.2, len(codes))
    return frame


def test_clustered_standard_errors_match_statsmodels_and_exceed_classical():
    import statsmodels.api as sm

    data = clustered()
    model = associated_factors(data, "outcome", drivers=["group_level", "local"], n_repeats=2)
    table = model.coefficients_.set_index("feature")
    # Known answer: the same standardised regression clustered by departamento in statsmodels.
    x = (data[["group_level", "local"]] - data[["group_level", "local"]].mean()) / data[
        ["group_level", "local"]
    ].std(ddof=0)
    y = (data["outcome"] - data["outcome"].mean()) / data["outcome"].std(ddof=0)
    reference = sm.OLS(y.to_numpy(), sm.add_constant(x.to_numpy())).fit(
        cov_type="cluster", cov_kwds={"groups": (data.index // 100).to_numpy()}, use_t=True
    )
    np.testing.assert_allclose(table["std_error"].to_numpy(), reference.bse[1:], rtol=1e-10)
    np.testing.assert_allclose(table["p_value"].to_numpy(), reference.pvalues[1:], rtol=1e-8)
    # the shared shock makes the classical error of the group-level driver far too small
    assert (
        table.loc["group_level", "std_error"] > 2 * table.loc["group_level", "std_error_classical"]
    )
    classical = associated_factors(
        data, "outcome", drivers=["group_level", "local"], n_repeats=2, standard_errors="classical"
    ).coefficients_.set_index("feature")
    assert classical.loc["group_level", "std_error"] == pytest.approx(
        table.loc["group_level", "std_error_classical"]
    )


def test_driver_modelled_with_the_outcome_is_refused_or_flagged():
    data = planted().rename(columns={"outcome": "emigracion_hogar", "weak": "consumo_pc"})
    with pytest.raises(RaicesError, match="consumo_pc.*no es independiente.*tab1_consumo"):
        associated_factors(data, "emigracion_hogar", drivers=["signal", "consumo_pc"])
    kept = associated_factors(
        data, "emigracion_hogar", drivers=["signal", "consumo_pc"], leakage="warn", n_repeats=2
    )
    assert len(kept.warnings_) == 1 and "consumo_pc" in kept.warnings_[0]
    # another outcome: the same driver is independent of it
    other = data.rename(columns={"emigracion_hogar": "tasa_deportados"})
    assert not associated_factors(
        other, "tasa_deportados", drivers=["signal", "consumo_pc"], n_repeats=2
    ).warnings_


def test_default_drivers_leave_out_drivers_modelled_with_the_outcome(built_db):
    from analysis import store

    catalog = store.load_catalog(db_path=built_db)
    candidates = default_drivers(catalog, "emigracion_hogar")
    assert not set(MODELLED_WITH) & set(candidates)


def test_clustered_errors_on_real_data_find_fewer_significant_drivers(built_db):
    from analysis import store

    catalog = store.load_catalog(db_path=built_db)
    indicators = store.load_indicators("municipio", db_path=built_db)
    model = associated_factors(indicators, "emigracion_hogar", catalog=catalog, n_repeats=2)
    table = model.coefficients_
    clustered_count = int((table["p_value"] < 0.05).sum())
    classical_count = int((table["p_value_classical"] < 0.05).sum())
    assert clustered_count < classical_count
    assert (table["std_error"] >= 0).all() and table["p_value"].between(0, 1).all()
