"""Monitoring dashboard: need against response, progress, coordination and the MMM's
functioning. Shows what the signed-in person may see (the public: published records)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import components, login, state
from dashboard.components import monitoring as parts
from dashboard.data import monitoring as records
from dashboard.figures import monitoring as monitoring_figures

login.login_form()
st.title(state.t("seguimiento.tablero.title"))
language = state.language()
key = records.visibility(login.current_principal())
revision = records.revision()
shown = records.frames(key, revision)
parts.scope_caption(key)
if records.is_empty(shown):
    parts.how_to_start("tablero")
    st.stop()

# Lazy tabs: only the open tab runs, so a rerun pays for what is on screen.
need, progress, coordination, functioning = st.tabs(
    [
        state.t("seguimiento.tab.need"),
        state.t("seguimiento.tab.progress"),
        state.t("seguimiento.tab.coordination"),
        state.t("seguimiento.tab.functioning"),
    ],
    key="tablero.tab",
    on_change="rerun",
)

if need.open:
    with need:
        parts.need_response(key, revision, prefix="tablero")
        scenario_text = records.adopted_scenario_text("municipio")
        st.subheader(state.t("seguimiento.gaps.title"))
        top = int(
            st.slider(state.t("seguimiento.gaps.top"), 5, 60, 20, step=5, key="tablero.gaps.top")
        )
        st.caption(state.t("seguimiento.gaps.intro", top=top, few=0))
        gaps = records.gaps_display(key, revision, scenario_text, top, 0, language)
        if gaps.empty:
            st.success(state.t("seguimiento.gaps.none"))
        else:
            st.dataframe(gaps, width="stretch", hide_index=True)
        st.subheader(state.t("seguimiento.pilot.title"))
        st.caption(state.t("seguimiento.pilot.intro"))
        coverage = records.pilot_coverage(key, revision, scenario_text, language)
        st.plotly_chart(
            monitoring_figures.coverage_heatmap(
                coverage.table,
                list(coverage.themes),
                theme_labels=coverage.theme_labels,
                hover_label=state.t("seguimiento.col.actions"),
            ),
            key="tablero.pilot",
            config={"displaylogo": False},
        )
        components.data_table(
            records.pilot_table(coverage, language),
            title_key="common.data_table_chart",
        )

if progress.open:
    with progress:
        tables = records.progress(key, revision)
        st.subheader(state.t("seguimiento.progress.status"))
        st.plotly_chart(
            monitoring_figures.stacked_bars(
                records.status_display(tables.status, language, totals=False),
                x_title=state.t("seguimiento.col.actions"),
            ),
            key="tablero.status",
            config={"displaylogo": False},
        )
        components.data_table(
            records.status_display(tables.status, language), title_key="common.data_table_chart"
        )
        for by, table in (
            ("institution", tables.budget_institution),
            ("theme", tables.budget_theme),
        ):
            st.subheader(state.t(f"seguimiento.progress.budget_{by}"))
            st.plotly_chart(
                monitoring_figures.planned_executed_bars(
                    records.budget_chart(table, by, language),
                    planned_label=state.t("seguimiento.col.planned"),
                    executed_label=state.t("seguimiento.col.executed"),
                    x_title="Q",
                ),
                key=f"tablero.budget_{by}",
                config={"displaylogo": False},
            )
            components.data_table(
                records.budget_display(table, by, language), title_key="common.data_table_chart"
            )
        st.caption(state.t("seguimiento.progress.budget_note"))

        st.subheader(state.t("seguimiento.progress.reach"))
        reach = records.reach(key, revision)
        if reach.empty:
            st.info(state.t("seguimiento.progress.no_reach"))
        else:
            for dimension, part in reach.groupby("dimension", sort=False):
                st.markdown(f"**{records.dimension_label(str(dimension), language)}**")
                st.plotly_chart(
                    monitoring_figures.reach_against_population_bars(
                        part,
                        group_labels=records.group_labels(str(dimension), language),
                        reached_label=state.t("seguimiento.col.share"),
                        population_label=state.t("seguimiento.col.population_share"),
                    ),
                    key=f"tablero.reach.{dimension}",
                    config={"displaylogo": False},
                )
            components.data_table(
                records.reach_display(reach, language), title_key="common.data_table_chart"
            )
            st.caption(state.t("seguimiento.progress.reach_note"))

        st.subheader(state.t("seguimiento.progress.results"))
        results = tables.results
        if results.empty:
            st.info(state.t("seguimiento.progress.no_results"))
        else:
            st.plotly_chart(
                monitoring_figures.results_chart(
                    results,
                    baseline_label=state.t("seguimiento.col.baseline"),
                    target_label=state.t("seguimiento.col.target"),
                    latest_label=state.t("seguimiento.col.latest"),
                    x_title=state.t("seguimiento.col.progress"),
                ),
                key="tablero.results",
                config={"displaylogo": False},
            )
            st.dataframe(
                records.results_display(results, language), width="stretch", hide_index=True
            )

if coordination.open:
    with coordination:
        st.caption(state.t("seguimiento.coordination.intro"))
        together = records.coordination(key, revision)
        if together.pairs.empty:
            st.info(state.t("seguimiento.coordination.none"))
        else:
            st.dataframe(
                records.pairs_display(together.pairs, language), width="stretch", hide_index=True
            )
            matrix_column, network_column = st.columns(2)
            with matrix_column:
                st.markdown(f"**{state.t('seguimiento.coordination.matrix')}**")
                st.plotly_chart(
                    monitoring_figures.coordination_heatmap(
                        together.matrix, hover_label=state.t("seguimiento.col.joint")
                    ),
                    key="tablero.matrix",
                    config={"displaylogo": False},
                )
            with network_column:
                st.markdown(f"**{state.t('seguimiento.coordination.network')}**")
                st.plotly_chart(
                    monitoring_figures.coordination_network(
                        together.pairs, hover_label=state.t("seguimiento.col.joint")
                    ),
                    key="tablero.network",
                    config={"displaylogo": False},
                )

if functioning.open:
    with functioning:
        mmm = records.functioning(key, revision, date.today().isoformat())
        if mmm.empty:
            st.info(state.t("seguimiento.functioning.none"))
        else:
            summary = mmm.summary
            left, middle, right = st.columns(3)
            left.metric(state.t("seguimiento.functioning.meetings"), len(mmm.meetings))
            middle.metric(state.t("seguimiento.functioning.agreements_total"), summary.total)
            right.metric(
                state.t("seguimiento.functioning.on_time"),
                records.share_text(summary.on_time_share, language),
            )
            st.subheader(state.t("seguimiento.functioning.attendance"))
            attendance = mmm.attendance
            st.plotly_chart(
                monitoring_figures.simple_bars(
                    records.sector_names(attendance, language),
                    attendance["rate"].fillna(0).tolist(),
                    x_title=state.t("seguimiento.col.rate"),
                    percent=True,
                ),
                key="tablero.attendance",
                config={"displaylogo": False},
            )
            st.caption(state.t("seguimiento.functioning.attendance_note"))
            components.data_table(
                records.attendance_display(attendance, language),
                title_key="common.data_table_chart",
            )
            st.subheader(state.t("seguimiento.functioning.agreements"))
            st.dataframe(
                records.agreements_display(mmm.agreements, shown.institutions, language),
                width="stretch",
                hide_index=True,
            )
            st.subheader(state.t("seguimiento.functioning.meetings"))
            st.dataframe(
                records.meetings_display(mmm.meetings, shown.attendance, language),
                width="stretch",
                hide_index=True,
            )
