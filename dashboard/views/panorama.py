"""Panorama: what Raíces is, headline figures, a national map and the top priorities."""

from __future__ import annotations

import streamlit as st

from dashboard import components, data, state

t = state.t
language = state.language()

st.title(f"{t('app.title')} · {t('panorama.title')}")
st.markdown(t("panorama.intro"))

st.subheader(t("panorama.headlines"))
headlines = list(data.headlines(language).items())
for row in (headlines[:3], headlines[3:]):
    for column, (label, value) in zip(st.columns(3), row, strict=False):
        column.metric(label, value)

st.subheader(t("panorama.map"))
labels = data.indicator_labels(language)
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
meta = data.catalog().loc[indicator]
unit = str(meta["unit_en" if language == "en" else "unit_es"])
left, right = st.columns([1, 1], gap="medium")
with left:
    components.consume_click("panorama.map", "municipio")
    components.interactive_map(
        "municipio",
        frame,
        key="panorama.map",
        legend_title=f"{labels[indicator]}<br><sup>{unit}</sup>",
        scheme="quantiles",
        k=5,
        palette="Viridis",
        reverse=float(meta["direction"] or 0) >= 0,
        what=indicator,
        height=480,
        zoom=5.45,  # half-width column: fit the country's width, not its height
    )
    table = data.map_table(frame)
    components.data_table(table)
    components.downloads(
        table,
        name=f"raices_municipio_{indicator}",
        key="panorama.dl",
        level="municipio",
        image=(
            data.static_map,
            (
                "municipio",
                frame["value"],
                str(labels[indicator]),
                unit,
                "quantiles",
                5,
                float(meta["direction"] or 0) >= 0,
            ),
        ),
    )
with right:
    if data.engine_available():
        st.markdown(f"**{t('panorama.top')}**")
        with st.spinner(t("app.computing")):
            top = data.top_priorities(language, 15)
        st.dataframe(
            top,
            width="stretch",
            hide_index=True,
            column_config={
                t("common.score"): st.column_config.ProgressColumn(
                    t("common.score"), min_value=0, max_value=100, format="%.1f", width="small"
                ),
                t("common.rank"): st.column_config.NumberColumn(t("common.rank"), width="small"),
            },
        )
    st.markdown(f"**{t('panorama.sources')}**")
    st.caption(t("app.vintage", vintage=data.data_vintage(), version=data.version()))
    st.dataframe(data.sources_summary(language), width="stretch", hide_index=True)
