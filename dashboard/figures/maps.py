"""Choropleth maps (MapLibre, no tiles): classed values, missing values and outlined
territories, each an entry of a legend drawn *below* the map so that the map keeps the
full width on a phone.

The view is fitted to the territories drawn (``layout.map.fitbounds = "locations"``),
computed by the browser for the map's actual size: the whole country, or the area drawn,
shows on any viewport.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from analysis.classify import classify
from analysis.formatting import format_number

PALETTES: tuple[str, ...] = ("Viridis", "Cividis", "Plasma")
"""Colour-blind safe, monotone lightness."""
MISSING_COLOR = "#d9d9d9"
HIGHLIGHT_COLOR = "#d62728"
HIGHLIGHT_FILL = "rgba(214, 39, 40, 0.15)"
HOVER_LABELS: dict[str, str] = {"value": "Valor", "rank": "Posición", "coverage": "Cobertura"}
"""Tooltip labels when a page gives none (pages pass them in the reader's language)."""
GUATEMALA_CENTER = {"lat": 15.72, "lon": -90.35}
BLANK_STYLE = "white-bg"
"""A map style with no tile source: the map renders offline, in tests and on slow links."""
FIT_VIEW: dict[str, object] = {"fitbounds": "locations"}
"""``layout.map`` settings that fit the drawn territories in the map, whatever its size."""
LEGEND_BELOW: dict[str, object] = {
    "orientation": "h",
    "x": 0,
    "xanchor": "left",
    "y": 0,
    "yanchor": "top",
    "itemclick": False,
    "itemdoubleclick": False,
}
"""A horizontal legend under the map: it wraps on a narrow screen instead of covering it."""


def legend_labels(
    breaks: np.ndarray, minimum: float, language: str = "es", decimals: int | None = None
) -> list[str]:
    """Readable range label of each class: ``"0,12 – 0,35"``."""
    labels = []
    lower = minimum
    for upper in breaks:
        labels.append(
            f"{format_number(lower, language, decimals=decimals)} – "
            f"{format_number(float(upper), language, decimals=decimals)}"
        )
        lower = float(upper)
    return labels


def scale(name: str) -> list:
    """Plotly sequential scale by name, ``_r`` suffix reversing it."""
    import plotly.colors as pc

    reverse = name.endswith("_r")
    base = name[:-2] if reverse else name
    colors = getattr(pc.sequential, base)
    return list(reversed(colors)) if reverse else list(colors)


def class_colors(palette: str, n: int, reverse: bool = False) -> list[str]:
    """``n`` colours sampled evenly from ``palette`` (flipped with ``reverse``)."""
    positions = list(np.linspace(0.0, 1.0, n)) if n > 1 else [0.5]
    return sample_colorscale(scale(palette + ("_r" if reverse else "")), positions)


def _subset(geojson: Mapping | str, codes: np.ndarray) -> Mapping | str:
    # Each trace carries only its own features; a URL is fetched once by the browser.
    if isinstance(geojson, str):
        return geojson
    keep = set(codes.tolist())
    return {
        "type": "FeatureCollection",
        "features": [f for f in geojson["features"] if f.get("id") in keep],
    }


def flat_trace(
    geojson: Mapping | str,
    codes: np.ndarray,
    customdata: np.ndarray,
    *,
    fill: str,
    line: Mapping[str, object],
    name: str,
    hovertemplate: str,
    showlegend: bool = True,
    opacity: float = 0.92,
) -> go.Choroplethmap:
    """One legend entry of a map: the territories ``codes`` in one flat colour."""
    return go.Choroplethmap(
        geojson=_subset(geojson, codes),
        locations=codes,
        z=np.zeros(len(codes)),
        colorscale=[[0, fill], [1, fill]],
        showscale=False,
        customdata=customdata,
        hovertemplate=hovertemplate,
        marker={"line": dict(line), "opacity": opacity},
        name=name,
        showlegend=showlegend,
    )


@dataclass(frozen=True)
class MapStyle:
    """How a map turns values into colours, and the texts and marks around them: what the
    page's two map builders (:func:`choropleth_map`, :func:`map_payload`) share.

    Attributes
    ----------
    scheme, k
        Classification (:func:`analysis.classify.classify`).
    palette, reverse
        A plotly sequential scale; ``reverse`` flips it so that darker means more need.
    language
        Of the numbers in the legend and tooltips.
    legend_title
        Title of the legend, with the unit.
    hover_labels
        Texts for ``value``, ``rank`` and ``coverage`` in the tooltip (default
        :data:`HOVER_LABELS`).
    missing_label
        Legend entry and tooltip of territories without a value.
    highlight, highlight_label
        Codes outlined in red (the selected territory or the pilot set) and, when given,
        the legend entry naming them.
    height
        In pixels (the SVG map's largest height; a phone gets the country's proportions).
    """

    scheme: str = "quantiles"
    k: int = 5
    palette: str = "Viridis"
    reverse: bool = False
    language: str = "es"
    legend_title: str = ""
    hover_labels: Mapping[str, str] = field(default_factory=dict)
    missing_label: str = "sin dato"
    highlight: tuple[int, ...] = ()
    highlight_label: str | None = None
    height: int = 560

    def labels(self) -> dict[str, str]:
        """Tooltip labels: the defaults with the style's own over them."""
        return {**HOVER_LABELS, **self.hover_labels}


@dataclass(frozen=True)
class ClassedValues:
    """One value per territory put in classes, with the texts a map shows of each."""

    codes: np.ndarray
    names: np.ndarray
    values: np.ndarray
    breaks: np.ndarray
    classes: np.ndarray
    """Class of each territory, ``-1`` without a value."""
    colors: list[str]
    ranges: list[str]
    """Legend label of each class (empty when no territory has a value)."""
    value_text: list[str]
    rank_text: np.ndarray
    coverage_text: np.ndarray


def classed_values(
    frame: pd.DataFrame, style: MapStyle = MapStyle(), *, value: str = "value", name: str = "name"
) -> ClassedValues:
    """Classes, colours and hover texts of ``frame[value]`` (see :func:`choropleth_map`)."""
    language = style.language
    codes = frame.index.to_numpy()
    values = pd.to_numeric(frame[value], errors="coerce").to_numpy(dtype=float)
    breaks, classes = classify(values, style.scheme, style.k)
    present = classes >= 0
    colors = class_colors(style.palette, max(len(breaks), 1), style.reverse)
    blank = np.full(len(frame), "")
    return ClassedValues(
        codes=codes,
        names=frame[name].astype(str).to_numpy(),
        values=values,
        breaks=breaks,
        classes=classes,
        colors=colors,
        ranges=legend_labels(breaks, float(np.nanmin(values[present])), language)
        if present.any()
        else [],
        value_text=[format_number(v, language) for v in values],
        rank_text=frame["rank_text"].astype(str).to_numpy() if "rank_text" in frame else blank,
        coverage_text=frame["coverage_text"].astype(str).to_numpy()
        if "coverage_text" in frame
        else blank,
    )


def map_payload(
    geometry: Mapping | str, frame: pd.DataFrame, style: MapStyle = MapStyle(), *, label: str = ""
) -> dict[str, object]:
    """What the page's in-place map (:mod:`dashboard.svg_map`) draws: a colour and a
    tooltip per territory code, the legend, the outlined codes.

    The same classes, colours and texts as :func:`choropleth_map`; the boundaries are not
    in it (the browser fetches ``geometry``, a URL, once), so a new scenario sends only
    colours and texts and the map is recoloured where it stands.

    Examples
    --------
    >>> frame = pd.DataFrame({"name": ["A", "B", "C"], "value": [1.0, None, 3.0]},
    ...                      index=[101, 102, 103])
    >>> style = MapStyle(k=2, highlight=(103,), highlight_label="P")
    >>> payload = map_payload("x.geojson", frame, style)
    >>> payload["fill"]["102"], payload["outline"], [e[1] for e in payload["legend"]][-2:]
    ('#d9d9d9', ['103'], ['sin dato', 'P'])
    """
    labels = style.labels()
    missing_label = style.missing_label
    classed = classed_values(frame, style)
    fill: dict[str, str] = {}
    tips: dict[str, str] = {}
    for index, code in enumerate(classed.codes):
        key = str(int(code))
        kind = int(classed.classes[index])
        fill[key] = classed.colors[kind] if kind >= 0 else MISSING_COLOR
        lines = [classed.names[index]]
        if kind >= 0:
            lines.append(f"{labels['value']}: {classed.value_text[index]}")
            for label_key, texts in (
                ("rank", classed.rank_text),
                ("coverage", classed.coverage_text),
            ):
                if texts[index]:
                    lines.append(f"{labels[label_key]}: {texts[index]}")
        else:
            lines.append(missing_label)
        tips[key] = "\n".join(lines)
    used = set(classed.classes.tolist())
    legend: list[list[str]] = [
        [color, text]
        for index, (color, text) in enumerate(zip(classed.colors, classed.ranges, strict=False))
        if index in used
    ]
    if -1 in used:
        legend.append([MISSING_COLOR, missing_label])
    outline = [str(int(c)) for c in style.highlight if str(int(c)) in fill]
    if outline and style.highlight_label:
        legend.append([HIGHLIGHT_COLOR, style.highlight_label])
    return {
        "geometry": geometry,
        "fill": fill,
        "tips": tips,
        "legend": legend,
        "legend_title": style.legend_title,
        "outline": outline,
        "outline_color": HIGHLIGHT_COLOR,
        "height": int(style.height),
        "label": label,
    }


def choropleth_map(
    geojson: Mapping | str,
    frame: pd.DataFrame,
    style: MapStyle = MapStyle(),
    *,
    value: str = "value",
    name: str = "name",
    uirevision: str | None = "map",
) -> go.Figure:
    """Classed choropleth of one value per territory, fitted to the territories drawn.

    Parameters
    ----------
    geojson
        FeatureCollection whose features have ``id`` = territory code, or its URL.
    frame
        Indexed by territory code; holds ``name``, ``value`` and optional ``rank_text`` and
        ``coverage_text`` columns shown on hover.
    style
        Classes, colours, texts, outlined codes and height (:class:`MapStyle`).
    value, name
        The columns of ``frame`` with the value and the territory's name.

    Returns
    -------
    plotly.graph_objects.Figure
        One trace per class (``customdata[0]`` = code, used by click selection), one for
        territories without data, one for the outline of ``highlight``.
    """
    labels = style.labels()
    missing_label = style.missing_label
    classed = classed_values(frame, style, value=value, name=name)
    codes, classes = classed.codes, classed.classes
    present = classes >= 0
    customdata = np.column_stack([codes, classed.names, classed.value_text, classed.rank_text,
                                  classed.coverage_text])  # fmt: skip
    hovertemplate = (
        "<b>%{customdata[1]}</b><br>"
        f"{labels['value']}: %{{customdata[2]}}<br>"
        f"{labels['rank']}: %{{customdata[3]}}<br>"
        f"{labels['coverage']}: %{{customdata[4]}}<extra></extra>"
    )
    white = {"width": 0.4, "color": "white"}
    figure = go.Figure()
    # ranges is empty when no territory has a value: then only the «sin dato» trace
    for index, (color, text) in enumerate(zip(classed.colors, classed.ranges, strict=False)):
        wanted = classes == index
        if wanted.any():
            figure.add_trace(
                flat_trace(geojson, codes[wanted], customdata[wanted], fill=color, line=white,
                           name=text, hovertemplate=hovertemplate)
            )  # fmt: skip
    if (~present).any():
        figure.add_trace(
            flat_trace(
                geojson,
                codes[~present],
                customdata[~present],
                fill=MISSING_COLOR,
                line=white,
                name=missing_label,
                hovertemplate=f"<b>%{{customdata[1]}}</b><br>{missing_label}<extra></extra>",
            )
        )
    if style.highlight:
        wanted = np.isin(codes, np.asarray(list(style.highlight), dtype=codes.dtype))
        if wanted.any():
            figure.add_trace(
                flat_trace(
                    geojson,
                    codes[wanted],
                    customdata[wanted],
                    fill=HIGHLIGHT_FILL,  # faint: the legend shows a swatch
                    line={"width": 2.5, "color": HIGHLIGHT_COLOR},
                    name=style.highlight_label or "",
                    hovertemplate=hovertemplate,
                    showlegend=bool(style.highlight_label),
                    opacity=1.0,
                )
            )
    figure.update_layout(
        **fitted_layout(
            height=style.height, legend_title=style.legend_title, uirevision=uirevision
        ),
        clickmode="event+select",
    )
    return figure


def fitted_layout(
    *, height: int, legend_title: str, uirevision: str | None = "map"
) -> dict[str, object]:
    """Layout of a map fitted to its territories, edge to edge, legend below, no dragging."""
    return {
        "map": {"style": BLANK_STYLE, **FIT_VIEW},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "height": height,
        "showlegend": True,
        "legend": {"title": {"text": legend_title, "side": "top"}, **LEGEND_BELOW},
        "uirevision": uirevision,
        "dragmode": False,
    }
