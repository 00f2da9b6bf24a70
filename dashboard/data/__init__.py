"""Every cached call from the dashboard into :mod:`analysis`, one module per domain.

Pages never call :mod:`analysis` directly: they call these wrappers, which cache frames by
small hashable arguments (``st.cache_data``, bounded by ``max_entries``) so that a rerun
after a widget change does not read the database again, and keep read-only objects
(geometry, the index data, scenario runs) with ``st.cache_resource``.

=================  ==============================================================
``base``           build info, catalogue, themes, territories, values, sources
``geometry``       boundaries, their GeoJSON and the URL the browser caches
``indicators``     one indicator ready to map, explained, summarised by group
``profile``        one territory against its departamento and the country
``scenarios``      presets, scenario files and links, :func:`scenario_run`
``ranking``        what pages show of a run: map, table, bands, costs, comparison
``exports``        stamped CSV/XLSX/GeoJSON, static maps, the open-data bundle
``causes``         the causes pages (spatial patterns, typologies, factors, trends)
``userdata``       analysts' own indicators
=================  ==============================================================

The names of the domain modules in :data:`DOMAINS` are re-exported here
(``data.catalog()``), each module imported on first use; the ``causes``, ``userdata``,
``monitoring`` and ``consultation`` modules are imported by their pages.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Domain modules whose names are re-exported, searched in this order. They are imported on
#: first use (PEP 562): the overview's map needs ``base``, ``geometry``, ``indicators`` and
#: ``exports`` only, so it is drawn before the priority engine (and SciPy) is even loaded.
DOMAINS: tuple[str, ...] = (
    "base",
    "geometry",
    "indicators",
    "exports",
    "scenarios",
    "ranking",
    "profile",
)


def __getattr__(name: str) -> Any:
    for domain in DOMAINS:
        module = importlib.import_module(f"dashboard.data.{domain}")
        if name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            globals()[name] = value  # found once, then an ordinary attribute
            return value
    raise AttributeError(f"module 'dashboard.data' has no attribute {name!r}")
