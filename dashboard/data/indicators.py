"""One indicator at a time: ready to map, explained, and summarised by group.

Cached calls of :mod:`analysis.profile` and :mod:`analysis.causes.lenses`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from analysis import profile
from analysis.catalog import year_label
from analysis.causes import lenses
from analysis.errors import RaicesError
from analysis.formatting import format_number
from dashboard.data.base import (
    catalog,
    indicators,
    indicators_available,
    localised_titles,
    sources,
    standard_errors,
    territories,
    territory_names,
)
from dashboard.i18n import translate

__all__ = [
    "format_value",
    "group_summary",
    "indicator_map_frame",
    "indicator_note",
    "lens_groups",
    "lens_indicator_list",
    "map_table",
    "rank_texts",
    "restrict_to_group",
]


def format_value(value: object, language: str = "es", **options: object) -> str:
    """A value as a reader sees it (:func:`analysis.formatting.format_number`)."""
    return format_number(value, language, **options)  # type: ignore[arg-type]


def rank_texts(ranks: pd.Series, language: str = "es") -> list[str]:
    """``"12 / 340"`` for each rank (``"sin dato"`` where there is none)."""
    n = int(ranks.notna().sum())
    missing = format_number(None, language)
    return [f"{int(r)} / {n}" if pd.notna(r) else missing for r in ranks]


@st.cache_data(show_spinner=False, max_entries=64)
def indicator_map_frame(level: str, indicator: str, language: str = "es") -> pd.DataFrame:
    """One indicator ready to map: name, value, need rank (and its text), standard error
    and coefficient of variation where published, departamento.

    The rank counts from the territory with most need (direction from the catalogue);
    context indicators (direction 0) are ranked from the highest value.
    """
    cat = catalog()
    if indicator not in cat.index:
        raise RaicesError(f"el indicador «{indicator}» no está en el catálogo", column=indicator)
    values = indicators(level)
    if indicator not in values.columns:
        raise RaicesError(
            f"el indicador «{indicator}» no tiene valores a nivel {level}", column=indicator
        )
    series = values[indicator]
    frame = pd.DataFrame({"name": territory_names(level), "value": series})
    if level == "municipio":
        frame["dept_name"] = territories(level)["dept_name"]
    frame["rank"] = profile.need_rank(series, profile._direction(cat, indicator))
    frame["rank_text"] = rank_texts(frame["rank"], language)
    se = standard_errors(level)
    if indicator in se.columns and se[indicator].notna().any():
        frame["se"] = se[indicator]
        frame["cv"] = profile.coefficient_of_variation(series, se[indicator])
        frame["coverage_text"] = [
            "CV " + format_number(c, language, percent=True, decimals=0) if pd.notna(c) else "–"
            for c in frame["cv"]
        ]
    else:
        frame["coverage_text"] = np.where(
            series.notna(),
            format_number(1, language, percent=True, decimals=0),
            format_number(None, language),
        )
    return frame


def indicator_note(indicator: str, language: str = "es") -> list[tuple[str, str]]:
    """What to know about one indicator, as (heading, plain text) pairs: description,
    unit, direction, source (publisher — title), year."""
    row = catalog().loc[indicator]
    suffix = "en" if language == "en" else "es"
    direction = profile._direction(catalog(), indicator)
    sign = "+1" if direction > 0 else "-1" if direction < 0 else "0"
    source = str(row["source_id"])
    known = localised_titles(sources(), language)
    match = known.loc[known["source_id"] == source]
    if not match.empty:
        source = f"{match.iloc[0]['publisher']} — {match.iloc[0]['title']}"
    notes = []
    # The catalogue describes indicators in Spanish only; English readers get the English
    # caution note where there is one instead of a Spanish paragraph.
    key = "description_es" if language != "en" else "note_en"
    description = str(row.get(key, "") or "")
    if description and description.lower() != "nan":
        notes.append((translate("common.description", language), description))
    notes += [
        (translate("common.unit", language), str(row[f"unit_{suffix}"])),
        (translate("common.direction", language), translate(f"common.direction.{sign}", language)),
        (translate("common.source", language), source),
        (translate("common.year", language), year_label(row.get("year", ""), language)),
    ]
    return notes


def map_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns of a map frame worth exporting (drops display-only text columns)."""
    keep = [
        c
        for c in ("name", "dept_name", "value", "se", "cv", "rank", "rank_low", "rank_high")
        if c in frame
    ]
    table = frame[keep].copy()
    table.index.name = "code"
    return table


@st.cache_data(show_spinner=False, max_entries=16)
def lens_indicator_list(level: str, lens: str | None) -> list[str]:
    """Indicators with data at ``level``, only those the catalogue marks with ``lens``."""
    return indicators_available(level, lens or None)


@st.cache_data(show_spinner=False, max_entries=8)
def lens_groups(split: str) -> list[str]:
    """Groups of municipios under a disaggregation (``etnia``, ``pueblo``, ``area``)."""
    return lenses.lens_values(territories("municipio"), split)


def restrict_to_group(frame: pd.DataFrame, split: str | None, group: str | None) -> pd.DataFrame:
    """The map frame of the territories in ``group`` only, so that the map draws and fits
    that area; each keeps its national rank («12 / 340»)."""
    if not split or not group:
        return frame
    keep = lenses.filter_codes(territories("municipio"), split, group)
    return frame.loc[frame.index.isin(keep)]


@st.cache_data(show_spinner=False, max_entries=32)
def group_summary(indicator: str, split: str, language: str = "es") -> pd.DataFrame:
    """An indicator by group of municipios (:func:`analysis.profile.group_summary`),
    population-weighted, headers in ``language``."""
    values = indicators("municipio")
    summary = profile.group_summary(
        values[indicator],
        lenses.lens_groups(territories("municipio"), split),
        weights=values.get("poblacion"),
        order=lens_groups(split),
    )
    for column in ("weighted_mean", "median", "min", "max"):
        summary[column] = [format_number(v, language) for v in summary[column]]
    return summary.rename(columns=lambda c: translate(f"mapa.col.{c}", language))
