"""Comparar escenarios: rank changes, top-k overlap and movers between scenarios."""

from __future__ import annotations

import streamlit as st

from analysis.defaults import DEFAULT_K
from dashboard import components, data, figures, state

t = state.t
language = state.language()

st.title(t("comp.title"))

choices = data.comparison_choices(state.kept_scenarios(), language)
default = list(choices)[:2]
picked = st.multiselect(
    t("comp.pick"),
    list(choices),
    default=default,
    format_func=lambda c: choices[c][0],
    key="comp.pick",
    placeholder=t("common.choose"),
)
k = st.number_input(t("prior.k"), min_value=1, max_value=60, value=DEFAULT_K, step=1, key="comp.k")
if len(picked) < 2:
    st.info(t("comp.need_two"))
    st.stop()

texts = tuple(choices[c][1] for c in picked)
names = tuple(choices[c][0] for c in picked)
with st.spinner(t("prior.computing")):
    comparison = data.compare_scenarios(texts, names, int(k), language)
summary, ranks, movers = comparison.summary, comparison.ranks, comparison.movers

st.subheader(t("comp.overlap", k=k))
st.dataframe(summary, width="stretch", hide_index=True)

st.subheader(t("comp.ranks"))
top = ranks[ranks[list(names)].min(axis=1) <= k]
st.plotly_chart(
    figures.rank_changes(
        top.reset_index(), columns=list(names), name="name", axis_title=t("common.rank")
    ),
    key="comp.slope",
    config={"displaylogo": False},
)
components.data_table(ranks, title_key="common.data_table_chart")

st.subheader(t("comp.movers"))
st.dataframe(movers, width="stretch")
components.downloads(
    ranks,
    name="raices_comparacion_posiciones",
    key="comp.dl",
    scenario_hash="+".join(comparison.hashes),
)
