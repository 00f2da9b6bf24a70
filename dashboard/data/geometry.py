"""Boundaries, loaded once per process: the GeoDataFrame, its GeoJSON for the maps, and
the URL under which the browser fetches (and caches) that GeoJSON.

Geometry is kept with ``st.cache_resource`` (read-only: no page changes it) so that it is
neither reloaded nor copied on every rerun.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import streamlit as st

from analysis import store
from analysis.defaults import LEVELS
from analysis.files import write_atomic
from analysis.geometry import COORDINATE_DECIMALS, extent, geojson_collection

__all__ = ["STATIC_DIR", "boundaries", "bounds", "geojson", "geojson_source"]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
FORMAT = f"geojson-v1-{COORDINATE_DECIMALS}"
"""Changes the static file's name when the conversion itself changes."""


@st.cache_resource(show_spinner=False, max_entries=len(LEVELS))
def boundaries(level: str = "municipio"):
    """Simplified boundaries (GeoDataFrame, index: code), loaded once per process."""
    return store.load_boundaries(level)


@st.cache_resource(show_spinner=False, max_entries=len(LEVELS))
def geojson(level: str = "municipio") -> dict[str, Any]:
    """FeatureCollection of the simplified boundaries, feature ``id`` = territory code
    (:func:`analysis.plotting.geojson_collection`), one object for every session."""
    return geojson_collection(boundaries(level))


@st.cache_resource(show_spinner=False, max_entries=len(LEVELS))
def geojson_source(level: str = "municipio") -> dict[str, Any] | str:
    """What a map's ``geojson`` should be: a URL when Streamlit serves static files, the
    FeatureCollection itself otherwise.

    With ``server.enableStaticServing`` (set in ``.streamlit/config.toml``) the boundaries
    are written once to ``dashboard/static/`` under a name that changes with their
    content; the browser downloads them once and caches them, and each map sent on a
    rerun carries only its values (≈30 kB instead of ≈0.5 MB to serialise and send).
    """
    if not st.get_option("server.enableStaticServing"):
        return geojson(level)
    # Named by the boundaries file's content: when it is already written, the first map
    # after a server start needs neither geopandas nor the conversion.
    source = store.boundaries_file(level)
    digest = hashlib.sha256(source.read_bytes() + FORMAT.encode()).hexdigest()[:12]
    target = STATIC_DIR / f"{level}_{digest}.geojson"
    try:
        if not target.exists():
            write_atomic(target, json.dumps(geojson(level), separators=(",", ":")))
    except OSError:
        return geojson(level)  # read-only install: send the geometry with the figure
    return f"./app/static/{target.name}"


@st.cache_data(show_spinner=False, max_entries=64)
def bounds(
    level: str = "municipio", codes: tuple[int, ...] | None = None
) -> tuple[float, float, float, float]:
    """``(west, south, east, north)`` of the territories ``codes`` (the country when
    ``None``), for a map that fits them."""
    return extent(boundaries(level), codes)
