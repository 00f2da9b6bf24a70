"""How much the voices agree: Kendall's W, correlation between groups, divisive themes.

Kendall's coefficient of concordance ``W`` (Kendall and Babington Smith 1939) measures how
alike ``m`` participants rank ``n`` themes: 1 = everyone ranks them in the same order,
0 = no common order at all. Themes with equal weight share the average rank, and the
tie correction of Kendall (1948) is applied::

    W = 12 S / (m² (n³ − n) − m Σ_j T_j),   T_j = Σ (t³ − t) over the tie groups of participant j

where ``S`` is the sum of squared deviations of the themes' rank sums from their mean.
``χ² = m (n − 1) W`` with ``n − 1`` degrees of freedom tests whether any agreement exists.

Examples
--------
>>> ranks = pd.DataFrame([[1, 2, 3], [1, 3, 2], [2, 1, 3]], columns=["a", "b", "c"])
>>> round(kendalls_w(ranks).w, 4)
0.4444
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from analysis.consultation.aggregation import combine, group_labels
from analysis.consultation.responses import Responses
from analysis.errors import RaicesError

DIVIDING_IQR = 0.10
"""A theme "divides the room" when the interquartile range of its weight is at least this
(10 points of 100): half of the voices give it weights more than 10 points apart."""


@dataclass(frozen=True)
class Concordance:
    """Kendall's W with its chi-square test.

    Attributes
    ----------
    w
        Kendall's W (0–1), tie-corrected.
    chi2, dof, p_value
        Friedman's chi-square ``m (n − 1) W``, its degrees of freedom and p-value.
    participants, themes
        ``m`` and ``n``.
    """

    w: float
    chi2: float
    dof: int
    p_value: float
    participants: int
    themes: int


def theme_ranks(weights: pd.DataFrame) -> pd.DataFrame:
    """Each participant's ranking of the themes (1 = heaviest, ties share the average)."""
    return weights.rank(axis=1, ascending=False, method="average")


def kendalls_w(ranks: pd.DataFrame) -> Concordance:
    """Kendall's W of a participants × themes table of ranks (tie-corrected).

    Returns NaN when it is undefined: fewer than two participants or themes, or every
    participant giving every theme the same rank.
    """
    values = ranks.to_numpy(dtype=float)
    m, n = values.shape
    if m < 2 or n < 2:
        return Concordance(float("nan"), float("nan"), max(n - 1, 0), float("nan"), m, n)
    sums = values.sum(axis=0)
    s = float(((sums - sums.mean()) ** 2).sum())
    ties = 0.0
    for row in values:
        _, counts = np.unique(row, return_counts=True)
        ties += float((counts**3 - counts).sum())
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0:
        return Concordance(float("nan"), float("nan"), n - 1, float("nan"), m, n)
    w = min(max(12 * s / denominator, 0.0), 1.0)
    chi2 = m * (n - 1) * w
    return Concordance(
        w=w,
        chi2=chi2,
        dof=n - 1,
        p_value=float(stats.chi2.sf(chi2, n - 1)),
        participants=m,
        themes=n,
    )


def concordance(responses: Responses) -> Concordance:
    """Kendall's W of the participants' theme rankings in ``responses``."""
    return kendalls_w(theme_ranks(responses.weights))


def group_correlation(
    responses: Responses, by: str, *, rule: str | None = None, min_size: int = 1
) -> pd.DataFrame:
    """Spearman rank correlation between the combined weights of every pair of groups.

    Returns a long table ``group_a``, ``group_b``, ``n_a``, ``n_b``, ``spearman`` (NaN when
    one group gives every theme the same weight); groups with fewer than ``min_size``
    participants are left out.
    """
    labels = group_labels(responses, by)
    combined = {}
    for group in sorted(labels.unique()):
        mask = labels == group
        if int(mask.sum()) >= min_size:
            combined[group] = (combine(responses.subset(mask), rule=rule), int(mask.sum()))
    rows = []
    for a, b in combinations(combined, 2):
        wa, wb = combined[a][0].weights, combined[b][0].weights
        if wa.nunique() < 2 or wb.nunique() < 2:
            rho = float("nan")
        else:
            rho = float(stats.spearmanr(wa.to_numpy(), wb.to_numpy()).statistic)
        rows.append(
            {
                "group_a": a,
                "group_b": b,
                "n_a": combined[a][1],
                "n_b": combined[b][1],
                "spearman": rho,
            }
        )
    return pd.DataFrame(rows, columns=["group_a", "group_b", "n_a", "n_b", "spearman"])


def dividing_themes(
    responses: Responses,
    *,
    by: str = "sector",
    threshold: float = DIVIDING_IQR,
    rule: str | None = None,
) -> pd.DataFrame:
    """Which themes divide the room, most divisive first.

    Columns: ``iqr`` (interquartile range of the individual weights), ``rank_sd``
    (standard deviation of the theme's rank across participants), ``share_first`` and
    ``share_last`` (share of participants ranking it first / last), ``group_gap`` (largest
    minus smallest combined weight among the groups of ``by``) and ``divides``
    (``iqr ≥ threshold``).
    """
    if responses.n == 0:
        raise RaicesError("la ronda todavía no tiene respuestas")
    weights = responses.weights
    ranks = theme_ranks(weights)
    n_themes = len(responses.themes)
    q75, q25 = np.percentile(weights.to_numpy(dtype=float), [75, 25], axis=0)
    labels = group_labels(responses, by)
    per_group = pd.DataFrame(
        {
            group: combine(responses.subset(labels == group), rule=rule).weights
            for group in sorted(labels.unique())
        }
    )
    table = pd.DataFrame(
        {
            "iqr": q75 - q25,
            "rank_sd": ranks.std(axis=0, ddof=0).to_numpy(),
            "share_first": (ranks == ranks.min(axis=1).to_numpy()[:, None]).mean(axis=0).to_numpy()
            if n_themes
            else [],
            "share_last": (ranks == ranks.max(axis=1).to_numpy()[:, None]).mean(axis=0).to_numpy(),
            "group_gap": (per_group.max(axis=1) - per_group.min(axis=1))
            .reindex(list(responses.themes))
            .to_numpy(),
        },
        index=pd.Index(list(responses.themes), name="theme"),
    )
    table["divides"] = table["iqr"] >= threshold - 1e-12
    return table.sort_values(["iqr", "rank_sd"], ascending=False)
