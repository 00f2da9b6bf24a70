"""Pure plotly builders for the Tendencias page: returnees by lens, and peaks never clipped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go

#: Okabe–Ito colours (colour-blind safe); the key segment gets vermilion, the others these.
KEY_COLOUR = "#D55E00"
COLOURS = ("#0072B2", "#009E73", "#CC79A7", "#E69F00")


def unclip(figure: go.Figure, values: Iterable[float], *, headroom: float = 0.08) -> go.Figure:
    """Give the y axis room above the highest value so that no peak or marker is cut.

    The range starts at 0 for counts (or below the lowest negative value) and ends
    ``headroom`` above the highest value; markers are drawn over the axis edge.
    """
    numbers = pd.Series(list(values), dtype="float64").dropna()
    if numbers.empty:
        return figure
    low, high = float(numbers.min()), float(numbers.max())
    span = (high - min(low, 0.0)) or abs(high) or 1.0
    bottom = min(low, 0.0) - (headroom * span if low < 0 else 0.0)
    figure.update_yaxes(range=[bottom, high + headroom * span], autorange=False)
    figure.update_traces(cliponaxis=False, selector={"type": "scatter"})
    figure.update_layout(margin={"t": 30})
    return figure


def returnee_lines(
    table: pd.DataFrame,
    *,
    labels: Mapping[str, str],
    key_segment: str,
    y_title: str,
    x_title: str,
) -> go.Figure:
    """One line per group (``period, group, persons``); the key segment thick and on top."""
    figure = go.Figure()
    groups = list(dict.fromkeys(table["group"]))
    ordered = [g for g in groups if g != key_segment] + [g for g in groups if g == key_segment]
    for position, group in enumerate(ordered):
        part = table[table["group"] == group].sort_values("period")
        key = group == key_segment
        figure.add_trace(
            go.Scatter(
                x=part["period"],
                y=part["persons"],
                mode="lines+markers",
                name=labels.get(group, group),
                line={
                    "width": 4 if key else 2,
                    "color": KEY_COLOUR if key else COLOURS[position % len(COLOURS)],
                },
                marker={"size": 8 if key else 5},
            )
        )
    figure.update_layout(
        xaxis_title=x_title,
        yaxis_title=y_title,
        height=400,
        legend={"orientation": "h", "y": -0.25},
        margin={"t": 30, "b": 40},
    )
    if pd.api.types.is_integer_dtype(table["period"]):  # years: 2020, 2021 — not «2,020.5»
        figure.update_xaxes(dtick=1, tickformat="d")
    return unclip(figure, table["persons"])
