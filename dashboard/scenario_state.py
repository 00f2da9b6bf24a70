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
from dashboard import state as session

PREFIX = "prior."
BASE = PREFIX + "base"  # the last applied scenario (dict): fields without a widget come from it
PRESET = PREFIX + "preset"
LEVEL = PREFIX + "level"
NAME = PREFIX + "name"  # the name the user gave ("" = the automatic one)
AUTO_NAME = PREFIX + "auto_name"  # name of the applied scenario (preset, file or link)
BASE_HASH = PREFIX + "base_hash"  # hash of the applied scenario as the widgets hold it
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

APPLY_PROBLEMS = PREFIX + "apply_problems"  # values of the applied link/file not honoured
CUSTOM_PRESET = ""  # the preset box's entry for a scenario that is no preset (a link, a file)

#: Widget limits of the editor; a link or file asking for more is clamped and told.
THEME_WEIGHT_MAX = 5.0
INDICATOR_WEIGHT_MAX = 3.0
WEIGHT_STEP = 0.5
K_MAX = 60

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
    values, problems = fit_to_widgets(data.parse_scenario(scenario_text).to_dict())
    state = st.session_state
    state[APPLY_PROBLEMS] = tuple(problems)
    state[BASE] = values
    level = values.get("level", "municipio")
    state[LEVEL] = level
    state[NAME] = ""
    state[AUTO_NAME] = values.get("name", "Escenario")
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
    state[BASE_HASH] = data.scenario_from_dict(_values()).hash()


def scenario_name(modified: bool) -> str:
    """The name the user gave, else the applied scenario's name, marked «(modificado)»
    once the widgets no longer describe it."""
    given = str(st.session_state.get(NAME) or "").strip()
    if given:
        return given
    auto = data.display_name(
        str(st.session_state.get(AUTO_NAME) or "Escenario"), session.language()
    )
    return session.t("prior.modified", name=auto) if modified else auto


def collect() -> str:
    """The scenario the widgets describe, as TOML text (validated), named by
    :func:`scenario_name`; an edited scenario loses the preset's description."""
    values = _values()
    modified = data.scenario_from_dict(values).hash() != st.session_state.get(BASE_HASH)
    values["name"] = scenario_name(modified)
    if modified:
        values["description"] = ""
    return data.scenario_from_dict(values).to_toml()


def _values() -> dict[str, Any]:
    """The widgets' scenario as a plain dictionary (name and description of the base)."""
    state = st.session_state
    values: dict[str, Any] = copy.deepcopy(state[BASE])
    level = state[LEVEL]
    values["level"] = level
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
    return values


def ensure_initialised(link: str | None) -> str | None:
    """Fill the editor once per session: from a shared link when there is one, else from
    the default preset (with interactive draws). Returns an error text for a bad link.

    A link's values that cannot be honoured (by the scenario rules or by the widgets'
    ranges) are kept in :data:`APPLY_PROBLEMS` for :func:`show_problems`; the preset box
    shows the preset the link equals, or :data:`CUSTOM_PRESET`; the link's language
    becomes the session's (applied by the frame on the rerun this asks for).
    """
    from analysis.errors import RaicesError

    error = None
    if link and st.session_state.get(APPLIED_LINK) != link:
        st.session_state[APPLIED_LINK] = link
        try:
            shared = data.shared_link(link)
        except RaicesError as problem:
            error = str(problem)
        else:
            apply_with_preset(shared.scenario.to_toml())
            st.session_state[APPLY_PROBLEMS] = shared.problems + st.session_state[APPLY_PROBLEMS]
            if shared.language and shared.language != session.language():
                st.session_state[session.PENDING_LANGUAGE] = shared.language
                st.rerun()
            return None
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


def first_view_text() -> str:
    """The scenario a new session of Priorización computes first, exactly as
    :func:`collect` returns it after :func:`ensure_initialised`: the default preset with the
    interactive draws and a pilot of its k. The server prepares its run
    (:mod:`dashboard.server`) so that the page's first view finds it computed."""
    from analysis.priority.scenario import DEFAULT_PRESET

    values = data.parse_scenario(with_interactive_draws(data.preset_toml(DEFAULT_PRESET))).to_dict()
    values.setdefault("pilot", {"k": int(values["uncertainty"]["k"])})
    return data.scenario_from_dict(values).to_toml()


def apply_with_preset(scenario_text: str) -> None:
    """:func:`apply` a scenario from a link or a file, and set the preset box to the preset
    it equals (or :data:`CUSTOM_PRESET`), so the box never names another scenario."""
    preset = matching_preset(scenario_text)
    apply(scenario_text)
    st.session_state[PRESET] = preset


def matching_preset(scenario_text: str) -> str:
    """The preset that puts the editor's widgets in the same state as ``scenario_text``
    (compared by hash, as the widgets hold them), else :data:`CUSTOM_PRESET`.

    Applies each preset in turn: call it before applying the scenario itself.
    """
    apply(scenario_text)
    wanted = st.session_state[BASE_HASH]
    for preset in data.presets().index:
        apply(with_interactive_draws(data.preset_toml(preset)))
        if st.session_state[BASE_HASH] == wanted:
            return str(preset)
    return CUSTOM_PRESET


def show_problems() -> None:
    """Name every value of the applied link or file that the page could not honour."""
    problems = st.session_state.get(APPLY_PROBLEMS) or ()
    if problems:
        st.warning(session.t("enlace.problems"), icon=":material/link_off:")
        st.text("\n".join(f"• {problem}" for problem in problems))


def fit_to_widgets(values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A scenario dictionary the editor's widgets can hold, and one sentence per change.

    Weights above a slider's maximum are clamped, options the page does not offer fall back
    to the default, draws snap to the offered choices, constraints without a control
    (``min_per_dept``, ``min_population``, per-departamento limits) are left out, and codes
    unknown at the level are dropped — each is named, never silently changed.
    """
    t = session.t
    values = copy.deepcopy(values)
    problems: list[str] = []
    level = values.get("level", "municipio")

    def above(field: str, value: object, most: object) -> None:
        problems.append(t("enlace.above_max", field=field, value=value, most=most))

    def dropped(field: str, value: object) -> None:
        problems.append(t("enlace.no_control", field=field, value=value))

    indicators = values.get("indicators")
    if indicators is not None:
        eligible = set(eligible_indicators(level))
        for name in list(indicators):
            if name not in eligible:
                problems.append(t("enlace.not_here", field=f"indicators.{name}", level=level))
                indicators.pop(name)
            elif indicators[name] > INDICATOR_WEIGHT_MAX:
                above(f"indicators.{name}", indicators[name], INDICATOR_WEIGHT_MAX)
                indicators[name] = INDICATOR_WEIGHT_MAX
        if not indicators:
            values.pop("indicators")
    themes = values.get("themes") or {}
    for name in list(themes):
        if themes[name] > THEME_WEIGHT_MAX:
            above(f"themes.{name}", themes[name], THEME_WEIGHT_MAX)
            themes[name] = THEME_WEIGHT_MAX
    choices = data.method_choices()
    method = values.get("method", {})
    for key, options, default in (
        ("normalisation", "normalisation", "minmax"),
        ("aggregation_within", "aggregation", "arithmetic"),
        ("aggregation_across", "aggregation", "arithmetic"),
        ("missing", "missing", "renormalise"),
        ("outliers", "outliers", "winsorise"),
        ("smooth_rates", "smooth_rates", "none"),
    ):
        if key in method and method[key] not in choices[options]:
            problems.append(
                t("enlace.not_offered", field=f"method.{key}", value=method[key], used=default)
            )
            method[key] = default
    uncertainty = values.get("uncertainty", {})
    draws = int(uncertainty.get("draws", INTERACTIVE_DRAWS))
    if draws not in DRAW_CHOICES:
        snapped = min(DRAW_CHOICES, key=lambda d: abs(d - draws))
        problems.append(
            t(
                "enlace.snapped",
                field="uncertainty.draws",
                value=draws,
                choices=", ".join(map(str, DRAW_CHOICES)),
                used=snapped,
            )
        )
        uncertainty["draws"] = snapped
    pilot = values.get("pilot") or {}
    for holder, field in ((pilot, "pilot.k"), (uncertainty, "uncertainty.k")):
        if int(holder.get("k", 0)) > K_MAX:
            above(field, holder["k"], K_MAX)
            holder["k"] = K_MAX
    max_per_dept = pilot.get("max_per_dept")
    if isinstance(max_per_dept, dict):
        dropped("pilot.max_per_dept", ", ".join(f"{k}: {v}" for k, v in max_per_dept.items()))
        pilot.pop("max_per_dept")
    elif isinstance(max_per_dept, int) and max_per_dept > K_MAX:
        above("pilot.max_per_dept", max_per_dept, K_MAX)
        pilot["max_per_dept"] = K_MAX
    for key in ("min_per_dept", "min_population"):
        if key in pilot:
            dropped(f"pilot.{key}", pilot.pop(key))
    if level != "municipio":
        for key in ("min_indigenous_share", "no_adjacent"):
            if pilot.get(key):
                problems.append(t("enlace.not_here", field=f"pilot.{key}", level=level))
                pilot.pop(key)
    valid = set(data.territory_names(level).index)
    for key in ("must_include", "must_exclude"):
        unknown = [c for c in pilot.get(key, []) if int(c) not in valid]
        if unknown:
            problems.append(
                t("enlace.unknown_codes", field=f"pilot.{key}", value=", ".join(map(str, unknown)))
            )
            pilot[key] = [c for c in pilot[key] if int(c) in valid]
    return values, problems
