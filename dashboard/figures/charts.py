"""Bar, band and slope charts of the profile, prioritisation and comparison pages."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

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


def _nice_ticks(high: float, count: int = 5) -> list[int]:
    """Round rank ticks from 1 to at least ``high``: steps of 1, 2 or 5 times a power of ten.

    >>> _nice_ticks(23)
    [1, 5, 10, 15, 20, 25]
    """
    raw = max(high - 1, 1) / count
    power = 10 ** int(np.floor(np.log10(raw)))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    top = int(np.ceil(high / step) * step)
    return [1, *range(step, top + 1, step)] if step > 1 else list(range(1, top + 1))


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
    number: Callable[[float], str] = "{:g}".format,
) -> str:
    """Dot-and-whisker chart of every row of ``frame`` as self-contained HTML.

    One row per territory, best rank on top and towards the right: the rank (dot), its
    statistical band (grey line) and, when the columns are there, the range across methods
    (a thick orange line under it). Selected rows are red. Each row's ``title`` says its
    figures, written by ``number`` (the reader's decimal mark), so hovering reads them.

    HTML rather than a plotly figure: the chart changes with every weight change, and a
    plotly chart in Streamlit is a new element for every new figure, which the browser
    rebuilds from scratch (≈0.1 s per change in ``benchmarks/bench_dashboard.py``). Rows
    of text with positioned marks update in place, keep the names readable at any width
    (the track shrinks, the names do not) and need no chart code.

    Examples
    --------
    >>> table = pd.DataFrame({"name": ["a"], "rank": [2], "rank_low": [1], "rank_high": [4]})
    >>> "a" in rank_bands(table) and 'data-rank="2"' in rank_bands(table)
    True
    """
    data = frame.sort_values(rank)
    chosen = (
        data[selected].astype(bool).to_numpy()
        if selected and selected in data
        else np.zeros(len(data), bool)
    )
    methods = method_low in data and data[method_low].notna().any()
    columns = [rank, low, high, *([method_low, method_high] if methods else [])]
    highest = float(np.nanmax(data[columns].to_numpy(dtype=float))) if len(data) else 1.0
    ticks = _nice_ticks(highest)
    span = max(ticks[-1] - 1, 1)

    def at(value: float) -> float:  # rank 1 at the right edge, the last tick at the left
        return round((ticks[-1] - value) / span * 100, 2)

    def mark(style: str, title: str = "") -> str:
        return f'<span style="position:absolute;{style}"{title}></span>'

    rows = []
    for position, (label, value, a, b) in enumerate(
        zip(data[name], data[rank], data[low], data[high], strict=True)
    ):
        color = HIGHLIGHT_COLOR if chosen[position] else BAND_COLOR
        marks = []
        figures = [f"{axis_title or 'rank'} {number(value)}"]
        if methods:
            m_low, m_high = data[method_low].iloc[position], data[method_high].iloc[position]
            if pd.notna(m_low) and pd.notna(m_high):
                left, right = at(float(m_high)), at(float(m_low))
                marks.append(mark(
                    f"left:{left}%;width:{max(right - left, 0.6)}%;top:6px;height:7px;"
                    f"background:{METHOD_COLOR};opacity:.55;border-radius:2px"
                ))  # fmt: skip
                figures.append(f"{method_label or 'methods'} {number(m_low)}–{number(m_high)}")
        if pd.notna(a) and pd.notna(b):
            left, right = at(float(b)), at(float(a))
            marks.append(mark(
                f"left:{left}%;width:{max(right - left, 0.2)}%;top:9px;height:1.5px;"
                "background:#888"
            ))  # fmt: skip
            figures.append(f"{band_label or '5–95 %'} {number(a)}–{number(b)}")
        marks.append(mark(
            f"left:calc({at(float(value))}% - 4.5px);top:5px;width:9px;height:9px;"
            f"border-radius:50%;background:{color}"
        ))  # fmt: skip
        text = html.escape(str(label))
        tip = html.escape(f"{label}: " + " · ".join(figures), quote=True)
        rows.append(
            f'<div title="{tip}" data-rank="{value:g}" style="display:flex;align-items:center;'
            f'gap:8px;height:19px"><span style="flex:0 1 auto;width:38%;max-width:16em;'
            f"overflow:hidden;text-overflow:ellipsis;white-space:nowrap;text-align:right;"
            f'{"font-weight:600;" if chosen[position] else ""}">{text}</span>'
            f'<span style="position:relative;flex:1;height:19px;margin:0 8px">{"".join(marks)}</span></div>'
        )
    grid = "".join(
        f'<span style="position:absolute;left:{at(tick)}%;top:0;bottom:0;'
        f'border-left:1px solid rgba(128,128,128,.18)"></span>'
        for tick in ticks
    )
    labels = "".join(
        f'<span style="position:absolute;left:{at(tick)}%;transform:translateX(-50%)">{tick}</span>'
        for tick in ticks
    )
    legend = []
    for color, label, shape in (
        (HIGHLIGHT_COLOR, selected_label, "border-radius:50%;width:9px;height:9px"),
        (BAND_COLOR, other_label, "border-radius:50%;width:9px;height:9px"),
        (METHOD_COLOR, method_label if methods else "", "width:18px;height:7px;opacity:.55"),
    ):
        if label:
            legend.append(
                f'<span style="display:inline-flex;align-items:center;gap:5px;margin-right:14px">'
                f'<span style="display:inline-block;background:{color};{shape}"></span>'
                f"{html.escape(label)}</span>"
            )
    track = "position:relative;flex:1;margin:0 8px"
    return (
        f'<div class="raices-bands" role="figure" aria-label="{html.escape(axis_title)}" '
        'style="font-size:13px;line-height:1.2;font-variant-numeric:tabular-nums">'
        f'<div style="margin-bottom:6px">{"".join(legend)}</div>'
        f'<div style="position:relative">'
        f'<div style="position:absolute;inset:0;display:flex;gap:8px;pointer-events:none">'
        f'<span style="flex:0 1 auto;width:38%;max-width:16em"></span>'
        f'<span style="{track}">{grid}</span></div>{"".join(rows)}</div>'
        f'<div style="display:flex;gap:8px;margin-top:4px;opacity:.8">'
        f'<span style="flex:0 1 auto;width:38%;max-width:16em"></span>'
        f'<span style="{track};height:1.2em">{labels}</span></div>'
        f'<div style="text-align:center;opacity:.8;margin-top:2px">{html.escape(axis_title)}</div>'
        "</div>"
    )


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
