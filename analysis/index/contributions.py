"""Per-territory contributions: how much each theme and each indicator adds to a score.

Contributions are in score points and add up exactly to the score, so every score can be
explained as a stacked bar. For the arithmetic mean a component contributes its weighted
value; for the geometric mean the score is split in proportion to each component's
weighted log-term ``w·log(x + offset)`` (the usual decomposition of a geometric mean); for
the penalised mean in proportion to ``w·x``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _shares(values: np.ndarray, weights: np.ndarray, method: str, offset: float) -> np.ndarray:
    """Share of each component (last axis) in its aggregate; rows sum to 1 (or 0)."""
    present = ~np.isnan(values)
    x = np.where(present, values, 0.0)
    w = np.where(present, np.asarray(weights, dtype=float), 0.0)
    terms = w * np.log(x + offset) if method == "geometric" else w * x
    total = terms.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, terms / total, 0.0)


def theme_contributions(
    theme_scores: np.ndarray,
    theme_weights: np.ndarray,
    scores: np.ndarray,
    *,
    method: str = "arithmetic",
    offset: float = 1.0,
) -> np.ndarray:
    """Contribution of each theme (``n × t``); rows sum to ``scores`` (0 where no score).

    Examples
    --------
    >>> import numpy as np
    >>> theme_contributions(np.array([[20.0, 80.0]]), np.array([0.5, 0.5]),
    ...                     np.array([50.0])).tolist()
    [[10.0, 40.0]]
    """
    if method == "arithmetic":
        present = ~np.isnan(theme_scores)
        w = np.where(present, theme_weights, 0.0)
        total = w.sum(axis=-1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(present, w * np.nan_to_num(theme_scores) / total, 0.0)
    else:
        out = _shares(theme_scores, theme_weights, method, offset) * np.nan_to_num(scores)[:, None]
    return np.where(np.isnan(scores)[:, None], np.nan, out)


def indicator_contributions(
    normalised: np.ndarray,
    within_weights: np.ndarray,
    groups: Sequence[np.ndarray],
    theme_contrib: np.ndarray,
    *,
    method: str = "arithmetic",
    offset: float = 1.0,
) -> np.ndarray:
    """Split each theme's contribution among its indicators (``n × m``).

    Missing indicators contribute 0; rows sum to the score.
    """
    out = np.zeros(normalised.shape)
    for t, cols in enumerate(groups):
        shares = _shares(normalised[:, cols], within_weights[cols], method, offset)
        out[:, cols] = shares * theme_contrib[:, [t]]
    return out
