"""Statistical band of a ranking: Monte-Carlo rank bands (:class:`RankUncertainty`).

The index is re-computed many times under the scenario's *own* method (normalisation and
aggregation), each draw changing at once:

- **weights**: every indicator and theme weight multiplied by an independent
  ``Uniform(1 − spread, 1 + spread)`` factor (COINr's default perturbation, ±25 %);
- **sampling error**: each value with a published standard error (the SEGEPLAN poverty
  map) replaced by ``value + se·z``, kept within the indicator's declared range. The
  ``z`` of one territory are drawn *jointly* across its perturbed indicators:
  ``z ~ N(0, R)`` with ``R`` the correlation of the published estimates across
  territories, or a correlation given (:mod:`analysis.priority.standard_errors`, which
  also imputes the standard errors that are unknown rather than exact).

The choice of method is not drawn here: it is a decision, reported as a deterministic
range by :mod:`analysis.priority.sensitivity`.

The Monte Carlo is vectorised over draws: indicators without sampling error are
normalised once and aggregated with one matrix product per theme, so only the few
perturbed columns are recomputed per draw. Outlier treatment, imputation and the
coverage screen are those fitted on the observed data (a data-cleaning decision, not a
modelling choice).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.defaults import DEFAULT_K
from analysis.errors import RaicesError
from analysis.index.aggregate import AGGREGATIONS, aggregate
from analysis.index.composite import CompositeIndex
from analysis.index.normalise import NORMALISATIONS, check_choice, normalise
from analysis.priority.standard_errors import correlated_normal, estimate_correlation

#: Upper limit on Monte-Carlo draws: ranks and scores are kept in memory (8 bytes per
#: territory and draw, about 270 MB for 100,000 draws of 340 municipios).
MAX_DRAWS = 100_000
#: Measured cost of the Monte-Carlo band on the 340 municipios (2-core machine): seconds and
#: MB of memory per 1 000 draws (100 000 draws ≈ 18.5 s and 1.07 GB).
DRAW_COST = {"seconds_per_1000": 0.185, "mb_per_1000": 10.7}


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
