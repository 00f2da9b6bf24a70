"""Combining many voices into one set of weights, overall and by group.

Rules
-----
``media_geometrica`` (AHP)
    The element-wise geometric mean of the participants' pairwise judgements (Aczél and
    Saaty's aggregation of individual judgements), then the principal eigenvector of that
    combined matrix. It is the only mean that keeps the combined matrix reciprocal.
``media`` and ``mediana`` (budget allocation)
    The mean, or the median, of the participants' points per theme, rescaled to sum to 1
    (medians need not sum to 100).

The spread per theme is the interquartile range (75th minus 25th percentile) of the
participants' own weights, whatever the rule.

Examples
--------
>>> from analysis.consultation.responses import responses_from_answers
>>> r = responses_from_answers("presupuesto", ["a", "b"],
...     [{"points": {"a": 60, "b": 40}}, {"points": {"a": 40, "b": 60}},
...      {"points": {"a": 80, "b": 20}}])
>>> combine(r).weights.round(3).tolist()
[0.6, 0.4]
>>> combine(r, rule="mediana").weights.round(3).tolist()
[0.6, 0.4]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.consultation.elicitation import ahp_weights, theme_pairs
from analysis.consultation.responses import Responses
from analysis.errors import RaicesError

RULES: dict[str, tuple[str, ...]] = {
    "ahp": ("media_geometrica",),
    "presupuesto": ("media", "mediana"),
}
"""Combination rules offered per elicitation method; the first is the default."""

RULE_LABELS: dict[str, str] = {
    "media_geometrica": "media geométrica de los juicios individuales",
    "media": "media de los puntos",
    "mediana": "mediana de los puntos",
}
"""How each rule is named in descriptions and reports (Spanish)."""

GROUPS: tuple[str, ...] = ("sector", "territory", "pueblo")
"""Profile columns the weights can be combined by."""

MISSING_GROUP = "sin dato"
"""Group label of participants who did not answer the group question."""


@dataclass(frozen=True)
class CombinedWeights:
    """Combined weights of a set of participants.

    Attributes
    ----------
    rule
        The combination rule (see :data:`RULES`).
    weights
        Index = theme, sums to 1.
    spread
        Index = theme; ``p25``, ``median``, ``p75``, ``iqr``, ``mean``, ``min``, ``max`` of
        the participants' own weights.
    n
        Participants combined.
    consistency_ratio
        AHP: consistency ratio of the combined matrix; NaN for budgets.
    """

    rule: str
    weights: pd.Series
    spread: pd.DataFrame
    n: int
    consistency_ratio: float


def default_rule(method: str) -> str:
    """The default combination rule of an elicitation method."""
    return RULES[method][0]


def geometric_mean_judgements(responses: Responses) -> dict[tuple[str, str], float]:
    """``{(a, b): geometric mean of the participants' judgements of a over b}``.

    Examples
    --------
    >>> from analysis.consultation.responses import responses_from_answers
    >>> r = responses_from_answers("ahp", ["a", "b"],
    ...     [{"judgements": {("a", "b"): 9}}, {"judgements": {("a", "b"): 1}}])
    >>> geometric_mean_judgements(r)
    {('a', 'b'): 3.0}
    """
    if responses.judgements is None:
        raise RaicesError("la ronda no es de comparación por pares (AHP)")
    logs = np.log(responses.judgements.to_numpy(dtype=float))
    means = np.exp(logs.mean(axis=0))
    return {
        pair: float(round(value, 12))
        for pair, value in zip(theme_pairs(responses.themes), means, strict=True)
    }


def spread_table(weights: pd.DataFrame) -> pd.DataFrame:
    """Quartiles, IQR, mean and range of each theme's individual weights."""
    values = weights.to_numpy(dtype=float)
    p25, median, p75 = np.percentile(values, [25, 50, 75], axis=0)
    return pd.DataFrame(
        {
            "p25": p25,
            "median": median,
            "p75": p75,
            "iqr": p75 - p25,
            "mean": values.mean(axis=0),
            "min": values.min(axis=0),
            "max": values.max(axis=0),
        },
        index=pd.Index(weights.columns, name="theme"),
    )


def combine(responses: Responses, *, rule: str | None = None) -> CombinedWeights:
    """Combine every participant's weights with ``rule`` (default: the method's first rule).

    Raises
    ------
    RaicesError
        When there are no submissions or the rule does not fit the method.
    """
    rule = rule or default_rule(responses.method)
    if rule not in RULES[responses.method]:
        raise RaicesError(
            f"la regla «{rule}» no corresponde al método {responses.method}; "
            f"opciones: {', '.join(RULES[responses.method])}",
            column="rule",
        )
    if responses.n == 0:
        raise RaicesError("la ronda todavía no tiene respuestas")
    themes = list(responses.themes)
    cr = float("nan")
    if rule == "media_geometrica":
        result = ahp_weights(themes, geometric_mean_judgements(responses))
        weights = result.weights
        cr = result.consistency_ratio
    else:
        values = responses.weights.to_numpy(dtype=float)
        central = values.mean(axis=0) if rule == "media" else np.median(values, axis=0)
        total = central.sum()
        weights = pd.Series(
            central / total if total > 0 else np.full(len(themes), 1 / len(themes)),
            index=themes,
        )
    weights = weights.rename("weight")
    weights.index.name = "theme"
    return CombinedWeights(
        rule=rule,
        weights=weights,
        spread=spread_table(responses.weights),
        n=responses.n,
        consistency_ratio=cr,
    )


def group_labels(responses: Responses, by: str) -> pd.Series:
    """Group of each participant for ``by`` (empty answers become «sin dato»)."""
    if by not in GROUPS:
        raise RaicesError(f"grupo «{by}» no válido; opciones: {', '.join(GROUPS)}", column="by")
    labels = responses.profile[by]
    return labels.map(
        lambda v: MISSING_GROUP if v is None or pd.isna(v) or str(v) == "" else str(v)
    )


def combine_by_group(responses: Responses, by: str, *, rule: str | None = None) -> pd.DataFrame:
    """Combined weights and spread per group.

    Returns a long table: ``group``, ``theme``, ``weight``, ``p25``, ``p75``, ``iqr``, ``n``,
    groups in alphabetical order and themes in the round's order.
    """
    labels = group_labels(responses, by)
    frames = []
    for group in sorted(labels.unique()):
        part = combine(responses.subset(labels == group), rule=rule)
        frame = part.spread[["p25", "p75", "iqr"]].copy()
        frame.insert(0, "weight", part.weights)
        frame.insert(0, "group", group)
        frame["n"] = part.n
        frames.append(frame.reset_index())
    columns = ["group", "theme", "weight", "p25", "p75", "iqr", "n"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]
