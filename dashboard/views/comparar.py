"""Placeholder until the ranking engine lands."""

from __future__ import annotations

import streamlit as st

from dashboard import state

st.title(state.t("comp.title"))
st.info(state.t("app.unavailable", what="analysis.scenario"))
