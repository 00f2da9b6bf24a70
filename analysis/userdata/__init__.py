"""Analysts' own indicators: safe reading, matching to INE codes, and the user layer.

Modules
-------
reading   CSV/XLSX read as text with limits, encoding detection and mojibake repair
names     name normalisation, the official gazetteer and the table of variants
matching  one status per input row (matched, suggestion, ambiguous, unmatched, …)
layer     storage of user indicators and the catalogue rows with ``origin = "user"``
importer  file → report → user layer in one call

The store and the dashboard use :func:`list_user_indicators`,
:func:`load_user_indicators` and :func:`remove_user_indicator`.
"""

from analysis.userdata.importer import ImportResult, import_indicator
from analysis.userdata.layer import (
    THEMES,
    UserIndicatorMeta,
    list_user_indicators,
    load_user_indicator_meta,
    load_user_indicators,
    remove_user_indicator,
    save_user_indicator,
)

__all__ = [
    "THEMES",
    "ImportResult",
    "UserIndicatorMeta",
    "import_indicator",
    "list_user_indicators",
    "load_user_indicator_meta",
    "load_user_indicators",
    "remove_user_indicator",
    "save_user_indicator",
]
