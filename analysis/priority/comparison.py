"""Comparison of two rankings: rank correlation, top-k overlap and the biggest movers."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from scipy.stats import kendalltau, spearmanr

from analysis.errors import RaicesError


@dataclass
class RankingComparison:
    """Outcome of :func:`compare_rankings`.

    Attributes
    ----------
    spearman, kendall
        Rank correlations over the territories ranked in both (Kendall's tau-b).
    top_k_overlap
        Territories in the top ``k`` of both.
    jaccard
        ``overlap / |top_k(a) ∪ top_k(b)|``.
    n_common
        Territories ranked in both.
    movers
        Every territory ranked in both: ``rank_a``, ``rank_b``, ``change`` (= a − b,
        positive = moves up in b), largest absolute change first.
    entered, left
        Codes that enter / leave the top ``k`` going from a to b.
    """

    spearman: float
    kendall: float
    k: int
    top_k_overlap: int
    jaccard: float
    n_common: int
    movers: pd.DataFrame
    entered: list[int]
    left: list[int]

    def summary(self) -> dict[str, float | int]:
        """Headline numbers as a flat dictionary."""
        return {
            "spearman": self.spearman,
            "kendall": self.kendall,
            "k": self.k,
            "top_k_overlap": self.top_k_overlap,
            "jaccard": self.jaccard,
            "n_common": self.n_common,
        }


def compare_rankings(rank_a: pd.Series, rank_b: pd.Series, *, k: int = 15) -> RankingComparison:
    """Compare two rankings given as ranks (1 = first) indexed by territory code.

    Territories unranked (NaN) in either are left out of the correlations.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.Series([1, 2, 3, 4], index=[101, 102, 103, 104])
    >>> b = pd.Series([2, 1, 3, 4], index=[101, 102, 103, 104])
    >>> c = compare_rankings(a, b, k=2)
    >>> round(c.spearman, 2), c.top_k_overlap
    (0.8, 2)
    """
    if k < 1:
        raise RaicesError("k debe ser al menos 1", column="k")
    both = pd.concat(
        [rank_a.rename("rank_a"), rank_b.rename("rank_b")], axis=1, join="inner"
    ).dropna()
    if len(both) < 2:
        raise RaicesError("las dos clasificaciones tienen menos de dos territorios en común")
    spearman = float(spearmanr(both["rank_a"], both["rank_b"]).statistic)
    kendall = float(kendalltau(both["rank_a"], both["rank_b"]).statistic)
    top_a = set(rank_a[rank_a <= k].index)
    top_b = set(rank_b[rank_b <= k].index)
    union = top_a | top_b
    movers = both.assign(change=both["rank_a"] - both["rank_b"])
    order = movers["change"].abs().sort_values(ascending=False, kind="stable").index
    movers = movers.loc[order]
    movers.index.name = "code"
    return RankingComparison(
        spearman=spearman,
        kendall=kendall,
        k=k,
        top_k_overlap=len(top_a & top_b),
        jaccard=len(top_a & top_b) / len(union) if union else 1.0,
        n_common=len(both),
        movers=movers,
        entered=sorted(int(c) for c in top_b - top_a),
        left=sorted(int(c) for c in top_a - top_b),
    )
