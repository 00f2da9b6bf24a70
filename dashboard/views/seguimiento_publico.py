"""Accountability (public): the actions the secretariat has published, where they are
against each municipio's priority, and the open data. Always the public view, whoever is
signed in: published records only, no contact data."""

from __future__ import annotations

import streamlit as st

from analysis.records.users import PUBLIC
from dashboard import login, state
from dashboard.components import monitoring as parts
from dashboard.data import monitoring as records

login.login_form()
st.title(state.t("seguimiento.publico.title"))
st.markdown(state.t("seguimiento.publico.intro"))

key = records.visibility(PUBLIC)
revision = records.revision()
shown = records.frames(key, revision)
parts.scope_caption(key)
if shown.actions.empty:
    parts.how_to_start("publico")
    st.stop()

summary = records.public_summary(key, revision, state.language())
columns = st.columns(4)
columns[0].metric(state.t("seguimiento.metric.actions"), summary.actions)
columns[1].metric(state.t("seguimiento.metric.institutions"), summary.institutions)
columns[2].metric(state.t("seguimiento.metric.people"), summary.people)
columns[3].metric(state.t("seguimiento.metric.executed"), summary.executed)

parts.need_response(key, revision, prefix="publico")

st.subheader(state.t("seguimiento.publico.actions"))
st.dataframe(records.actions_table(key, revision, state.language()), width="stretch")
parts.open_data_button(key, revision, prefix="publico")
