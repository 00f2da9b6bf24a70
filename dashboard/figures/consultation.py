"""Pure plotly builders for the consultation pages.

Frames and already-translated texts in, ``go.Figure`` out; no streamlit, no data access.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

BAR_COLOR = "#4c78a8"
STRONG_COLOR = "#1b7837"
WEAK_COLOR = "#bdbdbd"


def _layout(figure: go.Figure, *, height: int, x_title: str = "") -> go.Figure:
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        xaxis_title=x_title,
        plot_bgcolor="white",
        showlegend=False,
    )
    figure.update_xaxes(gridcolor="#eeeeee", zeroline=False)
    return figure


def combined_weights(
    table: pd.DataFrame, *, x_title: str, spread_name: str, weight_name: str
) -> go.Figure:
    """Horizontal bars of the combined weight per theme (%) with the voices' IQR as a line.

    ``table`` has ``label``, ``weight``, ``p25``, ``p75`` (0–1), in the round's order.
    """
    rows = table.iloc[::-1]
    figure = go.Figure()
    figure.add_bar(
        x=100 * rows["weight"],
        y=rows["label"],
        orientation="h",
        marker_color=BAR_COLOR,
        name=weight_name,
        hovertemplate="%{y}: %{x:.1f} %<extra></extra>",
    )
    for _, row in rows.iterrows():
        figure.add_scatter(
            x=[100 * row["p25"], 100 * row["p75"]],
            y=[row["label"], row["label"]],
            mode="lines+markers",
            line={"color": "#222222", "width": 3},
            marker={"symbol": "line-ns-open", "size": 12, "color": "#222222"},
            name=spread_name,
            hovertemplate=f"{spread_name}: %{{x:.1f}} %<extra></extra>",
        )
    return _layout(figure, height=80 + 42 * len(rows), x_title=x_title)


def participation_bars(table: pd.DataFrame, *, x_title: str) -> go.Figure:
    """Submissions per group (``label``, ``n``); groups nobody answered for show as 0."""
    rows = table.iloc[::-1]
    colors = [BAR_COLOR if n > 0 else WEAK_COLOR for n in rows["n"]]
    figure = go.Figure(
        go.Bar(
            x=rows["n"],
            y=rows["label"],
            orientation="h",
            marker_color=colors,
            text=rows["n"],
            textposition="outside",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    return _layout(figure, height=80 + 30 * len(rows), x_title=x_title)


def voices_pilot(table: pd.DataFrame, *, x_title: str, threshold: float = 0.8) -> go.Figure:
    """Share of voices under whose weights each territory is selected (``label``,
    ``p_selected``), with the strong-signal threshold marked."""
    rows = table.iloc[::-1]
    colors = [STRONG_COLOR if p >= threshold - 1e-12 else BAR_COLOR for p in rows["p_selected"]]
    figure = go.Figure(
        go.Bar(
            x=100 * rows["p_selected"],
            y=rows["label"],
            orientation="h",
            marker_color=colors,
            hovertemplate="%{y}: %{x:.0f} %<extra></extra>",
        )
    )
    figure.add_vline(x=100 * threshold, line_dash="dash", line_color=STRONG_COLOR)
    figure.update_xaxes(range=[0, 100])
    return _layout(figure, height=80 + 24 * len(rows), x_title=x_title)
