"""Small UI fragments shared by pages: level picker, territory picker, map with its data
table and downloads. They only draw widgets and call :mod:`dashboard.data` /
:mod:`dashboard.figures`; no analysis happens here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache, partial
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from analysis.classify import SCHEMES
from analysis.errors import DataMissingError
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
        format_func=(lambda g: group_label(g) if g else compare_label)
        if compare_label
        else group_label,
        key=f"{prefix}.group.{lens}",
    )
    return lens, group or None


def group_label(group: str) -> str:
    """A lens group in the reader's language (departamento and other proper names stay)."""
    key = f"causas.group.{group}"
    text = state.t(key)
    return str(group) if text == key else text


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


def map_style(legend_title: str, **choices: Any) -> figures.MapStyle:
    """A map's style with the reader's-language texts (legend title, tooltip labels, the
    entry of territories without a value); ``choices`` are the other
    :class:`~dashboard.figures.MapStyle` fields (scheme, k, palette, reverse, highlight,
    highlight_label, height)."""
    if "highlight" in choices:
        choices["highlight"] = tuple(int(c) for c in choices["highlight"] or ())
    return figures.MapStyle(
        language=state.language(),
        legend_title=legend_title,
        hover_labels={
            "value": state.t("common.hover.value"),
            "rank": state.t("common.hover.rank"),
            "coverage": state.t("common.hover.coverage"),
        },
        missing_label=state.t("common.no_value"),
        **choices,
    )


def map_alt(level: str, legend_title: str) -> str:
    """What a map shows, in words, for a screen reader."""
    return state.t("common.map_alt", what=legend_title, level=state.t(f"common.level.{level}"))


def interactive_map(
    level: str, frame: pd.DataFrame, *, key: str, style: figures.MapStyle
) -> int | None:
    """Draw a clickable choropleth fitted to the country (any screen width), its legend
    below; return the code of the clicked territory (or ``None``).

    Pages call :func:`consume_click` with the same ``key`` before drawing, so that a click
    selects the territory for the whole session.
    """
    figure = figures.choropleth_map(data.geojson_source(level), frame, style)
    event = st.plotly_chart(
        figure,
        key=key,
        on_select="rerun",
        selection_mode="points",
        config={"displaylogo": False, "scrollZoom": True},
        alt=map_alt(level, style.legend_title),
    )
    return clicked_code(event)


def data_table(
    frame: pd.DataFrame,
    *,
    title_key: str = "common.data_table",
    expanded: bool = False,
    labels: Mapping[str, str] | None = None,
) -> None:
    """The table behind a map or chart, in an expander (readable without the picture),
    headers in the reader's language."""
    shown = data.people_table(frame, state.language(), labels)
    name = data.people_table(frame[[]].assign(name=""), state.language()).columns[0]
    with st.expander(state.t(title_key), expanded=expanded):
        st.dataframe(
            shown,
            width="stretch",
            # on a phone the name stays in view while the figures scroll
            column_config={name: st.column_config.TextColumn(name, pinned=True)}
            if name in shown
            else None,
        )


def downloads(
    frame: pd.DataFrame,
    *,
    name: str,
    key: str,
    level: str | None = None,
    scenario_hash: str | None = None,
    image: tuple | None = None,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Download buttons for ``frame`` (CSV, XLSX, GeoJSON when ``level``) and an image.

    ``name`` is the file name without extension (it should name the indicator and its
    unit); ``labels`` gives column headers beyond the known ones (e.g. the value column's
    indicator and unit). ``image`` is ``(callable, args)`` producing PNG/SVG bytes through
    :mod:`dashboard.data`. Every file is generated only when its button is clicked
    (deferred callables), so a rerun never pays for exports nobody asked for.
    """
    language = state.language()
    stamp = data.stamp(scenario_hash, language)
    st.caption(state.t("common.downloads") + " · " + stamp)
    file = data.file_stem(name)
    buttons = [
        (
            state.t("common.download_csv"),
            partial(data.csv_bytes, frame, stamp, language, labels),
            "csv",
            "text/csv",
            ":material/download:",
        ),
        (
            state.t("common.download_xlsx"),
            partial(data.xlsx_bytes, frame, stamp, language, labels),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ":material/download:",
        ),
    ]
    if level:
        buttons.append(
            (
                state.t("common.download_geojson"),
                partial(data.geojson_bytes, level, frame, stamp),
                "geojson",
                "application/geo+json",
                ":material/download:",
            )
        )
    if image is not None:
        render, args = image
        buttons += [
            (state.t("common.download_png"), partial(render, *args, stamp, "png"), "png",
             "image/png", ":material/image:"),
            (state.t("common.download_svg"), partial(render, *args, stamp, "svg"), "svg",
             "image/svg+xml", ":material/image:"),
        ]  # fmt: skip
    # three buttons a row: each label fits its button at any width ("GeoJSON", not "Ge…")
    for start in range(0, len(buttons), 3):
        columns = st.columns(3)
        for column, (label, payload, extension, mime, icon) in zip(
            columns, buttons[start : start + 3], strict=False
        ):
            column.download_button(
                label,
                payload,
                file_name=f"{file}.{extension}",
                mime=mime,
                key=f"{key}.{extension}",
                on_click="ignore",
                icon=icon,
                width="stretch",
            )


FIT_SCRIPT = Path(__file__).with_name("fit_maps.js")


@cache
def _fit_script() -> str:
    return FIT_SCRIPT.read_text(encoding="utf-8")


@cache
def _chart_modules() -> tuple[str, ...]:
    # Streamlit's own chart code, under the content-hashed names of the installed version.
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    return tuple(sorted(f"./static/js/{p.name}" for p in folder.glob("PlotlyChart.*.js")))


def fit_maps(*, preload_charts: bool = True) -> None:
    """Load the browser script that fits every map to its territories on any screen, and
    ask the browser for what the page's charts and maps will need.

    Maps built with :data:`dashboard.figures.FIT_VIEW` ask plotly to fit the territories
    drawn, which plotly does not do for choropleths; the script does it for the map's
    actual width and height (a 390 px phone shows the whole country too). Called once
    per run by the frame.

    The browser otherwise requests Streamlit's plotly code (≈4.7 MB) only when a page's
    first chart arrives, and the municipal boundaries only when a map is drawn: both are
    requested here, at the start of the run, so that they download and compile while the
    page computes (``modulepreload``/``preload``; cached by the browser after the first
    visit). Measured on a fresh start: about one second less on a chart page
    (``benchmarks/bench_pages.py``). The chart code's file name is read from the installed
    Streamlit; none found, nothing is preloaded. ``preload_charts=False`` on a page that
    draws no plotly chart (``plotly=False`` in its ``dashboard/app.py`` ``PAGES`` entry: the
    overview), where it would only compete with the map.
    """
    modules = _chart_modules() if preload_charts else ()
    links = [f'<link rel="modulepreload" href="{href}">' for href in modules]
    try:
        boundaries = data.geojson_source("municipio")
    except DataMissingError:  # no build yet: the frame says so, there is nothing to fetch
        boundaries = None
    if isinstance(boundaries, str):  # a URL the maps fetch (once, then from the cache)
        links.append(f'<link rel="preload" as="fetch" crossorigin="anonymous" href="{boundaries}">')
    st.html("".join(links) + f"<script>{_fit_script()}</script>", unsafe_allow_javascript=True)
