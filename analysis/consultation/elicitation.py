"""How one participant's weights are elicited: budget allocation or pairwise comparison (AHP).

Budget allocation
    The participant distributes 100 points across the themes; the weights are the points
    divided by 100. A row that does not sum to 100 is refused (:func:`check_budget`), never
    rescaled silently.

Pairwise comparison (AHP, Saaty 1980)
    For every pair of themes *(a, b)* the participant says how much more important *a* is
    than *b* on Saaty's 1–9 scale (1 = equal, 3 = moderately, 5 = strongly, 7 = very strongly,
    9 = extremely more important; ``1/3``, ``1/5`` … when *b* is the more important one).
    The weights are the principal eigenvector of the reciprocal matrix, normalised to sum
    to 1; the consistency ratio ``CR = CI / RI`` compares the consistency index
    ``CI = (λmax − n) / (n − 1)`` with Saaty's random index ``RI`` for matrices of that
    size. ``CR > 0.10`` means the judgements contradict each other too much: the
    participant is shown the judgements that disagree most with the weights they imply
    (:attr:`AHPResult.to_revise`) and asked to revise. The answer is kept either way and
    flagged (:attr:`AHPResult.consistent`).

Examples
--------
>>> result = ahp_weights(["a", "b", "c"], {("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 3})
>>> [round(w, 3) for w in result.weights]
[0.637, 0.258, 0.105]
>>> round(result.consistency_ratio, 3), result.consistent
(0.033, True)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

import numpy as np
import pandas as pd

from analysis.errors import RaicesError

METHODS: tuple[str, ...] = ("presupuesto", "ahp")
"""Elicitation methods: ``"presupuesto"`` (budget allocation) and ``"ahp"`` (pairwise)."""

BUDGET_TOTAL = 100.0
"""Points a participant distributes in a budget round."""
BUDGET_TOLERANCE = 1e-6
"""A budget row sums to 100 when it is within this distance (floating-point noise only)."""

SCALE_MIN, SCALE_MAX = 1.0 / 9.0, 9.0
"""Saaty's scale: judgements from 1/9 to 9."""

CR_THRESHOLD = 0.10
"""Saaty's rule: a consistency ratio above 0.10 asks the participant to revise."""

#: Saaty's random consistency index by matrix size (Saaty 1980, table 1.7).
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}

#: The values offered on the 1–9 scale, from "b is extremely more important" to "a is".
SCALE_VALUES: tuple[float, ...] = tuple([1.0 / v for v in range(9, 1, -1)] + list(range(1, 10)))


@dataclass(frozen=True)
class Judgement:
    """One pairwise judgement and how far it is from what the other judgements imply.

    Attributes
    ----------
    first, second
        The two themes compared (``first`` over ``second``).
    value
        What the participant said (1/9–9).
    implied
        The ratio of the weights, ``w_first / w_second``: what the other judgements imply.
    suggested
        ``implied`` rounded to the nearest value of the scale.
    discrepancy
        ``|log(value / implied)|``: 0 for a judgement in line with the rest.
    """

    first: str
    second: str
    value: float
    implied: float
    suggested: float
    discrepancy: float


@dataclass(frozen=True)
class AHPResult:
    """Weights and consistency of one pairwise-comparison matrix.

    Attributes
    ----------
    weights
        Principal eigenvector, index = theme, sums to 1.
    lambda_max
        Principal eigenvalue.
    consistency_index
        ``(λmax − n) / (n − 1)``.
    consistency_ratio
        ``CI / RI(n)``; 0 for two themes or fewer (always consistent).
    judgements
        Every judgement with its discrepancy, most inconsistent first.
    threshold
        The consistency ratio above which the participant is asked to revise.
    """

    weights: pd.Series
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    judgements: tuple[Judgement, ...]
    threshold: float = CR_THRESHOLD

    @property
    def consistent(self) -> bool:
        """Whether the consistency ratio is at most the threshold (0.10)."""
        return self.consistency_ratio <= self.threshold + 1e-12

    def to_revise(self, count: int = 2) -> tuple[Judgement, ...]:
        """The ``count`` judgements that disagree most with the rest (none when consistent)."""
        if self.consistent:
            return ()
        return self.judgements[:count]


def theme_pairs(themes: Sequence[str]) -> list[tuple[str, str]]:
    """Every pair of themes, in the order a form or a template asks them.

    Examples
    --------
    >>> theme_pairs(["a", "b", "c"])
    [('a', 'b'), ('a', 'c'), ('b', 'c')]
    """
    return list(combinations(list(themes), 2))


def pair_label(first: str, second: str) -> str:
    """Column name of a pair in templates and tables (``"a / b"``)."""
    return f"{first} / {second}"


def scale_text(value: float) -> str:
    """A judgement as a facilitator writes it: ``"5"`` or ``"1/5"``.

    Examples
    --------
    >>> scale_text(5.0), scale_text(0.2), scale_text(1.0), scale_text(2.5)
    ('5', '1/5', '1', '2.5')
    """
    if value >= 1:
        return f"{value:g}" if not float(value).is_integer() else str(int(value))
    inverse = 1.0 / value
    if abs(inverse - round(inverse)) < 1e-6:
        return f"1/{round(inverse)}"
    return f"{value:.3g}"


def parse_judgement(value: object) -> float:
    """Read a judgement cell: a number or a fraction such as ``"1/5"`` (comma decimals too).

    Raises :class:`ValueError` when the text is not a number; the range is checked by
    :func:`check_judgement`.

    Examples
    --------
    >>> parse_judgement("1/5"), parse_judgement(3), parse_judgement("2,5")
    (0.2, 3.0, 2.5)
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace(",", ".")
    if "/" in text:
        return float(Fraction(text.replace(" ", "")))
    return float(text)


def check_judgement(value: float) -> None:
    """Refuse a judgement outside Saaty's scale (1/9–9) or not a finite number."""
    if not math.isfinite(value) or not SCALE_MIN - 1e-9 <= value <= SCALE_MAX + 1e-9:
        raise RaicesError(
            f"el valor {scale_text(value) if math.isfinite(value) and value > 0 else value} "
            "está fuera de la escala 1–9 (use 1 a 9, o 1/2 a 1/9 si el segundo tema pesa más)"
        )


def pairwise_matrix(
    themes: Sequence[str], judgements: Mapping[tuple[str, str], float]
) -> np.ndarray:
    """The reciprocal matrix of ``judgements`` (``a_ij = value``, ``a_ji = 1 / value``).

    Every pair of ``themes`` must be judged once, in either order.
    """
    position = {theme: i for i, theme in enumerate(themes)}
    n = len(themes)
    matrix = np.ones((n, n))
    seen: set[frozenset[str]] = set()
    for (first, second), value in judgements.items():
        if first not in position or second not in position or first == second:
            raise RaicesError(
                f"comparación con un tema que no está en la ronda: {first} / {second}",
                column=pair_label(first, second),
            )
        key = frozenset((first, second))
        if key in seen:
            raise RaicesError("el par se comparó dos veces", column=pair_label(first, second))
        seen.add(key)
        value = float(value)
        try:
            check_judgement(value)
        except RaicesError as error:
            raise RaicesError(error.message, column=pair_label(first, second)) from None
        i, j = position[first], position[second]
        matrix[i, j] = value
        matrix[j, i] = 1.0 / value
    for first, second in theme_pairs(themes):
        if frozenset((first, second)) not in seen:
            raise RaicesError("falta la comparación de este par", column=pair_label(first, second))
    return matrix


def principal_eigenvector(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """Principal eigenvector (normalised to sum 1) and eigenvalue of a positive matrix.

    By Perron–Frobenius the eigenvalue of largest real part of a positive matrix is real
    and simple, and its eigenvector can be taken positive.
    """
    values, vectors = np.linalg.eig(matrix)
    top = int(np.argmax(values.real))
    vector = np.abs(vectors[:, top].real)
    return vector / vector.sum(), float(values[top].real)


def ahp_weights(
    themes: Sequence[str],
    judgements: Mapping[tuple[str, str], float],
    *,
    threshold: float = CR_THRESHOLD,
) -> AHPResult:
    """Weights, consistency ratio and the judgements to revise for one participant.

    Parameters
    ----------
    themes
        The themes of the round, in order.
    judgements
        ``{(a, b): value}`` for every pair: ``a`` is ``value`` times as important as ``b``.
    threshold
        Consistency ratio above which the participant is asked to revise (Saaty: 0.10).

    Raises
    ------
    RaicesError
        For a missing or repeated pair, an unknown theme or a value outside 1/9–9.
    """
    themes = list(themes)
    n = len(themes)
    if n < 2:
        raise RaicesError("se necesitan al menos dos temas para comparar por pares")
    if n > max(RANDOM_INDEX):
        raise RaicesError(f"a lo sumo {max(RANDOM_INDEX)} temas por ronda de comparación")
    matrix = pairwise_matrix(themes, judgements)
    weights, lambda_max = principal_eigenvector(matrix)
    ci = max((lambda_max - n) / (n - 1), 0.0) if n > 2 else 0.0
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    rows = []
    for first, second in theme_pairs(themes):
        i, j = themes.index(first), themes.index(second)
        value = float(matrix[i, j])
        implied = float(weights[i] / weights[j])
        rows.append(
            Judgement(
                first=first,
                second=second,
                value=value,
                implied=implied,
                suggested=nearest_scale_value(implied),
                discrepancy=abs(math.log(value / implied)),
            )
        )
    rows.sort(key=lambda judgement: -judgement.discrepancy)
    return AHPResult(
        weights=pd.Series(weights, index=themes, name="weight"),
        lambda_max=lambda_max,
        consistency_index=ci,
        consistency_ratio=cr,
        judgements=tuple(rows),
        threshold=threshold,
    )


def nearest_scale_value(value: float) -> float:
    """The value of Saaty's scale closest to ``value`` on a logarithmic axis.

    Examples
    --------
    >>> nearest_scale_value(4.4), nearest_scale_value(0.3), nearest_scale_value(40.0)
    (4.0, 0.3333333333333333, 9.0)
    """
    logs = np.log(np.asarray(SCALE_VALUES))
    return float(SCALE_VALUES[int(np.argmin(np.abs(logs - math.log(value))))])


def check_budget(points: Mapping[str, float], themes: Sequence[str]) -> None:
    """Refuse a budget allocation that is not 100 points over exactly ``themes``.

    Raises :class:`RaicesError` naming the theme (negative or not a number) or the sum.
    """
    unknown = [theme for theme in points if theme not in themes]
    if unknown:
        raise RaicesError("tema que no está en la ronda", column=unknown[0])
    for theme in themes:
        if theme not in points:
            raise RaicesError("faltan los puntos de este tema", column=theme)
        value = points[theme]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise RaicesError(
                f"los puntos deben ser un número (se recibió {value!r})", column=theme
            )
        if value < 0:
            raise RaicesError(f"los puntos no pueden ser negativos ({value:g})", column=theme)
    total = float(sum(float(points[theme]) for theme in themes))
    if abs(total - BUDGET_TOTAL) > BUDGET_TOLERANCE:
        raise RaicesError(
            f"los puntos suman {total:g}, no {BUDGET_TOTAL:g}",
            hint="reparta exactamente 100 puntos; no se corrige automáticamente",
        )


def budget_weights(points: Mapping[str, float], themes: Sequence[str]) -> pd.Series:
    """Weights (sum 1) of a valid budget allocation.

    Examples
    --------
    >>> budget_weights({"a": 50, "b": 30, "c": 20}, ["a", "b", "c"]).tolist()
    [0.5, 0.3, 0.2]
    """
    check_budget(points, themes)
    return pd.Series(
        [float(points[theme]) / BUDGET_TOTAL for theme in themes], index=list(themes), name="weight"
    )


def judgements_from_matrix(
    themes: Sequence[str], matrix: np.ndarray
) -> dict[tuple[str, str], float]:
    """``{(a, b): a_ij}`` for the upper triangle of a reciprocal matrix."""
    position = {theme: i for i, theme in enumerate(themes)}
    return {
        (first, second): float(matrix[position[first], position[second]])
        for first, second in theme_pairs(themes)
    }


def rank_themes(weights: pd.Series) -> pd.Series:
    """Rank of each theme by weight (1 = heaviest); ties share the average rank."""
    return weights.rank(ascending=False, method="average")


def weights_frame(rows: Iterable[pd.Series], ids: Sequence[object]) -> pd.DataFrame:
    """Participants × themes weights table from one weight series per participant."""
    frame = pd.DataFrame(list(rows), index=pd.Index(list(ids), name="participant"))
    frame.columns.name = "theme"
    return frame
