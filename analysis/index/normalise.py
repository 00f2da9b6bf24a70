"""Normalisation: bring every indicator to a common 0–100 scale where 100 = most need.

All functions work on arrays shaped ``(..., n_territories, n_indicators)`` so that the same
code serves one computation and a stack of Monte-Carlo draws. Missing values are ``NaN``
and stay ``NaN``; statistics are computed over the values present.

Direction is applied here and only here: an indicator with direction ``-1`` (more is
better, e.g. piped water) is reversed so that, after normalisation, a higher value always
means more priority.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import pandas as pd

from analysis.errors import RaicesError

NORMALISATIONS: tuple[str, ...] = ("minmax", "zscore", "rank", "goalposts")
"""Available methods: min-max, z-score (as T-score 50 + 10·z, clipped to 0–100),
percentile rank, and fixed goalposts."""

ZERO_RANGE_POLICIES: tuple[str, ...] = ("midpoint", "zero")

#: Spread of the z-score scale: 50 + ``ZSCORE_SCALE`` × z (the "T-score" convention), so
#: ±5 standard deviations fill 0–100.
ZSCORE_SCALE = 10.0


def check_choice(value: str, options: Sequence[str], field: str) -> str:
    """Return ``value`` if it is one of ``options``; otherwise raise a clear error."""
    if value not in options:
        raise RaicesError(
            f"valor «{value}» no válido; opciones: {', '.join(options)}", column=field
        )
    return value


def _average_ranks(values: np.ndarray, axis: int) -> np.ndarray:
    """Ranks from 1 along ``axis``, ties sharing their average rank, NaN kept as NaN.

    What ``scipy.stats.rankdata(method="average", nan_policy="omit")`` gives, through
    pandas' ranking of the rows of a table: SciPy's statistics take about half a second
    to import, and a ranking by this method should not wait for them.

    >>> _average_ranks(np.array([[3.0, 1.0, np.nan, 3.0]]), -1).tolist()
    [[2.5, 1.0, nan, 2.5]]
    """
    moved = np.moveaxis(values, axis, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    ranked = pd.DataFrame(rows).rank(axis=1, method="average", na_option="keep").to_numpy()
    return np.moveaxis(ranked.reshape(moved.shape), -1, axis)


def normalise(
    values: np.ndarray,
    directions: np.ndarray,
    *,
    method: str = "minmax",
    goalposts: np.ndarray | None = None,
    zero_range: str = "midpoint",
    axis: int = -2,
) -> np.ndarray:
    """Normalise indicator columns to 0–100, higher = more priority.

    Parameters
    ----------
    values
        Array ``(..., n, m)``; ``NaN`` marks a missing value.
    directions
        Array ``(m,)`` of +1 (more = more need) or -1 (more = less need).
    method
        ``"minmax"`` (default), ``"zscore"``, ``"rank"`` or ``"goalposts"``.
    goalposts
        Array ``(m, 2)`` of (low, high) for ``method="goalposts"``; values outside are
        clipped. A row of ``NaN`` falls back to the observed min and max.
    zero_range
        Policy for a column whose present values are all equal (zero range, or a single
        value): ``"midpoint"`` (default) gives every territory 50, so the indicator is
        neutral for the ranking; ``"zero"`` gives 0.
    axis
        Axis of the territories: ``-2`` (default, ``(..., n, m)``) or ``-1`` for the
        transposed layout ``(..., m, n)``, faster for stacks of draws because each
        indicator's values are then contiguous.

    Returns
    -------
    numpy.ndarray
        Same shape as ``values``, in [0, 100], ``NaN`` where the input is ``NaN``.

    Examples
    --------
    >>> import numpy as np
    >>> normalise(np.array([[1.0], [2.0], [3.0]]), np.array([1])).ravel().tolist()
    [0.0, 50.0, 100.0]
    >>> normalise(np.array([[1.0], [2.0], [3.0]]), np.array([-1])).ravel().tolist()
    [100.0, 50.0, 0.0]
    """
    check_choice(method, NORMALISATIONS, "normalisation")
    check_choice(zero_range, ZERO_RANGE_POLICIES, "zero_range")
    values = np.asarray(values, dtype=float)
    directions = np.asarray(directions, dtype=float)
    if np.any((directions != 1) & (directions != -1)):
        raise RaicesError(
            "la dirección de cada indicador del índice debe ser +1 o -1 "
            "(los indicadores de contexto, dirección 0, no entran en el índice)",
            column="direction",
        )
    fill = 50.0 if zero_range == "midpoint" else 0.0
    if axis not in (-1, -2):
        raise ValueError("axis must be -1 or -2")
    if axis == -1:
        directions = directions[:, None]
    present = ~np.isnan(values)
    complete = bool(present.all())
    # np.min/np.max are several times faster than their NaN-aware twins.
    lowest, highest = (np.min, np.max) if complete else (np.nanmin, np.nanmax)
    with np.errstate(invalid="ignore", divide="ignore"), _quiet_nan_warnings():
        if method == "rank":
            # Percentile rank of the oriented value: ties share their average rank.
            ranks = _average_ranks(values * directions, axis)
            count = present.sum(axis=axis, keepdims=True)
            out = (ranks - 1.0) / (count - 1.0) * 100.0
            spread = highest(values, axis=axis, keepdims=True) > lowest(
                values, axis=axis, keepdims=True
            )
            out = np.where((count > 1) & spread, out, fill)
        elif method == "zscore":
            mean = np.nanmean(values, axis=axis, keepdims=True)
            std = np.nanstd(values, axis=axis, ddof=1, keepdims=True)
            z = (values - mean) / std * directions
            out = np.clip(50.0 + ZSCORE_SCALE * z, 0.0, 100.0)
            out = np.where((std > 0) & np.isfinite(std), out, fill)
        else:
            low = lowest(values, axis=axis, keepdims=True)
            high = highest(values, axis=axis, keepdims=True)
            if method == "goalposts":
                if goalposts is None:
                    raise RaicesError(
                        "la normalización por umbrales necesita umbrales (mínimo, máximo) "
                        "para cada indicador",
                        column="goalposts",
                    )
                posts = np.asarray(goalposts, dtype=float)
                post_low, post_high = posts[:, 0], posts[:, 1]
                if axis == -1:
                    post_low, post_high = post_low[:, None], post_high[:, None]
                low = np.where(np.isnan(post_low), low, post_low)
                high = np.where(np.isnan(post_high), high, post_high)
            span = high - low
            scaled = np.clip((values - low) / span, 0.0, 1.0)
            scaled = np.where(directions > 0, scaled, 1.0 - scaled) * 100.0
            out = np.where(span > 0, scaled, fill)
    return np.where(present, out, np.nan)


@contextmanager
def _quiet_nan_warnings() -> Iterator[None]:
    """Silence numpy's 'all-NaN slice' warnings; all-missing columns are a handled case."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield
