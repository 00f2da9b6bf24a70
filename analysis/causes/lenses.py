"""Disaggregation lenses: filter or split any analysis by ethnic majority, area or departamento.

A lens maps each municipio to a group using the context columns of
``store.load_territories()``:

=================  ==========================  =========================================
lens               column                      groups
=================  ==========================  =========================================
``etnia``          ``mayoria_indigena``        ``"mayoría indígena"`` / ``"mayoría no indígena"``
``pueblo``         ``pueblo_mayoritario``      ``"Maya"``, ``"Ladino/mestizo"``, ``"Xinka"``, …
``area``           ``area_predominante``       ``"rural"`` / ``"urbana"``
``departamento``   ``dept_name``               the 22 departamento names
=================  ==========================  =========================================

The gender and age indicators (catalogue column ``lens`` = ``genero`` / ``edad``) are
ordinary indicators: :func:`lens_indicators` lists them so that pages and the CLI can
offer them first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.errors import RaicesError

LENSES: dict[str, str] = {
    "etnia": "mayoria_indigena",
    "pueblo": "pueblo_mayoritario",
    "area": "area_predominante",
    "departamento": "dept_name",
}
LENS_LABELS_ES: dict[str, str] = {
    "etnia": "Mayoría étnica",
    "pueblo": "Pueblo mayoritario",
    "area": "Área urbana o rural",
    "departamento": "Departamento",
}
LENS_LABELS_EN: dict[str, str] = {
    "etnia": "Ethnic majority",
    "pueblo": "Majority people",
    "area": "Urban or rural",
    "departamento": "Departamento",
}
_ETHNIC_GROUPS = {True: "mayoría indígena", False: "mayoría no indígena"}


def lens_groups(territories: pd.DataFrame, lens: str) -> pd.Series:
    """Group of every territory under ``lens``.

    Parameters
    ----------
    territories
        ``store.load_territories("municipio")`` (index: code).
    lens
        One of :data:`LENSES`.

    Returns
    -------
    pandas.Series
        Group label per code (strings), named after the lens.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"mayoria_indigena": [True, False]}, index=[101, 701])
    >>> lens_groups(t, "etnia").tolist()
    ['mayoría indígena', 'mayoría no indígena']
    """
    if lens not in LENSES:
        raise RaicesError(f"lente desconocido «{lens}»; use {list(LENSES)}")
    column = LENSES[lens]
    if column not in territories.columns:
        raise RaicesError("la tabla de territorios no tiene la columna del lente", column=column)
    values = territories[column]
    if lens == "etnia":
        values = values.map(lambda flag: _ETHNIC_GROUPS.get(bool(flag)) if pd.notna(flag) else None)
    return values.astype("string").rename(lens)


def lens_values(territories: pd.DataFrame, lens: str) -> list[str]:
    """Groups of ``lens`` in display order (largest first, then alphabetical)."""
    counts = lens_groups(territories, lens).value_counts()
    return sorted(counts.index, key=lambda group: (-counts[group], str(group)))


def filter_codes(territories: pd.DataFrame, lens: str | None, group: str | None) -> pd.Index:
    """Codes of the territories in ``group`` of ``lens`` (all codes if ``lens`` is None)."""
    if lens is None or group is None:
        return territories.index
    groups = lens_groups(territories, lens)
    if group not in set(groups.dropna()):
        raise RaicesError(
            f"el grupo «{group}» no existe en el lente «{lens}»; hay: {lens_values(territories, lens)}"
        )
    return groups.index[groups == group]


def filter_frame(
    frame: pd.DataFrame | pd.Series,
    territories: pd.DataFrame,
    *,
    lens: str | None,
    group: str | None,
) -> pd.DataFrame | pd.Series:
    """Rows of ``frame`` (indexed by code) whose territory is in ``group`` of ``lens``."""
    codes = filter_codes(territories, lens, group)
    return frame.loc[frame.index.intersection(codes)]


@dataclass(frozen=True)
class GroupResults:
    """Result of :func:`split_apply`.

    Attributes
    ----------
    table
        The function's outputs stacked, with a leading ``grupo`` column, groups in the
        lens's display order.
    skipped
        Groups left out because they have fewer territories than ``min_size``.
    """

    table: pd.DataFrame
    skipped: list[str]


def split_apply(
    function: Callable[..., pd.DataFrame],
    frame: pd.DataFrame | pd.Series,
    territories: pd.DataFrame,
    lens: str,
    *,
    min_size: int = 5,
    **options: Any,
) -> GroupResults:
    """Run ``function(subset, **options)`` for each group of ``lens`` and stack the results.

    Groups with fewer than ``min_size`` territories are skipped (and listed), because
    most statistics are not meaningful on so few units.

    Returns
    -------
    GroupResults
    """
    groups = lens_groups(territories, lens)
    outputs, skipped = [], []
    for group in lens_values(territories, lens):
        codes = groups.index[groups == group]
        subset = frame.loc[frame.index.intersection(codes)]
        if len(subset) < min_size:
            skipped.append(group)
            continue
        result = function(subset, **options)
        result = result.copy()
        result.insert(0, "grupo", group)
        outputs.append(result)
    if not outputs:
        raise RaicesError(f"ningún grupo del lente «{lens}» tiene al menos {min_size} territorios")
    return GroupResults(table=pd.concat(outputs), skipped=skipped)


def lens_indicators(catalog: pd.DataFrame, lens: str) -> list[str]:
    """Indicators the catalogue marks with a disaggregation lens (``etnia``, ``edad``,
    ``genero``, ``territorio``)."""
    if "lens" not in catalog.columns:
        raise RaicesError("el catálogo no tiene la columna «lens»", column="lens")
    return catalog.index[catalog["lens"].fillna("") == lens].tolist()
