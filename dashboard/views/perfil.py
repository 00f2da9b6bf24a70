"""Perfil territorial: one territory against its departamento and the country."""

from __future__ import annotations

import streamlit as st

from dashboard import components, data, figures, state

t = state.t
language = state.language()

st.title(t("perfil.title"))

chosen = state.selected_territory()
if chosen and chosen[0] in data.LEVELS and state.LEVEL + ".perfil" not in st.session_state:
    st.session_state[state.LEVEL + ".perfil"] = chosen[0]
level = components.level_picker(key=state.LEVEL + ".perfil")
# no map on this page: the picker's label does not mention one
code = components.territory_picker(level, key=f"perfil.pick.{level}", label=t("perfil.pick"))
if code is None:
    st.info(t("perfil.empty"))
    st.page_link("views/mapa.py", label=t("mapa.title"), icon=":material/map:")
    st.stop()

name = data.territory_names(level)[code]
st.header(name)

profile = data.profile_table(level, code, language)

with st.spinner(t("app.computing")):
    summary = data.territory_priority(level, code)
if summary is not None:
    left, right = st.columns([2, 3], gap="large")
    band = t("perfil.rank_band", low=summary.rank_low, high=summary.rank_high)
    with left:
        st.subheader(t("perfil.rank"))
        first, second = st.columns(2)
        first.metric(
            t("common.rank"), t("perfil.rank_value", rank=summary.rank, n=summary.n), help=band
        )
        second.metric(t("common.score"), data.format_value(summary.score, language))
        st.caption(band)
        st.caption(
            t(
                "perfil.coverage",
                coverage=data.format_value(summary.coverage, language, percent=True, decimals=0),
            )
        )
    with right:
        st.subheader(t("perfil.contributions"))
        st.plotly_chart(
            figures.contribution_bars(
                summary.contributions,
                labels=data.theme_labels(language).to_dict(),
                axis_title=t("common.score"),
            ),
            key="perfil.contrib",
            config={"displaylogo": False},
        )

st.subheader(t("perfil.indicators"))
percentile = t("perfil.col.percentile")
indicator = t("common.indicator")
st.dataframe(
    data.profile_display(profile, language),
    width="stretch",
    hide_index=True,
    height=min(38 * len(profile) + 40, 900),
    column_config={
        indicator: st.column_config.TextColumn(indicator, pinned=True),
        percentile: st.column_config.ProgressColumn(
            percentile, min_value=0, max_value=100, format="%.0f", help=t("perfil.percentile_help")
        ),
    },
)

st.subheader(t("perfil.reliability"))
for note in data.reliability_notes(level, code, language) or [t("perfil.reliability.none")]:
    st.text("• " + note)

st.subheader(t("perfil.export"))
report = data.context_report(level, code, language)
cols = st.columns(2)
if report.pdf is not None:
    cols[0].download_button(
        t("perfil.export_pdf"),
        report.pdf,
        file_name=f"raices_perfil_{code}.pdf",
        mime="application/pdf",
        key="perfil.pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
    )
cols[1].download_button(
    t("perfil.export_png"),
    report.png,
    file_name=f"raices_perfil_{code}.png",
    mime="image/png",
    key="perfil.png",
    on_click="ignore",
    icon=":material/image:",
)

exported = profile.drop(columns=["theme"]).rename(columns={"theme_label": "theme"})
components.data_table(exported, title_key="common.data_table_chart")
components.downloads(exported, name=f"raices_perfil_{level}_{code}", key="perfil.dl")
