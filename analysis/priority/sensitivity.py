"""Deterministic sensitivity of a ranking to the method: the range, and what moves it.

**Method sensitivity** (:func:`method_sensitivity`). The index is re-computed once for
every combination of the alternative normalisations and across-theme aggregations (e.g.
min-max or percentile rank × arithmetic or geometric) with the scenario's weights, giving
each territory's best and worst rank across methods (``method_rank_min/max``). A method
is a choice the plenary makes once, not a random quantity, so it is reported as a range,
never mixed into the probabilities of the statistical band
(:mod:`analysis.priority.uncertainty`).

:func:`classify_drivers` says per territory which of the two moves it across the top-k
line (``uncertainty_driver``: ``"estable"``, ``"estadistica"``, ``"metodo"`` or
``"ambas"``). Leaving indicators or themes out is
:mod:`analysis.priority.leave_one_out`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.defaults import DEFAULT_K
from analysis.errors import RaicesError
from analysis.index.aggregate import AGGREGATIONS
from analysis.index.composite import CompositeIndex
from analysis.index.normalise import NORMALISATIONS, check_choice

#: Values of ``uncertainty_driver``: which kind of uncertainty moves a territory.
DRIVERS: tuple[str, ...] = ("estable", "estadistica", "metodo", "ambas")


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
    fitted: Mapping[str, CompositeIndex] | None = None,
) -> MethodSensitivity:
    """Rank of every territory under each combination of alternative methods.

    Deterministic: the index is computed with the scenario's weights and every other
    setting for each ``normalisation × across-theme aggregation`` pair (the index's own
    pair always included, and taken from ``index`` as it is). It is fitted once per
    normalisation; the other aggregations re-combine that fit
    (:meth:`CompositeIndex.reweight`), which equals a full fit.

    Parameters
    ----------
    index
        The fitted index of the scenario.
    data, catalog, groups
        What ``index`` was fitted on.
    normalisations, aggregations
        The alternatives (default: only the index's own).
    fitted
        Indexes already fitted on the same data with the same settings except the
        normalisation (any weights), by normalisation: re-weighted instead of re-fitted
        (a caller keeps them between weight changes).
    """
    norms = list(dict.fromkeys([index.normalisation, *normalisations]))
    aggs = list(dict.fromkeys([index.aggregation_across, *aggregations]))
    for value in norms:
        check_choice(value, NORMALISATIONS, "normalisations")
    for value in aggs:
        check_choice(value, AGGREGATIONS, "aggregations")
    params = index.get_params()
    bases: dict[str, CompositeIndex] = {index.normalisation: index}
    columns: dict[str, np.ndarray] = {}
    methods = []
    for norm, agg in itertools.product(norms, aggs):
        if (norm, agg) == (index.normalisation, index.aggregation_across):
            ranks = index.ranks_
        else:
            if norm not in bases:
                given = (fitted or {}).get(norm)
                if given is not None and given.normalisation != norm:
                    raise RaicesError(
                        f"el índice dado para «{norm}» está normalizado con «{given.normalisation}»"
                    )
                bases[norm] = (
                    given.reweight(
                        indicator_weights=index.indicator_weights,
                        theme_weights=index.theme_weights,
                    )
                    if given is not None
                    else CompositeIndex(**params)  # type: ignore[arg-type]
                    .set_params(normalisation=norm)
                    .fit(data[list(index.indicators_)], catalog, groups=groups)
                )
            ranks = bases[norm].reweight(aggregation_across=agg).ranks_
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
