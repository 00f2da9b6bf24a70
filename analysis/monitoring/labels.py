"""Words for the monitoring vocabularies: the label of a code in the reader's language.

The vocabularies themselves (themes, commissions, statuses, types of action, sectors,
meeting kinds, indicator kinds, agreement statuses, reach groups) are defined once in
:mod:`analysis.monitoring.models` and :mod:`analysis.records.institutions`; this module
only looks codes up in them, so that every table of the board and every form names a code
the same way. Column headings and the other words of the screen live in the dashboard's
i18n layer, not here.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.formatting import format_number
from analysis.monitoring import models
from analysis.records.institutions import SECTORS

MISSING_LABEL = "—"
"""What an empty code reads as in a table."""

TICK = "✓"
"""What a true flag (in the pilot plan, published, official delegation) reads as."""

DIMENSIONS: models.Labels = {
    "sexo": ("Sexo", "Sex"),
    "edad": ("Grupo de edad", "Age group"),
    "pueblo": ("Pueblo", "People"),
}
"""The disaggregations of people reached (:data:`analysis.monitoring.models.REACH_GROUPS`)."""

VOCABULARY_KINDS: tuple[str, ...] = (
    "theme", "commission", "status", "type", "sector", "meeting", "kind", "agreement",
)  # fmt: skip
"""Vocabularies known by name (plus ``group:<dimension>`` for the groups of people)."""


def vocabulary(kind: str) -> models.Labels:
    """The vocabulary called ``kind`` (see :data:`VOCABULARY_KINDS`); empty when unknown.

    ``theme`` includes the commissions, since an action names either.

    Examples
    --------
    >>> vocabulary("status")["en_curso"]
    ('En curso', 'In progress')
    >>> vocabulary("group:sexo")["mujer"][1]
    'Women'
    """
    if kind.startswith("group:"):
        return models.REACH_GROUPS.get(kind.split(":", 1)[1], {})
    vocabularies: dict[str, models.Labels] = {
        "theme": {**models.THEMES, **models.COMMISSIONS},
        "commission": models.COMMISSIONS,
        "status": models.ACTION_STATUSES,
        "type": models.DEFAULT_ACTION_TYPES,
        "sector": SECTORS,
        "meeting": models.MEETING_KINDS,
        "kind": models.INDICATOR_KINDS,
        "agreement": models.AGREEMENT_STATUSES,
    }
    return vocabularies.get(kind, {})


def vocabulary_codes(kind: str) -> list[str]:
    """Codes of a vocabulary in their declared order (``theme``: the six causes only).

    Examples
    --------
    >>> vocabulary_codes("agreement")
    ['pendiente', 'en_curso', 'cumplido', 'incumplido']
    """
    if kind == "theme":
        return list(models.THEMES)
    if kind not in VOCABULARY_KINDS:
        raise KeyError(kind)
    return list(vocabulary(kind))


def vocabulary_label(kind: str, code: object, language: str = "es") -> str:
    """Label of ``code`` in the vocabulary ``kind``; the code itself when unknown, «—» when
    empty.

    Examples
    --------
    >>> vocabulary_label("sector", "estado", "en"), vocabulary_label("theme", None)
    ('State', '—')
    >>> vocabulary_label("theme", "nuevo_tema")
    'nuevo_tema'
    """
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return MISSING_LABEL
    return models.label(vocabulary(kind), code, language)


def labels_of(kind: str, codes: Iterable[object], language: str = "es") -> list[str]:
    """:func:`vocabulary_label` of each code (each distinct code looked up once).

    Examples
    --------
    >>> labels_of("status", ["en_curso", None, "en_curso"], "en")
    ['In progress', '—', 'In progress']
    """
    values = list(codes)
    lookup: dict[object, str] = {}
    for value in values:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        if value not in lookup:
            lookup[value] = vocabulary_label(kind, value, language)
    return [lookup.get(value, MISSING_LABEL) for value in values]


def share_text(value: object, language: str = "es") -> str:
    """A share written as a whole percentage («—» when unknown).

    Examples
    --------
    >>> share_text(0.254), share_text(float("nan"), "en")
    ('25\\xa0%', '—')
    """
    return format_number(value, language, percent=True, decimals=0, missing=MISSING_LABEL)


def dimension_label(dimension: str, language: str = "es") -> str:
    """Name of a disaggregation of people reached (the code itself when unknown).

    Examples
    --------
    >>> dimension_label("edad", "en"), dimension_label("otra")
    ('Age group', 'otra')
    """
    return models.label(DIMENSIONS, dimension, language)


def group_labels(dimension: str, language: str = "es") -> dict[str, str]:
    """Labels of the groups of one disaggregation, in their declared order.

    Examples
    --------
    >>> group_labels("sexo", "en")
    {'mujer': 'Women', 'hombre': 'Men'}
    """
    groups = models.REACH_GROUPS.get(dimension, {})
    return {code: models.label(groups, code, language) for code in groups}


def ticks(flags: Iterable[object]) -> list[str]:
    """«✓» for each true flag, an empty string otherwise.

    Examples
    --------
    >>> ticks([True, False, None])
    ['✓', '', '']
    """
    return [TICK if _is_true(flag) else "" for flag in flags]


def _is_true(flag: object) -> bool:
    if flag is None or (not isinstance(flag, str) and pd.isna(flag)):
        return False
    return bool(flag)


__all__ = [
    "DIMENSIONS",
    "MISSING_LABEL",
    "TICK",
    "VOCABULARY_KINDS",
    "dimension_label",
    "group_labels",
    "labels_of",
    "share_text",
    "ticks",
    "vocabulary",
    "vocabulary_codes",
    "vocabulary_label",
]
