"""UI fragments shared by the monitoring pages (registro, tablero, rendición de cuentas):
the empty-store guide, the need-against-response map and table, the open-data download
and the one-line messages for store errors. The record forms' own parts are in
:mod:`dashboard.components.record_forms`.

They only draw widgets and call :mod:`dashboard.data.monitoring` and
:mod:`dashboard.figures.monitoring`; no analysis happens here.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from analysis.errors import RaicesError
from dashboard import data, state
from dashboard.data import monitoring as records
from dashboard.figures import monitoring as monitoring_figures


def how_to_start(key: str) -> None:
    """The empty-store guide: what to do first, and the 5W template to download."""
    st.info(state.t("seguimiento.empty"))
    st.markdown(state.t("seguimiento.how_to_start"))
    st.download_button(
        state.t("seguimiento.template"),
        records.template_bytes,
        file_name="plantilla_5w_raices.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}.template",
        on_click="ignore",
        icon=":material/download:",
    )


def scope_caption(key: records.Visibility) -> None:
    """Which records the page shows for this principal."""
    st.caption(state.t(f"seguimiento.scope.{key[0]}"))


MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+-.!|~$:"


def plain(text: object) -> str:
    r"""``text`` with every Markdown character escaped, so that a message that quotes what
    someone typed (a title, a link) is shown as plain text inside an alert box.

    Examples
    --------
    >>> print(plain("**no** [enlace](http://x)"))
    \*\*no\*\* \[enlace\]\(http\:\/\/x\)
    """
    return "".join("\\" + c if c in MARKDOWN_SPECIALS or c == "/" else c for c in str(text))


def show_error(error: RaicesError) -> None:
    """One line for a refused save: a conflict, a permission, or a validation problem."""
    from analysis.records.locking import ConflictError
    from analysis.records.permissions import PermissionDenied

    detail = plain(error)
    if isinstance(error, ConflictError):
        st.error(state.t("seguimiento.conflict", detail=detail), icon=":material/sync_problem:")
    elif isinstance(error, PermissionDenied):
        st.error(state.t("seguimiento.denied", detail=detail), icon=":material/block:")
    else:
        st.error(state.t("seguimiento.error", detail=detail))


def need_response(key: records.Visibility, revision: tuple[str, int], *, prefix: str) -> None:
    """Priority index map and the table of actions per municipio, side by side."""
    language = state.language()
    scenario_text = records.adopted_scenario_text("municipio")
    few_column, left, right = st.columns([1, 1, 1])
    few = int(
        few_column.number_input(
            state.t("seguimiento.need.few"), min_value=0, max_value=20, value=1, key=f"{prefix}.few"
        )
    )
    result = records.need_result(key, revision, scenario_text, few)
    left.metric(state.t("seguimiento.metric.municipios"), result.located)
    right.metric(state.t("seguimiento.metric.uncovered"), result.uncovered_high)
    map_column, table_column = st.columns([3, 2])
    with map_column:
        figure = monitoring_figures.need_response_map(
            data.geojson_source("municipio"),
            records.need_map_frame(key, revision, scenario_text, few, language),
            display=records.need_map_labels(language),
            legend_title=state.t("seguimiento.need.legend"),
            height=520,
        )
        st.plotly_chart(
            figure,
            key=f"{prefix}.map",
            config={"displaylogo": False, "scrollZoom": True},
        )
    with table_column:
        st.caption(state.t("seguimiento.need.table"))
        st.dataframe(
            records.need_display(key, revision, scenario_text, few, language),
            height=520,
            width="stretch",
        )
    name, fingerprint = records.scenario_stamp(scenario_text)
    st.caption(
        state.t("seguimiento.need.intro")
        + " "
        + state.t("seguimiento.scenario_note", name=name, hash=fingerprint[:12])
    )


def open_data_button(key: records.Visibility, revision: tuple[str, int], *, prefix: str) -> None:
    """Download of the published 5W table (HXL CSV): open data, whoever asks."""
    st.download_button(
        state.t("seguimiento.opendata"),
        partial(records.open_data_csv, key, revision),
        file_name="seguimiento_5w_hxl.csv",
        mime="text/csv",
        key=f"{prefix}.opendata",
        on_click="ignore",
        icon=":material/download:",
    )
