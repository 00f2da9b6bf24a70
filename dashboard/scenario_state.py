"""The scenario editor's widgets ↔ a scenario: session keys, apply and collect.

A scenario reaches the prioritisation page from a preset, a file, a shared link or the
comparison page; :func:`apply` writes it into the widgets' session keys, and
:func:`collect` reads the widgets back into a scenario. Both go through the scenario's
plain dictionary (:meth:`analysis.priority.scenario.Scenario.to_dict`), so nothing here knows how
the index is computed.
"""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

from dashboard import data

PREFIX = "prior."
BASE = PREFIX + "base"  # the last applied scenario (dict): fields without a widget come from it
PRESET = PREFIX + "preset"
LEVEL = PREFIX + "level"
NAME = PREFIX + "name"
NORMALISATION = PREFIX + "normalisation"
AGGREGATION_WITHIN = PREFIX + "aggregation_within"
AGGREGATION_ACROSS = PREFIX + "aggregation_across"
MISSING = PREFIX + "missing"
OUTLIERS = PREFIX + "outliers"
SMOOTH_RATES = PREFIX + "smooth_rates"
DRAWS = PREFIX + "draws"
K = PREFIX + "k"
MAX_PER_DEPT = PREFIX + "max_per_dept"
MIN_INDIGENOUS = PREFIX + "min_indigenous_share"
MAX_POPULATION = PREFIX + "max_population"
NO_ADJACENT = PREFIX + "no_adjacent"
INCLUDE = PREFIX + "must_include"
EXCLUDE = PREFIX + "must_exclude"
APPLIED_LINK = PREFIX + "applied_link"
APPLIED_FILE = PREFIX + "applied_file"

DRAW_CHOICES = (0, 100, 250, 500, 1000)
INTERACTIVE_DRAWS = 250  # ≈0.13 s per rerun; 1000 draws cost ≈0.5 s (see benchmarks)


def theme_key(theme: str) -> str:
    """Session key of a theme-weight slider."""
    return f"{PREFIX}theme.{theme}"


def indicator_key(indicator: str) -> str:
    """Session key of an indicator-weight slider."""
    return f"{PREFIX}indicator.{indicator}"


def eligible_indicators(level: str) -> list[str]:
    """Indicators that may enter an index at ``level`` (with data, not context-only)."""
    cat = data.catalog()
    return [c for c in data.indicators_available(level) if int(cat.at[c, "direction"]) != 0]


def default_indicators(level: str) -> list[str]:
    """The catalogue's default indicators available at ``level``."""
    cat = data.catalog()
    return [c for c in eligible_indicators(level) if bool(cat.at[c, "in_default"])]


def apply(scenario_text: str) -> None:
    """Write a scenario into the editor's widgets (call before the widgets are drawn, or
    from a widget callback)."""
    values = data.parse_scenario(scenario_text).to_dict()
    state = st.session_state
    state[BASE] = values
    level = values.get("level", "municipio")
    state[LEVEL] = level
    state[NAME] = values.get("name", "Escenario")
    indicators = values.get("indicators")
    chosen = indicators if indicators is not None else dict.fromkeys(default_indicators(level), 1.0)
    for indicator in eligible_indicators(level):
        state[indicator_key(indicator)] = float(chosen.get(indicator, 0.0))
    themes = values.get("themes") or {}
    for theme in data.themes().index:
        state[theme_key(theme)] = float(themes.get(theme, 1.0))
    method = values.get("method", {})
    state[NORMALISATION] = method.get("normalisation", "minmax")
    state[AGGREGATION_WITHIN] = method.get("aggregation_within", "arithmetic")
    state[AGGREGATION_ACROSS] = method.get("aggregation_across", "arithmetic")
    state[MISSING] = method.get("missing", "renormalise")
    state[OUTLIERS] = method.get("outliers", "winsorise")
    state[SMOOTH_RATES] = method.get("smooth_rates", "none")
    draws = int(values.get("uncertainty", {}).get("draws", INTERACTIVE_DRAWS))
    state[DRAWS] = min(DRAW_CHOICES, key=lambda d: abs(d - draws))
    pilot = values.get("pilot") or {}
    state[K] = int(pilot.get("k", values.get("uncertainty", {}).get("k", 15)))
    max_per_dept = pilot.get("max_per_dept")
    state[MAX_PER_DEPT] = int(max_per_dept) if isinstance(max_per_dept, int) else 0
    state[MIN_INDIGENOUS] = float(pilot.get("min_indigenous_share") or 0.0)
    state[MAX_POPULATION] = int(pilot.get("max_population") or 0)
    state[NO_ADJACENT] = bool(pilot.get("no_adjacent", False))
    state[INCLUDE] = [int(c) for c in pilot.get("must_include", [])]
    state[EXCLUDE] = [int(c) for c in pilot.get("must_exclude", [])]


def collect() -> str:
    """The scenario the widgets describe, as TOML text (validated)."""
    state = st.session_state
    values: dict[str, Any] = copy.deepcopy(state[BASE])
    level = state[LEVEL]
    values["level"] = level
    values["name"] = state.get(NAME) or "Escenario"
    weights = {i: float(state.get(indicator_key(i), 0.0)) for i in eligible_indicators(level)}
    weights = {i: w for i, w in weights.items() if w > 0}
    if weights == dict.fromkeys(default_indicators(level), 1.0):
        values.pop("indicators", None)  # the catalogue default: keeps the preset's hash
    else:
        values["indicators"] = weights
    themes = {t: float(state.get(theme_key(t), 1.0)) for t in data.themes().index}
    if all(w == 1.0 for w in themes.values()) and "themes" not in state[BASE]:
        values.pop("themes", None)
    else:
        values["themes"] = themes
    values.setdefault("method", {}).update(
        {
            "normalisation": state[NORMALISATION],
            "aggregation_within": state[AGGREGATION_WITHIN],
            "aggregation_across": state[AGGREGATION_ACROSS],
            "missing": state[MISSING],
            "outliers": state[OUTLIERS],
            "smooth_rates": state[SMOOTH_RATES],
        }
    )
    values.setdefault("uncertainty", {})["draws"] = int(state[DRAWS])
    values["uncertainty"]["k"] = int(state[K])
    pilot: dict[str, Any] = {"k": int(state[K])}
    if state[MAX_PER_DEPT]:
        pilot["max_per_dept"] = int(state[MAX_PER_DEPT])
    # Constraints drawn only for municipios (indigenous majority, neighbours) and codes of
    # the other level are left out when the level changes, not sent to the solver.
    municipal = level == "municipio"
    if municipal and state[MIN_INDIGENOUS]:
        pilot["min_indigenous_share"] = float(state[MIN_INDIGENOUS])
    if state.get(MAX_POPULATION):
        pilot["max_population"] = float(state[MAX_POPULATION])
    if municipal and state[NO_ADJACENT]:
        pilot["no_adjacent"] = True
    valid = set(data.territory_names(level).index)
    include = [int(c) for c in state[INCLUDE] if int(c) in valid]
    exclude = [int(c) for c in state[EXCLUDE] if int(c) in valid]
    if include:
        pilot["must_include"] = include
    if exclude:
        pilot["must_exclude"] = exclude
    values["pilot"] = pilot
    return data.scenario_from_dict(values).to_toml()


def ensure_initialised(link: str | None) -> str | None:
    """Fill the editor once per session: from a shared link when there is one, else from
    the default preset (with interactive draws). Returns an error text for a bad link."""
    error = None
    if link and st.session_state.get(APPLIED_LINK) != link:
        st.session_state[APPLIED_LINK] = link
        try:
            apply(data.scenario_from_param(link))
            return None
        except Exception as problem:  # noqa: BLE001 - shown to the user, then the default is used
            error = str(problem)
    if BASE not in st.session_state:
        from analysis.priority.scenario import DEFAULT_PRESET

        st.session_state[PRESET] = DEFAULT_PRESET
        apply(with_interactive_draws(data.preset_toml(DEFAULT_PRESET)))
    return error


def with_interactive_draws(scenario_text: str) -> str:
    """A preset with the page's interactive number of Monte-Carlo draws."""
    values = data.parse_scenario(scenario_text).to_dict()
    values.setdefault("uncertainty", {})["draws"] = INTERACTIVE_DRAWS
    return data.scenario_from_dict(values).to_toml()
