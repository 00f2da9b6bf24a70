"""Tendencias: the time series the data holds, with growth per territory and nationally,
and IGM returnees by sex and age (unaccompanied children highlighted)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.causes.trends import KEY_SEGMENT, RETURNEE_LENSES, RETURNEE_PERIODS
from analysis.formatting import format_number
from dashboard import components, data, i18n, state
from dashboard.data import causes as data_causes
from dashboard.data import returnees as data_returnees
from dashboard.figures import causes as figures_causes
from dashboard.figures import returnees as figures_returnees

t = state.t

#: Breakdowns of the IGM series are shown in their own section, not one by one in the list.
BREAKDOWN_PREFIX = "retornados_igm_"


def series_label(name: str) -> str:
    """The section's own label when it has one (the IGM total, the 2002-based projection)."""
    own = f"retornos.series.{name}"
    return t(own) if own in i18n.STRINGS else t(f"tendencias.series.{name}")


st.title(t("tendencias.title"))
st.caption(t("tendencias.intro"))

available = data_causes.series_catalog()
names_in_list = [
    name for name in available["series"].unique() if not name.startswith(BREAKDOWN_PREFIX)
]
left, middle = st.columns(2)
series = left.selectbox(
    t("tendencias.series"),
    names_in_list,
    format_func=series_label,
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
figure = figures_causes.series_lines(
    shown, names=names, y_title=series_label(series), x_title=t("common.year")
)
st.plotly_chart(figures_returnees.unclip(figure, shown["value"]), key="tendencias.chart")
if series == "retornados":
    st.caption(t("tendencias.returnees_note"))
if series == "poblacion_proyectada":
    st.caption(t("retornos.projection_note"))
st.caption(t("tendencias.zero_note"))
st.subheader(t("tendencias.growth_title"))
growth = growth.rename(columns={c: t(f"tendencias.col.{c}") for c in growth.columns})
# on screen: no constant level/series ids, numbers written for the reader (decimal comma)
on_screen = growth.drop(
    columns=[t("tendencias.col.level"), t("tendencias.col.series")], errors="ignore"
)
for column in on_screen.columns:
    if pd.api.types.is_float_dtype(on_screen[column]):
        on_screen[column] = [format_number(v, state.language()) for v in on_screen[column]]
if level in data.LEVELS:
    on_screen.index.name = t("common.code")
else:  # the country: its name, not the code 0
    on_screen.index = pd.Index([names.get(c, str(c)) for c in on_screen.index], name="")
st.dataframe(on_screen, width="stretch")
components.downloads(growth, name=f"raices_tendencias_{series}_{level}", key="tendencias.dl")
st.info(t("tendencias.own_series"))

# ------------------------------------------------------------------ returnees by sex and age
st.subheader(t("retornos.title"))
st.caption(t("retornos.intro"))
lens_column, period_column = st.columns(2)
lens = lens_column.radio(
    t("retornos.lens"),
    list(RETURNEE_LENSES),
    index=list(RETURNEE_LENSES).index("edad"),
    format_func=lambda lv: t(f"retornos.lens.{lv}"),
    horizontal=True,
    key="retornos.lens",
)
period = period_column.radio(
    t("retornos.period"),
    list(reversed(RETURNEE_PERIODS)),
    format_func=lambda p: t(f"retornos.period.{p}"),
    horizontal=True,
    key="retornos.period",
)
returns = data_returnees.returnees(lens, period)
if returns.empty:
    st.info(t("retornos.unavailable"))
else:
    language = state.language()
    if lens == "edad":
        annual = data_returnees.returnees("edad", "año")
        latest = annual[annual["key_segment"]].iloc[-1]
        st.metric(
            t("retornos.key_metric", year=int(latest["period"])),
            format_number(latest["persons"], language, decimals=0),
            t("retornos.key_share", share=format_number(latest["share"], language, percent=True)),
            delta_color="off",
        )
        st.caption(t("retornos.key_note"))
    group_labels = {group: t(f"retornos.group.{group}") for group in returns["group"].unique()}
    st.plotly_chart(
        figures_returnees.returnee_lines(
            returns,
            labels=group_labels,
            key_segment=KEY_SEGMENT,
            y_title=t("retornos.persons"),
            x_title=t("common.year") if period == "año" else t("retornos.month"),
        ),
        key="retornos.chart",
    )
    st.caption(t("retornos.origin_note"))
    table = returns.assign(group=returns["group"].map(group_labels))
    if period == "mes":
        table["period"] = table["period"].dt.strftime("%Y-%m")
    table = table.rename(columns={c: t(f"retornos.col.{c}") for c in table.columns})
    share = t("retornos.col.share")
    st.dataframe(
        table.assign(**{share: [format_number(v, language, percent=True) for v in table[share]]}),
        width="stretch",
        hide_index=True,
    )
    components.downloads(table, name=f"raices_retornos_{lens}_{period}", key="retornos.dl")
