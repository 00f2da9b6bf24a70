"""Analysts' own indicators: safe reading, matching to INE codes, and the user layer.

Modules
-------
reading   CSV/XLSX read as text with limits, encoding detection and mojibake repair
names     name normalisation, the official gazetteer and the table of variants
matching  one status per input row (matched, suggestion, ambiguous, unmatched, …)
layer     storage of user indicators and the catalogue rows with ``origin = "user"``
importer  file → report → user layer in one call

values    user-indicator values joined to the database's population and gazetteer

The store reads the layer through ``layer`` alone (it never imports the modules that read
the store); the dashboard uses :func:`list_user_indicators`, :func:`load_user_indicators`
and :func:`remove_user_indicator`.
"""

from __future__ import annotations

import importlib
from typing import Any

# Imported on first use (PEP 562), so that ``analysis.store`` can read the user layer's
# files (``analysis.userdata.layer``) without importing the modules that read the store.
_WHERE: dict[str, str] = {
    "ImportResult": "importer",
    "import_indicator": "importer",
    "THEMES": "layer",
    "UserIndicatorMeta": "layer",
    "list_user_indicators": "layer",
    "load_user_indicator_meta": "layer",
    "remove_user_indicator": "layer",
    "save_user_indicator": "layer",
    "load_user_indicators": "values",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'analysis.userdata' has no attribute {name!r}")
    return getattr(importlib.import_module(f"analysis.userdata.{_WHERE[name]}"), name)
