"""Bar, band and slope charts of the profile, prioritisation and comparison pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboard.figures.maps import HIGHLIGHT_COLOR, scale

BAND_COLOR = "#3b528b"
METHOD_COLOR = "#fdae61"


def contribution_bars(
    contributions: pd.Series, *, labels: Mapping[str, str] | None = None, axis_title: str = ""
) -> go.Figure:
    """Horizontal bars of each theme's contribution to a priority score."""
    data = contributions.dropna().sort_values()
    names = [(labels or {}).get(str(i), str(i)) for i in data.index]
    colors = sample_colorscale(scale("Viridis"), list(np.linspace(0.15, 0.85, max(len(data), 1))))
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
    method_low: str = "method_rank_min",
    method_high: str = "method_rank_max",
    selected: str | None = "selected",
    axis_title: str = "",
    band_label: str = "",
    method_label: str = "",
    selected_label: str = "",
    other_label: str = "",
) -> go.Figure:
    """Dot-and-whisker chart of every row of ``frame`` with its statistical band and,
    when the columns are there, the range across methods drawn apart (a thin line under
    the band). Selected rows are red; one row per territory, best rank on top."""
    data = frame.sort_values(rank).iloc[::-1]
    chosen = (
        data[selected].astype(bool).to_numpy()
        if selected and selected in data
        else np.zeros(len(data), bool)
    )
    figure = go.Figure()
    if method_low in data and data[method_low].notna().any():
        xs: list[float | None] = []
        ys: list[str | None] = []
        for label, a, b in zip(data[name], data[method_low], data[method_high], strict=True):
            if pd.notna(a) and pd.notna(b):
                xs += [float(a), float(b), None]
                ys += [str(label), str(label), None]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": METHOD_COLOR, "width": 7},
                opacity=0.55,
                name=method_label,
                hoverinfo="skip",
                showlegend=bool(method_label),
            )
        )
    for mask, color, label in (
        (~chosen, BAND_COLOR, other_label),
        (chosen, HIGHLIGHT_COLOR, selected_label),
    ):
        part = data[mask]
        if part.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=part[rank],
                y=part[name].astype(str),
                mode="markers",
                marker={"color": color, "size": 9},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": (part[high] - part[rank]).clip(lower=0).to_numpy(),
                    "arrayminus": (part[rank] - part[low]).clip(lower=0).to_numpy(),
                    "color": "#888888",
                    "thickness": 1.5,
                },
                name=label or band_label,
                showlegend=bool(label),
                hovertemplate="<b>%{y}</b><br>%{x}<extra></extra>",
            )
        )
    figure.update_layout(
        xaxis={"title": axis_title, "autorange": "reversed", "rangemode": "tozero"},
        yaxis={
            "automargin": True,
            "type": "category",
            "categoryorder": "array",
            "categoryarray": data[name].astype(str).tolist(),
        },
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        height=max(300, 20 * len(data) + 90),
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
    )
    return figure


def rank_changes(
    frame: pd.DataFrame, *, columns: Sequence[str], name: str = "name", axis_title: str = ""
) -> go.Figure:
    """Slope chart: each territory's rank in every scenario (lower is higher priority)."""
    figure = go.Figure()
    colors = sample_colorscale(scale("Viridis"), list(np.linspace(0, 0.9, max(len(frame), 1))))
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
        legend={"font": {"size": 10}, "orientation": "h", "y": -0.15},
    )
    return figure


def figure_json_size(figure: go.Figure) -> int:
    """Bytes of the JSON that streamlit sends to the browser for ``figure``."""
    return len(figure.to_json().encode("utf-8"))
