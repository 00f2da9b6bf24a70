"""Session-state keys of the dashboard, defined once, and small accessors.

Pages never spell a session key as a literal: they use the constants below, so that two
pages share a selection (the map's clicked municipio opens the profile) by name.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import i18n

LANGUAGE = "lang"
PENDING_LANGUAGE = "lang.pending"  # set by a shared link; applied before the switch is drawn
LEVEL = "level"
INDICATOR = "indicator"
TERRITORY = "territory"  # (level, code) of the territory whose profile is open
KEPT_SCENARIOS = "kept_scenarios"  # name -> scenario dict, for the comparison page

DEFAULTS: dict[str, Any] = {
    LANGUAGE: i18n.DEFAULT_LANGUAGE,
    LEVEL: "municipio",
}


def get(key: str, default: Any = None) -> Any:
    """Value of ``key`` in the session, else its declared default, else ``default``."""
    if key in st.session_state:
        return st.session_state[key]
    return DEFAULTS.get(key, default)


def put(key: str, value: Any) -> None:
    """Store ``value`` under ``key`` for the rest of the session."""
    st.session_state[key] = value


def ensure_defaults() -> None:
    """Fill every declared default once per session (called by the frame), and apply a
    language a shared link asked for (the switch cannot change once it is drawn)."""
    if PENDING_LANGUAGE in st.session_state:
        st.session_state[LANGUAGE] = st.session_state.pop(PENDING_LANGUAGE)
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)


def language() -> str:
    """Current interface language (``"es"`` or ``"en"``)."""
    return str(get(LANGUAGE, i18n.DEFAULT_LANGUAGE))


def t(key: str, **values: object) -> str:
    """Translate ``key`` into the current language."""
    return i18n.translate(key, language(), **values)


def select_territory(level: str, code: int) -> None:
    """Remember the territory whose profile should open."""
    st.session_state[TERRITORY] = (level, int(code))


def selected_territory() -> tuple[str, int] | None:
    """The territory chosen on any page, or ``None``."""
    value = st.session_state.get(TERRITORY)
    return (str(value[0]), int(value[1])) if value else None


def kept_scenarios() -> dict[str, dict]:
    """Scenarios the user kept for comparison in this session (name -> scenario dict)."""
    return st.session_state.setdefault(KEPT_SCENARIOS, {})
