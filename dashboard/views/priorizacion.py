"""Priorización del plan piloto: weights, methods and constraints → ranked, selected set.

The controls sit in a form: moving a slider recomputes nothing; «Aplicar cambios» commits
every change at once. The controls and the results are one fragment, so applying reruns
only this part of the page, and the scenario is computed once
(:func:`dashboard.data.scenario_run`: a weight change only re-aggregates the fitted index).
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from analysis.errors import RaicesError
from dashboard import components, data, figures, state
from dashboard import scenario_state as editor
from dashboard.components.svg_map import svg_map
from dashboard.plaintext import escape

t = state.t
language = state.language()
UPLOAD = editor.PREFIX + "upload"
ROBUST = editor.PREFIX + "robust"

st.title(t("prior.title"))

link_error = editor.ensure_initialised(st.query_params.get("s"))
if link_error:
    st.error(t("app.error", detail=link_error))
editor.show_problems()  # every value of a link or file the page could not honour


def _apply_preset() -> None:
    if st.session_state[editor.PRESET] == editor.CUSTOM_PRESET:
        return
    editor.apply(editor.with_interactive_draws(data.preset_toml(st.session_state[editor.PRESET])))


def _apply_file() -> None:
    upload = st.session_state.get(UPLOAD)
    if upload is None:
        return
    try:
        editor.apply_with_preset(data.scenario_from_file(upload.name, upload.getvalue()))
        st.session_state[editor.APPLIED_FILE] = upload.name
    except RaicesError as problem:
        st.session_state[editor.APPLIED_FILE] = f"! {problem}"


presets = data.presets()
pick, reset = st.columns([3, 1], vertical_alignment="bottom")
preset_options = list(presets.index)
if st.session_state.get(editor.PRESET) == editor.CUSTOM_PRESET:  # a link that is no preset
    preset_options.insert(0, editor.CUSTOM_PRESET)
pick.selectbox(
    t("prior.preset"),
    preset_options,
    format_func=lambda p: data.preset_name(p, language) if p else t("enlace.custom"),
    key=editor.PRESET,
    on_change=_apply_preset,
)
reset.button(
    t("prior.reset"), key="prior.reset", on_click=_apply_preset, icon=":material/restart_alt:"
)
if st.session_state.get(editor.PRESET, presets.index[0]) != editor.CUSTOM_PRESET:
    st.caption(
        data.preset_description(st.session_state.get(editor.PRESET, presets.index[0]), language)
    )


def _grid(maximum: float, step: float, key: str) -> list[float]:
    """Slider stops from 0 to ``maximum``, plus the value a loaded scenario holds."""
    stops = [round(i * step, 4) for i in range(int(round(maximum / step)) + 1)]
    current = st.session_state.get(key)
    if isinstance(current, (int, float)) and current not in stops:
        stops = sorted([*stops, float(current)])
    return stops


def _weight_slider(label: str, maximum: float, key: str, **options) -> None:
    """A weight slider whose numbers read as the reader writes them (1,5 in Spanish)."""
    st.select_slider(
        label,
        options=_grid(maximum, editor.WEIGHT_STEP, key),
        key=key,
        format_func=lambda v: data.format_value(v, language, decimals=1),
        **options,
    )


def _controls(level: str) -> None:
    """Every control that changes the scenario, committed together by the form's button."""
    with st.form("prior.form", border=False, enter_to_submit=False):
        st.markdown(f"**{t('prior.weights')}**")
        theme_names = data.theme_labels(language)
        catalog = data.catalog()
        used = {
            catalog.at[indicator, "theme"]
            for indicator in editor.eligible_indicators(level)
            if st.session_state.get(editor.indicator_key(indicator), 0.0) > 0
        }
        for theme in theme_names.index:
            unused = theme not in used  # no indicator of it in the index: its weight is moot
            _weight_slider(
                theme_names[theme],
                editor.THEME_WEIGHT_MAX,
                editor.theme_key(theme),
                disabled=unused,
                help=t("prior.theme_unused") if unused else None,
            )
        with st.expander(t("prior.indicator_weights")):
            labels = data.indicator_labels(language)
            for indicator in editor.eligible_indicators(level):
                _weight_slider(  # own indicators' labels are typed by people: plain text
                    escape(labels.get(indicator, indicator)),
                    editor.INDICATOR_WEIGHT_MAX,
                    editor.indicator_key(indicator),
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
        st.number_input(t("prior.k"), min_value=1, max_value=editor.K_MAX, step=1, key=editor.K)
        st.number_input(
            t("prior.max_per_dept"), min_value=0, max_value=editor.K_MAX, step=1,
            key=editor.MAX_PER_DEPT, help=t("prior.zero_none"),
        )  # fmt: skip
        st.number_input(
            t("prior.max_population"), min_value=0, step=50_000,
            key=editor.MAX_POPULATION, help=t("prior.zero_none"),
        )  # fmt: skip
        if level == "municipio":
            st.select_slider(
                t("prior.min_indigenous"),
                options=_grid(1.0, 0.05, editor.MIN_INDIGENOUS),
                key=editor.MIN_INDIGENOUS,
                format_func=lambda v: data.format_value(v, language, percent=True, decimals=0),
                help=t("prior.zero_none"),
            )
            st.checkbox(t("prior.no_adjacent"), key=editor.NO_ADJACENT)
        names = data.scenario_names(level)
        for label, key in (
            ("prior.must_include", editor.INCLUDE),
            ("prior.must_exclude", editor.EXCLUDE),
        ):
            st.multiselect(
                t(label), list(names.index), format_func=names.get, key=key,
                placeholder=t("common.choose"),
            )  # fmt: skip
        st.form_submit_button(
            t("prior.apply"), key="prior.apply", type="primary", icon=":material/check:",
            width="stretch", help=t("prior.apply_help"),
        )  # fmt: skip


def _results(ranked, scenario_text: str) -> None:
    run = ranked.run
    level = run.level
    st.caption(t("prior.hash", hash=run.hash))
    st.text(data.display_name(run.name, language))
    if ranked.infeasible:
        st.error(t("prior.infeasible", detail=ranked.infeasible))
    pilot = data.pilot_codes(run)
    st.subheader(t("prior.selected_map"))
    frame = data.score_map_frame(run, language)
    svg_map(
        level,
        frame,
        key=f"prior.map.{level}",
        style=components.map_style(
            f"{t('common.score')} ({t('common.score_unit')})",
            reverse=True,
            highlight=pilot,
            highlight_label=t("prior.map_pilot"),
            height=480,
        ),
    )
    chosen = components.selected_codes(level)
    if chosen:
        st.page_link(
            "views/perfil.py",
            label=f"{t('common.open_profile')}: {data.territory_names(level)[chosen[0]]}",
            icon=":material/arrow_forward:",
        )
    st.subheader(t("prior.ranked"))
    if run.selection is not None and run.draws > 0:
        st.toggle(t("prior.robust"), key=ROBUST, help=t("prior.robust_help"))
    for sentence in data.uncertainty_sentences(run, language):
        st.caption(sentence)
    shown = data.ranking_display(run, language)
    score, territory = t("common.score"), t("common.territory")
    percent_columns = [t("prior.p_top", k=run.k), t("prior.col.p_pilot")]
    st.dataframe(
        shown,
        width="stretch",
        height=420,
        column_config={
            t("prior.col.pilot"): st.column_config.CheckboxColumn(
                t("prior.col.pilot"), width="small", pinned=True
            ),
            territory: st.column_config.TextColumn(territory, pinned=True),
            score: st.column_config.ProgressColumn(
                score, min_value=0, max_value=100, format="%.0f"
            ),
            **{
                column: st.column_config.ProgressColumn(
                    column, min_value=0, max_value=1, format="percent"
                )
                for column in percent_columns
                if column in shown
            },
        },
    )
    if run.table["rank_p05"].notna().any():
        st.caption(t("prior.bands_all_caption", k=run.k))
        st.html(
            figures.rank_bands(
                data.band_rows(run),
                axis_title=t("common.rank"),
                band_label=t("prior.bands_legend.band"),
                selected_label=t("prior.bands_legend.selected") if pilot else "",
                other_label=t("prior.bands_legend.other") if pilot else "",
                method_label=t("prior.bands_legend.method"),
                number=lambda v: data.format_value(v, language, decimals=0),
            )
        )
    st.subheader(t("prior.cost"))
    costs = data.constraint_costs(run, language)
    if costs is None:
        st.caption(t("prior.no_costs"))
    else:
        st.dataframe(costs.table, width="stretch", hide_index=True)
        st.caption(costs.note)
    export = data.ranking_export(run, language)
    components.downloads(
        export,
        name=f"raices_priorizacion_{level}_puntaje_0-100_{run.hash}",
        key="prior.dl",
        level=level,
        scenario_hash=run.hash,
        labels=data.theme_headers(language),
        image=(
            partial(
                data.static_map,
                highlight=tuple(pilot),
                highlight_label=t("prior.map_pilot"),
                language=language,
            ),
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
    st.download_button(
        t("prior.pdf"),
        partial(data.scenario_pdf, scenario_text, language),
        file_name=f"raices_escenario_{run.hash}.pdf",
        mime="application/pdf",
        key="prior.pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        type="primary",
    )


@st.fragment
def workspace() -> None:
    """Controls and results: applying the form reruns only this fragment."""
    controls, results = st.columns([1, 2], gap="large")
    with controls:
        st.radio(
            t("common.level"),
            list(data.LEVELS),
            format_func=lambda level: t(f"common.level.{level}"),
            key=editor.LEVEL,
            horizontal=True,
        )
        _controls(st.session_state[editor.LEVEL])
    try:
        scenario_text = editor.collect()
        robust = bool(st.session_state.get(ROBUST, False))
        with results, st.spinner(t("prior.computing_robust" if robust else "prior.computing")):
            ranked = data.scenario_run(scenario_text, robust=robust)
    except RaicesError as problem:  # e.g. every weight at zero: say why, keep the controls
        results.error(t("app.error", detail=str(problem)))
        return
    link = data.scenario_to_param(scenario_text, language)
    st.query_params["s"] = link
    st.session_state[editor.APPLIED_LINK] = link  # our own link: never re-applied over the widgets
    with results:
        _results(ranked, scenario_text)
        st.subheader(t("prior.save"))
        save, load = st.columns(2)
        save.download_button(
            t("prior.save_button"),
            scenario_text,
            file_name=f"escenario_{ranked.run.hash}.toml",
            mime="application/toml",
            key="prior.save.toml",
            on_click="ignore",
            icon=":material/save:",
        )
        load.file_uploader(
            t("prior.load"), type=["toml", "json"], key=UPLOAD, on_change=_apply_file
        )
        applied = st.session_state.get(editor.APPLIED_FILE)
        if applied and applied.startswith("! "):
            st.error(t("app.error", detail=applied[2:]))
        elif applied:
            st.success(t("prior.loaded", name=applied))
        st.markdown(f"**{t('prior.share')}**")
        st.caption(t("prior.share_help"))
        st.code("?s=" + link, language=None, wrap_lines=False)
        keep_name, keep_button = st.columns([2, 1], vertical_alignment="bottom")
        keep_name.text_input(
            t("prior.name"),
            key=editor.NAME,
            placeholder=data.display_name(ranked.run.name, language),
            help=t("prior.name_help"),
        )
        if keep_button.button(t("prior.keep"), key="prior.keep", icon=":material/bookmark_add:"):
            named = editor.collect()
            name = data.parse_scenario(named).name
            state.kept_scenarios()[name] = named
            st.success(t("prior.kept", name=name))


workspace()
