"""Pure plotly builders for the causes pages (spatial patterns, typologies, factors, trends).

Same contract as :mod:`dashboard.figures`: frames and texts in, ``go.Figure`` out; no
streamlit, no data access. Kept in its own file so the causes pages do not compete with
the other pages for edits to ``figures.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import BLANK_STYLE, GUATEMALA_CENTER, MISSING_COLOR, _discrete_colorscale

#: LISA cluster colours (GeoDa convention): hot spots red, cold spots blue, outliers pale.
CLUSTER_COLORS: dict[str, str] = {
    "alto-alto": "#d7191c",
    "bajo-bajo": "#2c7bb6",
    "alto-bajo": "#fdae61",
    "bajo-alto": "#abd9e9",
    "no significativo": MISSING_COLOR,
}
#: Qualitative, colour-blind-safe palette (Okabe–Ito) for typology groups and regions.
GROUP_COLORS: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#999999",
)
RESIDUAL_COLORS: tuple[str, str, str] = ("#b2182b", "#f7f7f7", "#2166ac")


def category_map(
    geojson: Mapping | str,
    frame: pd.DataFrame,
    *,
    category: str,
    order: Sequence[str],
    colors: Sequence[str],
    display: Mapping[str, str] | None = None,
    name: str = "name",
    detail: str | None = None,
    legend_title: str = "",
    height: int = 560,
) -> go.Figure:
    """Choropleth of a categorical column (clusters, groups, residual classes).

    Parameters
    ----------
    geojson
        FeatureCollection with feature ``id`` = code, or its URL.
    frame
        Indexed by code; holds ``name`` and ``category`` (values among ``order``).
    order
        Categories in legend order; ``colors`` gives one colour each.
    display
        Category → text shown in legend and hover (default the category itself).
    detail
        Optional column with one more line of hover text.
    """
    display = dict(display or {})
    # The colour bar grows upwards: number from the top so the legend reads in ``order``.
    top = len(order) - 1
    position = {value: top - i for i, value in enumerate(order)}
    known = frame[category].isin(position)
    shown = frame[known]
    z = shown[category].map(position).to_numpy(dtype=float)
    labels = [display.get(value, str(value)) for value in order]
    texts = shown[category].map(lambda value: display.get(value, str(value))).to_numpy()
    extra = shown[detail].astype(str).to_numpy() if detail else np.full(len(shown), "")
    customdata = np.column_stack([shown.index.to_numpy(), shown[name].astype(str), texts, extra])
    figure = go.Figure(
        go.Choroplethmap(
            geojson=geojson,
            locations=shown.index.to_numpy(),
            z=z,
            zmin=-0.5,
            zmax=len(order) - 0.5,
            colorscale=_discrete_colorscale(list(colors)[::-1]),
            customdata=customdata,
            hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]}"
            "<extra></extra>",
            marker={"line": {"width": 0.4, "color": "white"}, "opacity": 0.92},
            colorbar={
                "title": {"text": legend_title, "side": "top"},
                "tickvals": list(range(len(order))),
                "ticktext": labels[::-1],
                "len": 0.75,
                "thickness": 16,
            },
            name="",
        )
    )
    figure.update_layout(
        map={"style": BLANK_STYLE, "center": GUATEMALA_CENTER, "zoom": 5.6},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
        showlegend=False,
        uirevision="map",
        dragmode=False,
    )
    return figure


def moran_scatter(
    clusters: pd.DataFrame,
    *,
    names: pd.Series,
    display: Mapping[str, str],
    x_title: str,
    y_title: str,
    slope: float,
) -> go.Figure:
    """Moran scatterplot: standardised value against its spatial lag, coloured by cluster."""
    figure = go.Figure()
    for label, color in CLUSTER_COLORS.items():
        part = clusters[clusters["cluster"] == label]
        if part.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=part["z"],
                y=part["spatial_lag"],
                mode="markers",
                marker={"color": color, "size": 7, "line": {"width": 0.5, "color": "#555"}},
                name=display.get(label, label),
                text=names.reindex(part.index).astype(str),
                hovertemplate="%{text}<br>z = %{x:.2f}<br>lag = %{y:.2f}<extra></extra>",
            )
        )
    span = float(np.nanmax(np.abs(clusters["z"]))) if len(clusters) else 1.0
    figure.add_trace(
        go.Scatter(
            x=[-span, span],
            y=[-slope * span, slope * span],
            mode="lines",
            line={"color": "#333", "dash": "dash"},
            name=f"I = {slope:.3f}",
            hoverinfo="skip",
        )
    )
    figure.add_hline(y=0, line_color="#999", line_width=1)
    figure.add_vline(x=0, line_color="#999", line_width=1)
    figure.update_layout(
        xaxis_title=x_title, yaxis_title=y_title, height=420, margin={"t": 10, "b": 40}
    )
    return figure


def silhouette_chart(scores: pd.DataFrame, *, x_title: str, y_title: str) -> go.Figure:
    """Mean silhouette per number of groups, the chosen k highlighted."""
    colors = ["#0072B2" if chosen else "#9ecae1" for chosen in scores["chosen"]]
    figure = go.Figure(
        go.Bar(
            x=scores["k"],
            y=scores["silhouette"],
            marker_color=colors,
            hovertemplate="k = %{x}<br>%{y:.3f}<extra></extra>",
        )
    )
    figure.update_layout(
        xaxis_title=x_title, yaxis_title=y_title, height=300, margin={"t": 10, "b": 40}
    )
    return figure


def centroid_heatmap(
    centroids: pd.DataFrame, *, row_labels: Sequence[str], column_labels: Sequence[str], title: str
) -> go.Figure:
    """Groups × features heat map of centroid z-scores (diverging, centred on 0)."""
    limit = float(np.nanmax(np.abs(centroids.to_numpy()))) or 1.0
    figure = go.Figure(
        go.Heatmap(
            z=centroids.to_numpy(),
            x=list(column_labels),
            y=list(row_labels),
            zmin=-limit,
            zmax=limit,
            colorscale="RdBu_r",
            colorbar={"title": {"text": title}},
            text=np.round(centroids.to_numpy(), 1),
            texttemplate="%{text}",
            hovertemplate="%{y}<br>%{x}: %{z:.2f}<extra></extra>",
        )
    )
    figure.update_layout(height=120 + 45 * len(row_labels), margin={"t": 10, "b": 10})
    figure.update_yaxes(autorange="reversed")
    return figure


def importance_bars(
    importance: pd.DataFrame,
    *,
    labels: Mapping[str, str],
    x_title: str,
    model_names: Mapping[str, str] | None = None,
    n: int = 12,
) -> go.Figure:
    """Horizontal bars of permutation importance (±1 standard error across departamento
    folds), one colour per model."""
    model_names = dict(model_names or {})
    figure = go.Figure()
    palette = ["#0072B2", "#E69F00"]
    top = (
        importance.groupby("feature")["importance"].max().sort_values(ascending=False).head(n).index
    )
    for color, (model, part) in zip(palette, importance.groupby("model", sort=False), strict=False):
        part = part.set_index("feature").reindex(top[::-1])
        figure.add_trace(
            go.Bar(
                y=[labels.get(f, f) for f in part.index],
                x=part["importance"],
                error_x={"type": "data", "array": part["importance_se"], "visible": True},
                orientation="h",
                name=model_names.get(model, model),
                marker_color=color,
            )
        )
    figure.update_layout(
        barmode="group",
        xaxis_title=x_title,
        height=140 + 40 * len(top),
        margin={"t": 10, "b": 40, "l": 10},
        legend={"orientation": "h", "y": 1.05},
    )
    return figure


def partial_dependence_lines(
    curves: pd.DataFrame, *, features: Sequence[str], labels: Mapping[str, str], y_title: str
) -> go.Figure:
    """One small line per feature: predicted outcome along the feature's range."""
    from plotly.subplots import make_subplots

    features = [f for f in features if f in set(curves["feature"])]
    columns = min(3, max(len(features), 1))
    rows = int(np.ceil(len(features) / columns)) or 1
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[labels.get(f, f) for f in features],
        shared_yaxes=True,
    )
    for i, feature in enumerate(features):
        part = curves[curves["feature"] == feature]
        figure.add_trace(
            go.Scatter(
                x=part["value"], y=part["prediction"], mode="lines", line={"color": "#0072B2"}
            ),
            row=i // columns + 1,
            col=i % columns + 1,
        )
    figure.update_layout(height=260 * rows, showlegend=False, margin={"t": 40, "b": 20})
    figure.update_yaxes(title_text=y_title, col=1)
    return figure


def series_lines(
    series: pd.DataFrame, *, names: Mapping[int, str], y_title: str, x_title: str
) -> go.Figure:
    """Lines of a long series (``code, year, value``), one per territory.

    Years without data inside a series' span stay as gaps: a line drawn across them would
    show figures nobody published (national returnees have no 2019–2021 values).
    """
    figure = go.Figure()
    for code, part in series.groupby("code", sort=False):
        part = part.sort_values("year").set_index("year")["value"]
        years = range(int(part.index.min()), int(part.index.max()) + 1)
        part = part.reindex(years).rename_axis("year").reset_index()
        figure.add_trace(
            go.Scatter(
                x=part["year"],
                y=part["value"],
                mode="lines+markers",
                connectgaps=False,
                name=names.get(int(code), str(code)),
            )
        )
    figure.update_layout(
        xaxis_title=x_title, yaxis_title=y_title, height=380, margin={"t": 10, "b": 40}
    )
    return figure
