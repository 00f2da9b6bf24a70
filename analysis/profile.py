"""A territory seen against the rest: need ranks and percentiles, its profile, the
fragility of its data, and an indicator summarised by group of municipios.

Pure functions on the frames :mod:`analysis.store` returns (index = INE code); the
dashboard caches and displays them, the reports print them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.defaults import CV_LIMIT, SE_EXACT_THRESHOLD


def _direction(catalog: pd.DataFrame, indicator: str) -> float:
    if indicator not in catalog.index or "direction" not in catalog:
        return 0.0
    value = pd.to_numeric(catalog.at[indicator, "direction"], errors="coerce")
    return 0.0 if pd.isna(value) else float(value)


def display_names(territories: pd.DataFrame, level: str) -> pd.Series:
    """Name of each territory as people read it: ``"Cuilco (Huehuetenango)"`` for a
    municipio (several municipios share a name), the plain name for a departamento.

    >>> t = pd.DataFrame({"name": ["Cuilco"], "dept_name": ["Huehuetenango"]}, index=[1304])
    >>> display_names(t, "municipio").tolist(), display_names(t, "departamento").tolist()
    (['Cuilco (Huehuetenango)'], ['Cuilco'])
    """
    names = territories["name"].astype(str)
    if level == "municipio" and "dept_name" in territories:
        return names + " (" + territories["dept_name"].astype(str) + ")"
    return names


def indicators_with_values(
    catalog: pd.DataFrame, values: pd.DataFrame, *, lens: str | None = None
) -> list[str]:
    """Catalogue indicators (catalogue order) with at least one value in ``values``; with
    ``lens``, only those the catalogue marks with it.

    >>> cat = pd.DataFrame({"lens": ["etnia", ""]}, index=["a", "b"])
    >>> v = pd.DataFrame({"a": [1.0], "b": [2.0], "c": [3.0]})
    >>> indicators_with_values(cat, v), indicators_with_values(cat, v, lens="etnia")
    (['a', 'b'], ['a'])
    """
    wanted = [c for c in catalog.index if c in values.columns and values[c].notna().any()]
    if lens and "lens" in catalog:
        marks = catalog["lens"].fillna("").astype(str)
        wanted = [c for c in wanted if marks[c] == lens]
    return wanted


def need_rank(values: pd.Series, direction: float) -> pd.Series:
    """Rank of each territory from the one with most need (1), ties sharing the best rank.

    ``direction`` ``-1`` means a low value is more need; ``+1`` and ``0`` (context
    indicators) rank from the highest value. Missing values get no rank.

    >>> need_rank(pd.Series([0.2, 0.9, None, 0.5]), 1).tolist()
    [3, 1, <NA>, 2]
    >>> need_rank(pd.Series([0.2, 0.9, 0.5]), -1).tolist()
    [1, 3, 2]
    """
    return values.rank(ascending=direction < 0, method="min").astype("Int64")


def need_percentiles(values: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """Percentile (0–100] of each territory for each indicator, 100 = most need.

    Direction comes from the catalogue: for ``-1`` indicators a low value is a high
    percentile; context indicators (``0``) use the plain percentile of the value.

    >>> cat = pd.DataFrame({"direction": [1, -1]}, index=["a", "b"])
    >>> need_percentiles(pd.DataFrame({"a": [1, 2], "b": [1, 2]}), cat).to_dict("list")
    {'a': [50.0, 100.0], 'b': [100.0, 50.0]}
    """
    out = {}
    for indicator in values.columns:
        sign = -1.0 if _direction(catalog, indicator) < 0 else 1.0
        out[indicator] = (values[indicator] * sign).rank(pct=True, method="max") * 100
    return pd.DataFrame(out, index=values.index)


def coefficient_of_variation(values: pd.Series, standard_errors: pd.Series) -> pd.Series:
    """Standard error over the absolute value; NaN where either is missing or the value is 0.

    >>> coefficient_of_variation(pd.Series([0.5, 0.0, 0.2]), pd.Series([0.1, 0.1, None])).tolist()
    [0.2, nan, nan]
    """
    cv = standard_errors.astype(float) / values.astype(float).abs()
    return cv.replace([np.inf, -np.inf], np.nan)


def is_unreliable(cv: float, limit: float = CV_LIMIT) -> bool:
    """The CV rule: an estimate whose coefficient of variation exceeds ``limit``.

    >>> is_unreliable(0.31), is_unreliable(0.3), is_unreliable(float("nan"))
    (True, False, False)
    """
    return bool(np.isfinite(cv) and cv > limit)


def profile_table(
    code: int,
    *,
    values: pd.DataFrame,
    catalog: pd.DataFrame,
    national: pd.Series,
    language: str = "es",
    department_values: pd.DataFrame | None = None,
    standard_errors: pd.DataFrame | None = None,
    percentiles: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per catalogue indicator of ``values``: value of ``code``, of its
    departamento (when ``department_values`` is given, municipios only), national value,
    need percentile and standard error.

    Returns a frame indexed by ``indicator`` with columns ``label``, ``theme``, ``unit``,
    ``direction``, ``value``, [``department``], ``national``, ``percentile``, ``se``, ``cv``
    (labels and units in ``language``).

    Raises
    ------
    KeyError
        When ``code`` is not a row of ``values``.
    """
    if code not in values.index:
        raise KeyError(code)
    suffix = "en" if language == "en" else "es"
    used = [c for c in catalog.index if c in values.columns]
    frame = pd.DataFrame(index=pd.Index(used, name="indicator"))
    frame["label"] = catalog.loc[used, f"label_{suffix}"]
    frame["theme"] = catalog.loc[used, "theme"]
    frame["unit"] = catalog.loc[used, f"unit_{suffix}"]
    frame["direction"] = catalog.loc[used, "direction"]
    frame["value"] = values.loc[code, used].astype(float)
    if department_values is not None:
        dept_code = int(code) // 100
        frame["department"] = (
            department_values.loc[dept_code].reindex(used).astype(float)
            if dept_code in department_values.index
            else np.nan
        )
    frame["national"] = national.reindex(used).astype(float)
    ranks = percentiles if percentiles is not None else need_percentiles(values[used], catalog)
    frame["percentile"] = ranks.loc[code].reindex(used)
    if standard_errors is not None and code in standard_errors.index:
        frame["se"] = standard_errors.loc[code].reindex(used).astype(float)
    else:
        frame["se"] = np.nan
    frame["cv"] = coefficient_of_variation(frame["value"], frame["se"])
    return frame


@dataclass(frozen=True)
class ReliabilityNote:
    """One reason to read a territory's figures with care.

    ``kind`` is ``"high_cv"`` (``labels`` = the indicator, ``cv`` its coefficient of
    variation), ``"se_unknown"`` (``labels`` = indicators whose published standard error
    is practically zero, which the engine treats as unknown and replaces by a prudent
    one), ``"missing"`` (``labels`` = every indicator without a value) or ``"repaired"``
    (``detail`` = what the build repaired or dropped, from its log).
    """

    kind: str
    labels: tuple[str, ...] = ()
    cv: float = float("nan")
    detail: str = ""


def reliability_notes(
    profile: pd.DataFrame,
    quality_issues: pd.DataFrame | None = None,
    code: int | None = None,
    *,
    cv_limit: float = CV_LIMIT,
    max_repairs: int = 10,
) -> list[ReliabilityNote]:
    """What makes a territory's data fragile, from its :func:`profile_table`.

    Parameters
    ----------
    profile
        Output of :func:`profile_table` (``label``, ``value``, ``cv``).
    quality_issues
        The build's log of repaired or dropped values (``code``, ``source_id``,
        ``column``, ``issue``, ``action``); rows of ``code`` become ``"repaired"`` notes.
    cv_limit
        Above it an estimate is flagged (:func:`is_unreliable`).
    max_repairs
        At most this many repair notes (the log can be long for one territory).
    """
    notes = [
        ReliabilityNote("high_cv", (str(profile.at[indicator, "label"]),), float(cv))
        for indicator, cv in profile["cv"].items()
        if is_unreliable(float(cv), cv_limit)
    ]
    if "se" in profile:
        se = pd.to_numeric(profile["se"], errors="coerce")
        unknown = profile.index[se.lt(SE_EXACT_THRESHOLD) & profile["value"].notna()]
        if len(unknown):
            labels = tuple(str(profile.at[i, "label"]) for i in unknown)
            notes.append(ReliabilityNote("se_unknown", labels))
    missing = tuple(str(label) for label in profile.loc[profile["value"].isna(), "label"])
    if missing:
        notes.append(ReliabilityNote("missing", missing))
    if quality_issues is not None and code is not None and "code" in quality_issues:
        mine = quality_issues[pd.to_numeric(quality_issues["code"], errors="coerce") == code]
        for _, row in mine.head(max_repairs).iterrows():
            detail = (
                f"{row.get('source_id', '')} · {row.get('column', '')}: "
                f"{row.get('issue', '')} → {row.get('action', '')}"
            )
            notes.append(ReliabilityNote("repaired", detail=detail))
    return notes


def group_summary(
    values: pd.Series,
    groups: pd.Series,
    *,
    weights: pd.Series | None = None,
    order: Sequence[str] | None = None,
) -> pd.DataFrame:
    """An indicator by group of territories: count with a value, weighted mean, median,
    minimum and maximum.

    The mean is weighted (by population, typically) so that a group's value describes its
    people, not the average of its municipios; without ``weights`` it is NaN.

    >>> v = pd.Series([0.2, 0.4, 0.9, None], index=[1, 2, 3, 4])
    >>> g = pd.Series(["a", "a", "b", "b"], index=[1, 2, 3, 4])
    >>> w = pd.Series([1, 3, 1, 1], index=[1, 2, 3, 4])
    >>> group_summary(v, g, weights=w).round(3).to_dict("records")[0]
    {'group': 'a', 'n': 2, 'weighted_mean': 0.35, 'median': 0.3, 'min': 0.2, 'max': 0.4}
    """
    names = list(order) if order is not None else sorted(groups.dropna().unique().tolist())
    rows = []
    for group in names:
        members = groups.index[groups == group]
        x = values.reindex(members).astype(float)
        present = x.notna()
        mean = float("nan")
        if weights is not None:
            w = weights.reindex(members)[present].astype(float)
            total = float(w.sum())
            mean = float((x[present] * w).sum() / total) if total > 0 else float("nan")
        rows.append(
            {
                "group": group,
                "n": int(present.sum()),
                "weighted_mean": mean,
                "median": float(x.median()),
                "min": float(x.min()),
                "max": float(x.max()),
            }
        )
    return pd.DataFrame(rows, columns=["group", "n", "weighted_mean", "median", "min", "max"])
