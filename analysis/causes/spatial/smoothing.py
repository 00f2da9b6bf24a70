"""Empirical-Bayes smoothing of rates built on small populations.

A municipio of 3 000 people with one reported crime has a rate of 33 per 100 000; one more
case doubles it. Such rates are noisy, and maps and rankings of raw rates put the
smallest municipios at both extremes. Empirical-Bayes smoothing (Marshall 1991) pulls
each rate towards a reference mean — the national mean (``"global"``) or the mean of the
territory and its neighbours (``"spatial"``) — by an amount that shrinks as the population
grows:

.. math::

    \\hat r_i = w_i r_i + (1 - w_i) m, \\qquad
    w_i = \\frac{s^2}{s^2 + m / P_i}, \\qquad
    s^2 = \\frac{\\sum_j P_j (r_j - m)^2}{\\sum_j P_j} - \\frac{m}{\\bar P}

with :math:`m = \\sum E / \\sum P` the reference rate and :math:`P_i` the population at
risk. When the between-area variance :math:`s^2` comes out negative (all variation looks
like noise), it is set to 0 and every rate equals the reference rate. The spatial version
is esda's ``Spatial_Empirical_Bayes``.

Policies: territories with a missing rate or a missing or non-positive population are
left missing (never smoothed, never used to estimate ``m``).
"""

from __future__ import annotations

from typing import Literal

import libpysal
import numpy as np
import pandas as pd
from esda.smoothing import Spatial_Empirical_Bayes

from analysis.errors import RaicesError

SMOOTHING_METHODS: tuple[str, ...] = ("global", "spatial")


def _empirical_bayes_global(events: np.ndarray, population: np.ndarray) -> np.ndarray:
    reference = events.sum() / population.sum()
    rate = events / population
    spread = (population * (rate - reference) ** 2).sum() / population.sum()
    variance = max(spread - reference / population.mean(), 0.0)
    if variance == 0.0:
        return np.full_like(rate, reference)
    weight = variance / (variance + reference / population)
    return weight * rate + (1.0 - weight) * reference


def smooth_rate(
    rate: pd.Series,
    population: pd.Series,
    *,
    per: float = 100_000.0,
    method: Literal["global", "spatial"] = "global",
    weights: libpysal.weights.W | None = None,
) -> pd.Series:
    """Empirical-Bayes smoothed version of a rate, on the same scale.

    Parameters
    ----------
    rate
        Rate per ``per`` inhabitants, indexed by code.
    population
        Population at risk, indexed by code (e.g. the 2018 census population).
    per
        Scale of the rate (100 000 for "per 100 000 inhabitants", 1 for a proportion).
    method
        ``"global"`` (shrink towards the national mean, default) or ``"spatial"`` (towards
        the neighbourhood mean; needs ``weights``).
    weights
        Contiguity weights whose ids include every code of ``rate`` (``"spatial"`` only).

    Returns
    -------
    pandas.Series
        Smoothed rate, same index and name as ``rate``; missing where the policy in the
        module docstring says so.

    Examples
    --------
    >>> import pandas as pd
    >>> rate = pd.Series([100.0, 0.0, 50.0], index=[101, 102, 103])
    >>> population = pd.Series([1_000_000, 2_000, 500_000], index=[101, 102, 103])
    >>> smoothed = smooth_rate(rate, population)
    >>> bool(smoothed[102] > 0), round(smoothed[101])   # small place pulled up, big one kept
    (True, 100)
    """
    if method not in SMOOTHING_METHODS:
        raise RaicesError(f"método de suavizado desconocido «{method}»; use {SMOOTHING_METHODS}")
    if per <= 0:
        raise RaicesError(f"la escala de la tasa debe ser positiva; se recibió {per}")
    name = rate.name
    column = str(name) if name is not None else "tasa"
    population = population.reindex(rate.index)
    usable = rate.notna() & population.notna() & (population > 0)
    if (rate[usable] < 0).any():
        raise RaicesError("una tasa no puede ser negativa", column=column)
    if usable.sum() < 2:
        raise RaicesError(
            "se necesitan al menos 2 territorios con tasa y población para suavizar",
            column=column,
        )
    base = population[usable].to_numpy(dtype=float)
    events = rate[usable].to_numpy(dtype=float) / per * base
    if method == "global":
        smoothed = _empirical_bayes_global(events, base)
    else:
        if weights is None:
            raise RaicesError("el suavizado espacial necesita una matriz de vecindad")
        codes = list(rate.index[usable])
        missing = [code for code in codes if code not in weights.neighbors]
        if missing:
            raise RaicesError(f"códigos fuera de la matriz de vecindad: {missing[:10]}")
        # Rebuild binary weights on the usable codes so the neighbourhood sums are counts.
        kept = set(codes)
        neighbors = {
            code: [other for other in weights.neighbors[code] if other in kept] for code in codes
        }
        binary = libpysal.weights.W(neighbors, id_order=codes, silence_warnings=True)
        smoothed = Spatial_Empirical_Bayes(events, base, binary).r.ravel()
    result = pd.Series(np.nan, index=rate.index, name=name, dtype=float)
    result[usable] = smoothed * per
    return result
