"""Cached calls of the causes pages: spatial patterns, typologies, factors, trends.

The rules of :mod:`dashboard.data` hold: ``st.cache_data`` keyed by small hashable
arguments and bounded by ``max_entries``, results are fresh frames (never shared mutable
state), and pages call only these functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from analysis.defaults import LEVELS
from analysis.errors import RaicesError
from dashboard.data import base, geometry, scenarios

if TYPE_CHECKING:
    from analysis.causes.drivers import AssociationResult
    from analysis.causes.spatial.patterns import SpatialPattern


def _values(level: str, source: str, name: str) -> pd.Series:
    if source == "scenario":
        from analysis.causes.typology import scenario_scores

        score, _ = scenario_scores(name, level)
        return score.rename(name)
    values = base.indicators(level)
    if name not in values.columns:
        raise RaicesError(f"el indicador «{name}» no tiene valores a nivel {level}", column=name)
    return values[name].rename(name)


def _restrict(frame: pd.DataFrame | pd.Series, lens: str | None, group: str | None):
    if not lens or not group:
        return frame
    from analysis.causes.lenses import filter_frame

    return filter_frame(frame, base.territories("municipio"), lens=lens, group=group)


def scenario_choices() -> list[str]:
    """Preset ids with the default preset first (the one the other pages open with)."""
    from analysis.priority.scenario import DEFAULT_PRESET

    ids = list(scenarios.presets().index)
    return sorted(ids, key=lambda preset: preset != DEFAULT_PRESET)


# --------------------------------------------------------------------------- spatial
@st.cache_data(show_spinner=False, max_entries=32)
def spatial_pattern(
    level: str,
    source: str,
    name: str,
    *,
    smoothing: str = "none",
    alpha: float = 0.05,
    fdr: bool = True,
    lens: str | None = None,
    group: str | None = None,
) -> SpatialPattern:
    """Moran's I and LISA clusters of an indicator (``source="indicator"``) or of a
    scenario's composite score (``source="scenario"``), with the territories' names first
    in its clusters; read from the results stored beside the database when the same
    values were analysed on this build before
    (:func:`analysis.causes.model_store.stored_spatial_patterns`).
    """
    from analysis.causes.model_store import stored_spatial_patterns

    return stored_spatial_patterns(
        _restrict(_values(level, source, name), lens, group),
        lambda: geometry.boundaries(level),
        build=str(base.build_info().get("built_at", "")),
        population=base.indicators(level)["poblacion"] if smoothing != "none" else None,
        smoothing=smoothing,
        alpha=alpha,
        fdr=fdr,
    ).with_names(base.territory_names(level))


@st.cache_data(show_spinner=False, max_entries=16)
def spatial_by_group(source: str, name: str, lens: str, *, smoothing: str = "none") -> pd.DataFrame:
    """Moran's I computed separately inside each group of a lens (municipios), one row
    per group (:func:`analysis.causes.spatial.patterns.patterns_by_group`)."""
    from analysis.causes.spatial.patterns import patterns_by_group

    return patterns_by_group(
        _values("municipio", source, name),
        geometry.boundaries("municipio"),
        base.territories("municipio"),
        lens,
        smoothing=smoothing,  # type: ignore[arg-type]
        population=base.indicators("municipio")["poblacion"] if smoothing != "none" else None,
    )


# --------------------------------------------------------------------------- typology
@st.cache_data(show_spinner=False, max_entries=16)
def typology_result(
    level: str,
    features: str,
    *,
    method: str = "kmeans",
    n_groups: int | None = None,
    lens: str | None = None,
    group: str | None = None,
    language: str = "es",
) -> dict[str, Any]:
    """Typology on the theme scores of a scenario (``features="scenario:<name>"``) or on
    the z-score theme means (``features="zscores"``); names and profiles in ``language``.

    Returns ``{"groups", "scores", "centroids", "assignments", "k", "silhouette"}``.
    """
    from analysis.causes.typology import typology

    table = _restrict(_typology_features(level, features), lens, group).dropna()
    result = typology(table, method=method, n_groups=n_groups, language=language)  # type: ignore[arg-type]
    assignments = result.assignments()
    assignments.insert(0, "name", base.territory_names(level).reindex(assignments.index))
    return {
        "groups": result.groups_.copy(),
        "scores": result.scores_.copy(),
        "centroids": result.centroids_.copy(),
        "assignments": assignments,
        "k": result.k_,
        "silhouette": result.silhouette_,
    }


def _typology_features(level: str, features: str) -> pd.DataFrame:
    from analysis.causes.typology import scenario_scores, theme_scores

    if features == "zscores":
        return theme_scores(base.indicators(level), base.catalog())
    _, table = scenario_scores(features.removeprefix("scenario:"), level)  # type: ignore[arg-type]
    return table


@st.cache_data(show_spinner=False, max_entries=8)
def regions_result(level: str, features: str, n_regions: int, language: str = "es") -> pd.DataFrame:
    """Contiguous regions (SKATER) on the same features as :func:`typology_result`, each
    named from its profile in ``language`` (index: code; ``name``, ``region``,
    ``region_name``)."""
    from analysis.causes.regions import describe_regions, spatial_regions

    table = _typology_features(level, features).dropna()
    regions = spatial_regions(table, geometry.boundaries(level), n_regions=n_regions)
    return pd.DataFrame(
        {
            "name": base.territory_names(level).reindex(regions.index),
            "region": regions,
            "region_name": describe_regions(table, regions, language=language),
        }
    )


# --------------------------------------------------------------------------- factors
@st.cache_data(show_spinner=False, max_entries=8)
def factors_result(
    outcome: str,
    *,
    flexible: str = "gradient_boosting",
    include_consequences: bool = False,
    lens: str | None = None,
    group: str | None = None,
) -> AssociationResult:
    """Associated factors of ``outcome`` across municipios (association, not causation),
    read from the models stored beside the database when they were fitted before
    (:func:`analysis.causes.model_store.stored_factors`); the eight strongest factors in
    its ``top_factors`` and the municipios' names first in its predictions.
    """
    from analysis.causes.model_store import PAGE_REPEATS, stored_factors

    return stored_factors(
        _restrict(base.indicators("municipio"), lens, group),
        outcome,
        catalog=base.catalog(),
        flexible=flexible,
        consequences="include" if include_consequences else "exclude",
        n_repeats=PAGE_REPEATS,
    ).result(base.territory_names("municipio"), n_top=8)


# --------------------------------------------------------------------------- trends
@st.cache_data(show_spinner=False)
def series_catalog() -> pd.DataFrame:
    """Which series exist at which level, with their year range."""
    from analysis import store

    series = store.load_series()
    return (
        series.groupby(["series", "level"])["year"]
        .agg(first_year="min", last_year="max")
        .reset_index()
    )


#: Display order of the built series: migration first, then its context.
SERIES_ORDER: tuple[str, ...] = (
    "retornados",
    "poblacion_proyectada",
    "matricula_primaria",
    "docentes_primaria",
)


def series_order(available: pd.DataFrame) -> list[str]:
    """Series names in display order; series added later go last, alphabetically."""
    names = set(available["series"])
    known = [name for name in SERIES_ORDER if name in names]
    return known + sorted(names - set(known))


@st.cache_data(show_spinner=False)
def series_values(series: str, level: str) -> pd.DataFrame:
    """Long values of one series at one level (zeros = not reported → dropped)."""
    from analysis import store
    from analysis.causes.trends import annual_changes

    return annual_changes(store.load_series(series, level))


@st.cache_data(show_spinner=False)
def growth_table(series: str, level: str, start: int | None, end: int | None) -> pd.DataFrame:
    """Growth per territory of one series, with territory names."""
    from analysis import store
    from analysis.causes.trends import growth_rates

    table = growth_rates(store.load_series(series, level), start=start, end=end)
    table = table.set_index("code")
    if level in LEVELS:
        table.insert(0, "name", base.territory_names(level).reindex(table.index))
    return table
