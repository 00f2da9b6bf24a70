"""What each voice's weights would mean for the decision.

The composite index of the round's base scenario is fitted **once**; each participant's
weights then only re-aggregate it (:meth:`analysis.index.composite.CompositeIndex.reweight`,
the slider fast path). From the participants' scores:

- the ranking of the territories under each participant's weights;
- per territory, the share of participants under whose weights it enters the top ``k``;
- for the constrained pilot set, the share of participants under whose weights it is
  selected — the engine's robust selection (:func:`analysis.priority.selection.select_over_draws`)
  with participants in place of Monte-Carlo draws. A territory selected under at least
  80 % of the voices (:data:`STRONG_SHARE`) is a strong signal for the plenary.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.consultation.responses import TARGETS, Responses
from analysis.errors import RaicesError
from analysis.priority.run import IndexData, fit_index
from analysis.priority.scenario import Scenario
from analysis.priority.selection import DrawSelection, select_over_draws

STRONG_SHARE = 0.8
"""«Seleccionado por ≥ 80 % de las voces»: the share of participants that makes a strong signal."""


@dataclass(frozen=True)
class VoiceConsequences:
    """Rankings and pilot sets under every participant's weights.

    Attributes
    ----------
    scenario
        The resolved base scenario the index was fitted for.
    scores, ranks
        Participants × territory codes (score 0–100; rank 1 = highest priority).
    p_top_k
        Per territory: share of participants under whose weights it is in the top ``k``.
    k
        Size of the top.
    pilot
        The robust selection over participants (``None`` when the scenario has no pilot).
    threshold
        Share of voices that makes a strong signal (0.8).
    """

    scenario: Scenario
    scores: pd.DataFrame
    ranks: pd.DataFrame
    p_top_k: pd.Series
    k: int
    pilot: DrawSelection | None
    threshold: float = STRONG_SHARE

    @property
    def strong(self) -> list[int]:
        """Territories selected in the pilot under at least :attr:`threshold` of the voices."""
        if self.pilot is None:
            return []
        share = self.pilot.p_selected
        return [
            int(c)
            for c in share[share >= self.threshold - 1e-12].sort_values(ascending=False).index
        ]

    def summary(self, names: pd.Series | None = None) -> pd.DataFrame:
        """One row per territory: median, best and worst rank across voices, ``p_top_k``,
        ``p_selected`` (when a pilot) and ``strong``; most supported first."""
        ranks = self.ranks
        table = pd.DataFrame(
            {
                "rank_median": ranks.median(axis=0),
                "rank_best": ranks.min(axis=0),
                "rank_worst": ranks.max(axis=0),
                "p_top_k": self.p_top_k,
            }
        )
        table.index.name = "code"
        sort = ["p_top_k", "rank_median"]
        if self.pilot is not None:
            table["p_selected"] = self.pilot.p_selected.reindex(table.index).fillna(0.0)
            table["strong"] = table["p_selected"] >= self.threshold - 1e-12
            sort = ["p_selected", *sort]
        if names is not None:
            table.insert(0, "name", names.reindex(table.index))
        ascending = [False] * (len(sort) - 1) + [True]
        return table.sort_values(sort, ascending=ascending)


def weighable_themes(base: Scenario, catalog: pd.DataFrame) -> list[str]:
    """Themes that hold at least one indicator of ``base`` (the ones a round can weigh).

    A theme without indicators in the base scenario (today «Clima y alimentación», whose
    indicators are context only) cannot be weighed: a weight on it would change nothing.

    Examples
    --------
    >>> catalog = pd.DataFrame({"theme": ["a", "b", "c"], "direction": [1, 1, 1],
    ...                         "in_default": [1, 1, 0]}, index=["x", "y", "z"])
    >>> weighable_themes(Scenario(indicators={"x": 1.0, "y": 1.0}), catalog)
    ['a', 'b']
    """
    indicators = base.resolve(catalog).indicators or {}
    themes = catalog["theme"]
    return list(dict.fromkeys(str(themes[name]) for name in catalog.index if name in indicators))


def round_scenario(
    base: Scenario, items: Sequence[str], catalog: pd.DataFrame, *, target: str = "themes"
) -> Scenario:
    """The base scenario restricted to what the round weighs.

    For a theme round the indicators are the base scenario's indicators of those themes;
    for an indicator round they are the round's indicators. Raises :class:`RaicesError`
    for an item the catalogue does not know.
    """
    if target not in TARGETS:
        raise RaicesError(f"objetivo «{target}» no válido", column="target")
    resolved = base.resolve(catalog)
    indicators = dict(resolved.indicators or {})
    if target == "themes":
        theme_of = catalog["theme"].to_dict()
        unknown = [t for t in items if t not in set(theme_of.values())]
        if unknown:
            raise RaicesError("tema desconocido", column=unknown[0])
        kept = {name: w for name, w in indicators.items() if theme_of[name] in items}
        missing = [t for t in items if t not in {theme_of[name] for name in kept}]
        if missing:
            raise RaicesError(
                "el escenario base no tiene indicadores de este tema", column=missing[0]
            )
        return dataclasses.replace(
            resolved, indicators=kept, themes={t: 1.0 for t in items}
        ).resolve(catalog)
    unknown = [name for name in items if name not in catalog.index]
    if unknown:
        raise RaicesError("indicador desconocido", column=unknown[0])
    return dataclasses.replace(
        resolved, indicators={name: 1.0 for name in items}, themes=None
    ).resolve(catalog)


def voice_consequences(
    responses: Responses,
    scenario: Scenario,
    data: IndexData,
    *,
    target: str = "themes",
    k: int | None = None,
    threshold: float = STRONG_SHARE,
    select: bool = True,
) -> VoiceConsequences:
    """Rank the territories under every participant's weights and select the pilot for each.

    Parameters
    ----------
    responses
        The round's answers (weights per participant).
    scenario
        The base scenario (indicators, methods, pilot constraints); see :func:`round_scenario`.
    data
        The index inputs at the scenario's level.
    target
        ``"themes"``: the weights are theme weights; ``"indicators"``: indicator weights.
    k
        Size of the top (default: the pilot's size, else ``scenario.uncertainty.k``).
    threshold
        Share of voices that makes a strong signal.
    select
        Also select the constrained pilot under each participant's weights.
    """
    if responses.n == 0:
        raise RaicesError("la ronda todavía no tiene respuestas")
    resolved, model = fit_index(scenario, data)
    codes = model.index_
    scores = np.empty((responses.n, len(codes)))
    ranks = np.empty((responses.n, len(codes)))
    items = list(responses.themes)
    for row, values in enumerate(responses.weights.to_numpy(dtype=float)):
        weights = dict(zip(items, values.tolist(), strict=True))
        moved = (
            model.reweight(theme_weights=weights)
            if target == "themes"
            else model.reweight(indicator_weights=weights)
        )
        scores[row] = moved.scores_.to_numpy()
        ranks[row] = moved.ranks_.to_numpy()
    participants = responses.weights.index
    score_frame = pd.DataFrame(scores, index=participants, columns=codes)
    rank_frame = pd.DataFrame(ranks, index=participants, columns=codes)
    if k is None:
        k = resolved.pilot.k if resolved.pilot is not None else resolved.uncertainty.k
    p_top_k = (rank_frame <= k).mean(axis=0).rename("p_top_k")
    pilot = None
    if select and resolved.pilot is not None:
        adjacency = data.adjacency() if resolved.pilot.no_adjacent else None
        pilot = select_over_draws(
            score_frame, data.territories, resolved.pilot, adjacency=adjacency
        )
    return VoiceConsequences(
        scenario=resolved,
        scores=score_frame,
        ranks=rank_frame,
        p_top_k=p_top_k,
        k=int(k),
        pilot=pilot,
        threshold=threshold,
    )
