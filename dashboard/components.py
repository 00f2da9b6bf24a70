"""Small UI fragments shared by pages: level picker, territory picker, map with its data
table and downloads. They only draw widgets and call :mod:`dashboard.data` /
:mod:`dashboard.figures`; no analysis happens here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import pandas as pd
import streamlit as st

from analysis.classify import SCHEMES
from dashboard import data, figures, state


def level_picker(key: str = state.LEVEL, horizontal: bool = True) -> str:
    """Radio for ``municipio`` / ``departamento``; returns the chosen level."""
    return st.radio(
        state.t("common.level"),
        options=list(data.LEVELS),
        format_func=lambda level: state.t(f"common.level.{level}"),
        horizontal=horizontal,
        key=key,
    )


def classification_pickers(prefix: str) -> tuple[str, int, str]:
    """Classification scheme, number of classes and palette, side by side."""
    left, middle, right = st.columns(3)
    scheme = left.selectbox(
        state.t("common.classification"),
        options=list(SCHEMES),
        format_func=lambda s: state.t(f"common.classification.{s}"),
        key=f"{prefix}.scheme",
    )
    k = middle.slider(state.t("common.classes"), 3, 7, 5, key=f"{prefix}.k")
    palette = right.selectbox(
        state.t("common.palette"), list(figures.PALETTES), key=f"{prefix}.palette"
    )
    return scheme, int(k), palette


def lens_picker(
    prefix: str,
    lenses: Sequence[str] = ("etnia", "pueblo", "area", "departamento"),
    *,
    compare_label: str | None = None,
) -> tuple[str | None, str | None]:
    """Disaggregation lens and group, side by side (``(None, None)`` = all municipios).

    With ``compare_label`` the group list starts with an empty choice shown under that
    label, meaning "compare every group" rather than keep one.
    """
    left, right = st.columns(2)
    lens = left.selectbox(
        state.t("causas.lens"),
        ["", *lenses],
        format_func=lambda x: state.t(f"causas.lens.{x or 'all'}"),
        key=f"{prefix}.lens",
    )
    if not lens:
        return None, None
    groups = list(data.lens_groups(lens))
    options = ["", *groups] if compare_label else groups
    group = right.selectbox(
        state.t("causas.group"),
        options,
        format_func=(lambda g: g or compare_label) if compare_label else str,
        key=f"{prefix}.group.{lens}",
    )
    return lens, group or None


def territory_picker(level: str, key: str, label: str | None = None) -> int | None:
    """Selectbox of territories sorted by name; preselects the session's territory."""
    names = data.territory_names(level).sort_values()
    options = names.index.tolist()
    chosen = state.selected_territory()
    index = (
        options.index(chosen[1]) if chosen and chosen[0] == level and chosen[1] in options else None
    )
    code = st.selectbox(
        label or state.t("common.pick_territory"),
        options=options,
        index=index,
        format_func=lambda c: f"{names[c]} · {c}",
        key=key,
        placeholder="…",
    )
    if code is not None:
        state.select_territory(level, int(code))
    return code


def clicked_code(event) -> int | None:
    """Territory code of the first point of a plotly selection event, if any."""
    try:
        points = (
            event.selection.points if hasattr(event, "selection") else event["selection"]["points"]
        )
    except (KeyError, TypeError, AttributeError):
        return None
    for point in points or []:
        custom = point.get("customdata")
        if custom:
            return int(float(custom[0]))
        location = point.get("location")
        if location is not None:
            return int(location)
    return None


def consume_click(map_key: str, level: str, picker_key: str | None = None) -> int | None:
    """Territory clicked on the map ``map_key`` in the last interaction, if any.

    Called *before* the map and the territory picker are drawn, so that the click is
    remembered for every page, outlined on this very run and shown in the picker.
    """
    code = clicked_code(st.session_state.get(map_key))
    seen = map_key + ".seen"
    # The selection stays in the chart's state on later reruns: act only on a new click.
    if code is None or st.session_state.get(seen) == code:
        return None
    st.session_state[seen] = code
    state.select_territory(level, code)
    if picker_key:
        st.session_state[picker_key] = code
    return code


def selected_codes(level: str) -> list[int] | None:
    """The session's selected territory at ``level`` as a highlight list, or ``None``."""
    chosen = state.selected_territory()
    return [chosen[1]] if chosen and chosen[0] == level else None


def interactive_map(
    level: str,
    frame: pd.DataFrame,
    *,
    key: str,
    legend_title: str,
    scheme: str,
    k: int,
    palette: str,
    reverse: bool,
    what: str,
    highlight: Sequence[int] | None = None,
    height: int = 560,
    zoom: float | None = None,
) -> int | None:
    """Draw a clickable choropleth; return the code of the clicked territory (or ``None``).

    Pages call :func:`consume_click` with the same ``key`` before drawing, so that a click
    selects the territory for the whole session.
    """
    figure = figures.choropleth_map(
        data.geojson_source(level),
        frame,
        scheme=scheme,
        k=k,
        palette=palette,
        reverse=reverse,
        language=state.language(),
        legend_title=legend_title,
        hover_labels={
            "value": state.t("common.hover.value"),
            "rank": state.t("common.hover.rank"),
            "coverage": state.t("common.hover.coverage"),
        },
        missing_label=state.t("common.no_value"),
        highlight=highlight,
        height=height,
        zoom=zoom,
    )
    event = st.plotly_chart(
        figure,
        key=key,
        on_select="rerun",
        selection_mode="points",
        config={"displaylogo": False, "scrollZoom": True},
        alt=state.t("common.map_alt", what=legend_title, level=state.t(f"common.level.{level}")),
    )
    return clicked_code(event)


def data_table(
    frame: pd.DataFrame, *, title_key: str = "common.data_table", expanded: bool = False
) -> None:
    """The table behind a map or chart, in an expander (readable without the picture)."""
    with st.expander(state.t(title_key), expanded=expanded):
        st.dataframe(frame, width="stretch")


def downloads(
    frame: pd.DataFrame,
    *,
    name: str,
    key: str,
    level: str | None = None,
    scenario_hash: str | None = None,
    image: tuple | None = None,
) -> None:
    """Download buttons for ``frame`` (CSV, XLSX, GeoJSON when ``level``) and an image.

    ``image`` is ``(callable, args)`` producing PNG/SVG bytes through :mod:`dashboard.data`.
    Every file is generated only when its button is clicked (deferred callables), so a
    rerun never pays for exports nobody asked for.
    """
    stamp = data.stamp(scenario_hash)
    st.caption(state.t("common.downloads") + " · " + stamp)
    columns = st.columns(5)
    columns[0].download_button(
        state.t("common.download_csv"),
        partial(data.csv_bytes, frame, stamp),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{key}.csv",
        on_click="ignore",
        icon=":material/download:",
    )
    columns[1].download_button(
        state.t("common.download_xlsx"),
        partial(data.xlsx_bytes, frame, stamp),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}.xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    if level:
        columns[2].download_button(
            state.t("common.download_geojson"),
            partial(data.geojson_bytes, level, frame, stamp),
            file_name=f"{name}.geojson",
            mime="application/geo+json",
            key=f"{key}.geojson",
            on_click="ignore",
            icon=":material/download:",
        )
    if image is not None:
        render, args = image
        columns[3].download_button(
            state.t("common.download_png"),
            partial(render, *args, stamp, "png"),
            file_name=f"{name}.png",
            mime="image/png",
            key=f"{key}.png",
            on_click="ignore",
            icon=":material/image:",
        )
        columns[4].download_button(
            state.t("common.download_svg"),
            partial(render, *args, stamp, "svg"),
            file_name=f"{name}.svg",
            mime="image/svg+xml",
            key=f"{key}.svg",
            on_click="ignore",
            icon=":material/image:",
        )
