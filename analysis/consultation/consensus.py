"""The consensus of a round as a normal scenario.

The combined weights replace the base scenario's theme (or indicator) weights; everything
else (indicators, methods, uncertainty, pilot constraints) stays as the round's base
scenario says. The result is an ordinary :class:`~analysis.priority.scenario.Scenario` with
its own fingerprint: it can be compared, exported and used in reports like any other. Its
description names the round and the combination rule.

Weights are written in points out of 100, rounded to :data:`DECIMALS` decimals, so that a
round whose voices all said the same gives exactly the scenario of that one voice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from analysis.consultation.aggregation import RULE_LABELS, CombinedWeights
from analysis.consultation.responses import TARGETS
from analysis.errors import RaicesError
from analysis.priority.scenario import Scenario

DECIMALS = 6
"""Decimals kept in the consensus weights (points out of 100)."""


def weights_as_points(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights summing to 1 as points out of 100, rounded to :data:`DECIMALS`.

    Examples
    --------
    >>> weights_as_points({"a": 0.35, "b": 0.65})
    {'a': 35.0, 'b': 65.0}
    """
    return {str(k): round(100.0 * float(v), DECIMALS) for k, v in weights.items()}


def consensus_scenario(
    base: Scenario,
    combined: CombinedWeights,
    *,
    round_name: str,
    round_date: str = "",
    target: str = "themes",
) -> Scenario:
    """The base scenario with the round's combined weights.

    Parameters
    ----------
    base
        The round's base scenario, already restricted to the round's items
        (:func:`analysis.consultation.consequences.round_scenario`).
    combined
        The combined weights (:func:`analysis.consultation.aggregation.combine`).
    round_name, round_date
        Named in the scenario's name and description.
    target
        ``"themes"`` or ``"indicators"``: which weights the round set.

    Examples
    --------
    >>> from analysis.consultation.aggregation import combine
    >>> from analysis.consultation.responses import responses_from_answers
    >>> r = responses_from_answers("presupuesto", ["migracion", "pobreza_economia"],
    ...     [{"points": {"migracion": 70, "pobreza_economia": 30}}])
    >>> s = consensus_scenario(Scenario(), combine(r), round_name="Huehuetenango 2026")
    >>> dict(s.themes)
    {'migracion': 70.0, 'pobreza_economia': 30.0}
    >>> s.name
    'Consenso: Huehuetenango 2026'
    """
    if target not in TARGETS:
        raise RaicesError(f"objetivo «{target}» no válido", column="target")
    points = weights_as_points(combined.weights.to_dict())
    when = f" ({round_date})" if round_date else ""
    voices = "voz" if combined.n == 1 else "voces"
    description = (
        f"Pesos de la ronda de consulta «{round_name}»{when}, combinados por "
        f"{RULE_LABELS.get(combined.rule, combined.rule)} de {combined.n} {voices}."
    )
    if base.description:
        description += f" Escenario base: {base.name}."
    scenario = dataclasses.replace(base, name=f"Consenso: {round_name}", description=description)
    if target == "themes":
        return scenario.with_weights(themes=points)
    return scenario.with_weights(indicators=points)
