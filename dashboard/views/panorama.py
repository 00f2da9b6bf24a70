"""Panorama: what Raíces is, headline figures, a national map and the top priorities."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import components, data, state
from dashboard.components.svg_map import svg_map

t = state.t
language = state.language()

st.title(f"{t('app.title')} · {t('panorama.title')}")
st.markdown(t("panorama.intro"))

st.subheader(t("panorama.headlines"))
headlines = data.headlines(language)
for row in (headlines[:3], headlines[3:]):
    for column, (label, value, explanation) in zip(st.columns(3), row, strict=False):
        column.metric(label, value)
        if explanation:
            column.caption(explanation)

st.subheader(t("panorama.map"))
labels = data.indicator_labels(language)
units = data.indicator_units(language)
options = data.indicators_available("municipio")
default = options.index("pobreza") if "pobreza" in options else 0
indicator = st.selectbox(
    t("common.indicator"),
    options,
    index=default,
    format_func=lambda c: labels.get(c, c),
    key="panorama.indicator",
)
frame = data.indicator_map_frame("municipio", indicator, language)
reverse = float(data.catalog().at[indicator, "direction"] or 0) >= 0
title, unit = str(labels[indicator]), str(units[indicator])
svg_map(  # the whole country at a glance, light on any device (no WebGL): see svg_map
    "municipio",
    frame,
    key="panorama.map",
    style=components.map_style(f"{title} ({unit})", reverse=reverse, height=520),
)
table = data.map_table(frame)
value_label = {"value": f"{title} ({unit})"}
components.data_table(table, labels=value_label)
components.downloads(
    table,
    name=f"raices_municipio_{indicator}_{unit}",
    key="panorama.dl",
    level="municipio",
    labels=value_label,
    image=(
        partial(data.static_map, language=language),
        ("municipio", frame["value"], title, unit, "quantiles", 5, reverse),
    ),
)

top, sources = st.columns([1, 1], gap="large")
with top:
    st.subheader(t("panorama.top"))
    with st.spinner(t("app.computing")):
        ranked = data.top_priorities(language, 15)
    st.dataframe(
        ranked,
        width="stretch",
        hide_index=True,
        column_config={
            t("common.rank"): st.column_config.NumberColumn(t("common.rank"), width="small"),
            t("common.territory"): st.column_config.TextColumn(
                t("common.territory"), width="medium"
            ),
            t("common.score"): st.column_config.ProgressColumn(
                t("common.score"), min_value=0, max_value=100, format="%.0f", width="small"
            ),
        },
    )
with sources:
    st.subheader(t("panorama.sources"))
    st.caption(
        t("app.vintage", vintage=data.data_vintage(state.language()), version=data.version())
    )
    title = t("datos.col.title")
    st.dataframe(
        data.sources_summary(language),
        width="stretch",
        hide_index=True,
        column_config={title: st.column_config.TextColumn(title, width="medium")},
    )
