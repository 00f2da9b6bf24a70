"""Scenarios: presets, files, the shared index data, and the scenario run every page of
the "Decide" section reads.

:func:`scenario_run` is the one place a scenario is computed. The index is fitted once
per *structure* (level, indicator set, methods) and kept; a change of weights only
re-aggregates it (:meth:`analysis.index.composite.CompositeIndex.reweight`, the slider
fast path) before :func:`analysis.priority.run.rank_territories` ranks, bands and selects.
Runs are kept with ``st.cache_resource`` (one read-only object shared by the sessions:
no page changes a run's table, they copy what they show).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from analysis.defaults import LEVELS
from analysis.errors import RaicesError
from analysis.priority import scenario as scenarios
from analysis.priority import scenario_validation
from analysis.priority.run import IndexData, ScenarioRun, fit_index, rank_territories
from dashboard.data.base import territory_names
from dashboard.data.geometry import boundaries

__all__ = [
    "RankedScenario",
    "base_scenario_text",
    "display_name",
    "index_data",
    "method_choices",
    "parse_scenario",
    "preset_description",
    "preset_name",
    "preset_toml",
    "presets",
    "scenario_from_dict",
    "scenario_from_file",
    "scenario_from_param",
    "scenario_names",
    "scenario_run",
    "scenario_to_param",
    "shared_link",
]


@st.cache_data(show_spinner=False, max_entries=1)
def presets() -> pd.DataFrame:
    """Shipped scenario presets (:func:`analysis.priority.scenario.list_presets`: index the
    preset id; ``name``, ``description`` and their English ``name_en``, ``description_en``)."""
    return scenarios.list_presets()


def preset_name(preset: str, language: str = "es") -> str:
    """Name of a preset in ``language`` (both are in the preset's file)."""
    return str(presets().at[preset, "name_en" if language == "en" else "name"])


def preset_description(preset: str, language: str = "es") -> str:
    """Description of a preset in ``language`` (both are in the preset's file)."""
    return str(presets().at[preset, "description_en" if language == "en" else "description"])


def display_name(name: str, language: str = "es") -> str:
    """A scenario's name in ``language``: a preset's own name is translated, a name the
    user gave is kept as it is."""
    own = presets()
    for preset in own.index:
        if str(own.at[preset, "name"]) == name:
            return preset_name(str(preset), language)
    return name


@st.cache_data(show_spinner=False, max_entries=8)
def preset_toml(preset: str | None = None) -> str:
    """TOML text of a shipped preset (the default one when ``None``)."""
    return scenarios.load_preset(preset or scenarios.DEFAULT_PRESET).to_toml()


def parse_scenario(text: str, source: str | None = None) -> scenarios.Scenario:
    """A scenario from TOML text (validated, Spanish errors naming the field)."""
    return scenarios.Scenario.from_toml_text(text, source=source)


def scenario_from_dict(values: dict[str, Any], source: str | None = None) -> scenarios.Scenario:
    """A scenario from a plain dictionary (the editor's widgets, JSON)."""
    return scenarios.Scenario.from_dict(values, source=source)


def scenario_from_file(name: str, content: bytes) -> str:
    """Scenario TOML from an uploaded ``.toml`` or ``.json`` file, validated.

    Raises :class:`~analysis.errors.RaicesError` naming the file for text that is not
    UTF-8, not valid TOML/JSON, or not a valid scenario.
    """
    if len(content) > scenario_validation.MAX_FILE_BYTES:
        raise RaicesError(
            f"el escenario pesa {len(content)} bytes; el máximo es {scenario_validation.MAX_FILE_BYTES}",
            file=name,
        )
    text = scenario_validation.decode_scenario(content, source=name)
    if name.lower().endswith(".json"):
        return scenarios.Scenario.from_json_text(text, source=name).to_toml()
    return parse_scenario(text, source=name).to_toml()


def _areal_boundaries(level: str) -> pd.DataFrame:
    from analysis.geometry import areal

    shapes = boundaries(level)[["geometry"]].copy()
    shapes["geometry"] = shapes.geometry.apply(areal)
    return shapes


@st.cache_resource(show_spinner=False, max_entries=len(LEVELS))
def _index_data(level: str) -> IndexData:
    # the polygonal parts (≈0.3 s) only when a pilot first asks for neighbours
    return dataclasses.replace(
        IndexData.from_store(level), boundaries=partial(_areal_boundaries, level)
    )


def index_data(level: str = "municipio") -> IndexData:
    """Everything a ranking reads at ``level``, loaded once per process and only read
    afterwards; its boundaries are the polygonal parts of the simplified ones so that
    contiguity works everywhere.

    ``index_data.clear()`` forgets it together with every fitted index and scenario run
    (called when an analyst's own indicator is stored or removed).
    """
    return _index_data(level)


def _forget_runs() -> None:
    _index_data.clear()
    _fitted.clear()
    scenario_run.clear()


index_data.clear = _forget_runs  # type: ignore[attr-defined]


def base_scenario_text(level: str = "municipio") -> str:
    """TOML of the default preset at ``level`` (the "base scenario" of the overview)."""
    base = parse_scenario(preset_toml(None))
    return (
        base.to_toml() if base.level == level else dataclasses.replace(base, level=level).to_toml()
    )


def _structure(resolved: scenarios.Scenario) -> str:
    """What the fitted index depends on besides the weights: level, indicator set, methods."""
    bare = scenarios.Scenario(
        level=resolved.level,
        indicators=dict.fromkeys(resolved.indicators or {}, 1.0),
        method=resolved.method,
        goalposts=resolved.goalposts,
    )
    return bare.to_toml()


def _with_normalisation(resolved: scenarios.Scenario, normalisation: str) -> scenarios.Scenario:
    return dataclasses.replace(
        resolved, method=dataclasses.replace(resolved.method, normalisation=normalisation)
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def _fitted(structure_text: str):
    """The index fitted once per structure (weights are applied by ``reweight``)."""
    return fit_index(
        parse_scenario(structure_text), index_data(parse_scenario(structure_text).level)
    )[1]


@dataclass(frozen=True)
class RankedScenario:
    """A scenario run and, when the plenary's pilot constraints cannot all hold, the
    plain-language reason (the run then has no selection)."""

    run: ScenarioRun
    infeasible: str | None = None


@st.cache_resource(show_spinner=False, max_entries=64)
def scenario_run(
    scenario_text: str, draws: int | None = None, robust: bool = False
) -> RankedScenario:
    """Rank, bands and pilot of a scenario (TOML text, the cache key), computed once.

    ``draws`` overrides the scenario's Monte-Carlo draws (``0``: no bands, the fastest).
    The robust pilot (the pilot re-solved on ``uncertainty.pilot_draws`` draws, one
    optimisation each: seconds, not milliseconds) is computed only with ``robust=True``,
    so that applying a weight change stays interactive; the fingerprint is the same.
    """
    scenario = parse_scenario(scenario_text)
    data = index_data(scenario.level)
    resolved = scenario.resolve(data.catalog)
    model = _fitted(_structure(resolved)).reweight(
        indicator_weights=dict(resolved.indicators or {}),
        theme_weights=dict(resolved.themes) if resolved.themes else None,
    )
    # the method sensitivity's other normalisations, fitted once per structure like the
    # scenario's own index, so that a weight change only re-weights them; a run without
    # draws has no method sensitivity, and fits none
    with_draws = (resolved.uncertainty.draws if draws is None else draws) > 0
    alternatives = {
        normalisation: _fitted(_structure(_with_normalisation(resolved, normalisation)))
        for normalisation in resolved.uncertainty.normalisations
        if with_draws and normalisation != resolved.method.normalisation
    }
    options = {
        "draws": draws,
        "model": model,
        "pilot_draws": None if robust else 0,
        "method_models": alternatives,
    }
    try:
        return RankedScenario(rank_territories(scenario, data, **options))
    except RaicesError as problem:
        if scenario.pilot is None:
            raise
        return RankedScenario(
            rank_territories(scenario, data, select=False, **options), str(problem)
        )


def method_choices() -> dict[str, tuple[str, ...]]:
    """Method options offered as widgets, from the engine's own lists."""
    from analysis.index.aggregate import AGGREGATIONS
    from analysis.index.missing import MISSING_POLICIES
    from analysis.index.normalise import NORMALISATIONS
    from analysis.index.outliers import OUTLIER_METHODS

    return {
        # goalposts needs per-indicator thresholds, set in a scenario file, not a widget
        "normalisation": tuple(n for n in NORMALISATIONS if n != "goalposts"),
        "aggregation": AGGREGATIONS,
        "missing": MISSING_POLICIES,
        "outliers": OUTLIER_METHODS,
        "smooth_rates": scenario_validation.RATE_SMOOTHING,
    }


def scenario_names(level: str) -> pd.Series:
    """Territory names of ``level`` sorted by name (for the include/exclude pickers)."""
    return territory_names(level).sort_values()


def scenario_to_param(scenario_text: str, language: str = "es") -> str:
    """Compact, URL-safe text of a scenario and the language for a link (``?s=``)."""
    from analysis.priority.sharing import encode_link

    return encode_link(parse_scenario(scenario_text), language=language)


def shared_link(param: str):
    """A shared link read (:class:`analysis.priority.sharing.SharedLink`): bounded, every
    value it cannot honour named in ``problems``; a ``RaicesError`` line if unreadable.
    Not cached: the key would be an unbounded string typed by anyone."""
    from analysis.priority.sharing import decode_link
    from dashboard.data.base import catalog

    territories = {level: list(territory_names(level).index) for level in LEVELS}
    return decode_link(param, catalog(), territories=territories)


def scenario_from_param(param: str) -> str:
    """Scenario TOML from the text of a shared link; a ``RaicesError`` if it is damaged."""
    return shared_link(param).scenario.to_toml()
