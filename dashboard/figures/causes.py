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

from analysis.formatting import THIN_SPACE, format_number
from dashboard.figures.maps import MISSING_COLOR, fitted_layout, flat_trace

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
#: More migration than expected, as expected (grey enough to show the country on white), less.
RESIDUAL_COLORS: tuple[str, str, str] = ("#b2182b", "#e3e3e3", "#2166ac")


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
    missing: pd.Series | None = None,
    missing_label: str = "",
    height: int = 640,
) -> go.Figure:
    """Choropleth of a categorical column (clusters, groups, residual classes), fitted to
    the territories drawn on any screen, one legend entry per category below the map.

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
    missing
        Names of the territories without a value (index: code), drawn grey under
        ``missing_label`` («sin dato»).
    """
    display = dict(display or {})
    hovertemplate = "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>"
    white = {"width": 0.4, "color": "white"}
    parts = [
        (frame[frame[category] == value], color, display.get(value, str(value)))
        for value, color in zip(order, colors, strict=False)
    ]
    if missing is not None and len(missing):
        parts.append((pd.DataFrame({name: missing}), MISSING_COLOR, missing_label))
    figure = go.Figure()
    for part, color, label in parts:
        if part.empty:
            continue
        extra = part[detail].astype(str) if detail and detail in part else ""
        customdata = np.column_stack(
            [
                part.index.to_numpy(),
                part[name].astype(str).to_numpy(),
                np.full(len(part), label, dtype=object),
                np.broadcast_to(np.asarray(extra, dtype=object), (len(part),)),
            ]
        )
        figure.add_trace(
            flat_trace(
                geojson,
                part.index.to_numpy(),
                customdata,
                fill=color,
                line=white,
                name=label,
                hovertemplate=hovertemplate,
            )
        )
    figure.update_layout(**fitted_layout(height=height, legend_title=legend_title))
    return figure


def separators(language: str) -> str:
    """Plotly's ``layout.separators`` for ``language``: decimal comma and thin-space
    thousands in Spanish, like :func:`analysis.formatting.format_number`.

    >>> separators("es") == "," + THIN_SPACE, separators("en")
    (True, '.,')
    """
    return ".," if language == "en" else "," + THIN_SPACE


def wrap(text: str, width: int = 18) -> str:
    """``text`` broken into lines of about ``width`` characters (plotly's ``<br>``), at
    the « · » of group names first, then at spaces, so that long labels are never cut.

    >>> wrap("Migración muy alta · pobreza alta", 20)
    'Migración muy alta ·<br>pobreza alta'
    >>> wrap("Clima y alimentación", 10)
    'Clima y<br>alimentación'
    """
    lines: list[str] = []
    for piece in str(text).split(" · "):
        if lines:
            lines[-1] += " ·"
        line = ""
        for word in piece.split(" "):
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return "<br>".join(lines)


def moran_scatter(
    clusters: pd.DataFrame,
    *,
    names: pd.Series,
    display: Mapping[str, str],
    x_title: str,
    y_title: str,
    slope: float,
    slope_text: str | None = None,
    language: str = "es",
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
                hovertemplate=f"%{{text}}<br>{x_title}: %{{x:.2f}}<br>{y_title}: %{{y:.2f}}"
                "<extra></extra>",
            )
        )
    span = float(np.nanmax(np.abs(clusters["z"]))) if len(clusters) else 1.0
    figure.add_trace(
        go.Scatter(
            x=[-span, span],
            y=[-slope * span, slope * span],
            mode="lines",
            line={"color": "#333", "dash": "dash"},
            name=slope_text or f"I = {slope:.3f}",
            hoverinfo="skip",
        )
    )
    figure.add_hline(y=0, line_color="#999", line_width=1)
    figure.add_vline(x=0, line_color="#999", line_width=1)
    figure.update_layout(
        xaxis_title=x_title,
        yaxis_title=y_title,
        height=460,
        margin={"t": 10, "b": 40},
        legend={"orientation": "h", "y": -0.15, "yanchor": "top"},
        separators=separators(language),
    )
    return figure


def silhouette_chart(
    scores: pd.DataFrame, *, x_title: str, y_title: str, language: str = "es"
) -> go.Figure:
    """Mean silhouette per number of groups, the chosen k highlighted."""
    colors = ["#0072B2" if chosen else "#9ecae1" for chosen in scores["chosen"]]
    figure = go.Figure(
        go.Bar(
            x=scores["k"],
            y=scores["silhouette"],
            marker_color=colors,
            hovertemplate=f"{x_title}: %{{x}}<br>{y_title}: %{{y:.3f}}<extra></extra>",
        )
    )
    figure.update_layout(
        xaxis={"title": x_title, "dtick": 1},
        yaxis_title=y_title,
        height=320,
        margin={"t": 10, "b": 40},
        separators=separators(language),
    )
    return figure


def centroid_heatmap(
    centroids: pd.DataFrame,
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    title: str,
    language: str = "es",
) -> go.Figure:
    """Groups × features heat map of centroid z-scores (diverging, centred on 0).

    Row labels (group names) and column labels (themes) are wrapped, never cut; column
    labels sit above the cells so that they do not collide with the colour bar's title.
    """
    values = centroids.to_numpy(dtype=float)
    limit = float(np.nanmax(np.abs(values))) or 1.0
    rows = [wrap(label, 34) for label in row_labels]
    columns = [wrap(label, 14) for label in column_labels]
    text = [[format_number(v, language, decimals=1) for v in row] for row in values]
    line_count = max((label.count("<br>") + 1 for label in rows), default=1)
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=columns,
            y=rows,
            zmin=-limit,
            zmax=limit,
            colorscale="RdBu_r",
            colorbar={"title": {"text": title}, "thickness": 14},
            text=text,
            texttemplate="%{text}",
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    header_lines = max((label.count("<br>") + 1 for label in columns), default=1)
    figure.update_layout(
        height=60 + 16 * header_lines + max(48, 18 * line_count + 12) * len(rows),
        margin={"t": 10, "b": 10, "l": 10, "r": 10},
        separators=separators(language),
    )
    figure.update_xaxes(side="top", tickangle=0, automargin=True)
    figure.update_yaxes(autorange="reversed", automargin=True)
    return figure


def importance_bars(
    importance: pd.DataFrame,
    *,
    labels: Mapping[str, str],
    x_title: str,
    model_names: Mapping[str, str] | None = None,
    n: int = 12,
    language: str = "es",
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
                y=[wrap(labels.get(f, f), 40) for f in part.index],
                x=part["importance"],
                error_x={"type": "data", "array": part["importance_se"], "visible": True},
                orientation="h",
                name=model_names.get(model, model),
                marker_color=color,
                hovertemplate="%{y}<br>%{x:.3f}<extra>%{fullData.name}</extra>",
            )
        )
    figure.update_layout(
        barmode="group",
        xaxis_title=x_title,
        yaxis={"automargin": True},
        height=140 + 40 * len(top),
        margin={"t": 10, "b": 40, "l": 10},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
        separators=separators(language),
    )
    return figure


def partial_dependence_lines(
    curves: pd.DataFrame,
    *,
    features: Sequence[str],
    labels: Mapping[str, str],
    y_title: str,
    language: str = "es",
) -> go.Figure:
    """One small line per feature: predicted outcome along the feature's range."""
    from plotly.subplots import make_subplots

    features = [f for f in features if f in set(curves["feature"])]
    columns = min(3, max(len(features), 1))
    rows = int(np.ceil(len(features) / columns)) or 1
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[wrap(labels.get(f, f), 34) for f in features],
        shared_yaxes=True,
        vertical_spacing=0.16 if rows > 1 else 0.1,
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
    figure.update_annotations(font_size=12)
    figure.update_layout(
        height=290 * rows,
        showlegend=False,
        margin={"t": 50, "b": 20},
        separators=separators(language),
    )
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
