"""Indicator and theme weights.

Weights are relative: only their ratios matter. Indicator weights are normalised to sum to
1 inside each theme and theme weights to sum to 1 across themes, so scaling every weight
by the same positive constant changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.errors import RaicesError


def _check_non_negative(weights: Mapping[str, float], field: str) -> None:
    for name, weight in weights.items():
        if not np.isfinite(weight) or weight < 0:
            raise RaicesError(
                f"el peso de «{name}» debe ser un número mayor o igual que 0 (se recibió {weight})",
                column=field,
            )


def resolve_weights(
    indicators: Sequence[str],
    themes: Mapping[str, str] | pd.Series,
    *,
    indicator_weights: Mapping[str, float] | None = None,
    theme_weights: Mapping[str, float] | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Normalised indicator weights (within theme) and theme weights.

    Parameters
    ----------
    indicators
        Indicators that enter the index, in column order.
    themes
        Theme of each indicator.
    indicator_weights
        Relative weight of each indicator; missing entries weigh 1 (equal weights).
    theme_weights
        Relative weight of each theme present; missing entries weigh 1.

    Returns
    -------
    within : pandas.Series
        Indicator weight inside its theme (sums to 1 in each theme), indexed by indicator.
    across : pandas.Series
        Theme weight (sums to 1), indexed by theme, in order of first appearance.

    Examples
    --------
    >>> w, t = resolve_weights(["a", "b", "c"], {"a": "x", "b": "x", "c": "y"},
    ...                        indicator_weights={"a": 3})
    >>> w.tolist(), t.tolist()
    ([0.75, 0.25, 1.0], [0.5, 0.5])
    """
    indicator_weights = dict(indicator_weights or {})
    theme_weights = dict(theme_weights or {})
    _check_non_negative(indicator_weights, "indicators")
    _check_non_negative(theme_weights, "themes")
    theme_of = [themes[name] for name in indicators]
    raw = np.array([float(indicator_weights.get(i, 1.0)) for i in indicators])
    order = list(dict.fromkeys(theme_of))
    totals_by_theme = {t: 0.0 for t in order}
    for theme, weight in zip(theme_of, raw, strict=True):
        totals_by_theme[theme] += weight
    empty = sorted(t for t, total in totals_by_theme.items() if total <= 0)
    if empty:
        raise RaicesError(
            f"todos los indicadores del tema {', '.join(empty)} tienen peso 0; "
            "quite el tema o dé peso a alguno de sus indicadores",
            column="indicators",
        )
    totals = np.array([totals_by_theme[t] for t in theme_of])
    within = pd.Series(
        raw / totals, index=indicators if isinstance(indicators, pd.Index) else list(indicators)
    )
    across = np.array([float(theme_weights.get(t, 1.0)) for t in order])
    if across.sum() <= 0:
        raise RaicesError("al menos un tema debe tener peso mayor que 0", column="themes")
    return within, pd.Series(across / across.sum(), index=order)


def membership(
    indicators: Sequence[str], themes: Mapping[str, str] | pd.Series, order: Sequence[str]
) -> np.ndarray:
    """Indicator × theme 0/1 matrix (``m × t``) with themes in ``order``."""
    position = {theme: j for j, theme in enumerate(order)}
    matrix = np.zeros((len(indicators), len(order)))
    for i, name in enumerate(indicators):
        matrix[i, position[themes[name]]] = 1.0
    return matrix
