"""Priorización del plan piloto: weights, methods and constraints → ranked, selected set."""

from __future__ import annotations

import streamlit as st

from analysis.errors import RaicesError
from dashboard import components, data, figures, state
from dashboard import scenario_state as editor

t = state.t
language = state.language()

st.title(t("prior.title"))

link_error = editor.ensure_initialised(st.query_params.get("s"))
if link_error:
    st.error(t("app.error", detail=link_error))


def _apply_preset() -> None:
    editor.apply(editor.with_interactive_draws(data.preset_toml(st.session_state[editor.PRESET])))


def _apply_file() -> None:
    upload = st.session_state.get(PREFIX_UPLOAD)
    if upload is None:
        return
    try:
        editor.apply(data.scenario_from_file(upload.name, upload.getvalue()))
        st.session_state[editor.APPLIED_FILE] = upload.name
    except RaicesError as problem:
        st.session_state[editor.APPLIED_FILE] = f"! {problem}"


PREFIX_UPLOAD = editor.PREFIX + "upload"
presets = data.presets()
controls, results = st.columns([1, 2], gap="large")

with controls:
    st.selectbox(
        t("prior.preset"),
        list(presets.index),
        format_func=lambda p: presets.at[p, "name"],
        key=editor.PRESET,
        on_change=_apply_preset,
        help=None,
    )
    st.caption(presets.at[st.session_state.get(editor.PRESET, presets.index[0]), "description"])
    st.button(
        t("prior.reset"), key="prior.reset", on_click=_apply_preset, icon=":material/restart_alt:"
    )
    st.radio(
        t("common.level"),
        list(data.LEVELS),
        format_func=lambda level: t(f"common.level.{level}"),
        key=editor.LEVEL,
        horizontal=True,
    )
    level = st.session_state[editor.LEVEL]
    st.markdown(f"**{t('prior.weights')}**")
    theme_names = data.theme_labels(language)
    for theme in theme_names.index:
        st.slider(theme_names[theme], 0.0, 5.0, step=0.5, key=editor.theme_key(theme))
    with st.expander(t("prior.indicator_weights")):
        labels = data.indicator_labels(language)
        for indicator in editor.eligible_indicators(level):
            st.slider(
                labels.get(indicator, indicator),
                0.0,
                3.0,
                step=0.5,
                key=editor.indicator_key(indicator),
            )
    with st.expander(t("prior.method")):
        choices = data.method_choices()
        for label, options, key, prefix in (
            ("prior.normalisation", "normalisation", editor.NORMALISATION, "method"),
            ("prior.aggregation_within", "aggregation", editor.AGGREGATION_WITHIN, "method"),
            ("prior.aggregation_across", "aggregation", editor.AGGREGATION_ACROSS, "method"),
            ("prior.missing", "missing", editor.MISSING, "method"),
            ("prior.outliers", "outliers", editor.OUTLIERS, "method"),
            ("prior.smooth_rates", "smooth_rates", editor.SMOOTH_RATES, "method.smooth"),
        ):
            st.selectbox(
                t(label),
                choices[options],
                key=key,
                format_func=lambda x, prefix=prefix: t(f"{prefix}.{x}"),
                help=t("prior.smooth_rates.help") if options == "smooth_rates" else None,
            )
        st.select_slider(t("prior.draws"), options=list(editor.DRAW_CHOICES), key=editor.DRAWS)
    st.markdown(f"**{t('prior.constraints')}**")
    st.number_input(t("prior.k"), min_value=1, max_value=60, step=1, key=editor.K)
    st.number_input(
        t("prior.max_per_dept"),
        min_value=0,
        max_value=60,
        step=1,
        key=editor.MAX_PER_DEPT,
        help=t("prior.zero_none"),
    )
    st.number_input(
        t("prior.max_population"),
        min_value=0,
        step=50_000,
        key=editor.MAX_POPULATION,
        help=t("prior.zero_none"),
    )
    if level == "municipio":
        st.slider(
            t("prior.min_indigenous"),
            0.0,
            1.0,
            step=0.05,
            key=editor.MIN_INDIGENOUS,
            help=t("prior.zero_none"),
        )
        st.checkbox(t("prior.no_adjacent"), key=editor.NO_ADJACENT)
    names = data.territory_names(level).sort_values()
    st.multiselect(
        t("prior.must_include"),
        list(names.index),
        format_func=names.get,
        key=editor.INCLUDE,
        placeholder=t("common.choose"),
    )
    st.multiselect(
        t("prior.must_exclude"),
        list(names.index),
        format_func=names.get,
        key=editor.EXCLUDE,
        placeholder=t("common.choose"),
    )

scenario_text = editor.collect()
with st.spinner(t("prior.computing")):
    result = data.scenario_result(scenario_text)
    table = data.ranking_table(scenario_text, language)
    selection = data.pilot_selection(scenario_text)
scenario_hash = result["hash"]
link = data.scenario_to_param(scenario_text)
st.query_params["s"] = link
st.session_state[editor.APPLIED_LINK] = link  # our own link: never re-applied over the widgets

with results:
    st.caption(t("prior.hash", hash=scenario_hash))
    if selection["error"]:
        st.error(t("prior.infeasible", detail=selection["error"]))
    k = int(st.session_state[editor.K])
    st.subheader(t("prior.selected_map"))
    frame = data.score_map_frame(scenario_text)
    components.consume_click(f"prior.map.{level}", level)
    components.interactive_map(
        level,
        frame,
        key=f"prior.map.{level}",
        legend_title=f"{t('common.score')}<br><sup>{t('common.score_unit')}</sup>",
        scheme="quantiles",
        k=5,
        palette="Viridis",
        reverse=True,
        what="score",
        highlight=selection["selected"],
        height=460,
    )
    chosen = components.selected_codes(level)
    if chosen:
        st.page_link(
            "views/perfil.py",
            label=f"{t('common.open_profile')}: {data.territory_names(level)[chosen[0]]}",
            icon=":material/arrow_forward:",
        )
    st.subheader(t("prior.ranked"))
    shown = data.ranking_display(table, language, k)
    st.dataframe(
        shown,
        width="stretch",
        height=420,
        column_config={
            t("common.score"): st.column_config.ProgressColumn(
                t("common.score"), min_value=0, max_value=100, format="%.1f"
            ),
            t("prior.p_top", k=k): st.column_config.ProgressColumn(
                t("prior.p_top", k=k), min_value=0, max_value=1, format="%.2f"
            ),
        },
    )
    if "rank_low" in table and table["rank_low"].notna().any():
        st.caption(t("prior.bands_caption", k=k))
        st.plotly_chart(
            figures.rank_bands(table, axis_title=t("common.rank"), top=k + 10),
            key="prior.bands",
            config={"displaylogo": False},
        )
    st.subheader(t("prior.cost"))
    costs = data.constraint_costs(scenario_text, language)
    if costs.empty:
        st.caption(t("prior.no_costs"))
    else:
        st.dataframe(costs, width="stretch", hide_index=True)
    components.downloads(
        table,
        name=f"raices_priorizacion_{scenario_hash}",
        key="prior.dl",
        level=level,
        scenario_hash=scenario_hash,
        image=(
            data.static_map,
            (
                level,
                frame["value"],
                t("common.score"),
                t("common.score_unit"),
                "quantiles",
                5,
                True,
            ),
        ),
    )

    st.subheader(t("prior.save"))
    save, load = st.columns(2)
    save.download_button(
        t("prior.save_button"),
        scenario_text,
        file_name=f"escenario_{scenario_hash}.toml",
        mime="application/toml",
        key="prior.save.toml",
        on_click="ignore",
        icon=":material/save:",
    )
    load.file_uploader(
        t("prior.load"), type=["toml", "json"], key=PREFIX_UPLOAD, on_change=_apply_file
    )
    applied = st.session_state.get(editor.APPLIED_FILE)
    if applied and applied.startswith("! "):
        st.error(t("app.error", detail=applied[2:]))
    elif applied:
        st.success(t("prior.loaded", name=applied))
    st.markdown(f"**{t('prior.share')}**")
    st.caption(t("prior.share_help"))
    st.code("?s=" + st.query_params["s"], language=None, wrap_lines=False)
    keep_name, keep_button = st.columns([2, 1])
    keep_name.text_input(t("prior.name"), key=editor.NAME)
    if keep_button.button(t("prior.keep"), key="prior.keep", icon=":material/bookmark_add:"):
        state.kept_scenarios()[st.session_state[editor.NAME]] = scenario_text
        st.success(t("prior.kept", name=st.session_state[editor.NAME]))
