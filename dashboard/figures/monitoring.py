"""Pure plotly builders for the monitoring pages (need against response, progress,
coordination, MMM functioning).

Same contract as :mod:`dashboard.figures`: frames and texts in, ``go.Figure`` out; no
streamlit, no data access. Texts (titles, legends, category names) come from the page,
already translated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.causes import GROUP_COLORS, category_map

#: 3 × 3 bivariate palette (Stevens' pink–blue): need rises to the purple-red, response to
#: the blue; «alta · sin» (high need, no response) is the strongest pink.
NEED_RESPONSE_COLORS: dict[str, str] = {
    "alta-sin": "#be64ac",
    "alta-poca": "#8c62aa",
    "alta-con": "#3b4994",
    "media-sin": "#dfb0d6",
    "media-poca": "#a5add3",
    "media-con": "#5698b9",
    "baja-sin": "#e8e8e8",
    "baja-poca": "#ace4e4",
    "baja-con": "#5ac8c8",
}
NEED_RESPONSE_ORDER: tuple[str, ...] = tuple(NEED_RESPONSE_COLORS)
PLANNED_COLOR = "#9ecae1"
EXECUTED_COLOR = "#08519c"
POPULATION_COLOR = "#bdbdbd"
REACHED_COLOR = "#0072B2"


def _layout(figure: go.Figure, *, height: int, x_title: str = "", y_title: str = "") -> go.Figure:
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        xaxis={"title": x_title},
        yaxis={"title": y_title, "automargin": True},
        legend={"orientation": "h", "y": -0.18},
    )
    return figure


def need_response_map(
    geojson: Mapping | str,
    frame: pd.DataFrame,
    *,
    display: Mapping[str, str],
    legend_title: str,
    detail: str = "detail",
    height: int = 560,
) -> go.Figure:
    """Bivariate map: priority band × response (no, few, some actions) per territory.

    ``frame`` is indexed by code with ``name``, ``category`` (``"<band>-<response>"``, see
    :data:`NEED_RESPONSE_ORDER`) and a ``detail`` hover line (rank, actions).
    """
    return category_map(
        geojson,
        frame,
        category="category",
        order=NEED_RESPONSE_ORDER,
        colors=[NEED_RESPONSE_COLORS[c] for c in NEED_RESPONSE_ORDER],
        display=display,
        detail=detail,
        legend_title=legend_title,
        height=height,
    )


def stacked_bars(
    table: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    x_title: str = "",
    colors: Sequence[str] = GROUP_COLORS,
) -> go.Figure:
    """Horizontal stacked bars: one bar per row of ``table``, one segment per column."""
    figure = go.Figure()
    rows = [str(i) for i in table.index][::-1]
    for index, column in enumerate(table.columns):
        figure.add_trace(
            go.Bar(
                y=rows,
                x=table[column].to_numpy()[::-1],
                orientation="h",
                name=(labels or {}).get(str(column), str(column)),
                marker={"color": colors[index % len(colors)]},
                hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
            )
        )
    figure.update_layout(barmode="stack", legend={"traceorder": "normal"})
    return _layout(figure, height=max(240, 28 * len(rows) + 110), x_title=x_title)


def planned_executed_bars(
    table: pd.DataFrame, *, planned_label: str, executed_label: str, x_title: str = ""
) -> go.Figure:
    """Planned against executed budget, side by side, one pair per row (index = label)."""
    rows = [str(i) for i in table.index][::-1]
    figure = go.Figure(
        [
            go.Bar(
                y=rows,
                x=table["planned"].to_numpy()[::-1],
                orientation="h",
                name=planned_label,
                marker={"color": PLANNED_COLOR},
                hovertemplate="%{y}: Q %{x:,.0f}<extra>" + planned_label + "</extra>",
            ),
            go.Bar(
                y=rows,
                x=table["executed"].to_numpy()[::-1],
                orientation="h",
                name=executed_label,
                marker={"color": EXECUTED_COLOR},
                hovertemplate="%{y}: Q %{x:,.0f}<extra>" + executed_label + "</extra>",
            ),
        ]
    )
    figure.update_layout(barmode="group")
    return _layout(figure, height=max(240, 40 * len(rows) + 110), x_title=x_title)


def reach_against_population_bars(
    table: pd.DataFrame,
    *,
    group_labels: Mapping[str, str],
    reached_label: str,
    population_label: str,
    x_title: str = "",
) -> go.Figure:
    """Share of people reached per group beside the population share (where known)."""
    rows = [group_labels.get(str(g), str(g)) for g in table["group"]][::-1]
    figure = go.Figure(
        [
            go.Bar(
                y=rows,
                x=table["share"].to_numpy()[::-1],
                orientation="h",
                name=reached_label,
                marker={"color": REACHED_COLOR},
                hovertemplate="%{y}: %{x:.0%}<extra>" + reached_label + "</extra>",
            ),
            go.Bar(
                y=rows,
                x=table["population_share"].to_numpy()[::-1],
                orientation="h",
                name=population_label,
                marker={"color": POPULATION_COLOR},
                hovertemplate="%{y}: %{x:.0%}<extra>" + population_label + "</extra>",
            ),
        ]
    )
    figure.update_layout(barmode="group", xaxis={"tickformat": ".0%", "range": [0, 1]})
    return _layout(figure, height=max(220, 46 * len(rows) + 100), x_title=x_title)


def results_chart(
    table: pd.DataFrame,
    *,
    baseline_label: str,
    target_label: str,
    latest_label: str,
    x_title: str = "",
) -> go.Figure:
    """Each indicator's progress from baseline (0) to target (1), latest value as a dot."""
    rows = [str(n) for n in table["name"]][::-1]
    progress = pd.to_numeric(table["progress"], errors="coerce").to_numpy(dtype=float)[::-1]
    figure = go.Figure(
        [
            go.Scatter(
                x=[0.0] * len(rows),
                y=rows,
                mode="markers",
                name=baseline_label,
                marker={"symbol": "line-ns-open", "size": 18, "color": "#636363"},
                hoverinfo="skip",
            ),
            go.Scatter(
                x=[1.0] * len(rows),
                y=rows,
                mode="markers",
                name=target_label,
                marker={"symbol": "star", "size": 13, "color": "#E69F00"},
                hoverinfo="skip",
            ),
            go.Scatter(
                x=progress,
                y=rows,
                mode="markers",
                name=latest_label,
                marker={"size": 12, "color": REACHED_COLOR},
                hovertemplate="%{y}: %{x:.0%}<extra></extra>",
            ),
        ]
    )
    finite = progress[np.isfinite(progress)]
    low = min(-0.1, float(finite.min()) - 0.1) if finite.size else -0.1
    high = max(1.1, float(finite.max()) + 0.1) if finite.size else 1.1
    figure.update_layout(xaxis={"tickformat": ".0%", "range": [low, high]})
    return _layout(figure, height=max(220, 36 * len(rows) + 110), x_title=x_title)


def coordination_heatmap(matrix: pd.DataFrame, *, hover_label: str) -> go.Figure:
    """Institution × institution matrix of joint actions (symmetric)."""
    figure = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=[str(c) for c in matrix.columns],
            y=[str(i) for i in matrix.index],
            colorscale="Blues",
            hovertemplate="%{y} · %{x}<br>" + hover_label + ": %{z}<extra></extra>",
            showscale=True,
        )
    )
    figure.update_layout(
        height=max(300, 34 * len(matrix) + 140),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"automargin": True, "side": "top"},
    )
    return figure


def coordination_network(pairs: pd.DataFrame, *, hover_label: str) -> go.Figure:
    """Institutions on a circle, joined by lines as thick as their joint actions."""
    names = sorted(set(pairs["name_a"]) | set(pairs["name_b"]))
    angle = {n: 2 * np.pi * i / max(len(names), 1) for i, n in enumerate(names)}
    position = {n: (float(np.cos(a)), float(np.sin(a))) for n, a in angle.items()}
    figure = go.Figure()
    widest = float(pairs["actions"].max()) if len(pairs) else 1.0
    for row in pairs.itertuples():
        (x0, y0), (x1, y1) = position[row.name_a], position[row.name_b]
        figure.add_trace(
            go.Scatter(
                x=[x0, x1],
                y=[y0, y1],
                mode="lines",
                line={"width": 1 + 7 * float(row.actions) / widest, "color": "#6baed6"},
                hoverinfo="text",
                text=f"{row.name_a} · {row.name_b}: {hover_label} {row.actions}",
                showlegend=False,
            )
        )
    figure.add_trace(
        go.Scatter(
            x=[position[n][0] for n in names],
            y=[position[n][1] for n in names],
            mode="markers+text",
            text=names,
            textposition="top center",
            marker={"size": 16, "color": "#08519c"},
            hoverinfo="text",
            showlegend=False,
        )
    )
    figure.update_layout(
        height=460,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"visible": False, "range": [-1.4, 1.4]},
        yaxis={"visible": False, "range": [-1.45, 1.45], "scaleanchor": "x"},
    )
    return figure


def coverage_heatmap(
    table: pd.DataFrame, themes: Sequence[str], *, theme_labels: Mapping[str, str], hover_label: str
) -> go.Figure:
    """Pilot territories × themes: actions on each cause (0 = not covered, white)."""
    z = table[list(themes)].to_numpy(dtype=float)
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[theme_labels.get(t, t) for t in themes],
            y=[str(n) for n in table["name"]],
            colorscale=[[0, "#ffffff"], [0.0001, "#c6dbef"], [1, "#08519c"]],
            zmin=0,
            text=z.astype(int).astype(str),
            texttemplate="%{text}",
            hovertemplate="%{y} · %{x}<br>" + hover_label + ": %{z}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    figure.update_layout(
        height=max(260, 26 * len(table) + 120),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"side": "top", "automargin": True},
    )
    return figure


def simple_bars(
    labels: Sequence[str], values: Sequence[float], *, x_title: str = "", percent: bool = False
) -> go.Figure:
    """Plain horizontal bars (attendance rate by sector, agreements by timeliness)."""
    figure = go.Figure(
        go.Bar(
            y=list(labels)[::-1],
            x=list(values)[::-1],
            orientation="h",
            marker={"color": REACHED_COLOR},
            hovertemplate="%{y}: %{x" + (":.0%" if percent else "") + "}<extra></extra>",
        )
    )
    if percent:
        figure.update_layout(xaxis={"tickformat": ".0%", "range": [0, 1]})
    return _layout(figure, height=max(200, 30 * len(labels) + 90), x_title=x_title)
