"""Published standard errors, as the Monte Carlo uses them.

Two rules for the sampling error of small-area estimates (the SEGEPLAN poverty map):

- **Unknown is not exact.** A standard error below :data:`SE_EXACT_THRESHOLD` attached
  to a published value is read as unknown and replaced by a conservative one, the
  :data:`SE_IMPUTATION_QUANTILE` of the published coefficients of variation
  (:func:`impute_standard_errors`); the territories concerned are flagged.
- **Errors of one model move together.** Poverty, gap and severity come from one
  small-area model, so the errors of one territory are drawn jointly: ``z ~ N(0, R)``
  with ``R`` the correlation of the published estimates across territories
  (:func:`estimate_correlation`, :func:`correlated_normal`).

:class:`analysis.priority.uncertainty.RankUncertainty` draws with these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.defaults import SE_EXACT_THRESHOLD
from analysis.errors import RaicesError

#: Quantile of the coefficient of variation (among territories with a valid standard
#: error) used to impute an unknown one: the 90th percentile, i.e. the imputed estimate
#: is assumed as imprecise as the least precise tenth of the published ones.
SE_IMPUTATION_QUANTILE = 0.9


@dataclass(frozen=True)
class StandardErrorImputation:
    """Outcome of :func:`impute_standard_errors`.

    Attributes
    ----------
    standard_errors
        The standard errors to use: published ones, with the unknown ones imputed.
    imputed
        Boolean frame of the same shape: true where a standard error was imputed.
    cv_quantile
        Per indicator, the coefficient of variation used for the imputation.
    threshold, quantile
        The rule's parameters.
    """

    standard_errors: pd.DataFrame
    imputed: pd.DataFrame
    cv_quantile: pd.Series
    threshold: float
    quantile: float

    def flagged(self, indicators: Sequence[str] | None = None) -> pd.Series:
        """Per territory, whether any of ``indicators`` (default all) has an imputed SE."""
        columns = [c for c in (indicators or self.imputed.columns) if c in self.imputed]
        return self.imputed[columns].any(axis=1)


def impute_standard_errors(
    standard_errors: pd.DataFrame,
    values: pd.DataFrame,
    *,
    threshold: float = SE_EXACT_THRESHOLD,
    quantile: float = SE_IMPUTATION_QUANTILE,
) -> StandardErrorImputation:
    """Replace standard errors that are too small to be real by a conservative value.

    Rule, per indicator that has published standard errors: an SE below ``threshold``
    (default 1e-6) attached to a published value is *unknown*. It is replaced by
    ``q × |value|``, where ``q`` is the ``quantile`` (default 0.9) of the coefficient of
    variation ``SE / |value|`` among the territories whose SE is valid (≥ ``threshold``,
    value ≠ 0). Where the value itself is 0 (no CV applies) the same quantile of the
    valid standard errors is used. Missing standard errors (NaN: the indicator has no
    sampling error) are left alone.

    Why the 90th percentile: the territories with a zero SE are exactly those whose
    precision the source does not tell; assuming them as imprecise as the least precise
    tenth of the published estimates errs on the side of a wider band and a lower
    reliability, never of false certainty.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"pobreza": [0.5, 0.4, 0.2, 0.8]})
    >>> se = pd.DataFrame({"pobreza": [0.05, 0.08, 1e-17, float("nan")]})
    >>> out = impute_standard_errors(se, v, quantile=1.0)
    >>> round(float(out.standard_errors.loc[2, "pobreza"]), 3), out.imputed["pobreza"].tolist()
    (0.04, [False, False, True, False])
    """
    if not 0 <= quantile <= 1:
        raise RaicesError("el cuantil debe estar entre 0 y 1", column="quantile")
    if threshold < 0:
        raise RaicesError("el umbral debe ser ≥ 0", column="threshold")
    values = values.reindex(index=standard_errors.index, columns=standard_errors.columns)
    se = standard_errors.astype(float)
    x = values.astype(float)
    out = se.copy()
    imputed = pd.DataFrame(False, index=se.index, columns=se.columns)
    quantiles = {}
    for column in se.columns:
        s, v = se[column], x[column]
        valid = (s >= threshold) & v.notna() & (v != 0)
        unknown = s.notna() & (s < threshold) & v.notna()
        if not valid.any():
            quantiles[column] = np.nan
            continue
        q_cv = float(np.quantile((s[valid] / v[valid].abs()).to_numpy(), quantile))
        q_se = float(np.quantile(s[s >= threshold].to_numpy(), quantile))
        quantiles[column] = q_cv
        if unknown.any():
            fill = np.where(v[unknown] != 0, q_cv * v[unknown].abs(), q_se)
            out.loc[unknown, column] = fill
            imputed.loc[unknown, column] = True
    return StandardErrorImputation(
        standard_errors=out,
        imputed=imputed,
        cv_quantile=pd.Series(quantiles, dtype=float),
        threshold=float(threshold),
        quantile=float(quantile),
    )


def estimate_correlation(values: pd.DataFrame | np.ndarray) -> np.ndarray:
    """Correlation of the columns of ``values`` across rows, made positive definite.

    Pairwise-complete Pearson correlation; eigenvalues are clipped at 1e-6 (and the
    diagonal reset to 1) so that a Cholesky factor exists. A column without variation
    is uncorrelated with the others.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1.0, 2.0], [2.0, 4.1], [3.0, 5.9]])
    >>> bool(estimate_correlation(x)[0, 1] > 0.99)
    True
    """
    frame = pd.DataFrame(np.asarray(values, dtype=float))
    matrix = frame.corr().to_numpy()
    matrix = np.where(np.isfinite(matrix), matrix, 0.0)
    np.fill_diagonal(matrix, 1.0)
    return _nearest_correlation(matrix)


def _nearest_correlation(matrix: np.ndarray) -> np.ndarray:
    """Clip eigenvalues so the matrix is positive definite, then rescale to unit diagonal."""
    if matrix.size == 0:
        return matrix
    eigenvalues, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    fixed = (vectors * np.clip(eigenvalues, 1e-6, None)) @ vectors.T
    scale = np.sqrt(np.diag(fixed))
    return fixed / np.outer(scale, scale)


def correlated_normal(
    rng: np.random.Generator, correlation: np.ndarray, size: tuple[int, ...]
) -> np.ndarray:
    """Standard normal draws of shape ``size + (p,)`` whose last axis has ``correlation``.

    Examples
    --------
    >>> import numpy as np
    >>> r = np.array([[1.0, 0.8], [0.8, 1.0]])
    >>> z = correlated_normal(np.random.default_rng(0), r, (20000,))
    >>> round(float(np.corrcoef(z.T)[0, 1]), 1)
    0.8
    """
    correlation = np.asarray(correlation, dtype=float)
    factor = np.linalg.cholesky(_nearest_correlation(correlation))
    return rng.standard_normal(size + (correlation.shape[0],)) @ factor.T
