"""Uncertainty and sensitivity of a ranking, kept apart by kind.

Two different questions are answered separately, because they call for different
decisions:

**Statistical band** (:class:`RankUncertainty`). The index is re-computed many times under
the scenario's *own* method (normalisation and aggregation), each draw changing at once:

- **weights**: every indicator and theme weight multiplied by an independent
  ``Uniform(1 − spread, 1 + spread)`` factor (COINr's default perturbation, ±25 %);
- **sampling error**: each value with a published standard error (the SEGEPLAN poverty
  map) replaced by ``value + se·z``, kept within the indicator's declared range. The
  ``z`` of one territory are drawn *jointly* across its perturbed indicators (poverty,
  gap and severity are estimates from one small-area model, so their errors move
  together): ``z ~ N(0, R)`` with ``R`` the correlation of the published estimates
  across territories (:func:`estimate_correlation`), or a correlation given.

Standard errors below :data:`SE_EXACT_THRESHOLD` are *unknown*, not exact: they are
replaced by a conservative value first (:func:`impute_standard_errors`).

**Method sensitivity** (:func:`method_sensitivity`). Deterministic: the index is
re-computed once for every combination of the alternative normalisations and
across-theme aggregations (e.g. min-max or percentile rank × arithmetic or geometric)
with the scenario's weights, giving each territory's best and worst rank across methods.
A method is a choice the plenary makes once, not a random quantity, so it is reported as
a range, never mixed into probabilities.

:func:`classify_drivers` says per territory which of the two moves it (``"estable"``,
``"estadistica"``, ``"metodo"`` or ``"ambas"``), and :func:`drop_one` gives the mean
absolute rank change when each indicator or theme is left out.

The Monte Carlo is vectorised over draws: indicators without sampling error are
normalised once and aggregated with one matrix product per theme, so only the few
perturbed columns are recomputed per draw. Outlier treatment, imputation and the
coverage screen are those fitted on the observed data (a data-cleaning decision, not a
modelling choice).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.defaults import DEFAULT_K, SE_EXACT_THRESHOLD
from analysis.errors import RaicesError
from analysis.index.aggregate import AGGREGATIONS, aggregate
from analysis.index.composite import CompositeIndex
from analysis.index.normalise import NORMALISATIONS, check_choice, normalise

#: Upper limit on Monte-Carlo draws: ranks and scores are kept in memory (8 bytes per
#: territory and draw, about 270 MB for 100,000 draws of 340 municipios).
MAX_DRAWS = 100_000


#: Quantile of the coefficient of variation (among territories with a valid standard
#: error) used to impute an unknown one: the 90th percentile, i.e. the imputed estimate
#: is assumed as imprecise as the least precise tenth of the published ones.
SE_IMPUTATION_QUANTILE = 0.9

#: Values of ``uncertainty_driver``: which kind of uncertainty moves a territory.
DRIVERS: tuple[str, ...] = ("estable", "estadistica", "metodo", "ambas")


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


def _ranks_from_scores(scores: np.ndarray) -> np.ndarray:
    """Ordinal ranks (1 = highest) along the last axis; NaN scores get NaN ranks.

    Exact ties (rare with continuous draws) are broken by code order.
    """
    missing = np.isnan(scores)
    keys = np.where(missing, np.inf, -scores).astype(np.float32)
    order = np.argsort(keys, axis=-1)
    ranks = np.empty(scores.shape, dtype=np.float32)
    positions = np.broadcast_to(np.arange(1, scores.shape[-1] + 1, dtype=np.float32), scores.shape)
    np.put_along_axis(ranks, order, positions, axis=-1)
    ranks[missing] = np.nan
    return ranks


def _rank_quantiles(ranks: np.ndarray, quantiles: Sequence[float]) -> np.ndarray:
    """Quantiles (lower-median convention) of integer ranks per column via counting.

    Equivalent to ``np.percentile(..., method="inverted_cdf")`` but linear in the number of
    draws: ranks are integers 1…n, so a histogram per territory suffices.
    """
    draws, n = ranks.shape
    flat = (np.arange(n) * (n + 1) + np.nan_to_num(ranks, nan=0).astype(np.int64)).ravel()
    counts = np.bincount(flat, minlength=n * (n + 1)).reshape(n, n + 1)[:, 1:]
    cumulative = np.cumsum(counts, axis=1)
    out = np.empty((len(quantiles), n))
    for i, q in enumerate(quantiles):
        out[i] = np.argmax(cumulative >= np.ceil(q * draws - 1e-9), axis=1) + 1
    return out


class RankUncertainty:
    """Monte-Carlo rank bands for a fitted :class:`~analysis.index.CompositeIndex`.

    Parameters
    ----------
    draws
        Number of Monte-Carlo draws (default 1000).
    seed
        Seed of the random generator; same seed, same result.
    weight_spread
        Half-width of the multiplicative weight perturbation (default 0.25 = ±25 %).
    normalisations
        Normalisations to draw from (default: the index's own only, which is what the
        statistical band uses; method choice belongs to :func:`method_sensitivity`).
    aggregations
        Across-theme aggregations to draw from (default: the index's own only).
    standard_errors
        Whether to perturb values by their published standard errors (default true).
    se_correlation
        Correlation of the sampling errors of one territory's perturbed indicators:
        ``"estimated"`` (default) = the correlation of the published estimates across
        territories (:func:`estimate_correlation`); a number ``r`` in [0, 1) = the same
        correlation ``r`` between every pair (0 = independent); or a ``p × p`` matrix in
        the order of the perturbed indicators.
    k
        Size of the "top" whose membership probability is reported (default 15).
    batch_size
        Draws computed together (memory ≈ ``batch_size × n × 8`` bytes per perturbed
        indicator).

    Attributes
    ----------
    ranks_ : numpy.ndarray
        ``draws × n`` ranks (float32, NaN for territories without a score).
    scores_ : numpy.ndarray
        ``draws × n`` scores (float32).
    summary_ : pandas.DataFrame
        Per territory: ``rank_median``, ``rank_p05``, ``rank_p95``, ``p_top_k``,
        ``score_p05``, ``score_p95``.
    choices_ : pandas.DataFrame
        The normalisation and aggregation of each draw.
    correlation_ : pandas.DataFrame
        Correlation used for the sampling errors (perturbed indicators × themselves).
    """

    def __init__(
        self,
        *,
        draws: int = 1000,
        seed: int = 2026,
        weight_spread: float = 0.25,
        normalisations: Sequence[str] = (),
        aggregations: Sequence[str] = (),
        standard_errors: bool = True,
        se_correlation: str | float | np.ndarray = "estimated",
        k: int = DEFAULT_K,
        batch_size: int = 500,
    ) -> None:
        self.draws = draws
        self.seed = seed
        self.weight_spread = weight_spread
        self.normalisations = normalisations
        self.aggregations = aggregations
        self.standard_errors = standard_errors
        self.se_correlation = se_correlation
        self.k = k
        self.batch_size = batch_size

    def fit(
        self, index: CompositeIndex, standard_errors: pd.DataFrame | None = None
    ) -> RankUncertainty:
        """Run the Monte Carlo on a fitted ``index``.

        Parameters
        ----------
        index
            A fitted :class:`~analysis.index.CompositeIndex`.
        standard_errors
            Published standard errors (index = code, columns = indicators); NaN or 0 =
            no sampling error for that value.
        """
        if not hasattr(index, "scores_"):
            raise RaicesError("el índice debe calcularse (fit) antes del análisis de incertidumbre")
        if not 1 <= self.draws <= MAX_DRAWS:
            raise RaicesError(
                f"el número de simulaciones debe estar entre 1 y {MAX_DRAWS}", column="draws"
            )
        if not 0 <= self.weight_spread < 1:
            raise RaicesError("weight_spread debe estar entre 0 y 1", column="weight_spread")
        norms = tuple(self.normalisations) or (index.normalisation,)
        aggs = tuple(self.aggregations) or (index.aggregation_across,)
        for value in norms:
            check_choice(value, NORMALISATIONS, "normalisations")
        for value in aggs:
            check_choice(value, AGGREGATIONS, "aggregations")
        rng = np.random.default_rng(self.seed)
        n, m = index.treated_.shape
        theme_count = len(index.themes_)

        se = np.zeros((n, m))
        if self.standard_errors and standard_errors is not None:
            aligned = standard_errors.reindex(index=index.index_, columns=index.indicators_)
            se = np.nan_to_num(aligned.to_numpy(dtype=float))
            se = np.where(index.present_ & (se > 0), se, 0.0)
        perturbed = np.flatnonzero((se > 0).any(axis=0))
        constant = np.setdiff1d(np.arange(m), perturbed)
        directions = index.directions_
        posts = index.goalposts_
        # Normalised constant columns, once per method; NaN → 0 with a presence mask.
        fixed = {
            method: normalise(
                index.treated_[:, constant],
                directions[constant],
                method=method,
                goalposts=posts[constant],
                zero_range=index.zero_range,
            )
            for method in norms
        }
        present_c = ~np.isnan(index.treated_[:, constant])
        within = index.within_weights_.to_numpy()
        across = index.theme_weights_.to_numpy()
        groups_c = [np.flatnonzero(np.isin(constant, g)) for g in index.groups_]
        groups_p = [np.flatnonzero(np.isin(perturbed, g)) for g in index.groups_]
        # Perturbed columns are held transposed, (draws, indicators, territories), so that
        # each indicator's values are contiguous for the per-draw normalisation.
        ranges = index.ranges_
        low = np.where(np.isfinite(ranges[perturbed, 0]), ranges[perturbed, 0], -np.inf)[:, None]
        high = np.where(np.isfinite(ranges[perturbed, 1]), ranges[perturbed, 1], np.inf)[:, None]
        base_p = index.filled_[:, perturbed].T
        se_p = se[:, perturbed].T
        correlation = self._correlation(index, perturbed)
        within_method = index.aggregation_within
        offset = index.geometric_offset

        ranks = np.empty((self.draws, n), dtype=np.float32)
        scores = np.empty((self.draws, n), dtype=np.float32)
        norm_choice = rng.integers(len(norms), size=self.draws)
        agg_choice = rng.integers(len(aggs), size=self.draws)
        spread = self.weight_spread
        for start in range(0, self.draws, self.batch_size):
            stop = min(start + self.batch_size, self.draws)
            b = stop - start
            w = within * rng.uniform(1 - spread, 1 + spread, size=(b, m))
            v = across * rng.uniform(1 - spread, 1 + spread, size=(b, theme_count))
            noise = correlated_normal(rng, correlation, (b, n)).transpose(0, 2, 1)
            raw_p = base_p + se_p * noise
            raw_p = index.treatment_.transform(np.clip(raw_p, low, high), perturbed, axis=-1)
            theme = np.empty((b, theme_count, n))
            for j, method in enumerate(norms):
                rows = np.flatnonzero(norm_choice[start:stop] == j)
                if not len(rows):
                    continue
                norm_p = normalise(
                    raw_p[rows],
                    directions[perturbed],
                    method=method,
                    goalposts=posts[perturbed],
                    zero_range=index.zero_range,
                    axis=-1,
                )
                theme[rows] = self._themes(
                    fixed[method],
                    present_c,
                    norm_p,
                    w[rows],
                    constant,
                    perturbed,
                    groups_c,
                    groups_p,
                    within_method,
                    offset,
                    index.penalty,
                )
            batch_scores = np.empty((b, n))
            for j, method in enumerate(aggs):
                rows = np.flatnonzero(agg_choice[start:stop] == j)
                if len(rows):
                    batch_scores[rows] = _across(
                        theme[rows], v[rows], method, offset, index.penalty
                    )
            batch_scores[:, index.excluded_] = np.nan
            scores[start:stop] = batch_scores
            ranks[start:stop] = _ranks_from_scores(batch_scores)

        self.ranks_ = ranks
        self.scores_ = scores
        names = [index.indicators_[j] for j in perturbed]
        self.correlation_ = pd.DataFrame(correlation, index=names, columns=names)
        self.choices_ = pd.DataFrame(
            {
                "normalisation": np.array(norms)[norm_choice],
                "aggregation": np.array(aggs)[agg_choice],
            }
        )
        rank_q = np.full((3, n), np.nan)
        score_q = np.full((2, n), np.nan)
        scored = ~index.excluded_
        if scored.any():
            rank_q[:, scored] = _rank_quantiles(ranks, [0.05, 0.5, 0.95])[:, scored]
            score_q[:, scored] = np.percentile(scores[:, scored], [5, 95], axis=0)
        p_top = (ranks <= self.k).mean(axis=0)
        p_top[index.excluded_] = np.nan
        self.summary_ = pd.DataFrame(
            {
                "rank_median": rank_q[1],
                "rank_p05": rank_q[0],
                "rank_p95": rank_q[2],
                "p_top_k": p_top,
                "score_p05": score_q[0],
                "score_p95": score_q[1],
            },
            index=index.index_,
        )
        return self

    def _correlation(self, index: CompositeIndex, perturbed: np.ndarray) -> np.ndarray:
        """The ``p × p`` correlation of the sampling errors (see ``se_correlation``)."""
        p = len(perturbed)
        value = self.se_correlation
        if isinstance(value, str):
            if value != "estimated":
                raise RaicesError(
                    f"se_correlation «{value}» no válido; use «estimated» o un número",
                    column="se_correlation",
                )
            return estimate_correlation(index.raw_[:, perturbed])
        if np.ndim(value) == 0:
            r = float(value)  # type: ignore[arg-type]
            if not 0 <= r < 1:
                raise RaicesError("se_correlation debe estar entre 0 y 1", column="se_correlation")
            matrix = np.full((p, p), r)
            np.fill_diagonal(matrix, 1.0)
            return matrix
        matrix = np.asarray(value, dtype=float)
        if matrix.shape != (p, p):
            raise RaicesError(
                f"se_correlation debe ser una matriz {p}×{p} (indicadores con error estándar)",
                column="se_correlation",
            )
        return matrix

    @staticmethod
    def _themes(
        fixed: np.ndarray,
        present_c: np.ndarray,
        norm_p: np.ndarray,
        w: np.ndarray,
        constant: np.ndarray,
        perturbed: np.ndarray,
        groups_c: list[np.ndarray],
        groups_p: list[np.ndarray],
        method: str,
        offset: float,
        penalty: float,
    ) -> np.ndarray:
        """Theme scores ``(b, t, n)`` for one batch of draws sharing a normalisation."""
        b, n = w.shape[0], fixed.shape[0]
        out = np.empty((b, len(groups_c), n))
        if method == "penalised":
            full = np.empty((b, n, len(constant) + len(perturbed)))
            full[..., constant] = fixed
            full[..., perturbed] = norm_p.transpose(0, 2, 1)
            for t, (gc, gp) in enumerate(zip(groups_c, groups_p, strict=True)):
                cols = np.r_[constant[gc], perturbed[gp]]
                out[:, t] = aggregate(full[..., cols], w[:, cols], method=method, penalty=penalty)
            return out
        terms_c = (
            np.log(np.nan_to_num(fixed) + offset) if method == "geometric" else np.nan_to_num(fixed)
        )
        terms_c = np.where(present_c, terms_c, 0.0)
        present_p = ~np.isnan(norm_p)
        terms_p = (
            np.log(np.nan_to_num(norm_p) + offset)
            if method == "geometric"
            else np.nan_to_num(norm_p)
        )
        terms_p = np.where(present_p, terms_p, 0.0)
        wc = w[:, constant]
        wp = w[:, perturbed]
        mask_c = present_c.astype(float)
        for t, (gc, gp) in enumerate(zip(groups_c, groups_p, strict=True)):
            num = (terms_c[:, gc] @ wc[:, gc].T).T
            den = (mask_c[:, gc] @ wc[:, gc].T).T
            if len(gp):
                num = num + np.einsum("bpn,bp->bn", terms_p[:, gp], wp[:, gp])
                den = den + np.einsum("bpn,bp->bn", present_p[:, gp].astype(float), wp[:, gp])
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = num / den
            if method == "geometric":
                mean = np.clip(np.exp(mean) - offset, 0.0, 100.0)
            out[:, t] = np.where(den > 0, mean, np.nan)
        return out


def _across(
    theme: np.ndarray, v: np.ndarray, method: str, offset: float, penalty: float
) -> np.ndarray:
    """Across-theme aggregation of ``(b, t, n)`` theme scores with ``(b, t)`` weights.

    Fast path (one ``einsum``) when no theme score is missing; otherwise the general
    :func:`~analysis.index.aggregate.aggregate`, which re-normalises weights.
    """
    if method == "penalised" or np.isnan(theme).any():
        return aggregate(theme.transpose(0, 2, 1), v, method=method, offset=offset, penalty=penalty)
    total = v.sum(axis=1)[:, None]
    if method == "geometric":
        return np.clip(
            np.exp(np.einsum("btn,bt->bn", np.log(theme + offset), v) / total) - offset, 0.0, 100.0
        )
    return np.einsum("btn,bt->bn", theme, v) / total


def rank_uncertainty(
    index: CompositeIndex, standard_errors: pd.DataFrame | None = None, **params: object
) -> pd.DataFrame:
    """Plain-function twin of :class:`RankUncertainty`: fit and return ``summary_``."""
    return RankUncertainty(**params).fit(index, standard_errors).summary_  # type: ignore[arg-type]


def drop_one(
    index: CompositeIndex,
    data: pd.DataFrame,
    catalog: pd.DataFrame,
    *,
    k: int = DEFAULT_K,
    groups: pd.Series | None = None,
) -> pd.DataFrame:
    """Rank change when each indicator, then each theme, is left out of the index.

    Parameters
    ----------
    index
        A fitted index (its parameters are reused).
    data, catalog, groups
        What ``index`` was fitted on.
    k
        Size of the top whose retention is reported.

    Returns
    -------
    pandas.DataFrame
        One row per left-out ``item`` (``kind`` = ``"indicator"`` or ``"theme"``):
        ``mean_abs_rank_change``, ``max_abs_rank_change`` and ``top_k_kept`` (how many of
        the base top k stay in the top k), largest mean change first.
    """
    base = index.ranks_
    base_top = set(base[base <= k].index)
    params = index.get_params()
    columns = list(index.indicators_)
    rows = []
    items = [("indicator", name, [name]) for name in columns]
    items += [
        ("theme", theme, [c for c in columns if index.theme_of_[c] == theme])
        for theme in index.themes_
    ]
    for kind, name, dropped in items:
        kept = [c for c in columns if c not in dropped]
        if not kept:
            continue
        model = CompositeIndex(**params).fit(data[kept], catalog, groups=groups)  # type: ignore[arg-type]
        change = (model.ranks_ - base).abs()
        top = set(model.ranks_[model.ranks_ <= k].index)
        rows.append(
            {
                "kind": kind,
                "item": name,
                "mean_abs_rank_change": float(change.mean()),
                "max_abs_rank_change": float(change.max()),
                "top_k_kept": len(base_top & top),
            }
        )
    out = pd.DataFrame(
        rows, columns=["kind", "item", "mean_abs_rank_change", "max_abs_rank_change", "top_k_kept"]
    )
    return out.sort_values("mean_abs_rank_change", ascending=False, ignore_index=True)


@dataclass(frozen=True)
class MethodSensitivity:
    """Outcome of :func:`method_sensitivity`.

    Attributes
    ----------
    ranks
        Index = code; one column of ranks per method, named ``"<normalisation> +
        <aggregation>"`` (the scenario's own method first).
    rank_min, rank_max
        Best and worst rank of each territory across the methods.
    worst_method
        The method giving each territory its worst rank.
    methods
        The ``(normalisation, aggregation)`` pairs, in column order.
    """

    ranks: pd.DataFrame
    rank_min: pd.Series
    rank_max: pd.Series
    worst_method: pd.Series
    methods: tuple[tuple[str, str], ...]


def method_sensitivity(
    index: CompositeIndex,
    data: pd.DataFrame,
    catalog: pd.DataFrame,
    *,
    normalisations: Sequence[str] = (),
    aggregations: Sequence[str] = (),
    groups: pd.Series | None = None,
) -> MethodSensitivity:
    """Rank of every territory under each combination of alternative methods.

    Deterministic: the index is re-fitted with the scenario's weights and every other
    setting, once per ``normalisation × across-theme aggregation`` pair (the index's own
    pair always included, and taken from ``index`` without re-fitting).

    Parameters
    ----------
    index
        The fitted index of the scenario.
    data, catalog, groups
        What ``index`` was fitted on.
    normalisations, aggregations
        The alternatives (default: only the index's own).
    """
    norms = list(dict.fromkeys([index.normalisation, *normalisations]))
    aggs = list(dict.fromkeys([index.aggregation_across, *aggregations]))
    for value in norms:
        check_choice(value, NORMALISATIONS, "normalisations")
    for value in aggs:
        check_choice(value, AGGREGATIONS, "aggregations")
    params = index.get_params()
    columns: dict[str, np.ndarray] = {}
    methods = []
    for norm, agg in itertools.product(norms, aggs):
        if (norm, agg) == (index.normalisation, index.aggregation_across):
            ranks = index.ranks_
        else:
            model = CompositeIndex(**params).set_params(  # type: ignore[arg-type]
                normalisation=norm, aggregation_across=agg
            )
            ranks = model.fit(data[list(index.indicators_)], catalog, groups=groups).ranks_  # type: ignore[arg-type]
        columns[f"{norm} + {agg}"] = ranks.reindex(index.index_).to_numpy(dtype=float)
        methods.append((norm, agg))
    table = pd.DataFrame(columns, index=index.index_)
    scored = table.notna().any(axis=1)
    worst = pd.Series(np.nan, index=table.index, dtype=object)
    worst[scored] = table[scored].fillna(-np.inf).idxmax(axis=1)
    return MethodSensitivity(
        ranks=table,
        rank_min=table.min(axis=1),
        rank_max=table.max(axis=1),
        worst_method=worst,
        methods=tuple(methods),
    )


def classify_drivers(
    rank_p05: pd.Series,
    rank_p95: pd.Series,
    method_rank_min: pd.Series,
    method_rank_max: pd.Series,
    *,
    k: int = DEFAULT_K,
) -> pd.Series:
    """Which kind of uncertainty moves each territory across the top-``k`` line.

    Rule (about the decision, not about distance): a source of uncertainty *moves* a
    territory when, under it, the territory can be both inside and outside the first
    ``k`` — its statistical 5–95 % band, or its best-to-worst range across methods,
    straddles the line (``low <= k < high``). A territory whose ranges stay on one side
    of the line is ``"estable"`` for the decision even if it moves far below it (rank
    140 or rank 300 does not change a top-15 pilot); its ranges are still reported.
    The result is ``"estable"``, ``"estadistica"``, ``"metodo"`` or ``"ambas"``;
    missing (``None``) where either range is unknown.

    Examples
    --------
    >>> import pandas as pd
    >>> s = lambda *v: pd.Series(v, dtype=float)
    >>> classify_drivers(s(1, 1, 1, 1, 40), s(5, 40, 5, 40, 90),
    ...                  s(1, 1, 1, 1, 20), s(3, 3, 108, 108, 300)).tolist()
    ['estable', 'estadistica', 'metodo', 'ambas', 'estable']
    """
    statistical = (rank_p05 <= k) & (rank_p95 > k)
    method = (method_rank_min <= k) & (method_rank_max > k)
    known = rank_p05.notna() & rank_p95.notna() & method_rank_min.notna() & method_rank_max.notna()
    labels = np.select(
        [statistical & method, statistical, method], ["ambas", "estadistica", "metodo"], "estable"
    )
    out = pd.Series(labels, index=rank_p05.index, dtype=object)
    return out.where(known, None)
