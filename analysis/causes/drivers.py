"""Factors associated with migration across territories — association, not causation.

For one migration outcome (census emigration per household, or the deportation/return
rate) and a set of candidate drivers, two models are fitted side by side:

* a **transparent** one: ordinary least squares on standardised variables, whose
  coefficients read "one standard deviation more of X goes with β standard deviations
  more of the outcome, holding the other drivers fixed";
* a **flexible** one: gradient boosting (default) or a random forest, which can pick up
  thresholds and interactions.

Both are judged by **spatially blocked cross-validation**: each fold holds out whole
departamentos (``GroupKFold``), so a model cannot score well simply by copying the value
of the municipio next door. The reported R² is computed on the pooled out-of-fold
predictions. **Permutation importance** is measured on the held-out departamentos too
(loss of R² when one driver is shuffled), and **partial-dependence** curves show the
shape of each association in the flexible model. Out-of-fold residuals say where a
territory has more (or less) migration than its drivers suggest.

Wording matters: every table here describes *associations across territories*. A driver
can be a consequence of migration (remittances lower poverty; emigrant men leave
women-headed households) or a proxy for something unmeasured. Nothing here is causal.

Standard errors of the linear model are **clustered by departamento** by default
(``standard_errors="cluster"``): municipios of one departamento share unmeasured
conditions, the residuals are spatially autocorrelated (Moran's I of the OLS residuals
≈ 0.3 on the census emigration outcome), and classical standard errors would overstate
how many associations are distinguishable from zero. With 22 clusters the t reference
has 21 degrees of freedom (statsmodels' small-sample correction). The classical values
stay in the table for comparison.

**Leakage policy.** A driver whose published estimate was itself *modelled with the
outcome* cannot be an independent factor of it: SEGEPLAN's small-area models for the
poverty gap (FGT1) and for consumption use the census emigration variable
(``ln_tot_migra``) as a covariate (``resultados.xlsx``, sheets ``tab1_fgt1`` and
``tab1_consumo``). Such drivers (:data:`MODELLED_WITH`) are left out of the default
drivers, and asking for one explicitly is refused (``leakage="refuse"``, default) or
kept with a warning in ``warnings_`` (``leakage="warn"``).

Policies: rows with a missing outcome are dropped; missing drivers are imputed with the
median of the training rows inside each fold (``missing="median"``) or the rows are
dropped (``missing="drop"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from analysis.errors import RaicesError

# scikit-learn and statsmodels are imported where a model is fitted: reading a stored
# model (analysis.causes.model_store) needs neither, and they take seconds to import.
if TYPE_CHECKING:
    from sklearn.base import RegressorMixin
    from sklearn.pipeline import Pipeline

OUTCOMES: tuple[str, ...] = ("emigracion_hogar", "tasa_deportados")
FLEXIBLE_MODELS: tuple[str, ...] = ("gradient_boosting", "random_forest")
MISSING_POLICIES: tuple[str, ...] = ("median", "drop")
STANDARD_ERRORS: tuple[str, ...] = ("cluster", "classical")
LEAKAGE_POLICIES: tuple[str, ...] = ("refuse", "warn")
DEFAULT_SEED = 20250101
ASSOCIATION_NOTE_ES = (
    "Asociación, no causalidad: los coeficientes e importancias describen cómo varían "
    "juntos los indicadores entre territorios. Un factor puede ser consecuencia de la "
    "migración (p. ej. las remesas reducen la pobreza) o representar algo no medido."
)
ASSOCIATION_NOTE_EN = (
    "Association, not causation: coefficients and importances describe how indicators vary "
    "together across territories. A factor may be a consequence of migration (e.g. "
    "remittances reduce poverty) or stand for something unmeasured."
)
RESIDUAL_LABELS: dict[str, str] = {
    "mas": "más migración de la esperada",
    "menos": "menos migración de la esperada",
    "esperado": "según lo esperado",
}


#: Indicators that are, to a large extent, *consequences* of emigration rather than
#: candidate causes. Left out of the default drivers (policy ``consequences="exclude"``)
#: because a model would otherwise "explain" emigration by its own effects.
LIKELY_CONSEQUENCES: dict[str, str] = {
    "jefatura_femenina": (
        "los hogares encabezados por mujeres son en buena parte resultado de la emigración "
        "de los hombres del hogar"
    ),
}


#: Drivers whose published estimate was modelled with an outcome as a covariate:
#: driver -> {outcome: where the source says so}. Such a driver is not independent of
#: that outcome (see the module's leakage policy).
MODELLED_WITH: dict[str, dict[str, str]] = {
    "brecha_pobreza": {
        "emigracion_hogar": (
            "el modelo de área pequeña de SEGEPLAN para la brecha de pobreza (FGT1) usa la "
            "emigración del censo (ln_tot_migra, nivel departamento) como covariable "
            "(resultados.xlsx, hoja tab1_fgt1)"
        ),
    },
    "consumo_pc": {
        "emigracion_hogar": (
            "el modelo de área pequeña de SEGEPLAN para el consumo per cápita usa la "
            "emigración del censo (ln_tot_migra, nivel departamento) como covariable "
            "(resultados.xlsx, hoja tab1_consumo)"
        ),
    },
}


def leakage_notes(drivers: list[str], outcome: str) -> dict[str, str]:
    """Drivers of ``drivers`` whose source model already includes ``outcome``, with why.

    >>> leakage_notes(["pobreza", "consumo_pc"], "emigracion_hogar")  # doctest: +ELLIPSIS
    {'consumo_pc': 'el modelo de área pequeña de SEGEPLAN para el consumo...'}
    >>> leakage_notes(["consumo_pc"], "tasa_deportados")
    {}
    """
    return {
        driver: MODELLED_WITH[driver][outcome]
        for driver in drivers
        if outcome in MODELLED_WITH.get(driver, {})
    }


def default_drivers(
    catalog: pd.DataFrame,
    outcome: str,
    *,
    consequences: Literal["exclude", "include"] = "exclude",
) -> list[str]:
    """Candidate drivers: the catalogue's default indicators outside the migration theme.

    Parameters
    ----------
    catalog
        Indicator catalogue indexed by indicator.
    outcome
        The outcome indicator (never a driver of itself).
    consequences
        ``"exclude"`` (default) leaves out :data:`LIKELY_CONSEQUENCES`; ``"include"``
        keeps them.
    """
    if consequences not in ("exclude", "include"):
        raise RaicesError(f"política desconocida «{consequences}»; use exclude o include")
    chosen = catalog[(catalog["in_default"].astype(float) == 1) & (catalog["theme"] != "migracion")]
    skip = set(LIKELY_CONSEQUENCES) if consequences == "exclude" else set()
    skip |= set(leakage_notes(list(chosen.index), outcome))
    return [code for code in chosen.index if code != outcome and code not in skip]


def _flexible(kind: str, seed: int) -> RegressorMixin:
    from sklearn.ensemble import GradientBoostingRegressor, RandomForestRegressor

    if kind == "gradient_boosting":
        return GradientBoostingRegressor(
            n_estimators=200, learning_rate=0.05, max_depth=3, subsample=0.8, random_state=seed
        )
    # 100 trees: on 340 rows more trees change R² by < 0.01 but double the run time.
    return RandomForestRegressor(n_estimators=100, min_samples_leaf=3, random_state=seed, n_jobs=1)


def _ols_table(
    x: pd.DataFrame, y: pd.Series, groups: pd.Series, standard_errors: str = "cluster"
) -> pd.DataFrame:
    """Standardised OLS coefficients with clustered (or classical) standard errors and VIFs.

    ``std_error``, ``t``, ``p_value``, ``ci_low`` and ``ci_high`` follow
    ``standard_errors``; ``std_error_classical`` and ``p_value_classical`` are always
    given for comparison.
    """
    xz = (x - x.mean()) / x.std(ddof=0).replace(0.0, np.nan)
    xz = xz.fillna(0.0)
    yz = (y - y.mean()) / y.std(ddof=0)
    import statsmodels.api as sm  # imported when fitting (see the imports above)

    design = sm.add_constant(xz.to_numpy(), has_constant="add")
    classical = sm.OLS(yz.to_numpy(), design).fit()
    if standard_errors == "cluster":
        codes = pd.factorize(groups.reindex(y.index))[0]
        fitted = sm.OLS(yz.to_numpy(), design).fit(
            cov_type="cluster", cov_kwds={"groups": codes}, use_t=True
        )
    else:
        fitted = classical
    correlation = np.corrcoef(xz.to_numpy(), rowvar=False)
    with np.errstate(all="ignore"):
        vif = np.diag(np.linalg.pinv(np.atleast_2d(correlation)))
    interval = np.asarray(fitted.conf_int(alpha=0.05))
    return pd.DataFrame(
        {
            "feature": list(x.columns),
            "coefficient": np.asarray(fitted.params)[1:],
            "std_error": np.asarray(fitted.bse)[1:],
            "t": np.asarray(fitted.tvalues)[1:],
            "p_value": np.asarray(fitted.pvalues)[1:],
            "vif": vif,
            "ci_low": interval[1:, 0],
            "ci_high": interval[1:, 1],
            "std_error_classical": np.asarray(classical.bse)[1:],
            "p_value_classical": np.asarray(classical.pvalues)[1:],
        }
    )


def _permutation_losses(
    model: Pipeline,
    x_test: np.ndarray,
    y_test: np.ndarray,
    predicted: np.ndarray,
    n_repeats: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Increase of the mean squared error when each column is shuffled (features × repeats).

    The same computation as ``sklearn.inspection.permutation_importance``; written on
    NumPy arrays with all repeats in one prediction call because sklearn's per-call input
    validation made it 20 times slower on these small folds.
    """
    baseline = np.mean((y_test - predicted) ** 2)
    n, k = x_test.shape
    losses = np.zeros((k, n_repeats))
    for column in range(k):
        stacked = np.tile(x_test, (n_repeats, 1))
        for repeat in range(n_repeats):
            stacked[repeat * n : (repeat + 1) * n, column] = rng.permutation(x_test[:, column])
        shuffled = model.predict(stacked).reshape(n_repeats, n)
        losses[column] = np.mean((y_test - shuffled) ** 2, axis=1) - baseline
    return losses


@dataclass(frozen=True)
class AssociationResult:
    """The tables of a fitted :class:`AssociationModel`, as a page or a report shows them
    (:meth:`AssociationModel.result`); fresh copies, so changing them leaves the model
    as it was.

    Attributes
    ----------
    outcome
        The outcome explained.
    flexible
        The flexible model fitted next to the linear one.
    best_model
        Model with the higher cross-validated R² (used for the residuals).
    cv_scores, importance, coefficients, partial_dependence
        As :attr:`AssociationModel.cv_scores_`, :attr:`~AssociationModel.importance_`,
        :attr:`~AssociationModel.coefficients_` and
        :attr:`~AssociationModel.partial_dependence_`.
    predictions
        As :attr:`AssociationModel.predictions_`, with a leading ``name`` column when
        names were given.
    top_factors
        :meth:`AssociationModel.top_factors` of the requested size.
    warnings
        As :attr:`AssociationModel.warnings_`.
    """

    outcome: str
    flexible: str
    best_model: str
    cv_scores: pd.DataFrame
    importance: pd.DataFrame
    coefficients: pd.DataFrame
    partial_dependence: pd.DataFrame
    predictions: pd.DataFrame
    top_factors: pd.DataFrame
    warnings: list[str]


@dataclass(frozen=True)
class _Fold:
    train: np.ndarray
    test: np.ndarray


class AssociationModel:
    """Transparent and flexible models of one migration outcome, blocked by departamento.

    Parameters
    ----------
    flexible
        ``"gradient_boosting"`` (default) or ``"random_forest"``.
    n_folds
        Number of departamento folds; ``None`` (default) holds out one departamento at a
        time (leave-one-group-out).
    n_repeats
        Shuffles per driver for permutation importance.
    missing
        ``"median"`` (impute drivers with the training median, default) or ``"drop"``.
    grid_resolution
        Points per partial-dependence curve.
    residual_threshold
        A territory is flagged as "more / less migration than expected" when its
        out-of-fold residual exceeds this many residual standard deviations (default 1).
    seed
        Seed of the flexible model and of the permutations.
    standard_errors
        ``"cluster"`` (default: clustered by the fold groups, i.e. departamentos) or
        ``"classical"``.

    Attributes
    ----------
    coefficients_ : pandas.DataFrame
        Standardised OLS on all rows: ``feature, coefficient, std_error, t, p_value, vif,
        ci_low, ci_high`` (clustered by default) and ``std_error_classical``,
        ``p_value_classical``.
    warnings_ : list of str
        Plain-language cautions about the fit (drivers modelled with the outcome, kept
        under ``leakage="warn"``).
    cv_scores_ : pandas.DataFrame
        Per model: ``model, r2, rmse, n, n_folds``. ``r2`` is computed on the pooled
        out-of-fold predictions; per-fold R² is not reported because a single
        departamento's municipios vary little around their own mean, which makes it
        meaningless (often strongly negative) even for a good model.
    importance_ : pandas.DataFrame
        Per model and driver: ``model, feature, importance`` (mean loss of R² on the
        held-out departamentos when the driver is shuffled, folds weighted by size),
        ``importance_se`` (its standard error across folds) and ``importance_fold_sd``
        (spread of the single-fold values, large because one departamento is a small
        sample), sorted.
    partial_dependence_ : pandas.DataFrame
        Long: ``feature, value, prediction`` from the flexible model fitted on all rows.
    predictions_ : pandas.DataFrame
        Per territory: ``observed``, ``predicted_linear``, ``predicted_flexible``,
        ``residual`` and ``residual_z`` (of the better model), ``residual_class``,
        ``fold_group``.
    best_model_ : str
        Model with the higher cross-validated R² (used for the residual map).
    """

    def __init__(
        self,
        *,
        flexible: Literal["gradient_boosting", "random_forest"] = "gradient_boosting",
        n_folds: int | None = None,
        n_repeats: int = 10,
        missing: Literal["median", "drop"] = "median",
        grid_resolution: int = 20,
        residual_threshold: float = 1.0,
        seed: int = DEFAULT_SEED,
        standard_errors: Literal["cluster", "classical"] = "cluster",
    ) -> None:
        self.flexible = flexible
        self.n_folds = n_folds
        self.n_repeats = n_repeats
        self.missing = missing
        self.grid_resolution = grid_resolution
        self.residual_threshold = residual_threshold
        self.seed = seed
        self.standard_errors = standard_errors

    def _validate(
        self, drivers: pd.DataFrame, outcome: pd.Series, groups: pd.Series
    ) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
        if self.flexible not in FLEXIBLE_MODELS:
            raise RaicesError(
                f"modelo flexible desconocido «{self.flexible}»; use {FLEXIBLE_MODELS}"
            )
        if self.standard_errors not in STANDARD_ERRORS:
            raise RaicesError(
                f"errores estándar desconocidos «{self.standard_errors}»; use {STANDARD_ERRORS}"
            )
        if self.missing not in MISSING_POLICIES:
            raise RaicesError(
                f"política de faltantes desconocida «{self.missing}»; use {MISSING_POLICIES}"
            )
        name = str(outcome.name) if outcome.name is not None else "resultado"
        if drivers.shape[1] == 0:
            raise RaicesError("no hay factores candidatos para el modelo")
        if name in drivers.columns:
            raise RaicesError("el resultado no puede ser también un factor", column=name)
        outcome = outcome.reindex(drivers.index).astype(float)
        groups = groups.reindex(drivers.index)
        keep = outcome.notna() & groups.notna()
        if self.missing == "drop":
            keep &= drivers.notna().all(axis=1)
        drivers, outcome, groups = drivers[keep].astype(float), outcome[keep], groups[keep]
        empty = [column for column in drivers.columns if drivers[column].notna().sum() == 0]
        if empty:
            raise RaicesError(f"factores sin ningún valor: {empty}", column=empty[0])
        if len(outcome) < 20:
            raise RaicesError(
                f"sólo {len(outcome)} territorios con resultado; se necesitan al menos 20",
                column=name,
            )
        if outcome.std() == 0:
            raise RaicesError("el resultado es constante", column=name)
        if groups.nunique() < 3:
            raise RaicesError(
                "la validación cruzada por bloques necesita al menos 3 departamentos",
                column="dept_code",
            )
        return drivers, outcome, groups

    def fit(self, drivers: pd.DataFrame, outcome: pd.Series, groups: pd.Series) -> AssociationModel:
        """Fit both models, cross-validate by ``groups`` and measure importance.

        Parameters
        ----------
        drivers
            Candidate drivers indexed by code (one column per indicator).
        outcome
            Migration outcome indexed by code; its ``name`` labels the outputs.
        groups
            Fold group per code — the departamento code for spatial blocking.
        """
        x, y, g = self._validate(drivers, outcome, groups)
        from sklearn.base import clone
        from sklearn.impute import SimpleImputer
        from sklearn.inspection import partial_dependence
        from sklearn.linear_model import LinearRegression
        from sklearn.model_selection import GroupKFold
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        from threadpoolctl import threadpool_limits

        imputer = SimpleImputer(strategy="median", keep_empty_features=True)
        models: dict[str, Pipeline] = {
            "lineal": make_pipeline(clone(imputer), StandardScaler(), LinearRegression()),
            self.flexible: make_pipeline(clone(imputer), _flexible(self.flexible, self.seed)),
        }
        n_folds = int(self.n_folds or g.nunique())
        splitter = GroupKFold(n_splits=min(n_folds, g.nunique()))
        folds = [_Fold(tr, te) for tr, te in splitter.split(x, y, g)]
        out_of_fold = {name: np.full(len(y), np.nan) for name in models}
        losses: dict[str, list[np.ndarray]] = {name: [] for name in models}
        loss_sizes: list[int] = []
        total_variance = float(np.var(y.to_numpy()))
        matrix, target = x.to_numpy(), y.to_numpy()
        rng = np.random.default_rng(self.seed)
        with threadpool_limits(1):
            for fold in folds:
                x_train, x_test = matrix[fold.train], matrix[fold.test]
                y_train, y_test = target[fold.train], target[fold.test]
                loss_sizes.append(len(fold.test))
                for name, template in models.items():
                    model = clone(template).fit(x_train, y_train)
                    predicted = model.predict(x_test)
                    out_of_fold[name][fold.test] = predicted
                    losses[name].append(
                        _permutation_losses(model, x_test, y_test, predicted, self.n_repeats, rng)
                        / total_variance
                    )
            final = clone(models[self.flexible]).fit(matrix, target)
            curves = []
            for position, feature in enumerate(x.columns):
                if x[feature].nunique() < 2:
                    continue
                result = partial_dependence(
                    final,
                    matrix,
                    [position],
                    grid_resolution=self.grid_resolution,
                    kind="average",
                )
                curves.append(
                    pd.DataFrame(
                        {
                            "feature": feature,
                            "value": result["grid_values"][0],
                            "prediction": result["average"][0],
                        }
                    )
                )
        weights = np.asarray(loss_sizes, dtype=float) / sum(loss_sizes)
        rows = []
        importance_rows = []
        for name in models:
            residual = y.to_numpy() - out_of_fold[name]
            rows.append(
                {
                    "model": name,
                    "r2": 1 - np.mean(residual**2) / total_variance,
                    "rmse": float(np.sqrt(np.mean(residual**2))),
                    "n": len(y),
                    "n_folds": len(folds),
                }
            )
            # Per fold: mean over repeats; then a size-weighted mean over folds.
            per_fold = np.stack([loss.mean(axis=1) for loss in losses[name]])
            mean = weights @ per_fold
            spread = np.sqrt(weights @ (per_fold - mean) ** 2)
            # Standard error of a weighted mean: sqrt(Σ wᵢ² (xᵢ − x̄)²) with a small-sample
            # correction n / (n − 1).
            n_folds_used = len(weights)
            correction = n_folds_used / max(n_folds_used - 1, 1)
            error = np.sqrt(correction * (weights**2) @ (per_fold - mean) ** 2)
            for feature, value, se, sd in zip(x.columns, mean, error, spread, strict=True):
                importance_rows.append(
                    {
                        "model": name,
                        "feature": feature,
                        "importance": value,
                        "importance_se": se,
                        "importance_fold_sd": sd,
                    }
                )
        self.cv_scores_ = pd.DataFrame(rows)
        self.importance_ = (
            pd.DataFrame(importance_rows)
            .sort_values(["model", "importance"], ascending=[True, False], kind="stable")
            .reset_index(drop=True)
        )
        self.coefficients_ = _ols_table(x.fillna(x.median()), y, g, self.standard_errors)
        self.warnings_ = [
            f"«{driver}» no es independiente de «{y.name}»: {why}"
            for driver, why in leakage_notes(list(x.columns), str(y.name)).items()
        ]
        self.partial_dependence_ = (
            pd.concat(curves, ignore_index=True)
            if curves
            else pd.DataFrame(columns=["feature", "value", "prediction"])
        )
        self.best_model_ = str(self.cv_scores_.sort_values("r2", ascending=False)["model"].iloc[0])
        residual = y - out_of_fold[self.best_model_]
        residual_z = residual / residual.std(ddof=0)
        label = np.where(
            residual_z > self.residual_threshold,
            RESIDUAL_LABELS["mas"],
            np.where(
                residual_z < -self.residual_threshold,
                RESIDUAL_LABELS["menos"],
                RESIDUAL_LABELS["esperado"],
            ),
        )
        self.predictions_ = pd.DataFrame(
            {
                "observed": y,
                "predicted_linear": out_of_fold["lineal"],
                "predicted_flexible": out_of_fold[self.flexible],
                "residual": residual,
                "residual_z": residual_z,
                "residual_class": label,
                "fold_group": g,
            },
            index=y.index,
        )
        self.outcome_ = str(y.name) if y.name is not None else "resultado"
        self.features_ = list(x.columns)
        return self

    def result(self, names: pd.Series | None = None, *, n_top: int = 8) -> AssociationResult:
        """The fitted tables as one :class:`AssociationResult`.

        Parameters
        ----------
        names
            Display name per code, put first in the predictions (codes it lacks get a
            missing name); default none.
        n_top
            Size of :attr:`AssociationResult.top_factors`.
        """
        predictions = self.predictions_.copy()
        if names is not None:
            predictions.insert(0, "name", names.reindex(predictions.index))
        return AssociationResult(
            outcome=self.outcome_,
            flexible=self.flexible,
            best_model=self.best_model_,
            cv_scores=self.cv_scores_.copy(),
            importance=self.importance_.copy(),
            coefficients=self.coefficients_.copy(),
            partial_dependence=self.partial_dependence_.copy(),
            predictions=predictions,
            top_factors=self.top_factors(n_top),
            warnings=list(self.warnings_),
        )

    def top_factors(self, n: int = 5) -> pd.DataFrame:
        """The ``n`` drivers with the largest flexible-model importance, with the sign and
        size of their standardised linear coefficient next to them."""
        flexible = self.importance_[self.importance_["model"] == self.flexible]
        linear = self.importance_[self.importance_["model"] == "lineal"].set_index("feature")
        coefficients = self.coefficients_.set_index("feature")
        top = flexible.head(n).set_index("feature")
        return pd.DataFrame(
            {
                "importance_flexible": top["importance"],
                "importance_linear": linear["importance"].reindex(top.index),
                "coefficient": coefficients["coefficient"].reindex(top.index),
                "p_value": coefficients["p_value"].reindex(top.index),
            }
        ).rename_axis("feature")


def associated_factors(
    indicators: pd.DataFrame,
    outcome: str,
    *,
    drivers: list[str] | None = None,
    catalog: pd.DataFrame | None = None,
    groups: pd.Series | None = None,
    consequences: Literal["exclude", "include"] = "exclude",
    leakage: Literal["refuse", "warn"] = "refuse",
    **options: object,
) -> AssociationModel:
    """Plain-function twin of :class:`AssociationModel` on an indicator table.

    Parameters
    ----------
    indicators
        Indicator values indexed by municipal code.
    outcome
        Column of ``indicators`` to explain (e.g. ``"emigracion_hogar"``).
    drivers
        Columns used as drivers; default :func:`default_drivers` (needs ``catalog``).
    consequences
        Policy for :data:`LIKELY_CONSEQUENCES` when ``drivers`` is not given.
    leakage
        ``"refuse"`` (default): a driver listed in :data:`MODELLED_WITH` for ``outcome``
        raises; ``"warn"``: it is kept and the model's ``warnings_`` say why it is not
        independent of the outcome.
    catalog
        Indicator catalogue indexed by indicator.
    groups
        Fold groups; default the departamento, ``code // 100``.
    **options
        Passed to :class:`AssociationModel`.
    """
    if outcome not in indicators.columns:
        raise RaicesError(f"el resultado «{outcome}» no está entre los indicadores", column=outcome)
    if drivers is None:
        if catalog is None:
            raise RaicesError(
                "indique los factores o pase el catálogo para usar los de la lista por defecto"
            )
        drivers = [
            code
            for code in default_drivers(catalog, outcome, consequences=consequences)
            if code in indicators.columns
        ]
    unknown = [code for code in drivers if code not in indicators.columns]
    if unknown:
        raise RaicesError(f"factores que no están entre los indicadores: {unknown}")
    if leakage not in LEAKAGE_POLICIES:
        raise RaicesError(f"política desconocida «{leakage}»; use {LEAKAGE_POLICIES}")
    leaking = leakage_notes(drivers, outcome)
    if leaking and leakage == "refuse":
        driver, why = next(iter(leaking.items()))
        raise RaicesError(
            f"el factor «{driver}» no es independiente de «{outcome}»: {why}",
            column=driver,
            hint="quítelo de los factores o use leakage='warn' para mantenerlo con una advertencia",
        )
    if groups is None:
        groups = pd.Series(indicators.index // 100, index=indicators.index, name="dept_code")
    model = AssociationModel(**options)  # type: ignore[arg-type]
    return model.fit(indicators[drivers], indicators[outcome].rename(outcome), groups)
