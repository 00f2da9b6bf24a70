"""Mapa de causas: any indicator or theme score, by municipio or departamento."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import components, data, state

t = state.t
language = state.language()

st.title(t("mapa.title"))

top_left, top_right = st.columns([1, 2])
with top_left:
    level = components.level_picker()
kind = top_right.radio(
    t("mapa.what"),
    ["indicator", "theme"],
    format_func=lambda k: t(f"mapa.what.{k}"),
    horizontal=True,
    key="mapa.kind",
)
left, right = st.columns([1, 2])
lens = left.selectbox(
    t("mapa.lens"),
    ["", "etnia", "edad", "genero", "territorio"],
    format_func=lambda x: t(f"mapa.lens.{x or 'all'}"),
    key="mapa.lens",
    disabled=kind != "indicator",
)

if kind == "indicator":
    options = data.lens_indicator_list(level, lens or None)
    labels = data.indicator_labels(language)
    indicator = right.selectbox(
        t("common.indicator"), options, format_func=lambda c: labels.get(c, c), key=state.INDICATOR
    )
    frame = data.indicator_map_frame(level, indicator, language)
    plain_title = str(labels[indicator])
    plain_unit = str(data.indicator_units(language)[indicator])
    reverse = float(data.catalog().at[indicator, "direction"] or 0) >= 0
    export_name = f"raices_{level}_{indicator}_{plain_unit}"
    scenario_hash = None
else:
    theme_names = data.theme_labels(language)
    theme = right.selectbox(
        t("common.theme"), list(theme_names.index), format_func=theme_names.get, key="mapa.theme"
    )
    with st.spinner(t("app.computing")):
        frame, scenario_hash = data.theme_map_frame(level, theme, language)
    plain_title = t("common.theme_score", theme=theme_names[theme])
    plain_unit = t("common.score_unit")
    reverse = True
    export_name = f"raices_{level}_tema_{theme}_0-100"

split = group = None
if level == "municipio":
    left, right = st.columns([1, 2])
    split = left.selectbox(
        t("mapa.split"),
        ["", "etnia", "pueblo", "area"],
        format_func=lambda x: t(f"mapa.split.{x or 'none'}"),
        key="mapa.split",
    )
    if split:
        group = right.selectbox(
            t("mapa.group"),
            [""] + data.lens_groups(split),
            format_func=lambda g: components.group_label(g) if g else t("mapa.group.all"),
            key=f"mapa.group.{split}",
        )
    frame = data.restrict_to_group(frame, split, group)

scheme, k, palette = components.classification_pickers("mapa")
map_key, picker_key = f"mapa.map.{level}", f"mapa.pick.{level}"
components.consume_click(map_key, level, picker_key)
pick, go = st.columns([3, 1], vertical_alignment="bottom")
with pick:
    chosen = components.territory_picker(level, key=picker_key)
components.interactive_map(
    level,
    frame,
    key=map_key,
    style=components.map_style(
        f"{plain_title} ({plain_unit})",
        scheme=scheme,
        k=k,
        palette=palette,
        reverse=reverse,
        highlight=components.selected_codes(level),
        highlight_label=t("common.selected"),
    ),
)

if chosen is not None:
    row = frame.loc[chosen]
    st.text(
        f"{t('mapa.selected', name=row['name'])} — {t('common.value')}: "
        f"{data.format_value(row['value'], language)} · {t('common.rank')}: {row['rank_text']}"
    )
    if go.button(t("common.open_profile"), key="mapa.open", icon=":material/arrow_forward:"):
        st.switch_page("views/perfil.py")

if kind == "indicator":
    with st.expander(t("mapa.about_indicator")):
        for heading, text in data.indicator_note(indicator, language):
            st.caption(heading)
            st.text(text)
    if split:
        st.subheader(t("mapa.lens_groups"))
        summary = data.group_summary(indicator, split, language)
        group_column = t("mapa.col.group")
        summary[group_column] = summary[group_column].map(components.group_label)
        st.dataframe(
            summary,
            width="stretch",
            hide_index=True,
        )

table = data.map_table(frame)
value_label = {"value": f"{plain_title} ({plain_unit})"}
components.data_table(table, labels=value_label)
components.downloads(
    table,
    name=export_name,
    key="mapa.dl",
    level=level,
    scenario_hash=scenario_hash,
    labels=value_label,
    image=(
        partial(data.static_map, language=language),
        (level, frame["value"], plain_title, plain_unit, scheme, k, reverse),
    ),
)
