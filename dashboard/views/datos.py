"""Datos y metodología: sources, data dictionary, methods in plain words, downloads."""

from __future__ import annotations

import streamlit as st

from dashboard import components, data, state

t = state.t
language = state.language()


def id_last(frame):
    """The machine id (the index) as the last column: on a phone the title, not the id,
    fills the screen."""
    out = frame.reset_index()
    return out[list(out.columns[1:]) + [out.columns[0]]]


st.title(t("datos.title"))

st.subheader(t("datos.sources"))
url = t("datos.col.url")
title = t("datos.col.title")


st.dataframe(
    id_last(data.sources_table(language)),
    width="stretch",
    hide_index=True,
    column_config={
        url: st.column_config.LinkColumn(url),
        title: st.column_config.TextColumn(title, pinned=True, width="large"),
    },
)

st.subheader(t("datos.catalog"))
catalog = data.catalog_table(language)
theme_names = data.theme_labels(language)
theme = st.selectbox(
    t("common.theme"),
    [""] + list(theme_names.index),
    format_func=lambda x: theme_names.get(x, "—") if x else "—",
    key="datos.theme",
)
shown = catalog[(data.catalog_theme() == theme).to_numpy()] if theme else catalog
label = t("common.indicator")
st.dataframe(
    id_last(shown),
    width="stretch",
    hide_index=True,
    column_config={label: st.column_config.TextColumn(label, pinned=True)},
)

st.subheader(t("datos.methods"))
st.markdown(t("datos.methods_text"))
for paragraph in data.methods_notes(language):
    st.write(paragraph)

with st.expander(t("datos.quality")):
    st.dataframe(data.quality_table(language), width="stretch", hide_index=True)

with st.expander(t("datos.build")):
    st.json(data.build_info_shown(language))

st.subheader(t("datos.downloads"))
st.caption(t("datos.decimals"))
level = components.level_picker(key="datos.level")
st.markdown(f"**{t('datos.download_all', level=t(f'common.level.{level}'))}**")
components.downloads(
    data.territories(level),
    name=f"raices_{level}_indicadores",
    key="datos.dl",
    level=level,
)
st.markdown(f"**{t('datos.catalog')}**")
components.downloads(catalog, name="raices_catalogo", key="datos.cat")
st.download_button(
    t("datos.bundle"),
    data.open_data_zip,
    file_name="raices_datos_abiertos.zip",
    mime="application/zip",
    key="datos.bundle",
    on_click="ignore",
    icon=":material/folder_zip:",
)
