"""Cached calls of the causes pages: spatial patterns, typologies, factors, trends.

The rules of :mod:`dashboard.data` hold: ``st.cache_data`` keyed by small hashable
arguments and bounded by ``max_entries``, each function one call of :mod:`analysis.causes`
whose typed result it returns as is (a frozen
:class:`~analysis.causes.spatial.patterns.SpatialPattern`,
:class:`~analysis.causes.typology.TypologyResult`,
:class:`~analysis.causes.regions.RegionResult` or
:class:`~analysis.causes.drivers.AssociationResult`, or a frame), and pages call only
these functions. The private helpers only choose the inputs of that call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from analysis.defaults import LEVELS
from analysis.errors import RaicesError
from dashboard.data import base, geometry, scenarios
from dashboard.i18n import DEFAULT_LANGUAGE

if TYPE_CHECKING:
    from analysis.causes.drivers import AssociationResult
    from analysis.causes.regions import RegionResult
    from analysis.causes.spatial.patterns import SpatialPattern
    from analysis.causes.typology import TypologyResult


@st.cache_data(show_spinner=False, max_entries=8)
def scenario_scores(scenario: str, level: str) -> tuple[pd.Series, pd.DataFrame]:
    """Composite score and theme scores of a preset
    (:func:`analysis.causes.typology.scenario_scores`), shared by the causes pages."""
    from analysis.causes import typology

    return typology.scenario_scores(scenario, level)  # type: ignore[arg-type]


def _values(level: str, source: str, name: str) -> pd.Series:
    """An indicator's values or a preset's composite score, named ``name``."""
    if source == "scenario":
        score, _ = scenario_scores(name, level)
        return score.rename(name)
    values = base.indicators(level)
    if name not in values.columns:
        raise RaicesError(f"el indicador «{name}» no tiene valores a nivel {level}", column=name)
    return values[name].rename(name)


def _restrict(frame: pd.DataFrame | pd.Series, lens: str | None, group: str | None):
    """The rows of the municipios in ``group`` of ``lens`` (all rows without a lens)."""
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
def _typology_features(level: str, features: str) -> pd.DataFrame:
    """Theme scores of a scenario (``"scenario:<name>"``) or z-score theme means
    (``"zscores"``), every territory: the typology and the regions apply their own
    missing-data policy and count what they leave out."""
    if features == "zscores":
        from analysis.causes.typology import theme_scores

        return theme_scores(base.indicators(level), base.catalog())
    _, table = scenario_scores(features.removeprefix("scenario:"), level)
    return table


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
) -> TypologyResult:
    """Typology on the theme scores of a scenario (``features="scenario:<name>"``) or on
    the z-score theme means (``features="zscores"``); names and profiles in ``language``,
    the territories' names first in its assignments; territories lacking a theme score are
    left out and counted (``n_dropped``, the default policy of
    :class:`analysis.causes.typology.Typology`)."""
    from analysis.causes.typology import typology

    return typology(
        _restrict(_typology_features(level, features), lens, group),
        method=method,  # type: ignore[arg-type]
        n_groups=n_groups,
        language=language,
    ).result(base.territory_names(level))


#: Clustering methods Tipologías offers; it opens with the first. The engine's
#: ``analysis.causes.typology.METHODS``, written out so that importing this module does not
#: import scikit-learn (a test checks they agree).
TYPOLOGY_METHODS: tuple[str, ...] = ("kmeans", "ward")
#: Numbers of groups Tipologías offers; it opens with the first, ``"auto"`` (the number
#: with the best silhouette, see :func:`typology_groups`).
TYPOLOGY_SIZES: tuple[str | int, ...] = ("auto", 3, 4, 5, 6, 7, 8)


def typology_feature_choices() -> list[str]:
    """Feature sets Tipologías offers, the one it opens with first: the theme scores of
    each preset (the default preset first), then the z-score theme means."""
    return [*("scenario:" + preset for preset in scenario_choices()), "zscores"]


def typology_groups(size: str | int) -> int | None:
    """``n_groups`` of :func:`typology_result` for a choice of :data:`TYPOLOGY_SIZES`
    (``"auto"`` gives ``None``: the number is chosen by the silhouette)."""
    return None if size == "auto" else int(size)


def first_typology() -> TypologyResult:
    """The typology Tipologías shows on its first view, asked for exactly as the page asks:
    every choice at its first option (the first level, no lens) in the default language.
    :mod:`dashboard.server` prepares it so that the first view finds it computed."""
    return typology_result(
        LEVELS[0],
        typology_feature_choices()[0],
        method=TYPOLOGY_METHODS[0],
        n_groups=typology_groups(TYPOLOGY_SIZES[0]),
        lens=None,
        group=None,
        language=DEFAULT_LANGUAGE,
    )


@st.cache_data(show_spinner=False, max_entries=8)
def regions_result(level: str, features: str, n_regions: int, language: str = "es") -> RegionResult:
    """Contiguous regions (SKATER) on the same features as :func:`typology_result`, each
    named from its profile in ``language`` (:func:`analysis.causes.regions.named_regions`;
    its table indexed by code: ``name``, ``region``, ``region_name``), with the count of
    territories left out for a missing theme score."""
    from analysis.causes.regions import named_regions

    return named_regions(
        _typology_features(level, features),
        geometry.boundaries(level),
        n_regions=n_regions,
        names=base.territory_names(level),
        language=language,
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
@st.cache_data(show_spinner=False, max_entries=1)
def series_catalog() -> pd.DataFrame:
    """Which series exist at which level, with their year range, in display order
    (:func:`analysis.causes.trends.series_years`)."""
    from analysis import store
    from analysis.causes.trends import series_years

    return series_years(store.load_series())


@st.cache_data(show_spinner=False, max_entries=32)
def series_values(series: str, level: str) -> pd.DataFrame:
    """Long values of one series at one level (zeros = not reported → dropped)."""
    from analysis import store
    from analysis.causes.trends import annual_changes

    return annual_changes(store.load_series(series, level))


@st.cache_data(show_spinner=False, max_entries=64)
def growth_table(series: str, level: str, start: int | None, end: int | None) -> pd.DataFrame:
    """Growth per territory of one series (:func:`analysis.causes.trends.growth_table`),
    with territory names at the municipio and departamento levels."""
    from analysis import store
    from analysis.causes import trends

    return trends.growth_table(
        store.load_series(series, level),
        start=start,
        end=end,
        names=base.territory_names(level) if level in LEVELS else None,
    )
