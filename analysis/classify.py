"""Map classification: quantiles, natural breaks (Fisher–Jenks) and equal intervals.

One implementation serves the interactive maps and the static exports, so a PNG shows the
same classes as the screen. Computed in numpy: importing mapclassify alone costs seconds at
start-up and its Fisher–Jenks loop about half a second per map; the tests check every
scheme against mapclassify as the reference.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SCHEMES: tuple[str, ...] = ("quantiles", "natural_breaks", "equal_interval")


def fisher_jenks_breaks(values: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of the ``k`` classes minimising within-class squared deviations.

    Fisher's exact dynamic programme in numpy (the same optimum as
    ``mapclassify.FisherJenks``, without its 4-second import and pure-Python loop).
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    k = min(k, n)
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])
    i = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    count = (j - i + 1).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        ssd = (s2[j + 1] - s2[i]) - (s1[j + 1] - s1[i]) ** 2 / count
    ssd = np.where(j >= i, np.maximum(ssd, 0.0), np.inf)
    cost = ssd[0].copy()  # one class covering x[0..j]
    starts = []
    for _ in range(1, k):
        # class starting at i (i >= 1) after the best split of x[0..i-1]
        previous = np.concatenate([[np.inf], cost[:-1]])
        total = previous[:, None] + ssd
        best = np.argmin(total, axis=0)
        cost = total[best, np.arange(n)]
        starts.append(best)
    bounds = [n - 1]
    end = n - 1
    for best in reversed(starts):
        start = int(best[end])
        bounds.append(start - 1)
        end = start - 1
    return np.unique(x[np.array(sorted(bounds))])


def classify(
    values: Sequence[float], scheme: str = "quantiles", k: int = 5
) -> tuple[np.ndarray, np.ndarray]:
    """Class breaks and the class of each value (``-1`` for missing values).

    Parameters
    ----------
    values
        Values to classify; NaN marks a territory without data.
    scheme
        ``"quantiles"`` (as ``mapclassify.Quantiles``), ``"natural_breaks"`` (Fisher–Jenks,
        as ``mapclassify.FisherJenks``) or ``"equal_interval"`` (as
        ``mapclassify.EqualInterval``). Computed in numpy: importing mapclassify alone
        costs seconds at start-up and its Fisher–Jenks loop half a second per map.
    k
        Number of classes; fewer are used when there are fewer distinct values.

    Returns
    -------
    breaks, classes
        Upper bound of each class (increasing) and the class index of each value.

    Examples
    --------
    >>> breaks, classes = classify([1.0, 2.0, 3.0, 4.0, float("nan")], "equal_interval", k=2)
    >>> breaks.tolist(), classes.tolist()
    ([2.5, 4.0], [0, 0, 1, 1, -1])
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown classification {scheme!r}; expected one of {SCHEMES}")
    array = np.asarray(values, dtype=float)
    present = np.isfinite(array)
    classes = np.full(array.shape, -1, dtype=int)
    if not present.any():
        return np.array([], dtype=float), classes
    data = array[present]
    distinct = np.unique(data)
    if distinct.size <= k:
        breaks = distinct
    elif scheme == "quantiles":
        breaks = np.unique(np.percentile(data, np.linspace(100 / k, 100, k)))
    elif scheme == "equal_interval":
        low, high = float(data.min()), float(data.max())
        breaks = low + (high - low) * np.arange(1, k + 1) / k
        breaks[-1] = high
    else:
        breaks = fisher_jenks_breaks(data, k)
    classes[present] = np.clip(np.searchsorted(breaks, data, side="left"), 0, len(breaks) - 1)
    return breaks, classes
