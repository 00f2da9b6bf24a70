"""Tendencias: the time series the data holds, with growth per territory and nationally."""

from __future__ import annotations

import streamlit as st

from dashboard import components, data, state
from dashboard.data import causes as data_causes
from dashboard.figures import causes as figures_causes

t = state.t

st.title(t("tendencias.title"))
st.caption(t("tendencias.intro"))

available = data_causes.series_catalog()
left, middle = st.columns(2)
series = left.selectbox(
    t("tendencias.series"),
    data_causes.series_order(available),
    format_func=lambda s: t(f"tendencias.series.{s}"),
    key="tendencias.series",
)
levels = [
    lv
    for lv in ("nacional", "departamento", "municipio")
    if lv in set(available.loc[available["series"] == series, "level"])
]
level = middle.radio(
    t("common.level"),
    levels,
    format_func=lambda lv: t(f"tendencias.level.{lv}"),
    horizontal=True,
    key=f"tendencias.level.{series}",
)
values = data_causes.series_values(series, level)
years = sorted(values["year"].unique())
start, end = st.select_slider(
    t("tendencias.years"),
    options=years,
    value=(years[0], years[-1]),
    key=f"tendencias.years.{series}.{level}",
)
growth = data_causes.growth_table(series, level, int(start), int(end))

names: dict[int, str] = {0: t("common.national")}
if level in data.LEVELS:
    names = data.territory_names(level).to_dict()
    default = list(growth["annual_growth_pct"].abs().sort_values(ascending=False).index[:5])
    chosen = st.multiselect(
        t("tendencias.territories"),
        list(growth.index),
        default=default,
        format_func=lambda c: names.get(c, str(c)),
        key=f"tendencias.pick.{series}.{level}",
    )
    shown = values[values["code"].isin(chosen)]
else:
    shown = values
shown = shown[(shown["year"] >= start) & (shown["year"] <= end)]
st.plotly_chart(
    figures_causes.series_lines(
        shown, names=names, y_title=t(f"tendencias.series.{series}"), x_title=t("common.year")
    ),
    key="tendencias.chart",
)
if series == "retornados":
    st.caption(t("tendencias.returnees_note"))
st.caption(t("tendencias.zero_note"))
st.subheader(t("tendencias.growth_title"))
growth = growth.rename(columns={c: t(f"tendencias.col.{c}") for c in growth.columns})
st.dataframe(growth, width="stretch")
components.downloads(growth, name=f"raices_tendencias_{series}_{level}", key="tendencias.dl")
st.info(t("tendencias.own_series"))
