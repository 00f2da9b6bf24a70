"""Files people download: stamped CSV, XLSX and GeoJSON tables, static maps, the open-data
bundle. Cached calls of :mod:`analysis.export` and :mod:`analysis.plotting`.

Every file is made only when its button is clicked (pages pass deferred callables).
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from analysis.export import tables
from analysis.formatting import format_number
from dashboard.data.base import data_vintage, version
from dashboard.data.geometry import boundaries
from dashboard.i18n import translate

__all__ = [
    "csv_bytes",
    "file_stem",
    "people_table",
    "figure_bytes",
    "geojson_bytes",
    "open_data_zip",
    "stamp",
    "static_map",
    "xlsx_bytes",
]


def stamp(scenario_hash: str | None = None, language: str = "es") -> str:
    """One-line stamp written into every export, in ``language``: version, data vintage,
    scenario hash (``"Raíces 0.1.0 · datos 2026-11-29 · escenario 3f2a9c1b0d4e"``)."""
    parts = [
        f"Raíces {version()}",
        translate("common.stamp.data", language, vintage=data_vintage(language)),
    ]
    if scenario_hash:
        parts.append(translate("common.stamp.scenario", language, hash=scenario_hash[:12]))
    return " · ".join(parts)


def _people(frame: pd.DataFrame, language: str, labels: Mapping[str, str] | None) -> pd.DataFrame:
    return tables.localise_headers(frame, language, labels)


def csv_bytes(
    frame: pd.DataFrame,
    stamp_text: str,
    language: str = "es",
    labels: Mapping[str, str] | None = None,
) -> bytes:
    """Stamped CSV, headers in ``language``, decimal point (:mod:`analysis.export.tables`)."""
    return tables.csv_bytes(_people(frame, language, labels), stamp_text)


def xlsx_bytes(
    frame: pd.DataFrame,
    stamp_text: str,
    language: str = "es",
    labels: Mapping[str, str] | None = None,
) -> bytes:
    """XLSX workbook: the data sheet and a metadata sheet holding the stamp."""
    return tables.xlsx_bytes(
        _people(frame, language, labels),
        stamp_text,
        version=version(),
        data_vintage=data_vintage(language),
        language=language,
    )


def geojson_bytes(level: str, frame: pd.DataFrame, stamp_text: str) -> bytes:
    """GeoJSON of ``frame`` joined to the boundaries, with the stamp as a foreign member."""
    return tables.geojson_bytes(
        boundaries(level),
        frame,
        {"stamp": stamp_text, "version": version(), "data_vintage": data_vintage()},
    )


def figure_bytes(figure, fmt: str = "png") -> bytes:
    """PNG or SVG bytes of a matplotlib figure (rendered offline, no browser needed)."""
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format=fmt,
        dpi=figure.dpi,
        metadata={"Software": f"Raíces {version()}"} if fmt == "png" else None,
    )
    return buffer.getvalue()


@st.cache_data(show_spinner=False, max_entries=32)
def static_map(
    level: str,
    values: pd.Series,
    title: str,
    legend_title: str,
    scheme: str,
    k: int,
    reverse: bool,
    stamp_text: str,
    fmt: str = "png",
    highlight: tuple[int, ...] = (),
    highlight_label: str = "",
    language: str = "es",
) -> bytes:
    """Offline static choropleth (:func:`analysis.plotting.choropleth`) as PNG or SVG, its
    legend in ``language``; ``highlight`` outlines territories (the pilot set) under
    ``highlight_label``."""
    from analysis import plotting

    frame = boundaries(level)[["geometry"]].copy()
    frame["value"] = values.reindex(frame.index)
    overlay = boundaries("departamento") if level == "municipio" else None
    figure = plotting.choropleth(
        frame,
        "value",
        title=title,
        legend_title=legend_title,
        cmap="viridis",
        reverse=reverse,
        scheme=scheme,
        k=k,
        highlight=list(highlight) or None,
        highlight_label=highlight_label,
        overlay=overlay,
        footer=stamp_text,
        language=language,
    )
    return figure_bytes(figure, fmt)


def open_data_zip() -> bytes:
    """The open-data bundle of ``raices export`` (published sources only) as one ZIP."""
    import tempfile
    import zipfile
    from pathlib import Path

    from analysis.export.bundle import export_bundle

    with tempfile.TemporaryDirectory() as folder:
        bundle = export_bundle(Path(folder) / "raices_datos_abiertos")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in bundle.files:
                archive.write(path, arcname=f"raices_datos_abiertos/{path.name}")
    return buffer.getvalue()


def people_table(
    frame: pd.DataFrame, language: str = "es", labels: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """``frame`` for the screen: machine column names written for people in ``language``
    and decimal numbers written for its reader (:func:`analysis.formatting.format_number`)."""
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_float_dtype(shown[column]):
            shown[column] = [format_number(v, language) for v in shown[column]]
    return tables.localise_headers(shown, language, labels)


def file_stem(name: str) -> str:
    """A download's file name (no extension): accents and spaces made safe."""
    from analysis.export.safety import safe_filename

    return safe_filename(name, max_length=120)
