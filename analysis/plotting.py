"""Static, offline figures: choropleth maps and contribution bars drawn with matplotlib.

Everything here returns a :class:`matplotlib.figure.Figure` built without ``pyplot`` (no
global state, no display, safe in threads and in the dashboard). Every figure carries a
footer stamp — version, data vintage and scenario hash — so that a printed map can be
traced to the exact numbers behind it.

Public API
----------
``choropleth(frame, column, ...)``      map of any indicator or score of a GeoDataFrame
``contribution_bars(values, ...)``      horizontal bars (theme contributions, weights, …)
``footer_text(...)``                    the stamp written under every figure
``save(figure, path, ...)``             write PNG / SVG / PDF safely (atomic rename)

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> frame = gpd.GeoDataFrame(
...     {"valor": [1.0, 2.0, None]},
...     geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)],
...     crs="EPSG:4326",
... )
>>> figure = choropleth(frame, "valor", title="Prueba", footer="raices 0.1.0")
>>> len(figure.axes) >= 1
True
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis import __version__
from analysis.classify import SCHEMES, classify
from analysis.errors import RaicesError
from analysis.formatting import format_number

MISSING_COLOR = "#d9d9d9"
"""Fill of territories without a value (drawn, never hidden, and named in the legend)."""

HIGHLIGHT_COLOR = "#00a2e8"
"""Outline of highlighted territories: a cyan that stands out on every sequential map."""
POSITIVE_COLOR = "#b2182b"
NEGATIVE_COLOR = "#2166ac"


def footer_text(
    *,
    scenario_hash: str | None = None,
    data_vintage: str | None = None,
    version: str = __version__,
    extra: str | None = None,
) -> str:
    """Stamp printed under every static figure and report page.

    Parameters
    ----------
    scenario_hash
        Hash of the scenario whose scores are drawn; omitted when the figure shows raw data.
    data_vintage
        Data vintage of the build (``store.build_info()["data_vintage"]``).
    version
        Raíces version; defaults to the installed package version.
    extra
        Free text appended at the end (for example the source of a user indicator).

    Returns
    -------
    str
        One line such as ``"Raíces 0.1.0 · datos 2026-11-29 · escenario 3f2a9c1b"``.

    Examples
    --------
    >>> footer_text(scenario_hash="abcdef1234567890", data_vintage="2026-11-29", version="0.1.0")
    'Raíces 0.1.0 · datos 2026-11-29 · escenario abcdef123456'
    """
    parts = [f"Raíces {version}"]
    if data_vintage:
        parts.append(f"datos {data_vintage}")
    if scenario_hash:
        parts.append(f"escenario {scenario_hash[:12]}")
    if extra:
        parts.append(extra)
    return " · ".join(parts)


def choropleth(
    frame: pd.DataFrame,
    column: str,
    *,
    title: str | None = None,
    legend_title: str | None = None,
    cmap: str = "YlOrRd",
    reverse: bool = False,
    scheme: str = "quantiles",
    k: int = 5,
    decimals: int | None = None,
    highlight: Iterable[object] | None = None,
    highlight_label: str = "selección",
    overlay: pd.DataFrame | None = None,
    footer: str | None = None,
    figsize: tuple[float, float] = (7.5, 6.0),
    dpi: int = 150,
    language: str = "es",
) -> Figure:
    """Draw a classed choropleth map of one column of a GeoDataFrame.

    Parameters
    ----------
    frame
        GeoDataFrame with a ``geometry`` column and the column to draw (any CRS; drawn
        as given). Its index identifies territories (``code`` in Raíces frames).
    column
        Column to draw: any indicator, score or user indicator.
    title, legend_title
        Texts above the map and above the legend (legend title defaults to ``column``).
    cmap
        Matplotlib colormap name; sequential maps suit needs and scores.
    reverse
        Reverse the colormap, e.g. for indicators where a *lower* value means more need.
    scheme
        Classification: ``"quantiles"`` (default; robust to outliers such as rates per
        100 000 in tiny municipios), ``"natural_breaks"`` or ``"equal_interval"``.
    k
        Number of classes; fewer are used when the column has fewer distinct values.
    decimals
        Decimals in the legend; chosen from the magnitude when ``None``.
    highlight
        Index labels to outline strongly (a pilot set, the territory of a report).
    highlight_label
        Legend entry of the outlined territories.
    overlay
        GeoDataFrame of boundaries drawn on top without fill (e.g. departamentos).
    footer
        Stamp printed at the bottom (see :func:`footer_text`).
    figsize, dpi
        Size of the figure in inches and its resolution.
    language
        ``"es"`` or ``"en"``: legend numbers through :func:`analysis.formatting.format_number`
        and the «sin dato» / «no data» entry.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    RaicesError
        When ``column`` or the geometry is missing, or ``scheme`` is unknown.

    Notes
    -----
    Missing values are drawn in light grey and counted in the legend as «sin dato»,
    never dropped. A column whose values are all missing yields a grey map with a note.
    """
    if "geometry" not in frame.columns:
        raise RaicesError("el mapa necesita una columna de geometría", column="geometry")
    if column not in frame.columns:
        raise RaicesError(
            "la columna pedida no está en la tabla del mapa",
            column=column,
            hint="revise el nombre del indicador",
        )
    if scheme not in SCHEMES:
        raise RaicesError(f"clasificación desconocida «{scheme}»; use una de {', '.join(SCHEMES)}")
    if k < 1:
        raise RaicesError("el número de clases debe ser al menos 1")

    import matplotlib as mpl

    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
    present = np.isfinite(values)
    figure = Figure(figsize=figsize, dpi=dpi)
    axes = figure.add_axes((0.02, 0.08, 0.70, 0.84))
    axes.set_axis_off()
    axes.set_aspect("equal")

    handles: list[Patch] = []
    colours = np.array([MISSING_COLOR] * len(frame), dtype=object)
    if present.any():
        breaks, all_classes = classify(values, scheme, k)
        colormap = mpl.colormaps[cmap]
        if reverse:
            colormap = colormap.reversed()
        n_classes = len(breaks)
        shades = [to_hex(colormap(x)) for x in np.linspace(0.15, 0.95, max(n_classes, 1))]
        classes = all_classes[present]
        colours[present] = [shades[c] for c in classes]
        lower = float(np.min(values[present]))
        for index, upper in enumerate(breaks):
            count = int((classes == index).sum())
            if n_classes == len(np.unique(values[present])) and n_classes <= k:
                label = f"{format_number(float(upper), language, decimals=decimals)}  ({count})"
            else:
                label = (
                    f"{format_number(lower, language, decimals=decimals)} – "
                    f"{format_number(float(upper), language, decimals=decimals)}  ({count})"
                )
            handles.append(Patch(facecolor=shades[index], edgecolor="#666666", label=label))
            lower = float(upper)
    missing = int((~present).sum())
    if missing:
        handles.append(
            Patch(
                facecolor=MISSING_COLOR,
                edgecolor="#666666",
                label=f"{format_number(None, language)}  ({missing})",
            )
        )

    geometry = frame.geometry if hasattr(frame, "geometry") else frame["geometry"]
    import geopandas as gpd

    shapes = gpd.GeoSeries(geometry.values, crs=getattr(frame, "crs", None))
    shapes.plot(ax=axes, color=list(colours), edgecolor="white", linewidth=0.2)
    if overlay is not None and len(overlay):
        gpd.GeoSeries(overlay.geometry.values).boundary.plot(
            ax=axes, color="#4d4d4d", linewidth=0.5
        )
    if highlight is not None:
        wanted = set(highlight)
        mask = np.array([label in wanted for label in frame.index])
        if mask.any():
            gpd.GeoSeries(geometry.values[mask]).boundary.plot(
                ax=axes, color=HIGHLIGHT_COLOR, linewidth=1.8
            )
            handles.append(
                Patch(
                    facecolor="none",
                    edgecolor=HIGHLIGHT_COLOR,
                    linewidth=1.6,
                    label=highlight_label,
                )
            )

    if title:
        figure.suptitle(title, x=0.02, y=0.98, ha="left", fontsize=12, fontweight="bold")
    if handles:
        figure.legend(
            handles=handles,
            title=legend_title or column,
            loc="center left",
            bbox_to_anchor=(0.72, 0.5),
            fontsize=8,
            title_fontsize=8.5,
            frameon=False,
        )
    if not present.any():
        axes.text(
            0.5,
            0.5,
            "Sin datos para este indicador",
            transform=axes.transAxes,
            ha="center",
            va="center",
            fontsize=11,
            color="#444444",
        )
    if footer:
        figure.text(0.02, 0.015, footer, fontsize=6.5, color="#555555", ha="left", va="bottom")
    return figure


def contribution_bars(
    values: pd.Series | Mapping[str, float],
    *,
    title: str | None = None,
    xlabel: str | None = None,
    labels: Mapping[str, str] | None = None,
    sort: bool = True,
    decimals: int = 2,
    footer: str | None = None,
    figsize: tuple[float, float] = (7.0, 3.6),
    dpi: int = 150,
) -> Figure:
    """Horizontal bar chart of contributions (themes to a score, indicators to a theme).

    Parameters
    ----------
    values
        Mapping or Series from item id to its contribution; NaN values are drawn as an
        empty bar labelled «sin dato».
    title, xlabel
        Texts of the chart.
    labels
        Display label for each id (e.g. theme id → Spanish label); ids are shown otherwise.
    sort
        Largest contribution on top when ``True``; given order otherwise.
    decimals
        Decimals of the value printed at the end of each bar.
    footer
        Stamp printed at the bottom (see :func:`footer_text`).
    figsize, dpi
        Size of the figure in inches and its resolution.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> figure = contribution_bars({"pobreza": 0.4, "violencia": -0.1}, title="Aportes")
    >>> [t.get_text() for t in figure.axes[0].get_yticklabels()]
    ['violencia', 'pobreza']
    """
    series = pd.Series(values, dtype=float)
    if series.empty:
        raise RaicesError("no hay contribuciones que dibujar")
    # barh draws bottom-up: put the largest last so that it ends on top.
    series = series.sort_values(na_position="first") if sort else series.iloc[::-1]
    names = [(labels or {}).get(str(item), str(item)) for item in series.index]
    figure = Figure(figsize=figsize, dpi=dpi)
    axes = figure.add_axes((0.32, 0.16, 0.60, 0.72))
    finite = series.fillna(0.0).to_numpy()
    colours = [POSITIVE_COLOR if v >= 0 else NEGATIVE_COLOR for v in finite]
    positions = np.arange(len(series))
    axes.barh(positions, finite, color=colours, height=0.6)
    axes.set_yticks(positions, names, fontsize=8)
    axes.axvline(0, color="#333333", linewidth=0.6)
    span = float(np.nanmax(np.abs(finite))) if len(finite) else 0.0
    span = span if span > 0 else 1.0
    axes.set_xlim(min(0.0, finite.min()) - 0.15 * span, max(0.0, finite.max()) + 0.25 * span)
    for position, value in zip(positions, series.to_numpy(), strict=True):
        text = "sin dato" if not np.isfinite(value) else f"{value:.{decimals}f}".replace(".", ",")
        anchor = max(float(value), 0.0) if np.isfinite(value) else 0.0
        axes.text(anchor + 0.02 * span, float(position), text, va="center", fontsize=7.5)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelsize=7.5)
    if xlabel:
        axes.set_xlabel(xlabel, fontsize=8)
    if title:
        figure.suptitle(title, x=0.02, y=0.97, ha="left", fontsize=11, fontweight="bold")
    if footer:
        figure.text(0.02, 0.015, footer, fontsize=6.5, color="#555555", ha="left", va="bottom")
    return figure


def save(
    figure: Figure,
    path: str | Path,
    *,
    formats: Sequence[str] | None = None,
    dpi: int | None = None,
) -> list[Path]:
    """Write a figure to disk; the file appears only once it is complete.

    Parameters
    ----------
    figure
        Figure from :func:`choropleth` or :func:`contribution_bars`.
    path
        Target file. Its suffix gives the format unless ``formats`` is given, in which case
        one file per format is written next to it with the matching suffix.
    formats
        Any of ``"png"``, ``"svg"``, ``"pdf"``.
    dpi
        Resolution for PNG; the figure's own when ``None``.

    Returns
    -------
    list of Path
        The files written.
    """
    target = Path(path)
    wanted = [f.lower().lstrip(".") for f in formats] if formats else [target.suffix.lstrip(".")]
    written = []
    for fmt in wanted:
        if fmt not in {"png", "svg", "pdf"}:
            raise RaicesError(
                f"formato de figura no admitido «{fmt}»; use png, svg o pdf", file=target
            )
        out = target.with_suffix(f".{fmt}")
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(suffix=f".{fmt}", dir=out.parent)
        os.close(handle)
        try:
            figure.savefig(temporary, format=fmt, dpi=dpi or figure.dpi, metadata=_metadata(fmt))
            os.replace(temporary, out)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        written.append(out)
    return written


def _metadata(fmt: str) -> dict[str, str] | None:
    # Fixed metadata keeps SVG/PDF output byte-stable run to run (no creation dates).
    if fmt == "svg":
        return {"Date": None, "Creator": f"Raíces {__version__}"}  # type: ignore[dict-item]
    if fmt == "pdf":
        return {"CreationDate": None, "Creator": f"Raíces {__version__}"}  # type: ignore[dict-item]
    return {"Software": f"Raíces {__version__}"}


def to_png_bytes(figure: Figure, *, dpi: int | None = None) -> bytes:
    """PNG bytes of a figure (for embedding in PDFs, HTML or a download button)."""
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi or figure.dpi, metadata=_metadata("png"))
    return buffer.getvalue()
