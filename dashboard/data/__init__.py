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

The names of ``base`` … ``exports`` are re-exported here (``data.catalog()``); the
``causes`` and ``userdata`` modules are imported by their pages.
"""

from __future__ import annotations

from dashboard.data.base import *  # noqa: F403
from dashboard.data.exports import *  # noqa: F403
from dashboard.data.geometry import *  # noqa: F403
from dashboard.data.indicators import *  # noqa: F403
from dashboard.data.profile import *  # noqa: F403
from dashboard.data.ranking import *  # noqa: F403
from dashboard.data.scenarios import *  # noqa: F403
