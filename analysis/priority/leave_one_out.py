"""Leave-one-out sensitivity: how a ranking moves when an indicator or theme is left out.

:func:`drop_one` re-fits a fitted index once without each indicator, then without each
theme, and reports how far the ranks move and how much of the top ``k`` stays.
:func:`sensitivity` does the same for a scenario on its data (fitting it first with
:func:`analysis.priority.run.fit_index`), with labels for display.

It sits apart from :mod:`analysis.priority.sensitivity` (the method range, which
:mod:`analysis.priority.run` needs for every run) because :func:`sensitivity` needs the
run's fitting: in one module the two would import each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.defaults import DEFAULT_K
from analysis.index.composite import CompositeIndex
from analysis.priority.run import IndexData, fit_index, index_inputs
from analysis.priority.scenario import Scenario


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
class SensitivityResult:
    """Outcome of :func:`sensitivity`.

    Attributes
    ----------
    table
        One row per left-out indicator or theme (see
        :func:`drop_one`), with ``label_es``.
    scenario_hash
        Fingerprint of the resolved scenario analysed.
    """

    table: pd.DataFrame
    scenario_hash: str


def sensitivity(scenario: Scenario, data: IndexData, *, k: int | None = None) -> SensitivityResult:
    """Drop-one-indicator and drop-one-theme analysis of ``scenario`` on ``data``.

    See :func:`drop_one`; ``k`` defaults to the scenario's ``uncertainty.k``. Adds
    ``label_es`` (indicator label or theme id) for display.
    """
    resolved, model = fit_index(scenario, data)
    names = list(model.indicators_)
    table = drop_one(
        model,
        index_inputs(resolved, data, names),
        data.catalog,
        k=resolved.uncertainty.k if k is None else int(k),
        groups=data.territories.get("dept_code"),
    )
    if "label_es" in data.catalog:
        labels = dict(
            zip(data.catalog.index.tolist(), data.catalog["label_es"].tolist(), strict=True)
        )
        table.insert(2, "label_es", [labels.get(item, item) for item in table["item"]])
    return SensitivityResult(table=table, scenario_hash=resolved.hash())
