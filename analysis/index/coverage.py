"""Coverage and reliability of each territory's score (in the spirit of INFORM's
reliability index).

Four measured components, each reported on its own so an analyst can see *why* a score is
fragile, and one summary:

``coverage``
    Share of the index's indicators observed for the territory (0–1).
``share_imputed``
    Share of the indicators whose value was imputed (0–1).
``data_age``
    Weighted mean age, in years, of the data behind the score, counted from
    ``reference_year`` (the newest year among the indicators used, unless given).
``max_cv``
    Largest coefficient of variation (standard error / estimate) among the model-based
    estimates used (e.g. the poverty map); ``NaN`` when none has a standard error. A
    published standard error of exactly 0 is treated as "not informative" rather than as
    perfect precision.
``reliability``
    0–100, higher = more reliable: ``100 × (0.5·coverage + 0.2·(1 − share_imputed)
    + 0.15·age_score + 0.15·cv_score)`` where ``age_score = max(0, 1 − data_age / 10)``
    and ``cv_score`` is 1 for ``max_cv ≤ 0.15``, 0 for ``max_cv ≥ cv_limit`` (0.3, the
    usual "do not publish" line), linear in between, and 1 when no CV is known.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.defaults import CV_LIMIT

_YEAR = re.compile(r"(19|20)\d{2}")


def parse_year(text: object) -> float:
    """First four-digit year in a catalogue ``year`` entry, or ``NaN``.

    The earliest year of a range is taken, so an undocumented "≈2018–2023" counts as 2018:
    data age is never understated.

    Examples
    --------
    >>> parse_year("no documentado (≈2018–2023)"), parse_year(2021), parse_year("")
    (2018.0, 2021.0, nan)
    """
    match = _YEAR.search(str(text))
    return float(match.group(0)) if match else float("nan")


def coverage_table(
    present: np.ndarray,
    imputed: np.ndarray,
    weights: np.ndarray,
    years: np.ndarray,
    cv: np.ndarray | None,
    *,
    index: pd.Index,
    reference_year: float | None = None,
    cv_limit: float = CV_LIMIT,
) -> pd.DataFrame:
    """Coverage and reliability per territory.

    Parameters
    ----------
    present
        ``n × m`` boolean: value observed in the source (before any imputation).
    imputed
        ``n × m`` boolean: value imputed.
    weights
        ``m`` effective weights of the indicators (used for the mean data age).
    years
        ``m`` reference years of the indicators (``NaN`` when unknown).
    cv
        ``n × m`` coefficients of variation, ``NaN`` where none; or ``None``.
    index
        Territory codes for the rows.
    reference_year
        Year data age is counted from; default the newest of ``years``.
    cv_limit
        CV at and above which an estimate counts as unreliable (default 0.3).
    """
    present = np.asarray(present, dtype=bool)
    imputed = np.asarray(imputed, dtype=bool)
    years = np.asarray(years, dtype=float)
    m = present.shape[1]
    coverage = present.mean(axis=1) if m else np.zeros(len(index))
    share_imputed = imputed.mean(axis=1) if m else np.zeros(len(index))
    if reference_year is None:
        reference_year = float(np.nanmax(years)) if np.isfinite(years).any() else np.nan
    age = reference_year - years
    used = (present | imputed) & np.isfinite(age)
    w = np.where(used, weights, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        data_age = (w * np.nan_to_num(age)).sum(axis=1) / w.sum(axis=1)
    if cv is None:
        max_cv = np.full(len(index), np.nan)
    else:
        cv = np.where(present & np.isfinite(cv), np.asarray(cv, dtype=float), np.nan)
        cv = np.where(cv > 0, cv, np.nan)
        has_cv = np.isfinite(cv).any(axis=1)
        max_cv = np.where(has_cv, np.nanmax(np.where(has_cv[:, None], cv, 0.0), axis=1), np.nan)
    age_score = np.where(np.isfinite(data_age), np.clip(1.0 - data_age / 10.0, 0.0, 1.0), 0.5)
    cv_score = np.where(
        np.isfinite(max_cv), np.clip((cv_limit - max_cv) / (cv_limit - 0.15), 0.0, 1.0), 1.0
    )
    reliability = 100.0 * (
        0.5 * coverage + 0.2 * (1.0 - share_imputed) + 0.15 * age_score + 0.15 * cv_score
    )
    return pd.DataFrame(
        {
            "coverage": coverage,
            "share_imputed": share_imputed,
            "data_age": data_age,
            "max_cv": max_cv,
            "reliability": reliability,
        },
        index=index,
    )
