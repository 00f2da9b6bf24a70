"""Pure plotly figure builders: frames in, ``go.Figure`` out; no streamlit, no data access.

Every builder takes its texts (titles, units, hover labels) as arguments so that it stays
language-neutral; pages pass strings from :mod:`dashboard.i18n` and the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from analysis.classify import classify

PALETTES: tuple[str, ...] = (
    "Viridis",
    "Cividis",
    "Plasma",
)  # colour-blind safe, monotone lightness
MISSING_COLOR = "#d9d9d9"
HIGHLIGHT_COLOR = "#d62728"
GUATEMALA_CENTER = {"lat": 15.72, "lon": -90.35}
# A map style with no tile source: the map renders offline, in tests and on slow links.
BLANK_STYLE = "white-bg"


def format_number(value: float | None, language: str = "es", decimals: int | None = None) -> str:
    """Number written for a reader: thin-space thousands and decimal comma in Spanish.

    Examples
    --------
    >>> format_number(12345.678, "es")
    '12\u2009346'
    >>> format_number(0.5604, "en")
    '0.560'
    >>> format_number(float("nan"))
    '–'
    """
    if value is None or not np.isfinite(value):
        return "–"
    if decimals is None:
        magnitude = abs(value)
        decimals = 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2 if magnitude >= 1 else 3
    text = f"{value:,.{decimals}f}"
    if language == "en":
        return text
    return text.replace(",", "\u2009").replace(".", ",")


def legend_labels(
    breaks: np.ndarray, minimum: float, language: str = "es", decimals: int | None = None
) -> list[str]:
    """Readable range label of each class: ``"0,12 – 0,35"``."""
    labels = []
    lower = minimum
    for upper in breaks:
        labels.append(
            f"{format_number(lower, language, decimals)} – {format_number(float(upper), language, decimals)}"
        )
        lower = float(upper)
    return labels


def _discrete_colorscale(colors: Sequence[str]) -> list[list]:
    """Step colour scale for integer z in 0 … n-1 (each class one flat colour)."""
    n = len(colors)
    scale: list[list] = []
    for i, color in enumerate(colors):
        scale.append([i / n, color])
        scale.append([(i + 1) / n, color])
    return scale


def choropleth_map(
    geojson: Mapping | str,
    frame: pd.DataFrame,
    *,
    value: str = "value",
    name: str = "name",
    scheme: str = "quantiles",
    k: int = 5,
    palette: str = "Viridis",
    reverse: bool = False,
    language: str = "es",
    legend_title: str = "",
    hover_labels: Mapping[str, str] | None = None,
    missing_label: str = "sin dato",
    highlight: Sequence[int] | None = None,
    height: int = 560,
    zoom: float | None = None,
    uirevision: str | None = "map",
) -> go.Figure:
    """Classed choropleth (MapLibre) of one value per territory.

    Parameters
    ----------
    geojson
        FeatureCollection whose features have ``id`` = territory code, or the URL of one.
    frame
        Indexed by territory code; holds ``name``, ``value`` and optional ``rank_text`` and
        ``coverage_text`` columns shown on hover.
    scheme, k
        Classification (see :func:`classify`).
    palette
        A plotly sequential scale name (``Viridis``, ``Cividis`` …).
    reverse
        Flip the palette so that darker always means more need.
    legend_title
        Title of the legend, with the unit.
    hover_labels
        Texts for ``value``, ``rank`` and ``coverage`` in the tooltip.
    highlight
        Codes outlined in red (the selected territory or pilot set).
    zoom
        MapLibre zoom; by default the one that fits the country in ``height`` on a wide
        column (pass a smaller one for a narrow column).

    Returns
    -------
    plotly.graph_objects.Figure
        One trace for territories with data (``customdata[0]`` = code, used by click
        selection), one for territories without data, one for the outline of ``highlight``.
    """
    labels = {"value": "Valor", "rank": "Posición", "coverage": "Cobertura", **(hover_labels or {})}
    codes = frame.index.to_numpy()
    values = pd.to_numeric(frame[value], errors="coerce").to_numpy(dtype=float)
    breaks, classes = classify(values, scheme, k)
    present = classes >= 0
    n_classes = max(len(breaks), 1)
    positions = np.linspace(0.0, 1.0, n_classes) if n_classes > 1 else [0.5]
    scale_name = palette + ("_r" if reverse else "")
    colors = sample_colorscale(_scale(scale_name), list(positions))
    names = frame[name].astype(str).to_numpy()
    value_text = [format_number(v, language) for v in values]
    rank_text = (
        frame["rank_text"].astype(str).to_numpy() if "rank_text" in frame else [""] * len(frame)
    )
    coverage_text = (
        frame["coverage_text"].astype(str).to_numpy()
        if "coverage_text" in frame
        else [""] * len(frame)
    )
    customdata = np.column_stack([codes, names, value_text, rank_text, coverage_text])
    hovertemplate = (
        "<b>%{customdata[1]}</b><br>"
        f"{labels['value']}: %{{customdata[2]}}<br>"
        f"{labels['rank']}: %{{customdata[3]}}<br>"
        f"{labels['coverage']}: %{{customdata[4]}}<extra></extra>"
    )

    def subset(wanted: np.ndarray) -> Mapping | str:
        # Secondary traces carry only their own features: the full GeoJSON once per figure.
        if isinstance(geojson, str):
            return geojson  # a URL: the browser fetches it once and caches it
        keep = set(codes[wanted].tolist())
        return {
            "type": "FeatureCollection",
            "features": [f for f in geojson["features"] if f.get("id") in keep],
        }

    figure = go.Figure()
    if present.any():
        tick_labels = legend_labels(breaks, float(np.nanmin(values[present])), language)
        figure.add_trace(
            go.Choroplethmap(
                geojson=geojson,
                locations=codes[present],
                z=classes[present],
                zmin=-0.5,
                zmax=n_classes - 0.5,
                colorscale=_discrete_colorscale(colors),
                customdata=customdata[present],
                hovertemplate=hovertemplate,
                marker={"line": {"width": 0.4, "color": "white"}, "opacity": 0.92},
                colorbar={
                    "title": {"text": legend_title, "side": "top"},
                    "tickvals": list(range(n_classes)),
                    "ticktext": tick_labels,
                    "len": 0.75,
                    "thickness": 16,
                    "x": 1.0,
                    "xanchor": "left",
                },
                name="",
            )
        )
    if (~present).any():
        figure.add_trace(
            go.Choroplethmap(
                geojson=subset(~present),
                locations=codes[~present],
                z=np.zeros(int((~present).sum())),
                colorscale=[[0, MISSING_COLOR], [1, MISSING_COLOR]],
                showscale=False,
                customdata=customdata[~present],
                hovertemplate=f"<b>%{{customdata[1]}}</b><br>{missing_label}<extra></extra>",
                marker={"line": {"width": 0.4, "color": "white"}},
                name=missing_label,
            )
        )
    if highlight:
        wanted = np.isin(codes, np.asarray(list(highlight), dtype=codes.dtype))
        if wanted.any():
            figure.add_trace(
                go.Choroplethmap(
                    geojson=subset(wanted),
                    locations=codes[wanted],
                    z=np.zeros(int(wanted.sum())),
                    colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                    showscale=False,
                    customdata=customdata[wanted],
                    hovertemplate=hovertemplate,
                    marker={"line": {"width": 2.5, "color": HIGHLIGHT_COLOR}},
                    name="",
                )
            )
    figure.update_layout(
        # the zoom that fits Guatemala's ≈4.5° × 4.5° in the map's height
        map={
            "style": BLANK_STYLE,
            "center": GUATEMALA_CENTER,
            "zoom": zoom if zoom is not None else 5.6 + float(np.log2(height / 360)),
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
        showlegend=False,
        uirevision=uirevision,
        clickmode="event+select",
        dragmode=False,
    )
    return figure


def _scale(name: str) -> list:
    """Plotly sequential scale by name, ``_r`` suffix reversing it."""
    import plotly.colors as pc

    reverse = name.endswith("_r")
    base = name[:-2] if reverse else name
    scale = getattr(pc.sequential, base)
    return list(reversed(scale)) if reverse else list(scale)


def percentile_bars(
    frame: pd.DataFrame,
    *,
    label: str = "label",
    percentile: str = "percentile",
    theme: str = "theme_label",
    axis_title: str = "",
    height: int | None = None,
) -> go.Figure:
    """Horizontal bars of each indicator's national percentile (100 = most need)."""
    data = frame.dropna(subset=[percentile]).iloc[::-1]
    colors = sample_colorscale(
        _scale("Cividis"), list(np.clip(data[percentile].to_numpy() / 100, 0, 1))
    )
    figure = go.Figure(
        go.Bar(
            x=data[percentile],
            y=data[label],
            orientation="h",
            marker={"color": colors},
            customdata=data[[theme]].to_numpy() if theme in data else None,
            hovertemplate="<b>%{y}</b><br>%{x:.0f}<extra>%{customdata[0]}</extra>"
            if theme in data
            else "<b>%{y}</b><br>%{x:.0f}<extra></extra>",
        )
    )
    figure.add_vline(x=50, line_dash="dot", line_color="#666666")
    figure.update_layout(
        xaxis={"range": [0, 100], "title": axis_title},
        yaxis={"automargin": True},
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        height=height or max(260, 22 * len(data) + 60),
    )
    return figure


def contribution_bars(
    contributions: pd.Series, *, labels: Mapping[str, str] | None = None, axis_title: str = ""
) -> go.Figure:
    """Horizontal bars of each theme's contribution to a priority score."""
    data = contributions.dropna().sort_values()
    names = [(labels or {}).get(str(i), str(i)) for i in data.index]
    colors = sample_colorscale(_scale("Viridis"), list(np.linspace(0.15, 0.85, max(len(data), 1))))
    figure = go.Figure(
        go.Bar(
            x=data.to_numpy(),
            y=names,
            orientation="h",
            marker={"color": colors[: len(data)]},
            hovertemplate="<b>%{y}</b><br>%{x:.1f}<extra></extra>",
        )
    )
    figure.update_layout(
        xaxis={"title": axis_title},
        yaxis={"automargin": True},
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        height=max(220, 34 * len(data) + 60),
    )
    return figure


def rank_bands(
    frame: pd.DataFrame,
    *,
    name: str = "name",
    rank: str = "rank",
    low: str = "rank_low",
    high: str = "rank_high",
    selected: str | None = "selected",
    axis_title: str = "",
    top: int = 30,
) -> go.Figure:
    """Dot-and-whisker chart of the first ``top`` ranks with their uncertainty bands."""
    data = frame.sort_values(rank).head(top).iloc[::-1]
    chosen = (
        data[selected].astype(bool).to_numpy()
        if selected and selected in data
        else np.zeros(len(data), bool)
    )
    colors = np.where(chosen, HIGHLIGHT_COLOR, "#3b528b")
    figure = go.Figure(
        go.Scatter(
            x=data[rank],
            y=data[name],
            mode="markers",
            marker={"color": colors, "size": 9},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (data[high] - data[rank]).clip(lower=0).to_numpy(),
                "arrayminus": (data[rank] - data[low]).clip(lower=0).to_numpy(),
                "color": "#888888",
                "thickness": 1.5,
            },
            hovertemplate="<b>%{y}</b><br>%{x}<extra></extra>",
        )
    )
    figure.update_layout(
        xaxis={"title": axis_title, "autorange": "reversed", "rangemode": "tozero"},
        yaxis={"automargin": True, "type": "category"},
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        height=max(300, 20 * len(data) + 70),
    )
    return figure


def rank_changes(
    frame: pd.DataFrame, *, columns: Sequence[str], name: str = "name", axis_title: str = ""
) -> go.Figure:
    """Slope chart: each territory's rank in every scenario (lower is higher priority)."""
    figure = go.Figure()
    colors = sample_colorscale(_scale("Viridis"), list(np.linspace(0, 0.9, max(len(frame), 1))))
    for (_, row), color in zip(frame.iterrows(), colors, strict=False):
        figure.add_trace(
            go.Scatter(
                x=list(columns),
                y=[row[c] for c in columns],
                mode="lines+markers",
                name=str(row[name]),
                line={"color": color},
                hovertemplate=f"<b>{row[name]}</b><br>%{{x}}: %{{y}}<extra></extra>",
            )
        )
    figure.update_layout(
        yaxis={"title": axis_title, "autorange": "reversed"},
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        height=520,
        legend={"font": {"size": 10}},
    )
    return figure


def figure_json_size(figure: go.Figure) -> int:
    """Bytes of the JSON that streamlit sends to the browser for ``figure``."""
    return len(figure.to_json().encode("utf-8"))
