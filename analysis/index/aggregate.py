"""Aggregation of normalised values into theme scores and theme scores into the index.

Methods (all keep the 0–100 scale and re-normalise weights over the values present):

``"arithmetic"``
    Weighted mean: fully compensatory (a high value offsets a low one).
``"geometric"``
    Weighted geometric mean of ``x + offset``, minus ``offset``: partially compensatory,
    rewards balanced profiles (INFORM aggregates its dimensions this way). The offset
    (default 1 on the 0–100 scale) keeps a single 0 from zeroing the whole score.
``"penalised"``
    Weighted mean minus ``penalty`` × weighted standard deviation of the components,
    floored at 0: a non-compensatory option in the spirit of the Mazziotta–Pareto index,
    where an unbalanced profile cannot buy its way up with one extreme value.

Arrays are shaped ``(..., n, m)``; weights ``(m,)`` or ``(..., m)`` for stacks of draws.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.index.normalise import check_choice

AGGREGATIONS: tuple[str, ...] = ("arithmetic", "geometric", "penalised")


def aggregate(
    values: np.ndarray,
    weights: np.ndarray,
    *,
    method: str = "arithmetic",
    offset: float = 1.0,
    penalty: float = 1.0,
) -> np.ndarray:
    """Aggregate the last axis of ``values`` with ``weights``.

    Parameters
    ----------
    values
        ``(..., n, m)`` on 0–100; ``NaN`` = missing (its weight is dropped and the others
        re-normalised).
    weights
        ``(m,)`` or ``(..., m)`` non-negative weights.
    method
        ``"arithmetic"`` (default), ``"geometric"`` or ``"penalised"``.
    offset
        Shift used by the geometric mean (default 1.0).
    penalty
        Multiplier of the standard deviation in the penalised mean (default 1.0).

    Returns
    -------
    numpy.ndarray
        ``(..., n)``; ``NaN`` where every component is missing or weighs 0.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[0.0, 100.0], [50.0, 50.0]])
    >>> aggregate(x, np.array([1.0, 1.0])).tolist()
    [50.0, 50.0]
    >>> aggregate(x, np.array([1.0, 1.0]), method="geometric").round(1).tolist()
    [9.0, 50.0]
    """
    check_choice(method, AGGREGATIONS, "aggregation")
    values = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    if w.ndim > 1:
        w = w[..., None, :]
    present = ~np.isnan(values)
    wp = np.where(present, w, 0.0)
    total = wp.sum(axis=-1)
    x = np.where(present, values, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "geometric":
            logs = np.log(x + offset)
            out = np.exp((wp * logs).sum(axis=-1) / total) - offset
        else:
            mean = (wp * x).sum(axis=-1) / total
            if method == "arithmetic":
                out = mean
            else:
                var = (wp * (x - mean[..., None]) ** 2).sum(axis=-1) / total
                out = np.maximum(mean - penalty * np.sqrt(var), 0.0)
    return np.where(total > 0, np.clip(out, 0.0, 100.0), np.nan)


def aggregate_themes(
    values: np.ndarray,
    weights: np.ndarray,
    groups: Sequence[np.ndarray],
    *,
    method: str = "arithmetic",
    offset: float = 1.0,
    penalty: float = 1.0,
) -> np.ndarray:
    """Aggregate indicator columns into one score per theme.

    ``groups[t]`` holds the column positions of theme ``t``; returns ``(..., n, t)``.
    """
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    out = np.empty(values.shape[:-1] + (len(groups),))
    for t, cols in enumerate(groups):
        out[..., t] = aggregate(
            values[..., cols],
            weights[..., cols],
            method=method,
            offset=offset,
            penalty=penalty,
        )
    return out
