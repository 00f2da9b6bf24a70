"""Comparison of two scenarios: of their rankings and of the decisions they lead to.

:func:`compare_rankings` compares two rank columns (correlation, top-k overlap, movers).
:func:`compare` compares two computed scenarios (:class:`~analysis.priority.run.ScenarioRun`)
as decisions: each side's constraints and pilot set, how many of one pilot the other
picked, which territories enter and leave, and each scenario's own fingerprint. Two
scenarios with the same weights but different constraints rank alike (Spearman 1) and
still choose different pilots; the comparison shows both facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from analysis.defaults import DEFAULT_K
from analysis.errors import RaicesError

if TYPE_CHECKING:
    from analysis.priority.run import ScenarioRun


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


def compare_rankings(
    rank_a: pd.Series, rank_b: pd.Series, *, k: int = DEFAULT_K
) -> RankingComparison:
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
    # Imported here: SciPy's statistics take about half a second to import, and code that
    # only ranks never compares two rankings.
    from scipy.stats import kendalltau, spearmanr

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


@dataclass(frozen=True)
class PilotSide:
    """One scenario's side of a :class:`ScenarioComparison`.

    Attributes
    ----------
    name, hash
        The scenario's name and its own fingerprint.
    constraints
        Spanish description of each active constraint besides the size (empty = none).
    pilot
        The pilot set (codes, by decreasing priority). A scenario without a ``pilot``
        section contributes its plain top k instead (``from_pilot`` false).
    from_pilot
        Whether the scenario defines a pilot (constraints solved) or only a ranking.
    """

    name: str
    hash: str
    constraints: tuple[str, ...]
    pilot: tuple[int, ...]
    from_pilot: bool


@dataclass(frozen=True)
class ScenarioComparison:
    """Outcome of :func:`compare`.

    Attributes
    ----------
    a, b
        Each scenario's name, fingerprint, constraints and pilot set.
    ranking
        The comparison of the two rankings (:func:`compare_rankings`).
    pilot_overlap
        Territories in both pilot sets ("A picked 8 of B's 15").
    entering, leaving
        Codes in B's pilot but not A's / in A's but not B's.
    """

    a: PilotSide
    b: PilotSide
    ranking: RankingComparison
    pilot_overlap: int
    entering: tuple[int, ...]
    leaving: tuple[int, ...]

    @property
    def same_pilot(self) -> bool:
        """Whether both scenarios choose exactly the same territories."""
        return set(self.a.pilot) == set(self.b.pilot)


def _side(run: ScenarioRun, size: int) -> PilotSide:
    selection = run.selection
    if selection is not None:
        pilot = tuple(int(c) for c in selection.selected)
        constraints = run.scenario.pilot
        described = (
            tuple(constraints.describe(name) for name in constraints.active()[1:])
            if constraints is not None
            else ()
        )
    else:
        ranks = run.table["rank"].dropna().sort_values(kind="stable")
        pilot = tuple(int(c) for c in ranks.index[:size])
        described = ()
    return PilotSide(
        name=run.name,
        hash=run.hash,
        constraints=described,
        pilot=pilot,
        from_pilot=selection is not None,
    )


def compare(run_a: ScenarioRun, run_b: ScenarioRun, *, k: int | None = None) -> ScenarioComparison:
    """Compare two computed scenarios as decisions.

    Parameters
    ----------
    run_a, run_b
        Two :class:`~analysis.priority.run.ScenarioRun` (computed with ``select=True`` so
        that a scenario's pilot section is solved).
    k
        Size of the top compared by :func:`compare_rankings` and of the plain top taken
        as the "pilot" of a scenario without a ``pilot`` section; default the pilot size
        of whichever scenario has one, else ``run_a.k``.
    """
    if k is None:
        sizes = [len(r.selection.selected) for r in (run_a, run_b) if r.selection is not None]
        k = sizes[0] if sizes else run_a.k
    ranking = compare_rankings(run_a.table["rank"], run_b.table["rank"], k=k)
    a, b = _side(run_a, k), _side(run_b, k)
    in_a, in_b = set(a.pilot), set(b.pilot)
    return ScenarioComparison(
        a=a,
        b=b,
        ranking=ranking,
        pilot_overlap=len(in_a & in_b),
        entering=tuple(c for c in b.pilot if c not in in_a),
        leaving=tuple(c for c in a.pilot if c not in in_b),
    )
