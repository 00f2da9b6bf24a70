"""Labels of the monitoring vocabularies in both languages, and the empty and unknown
codes."""

from __future__ import annotations

import math

import pytest

from analysis.monitoring import labels, models
from analysis.records.institutions import SECTORS


def test_every_vocabulary_has_its_codes_and_labels_in_both_languages():
    for kind in labels.VOCABULARY_KINDS:
        codes = labels.vocabulary_codes(kind)
        assert codes, kind
        for code in codes:
            spanish = labels.vocabulary_label(kind, code, "es")
            english = labels.vocabulary_label(kind, code, "en")
            assert spanish and english and spanish != code, (kind, code)
    assert labels.vocabulary_codes("theme") == list(models.THEMES)
    assert labels.vocabulary_codes("sector") == list(SECTORS)


def test_theme_labels_include_the_commissions():
    assert labels.vocabulary_label("theme", "social", "en") == "Social commission"
    assert "social" not in labels.vocabulary_codes("theme")


def test_empty_and_unknown_codes():
    assert labels.vocabulary_label("status", None) == "—"
    assert labels.vocabulary_label("status", math.nan) == "—"
    assert labels.vocabulary_label("status", "otra_cosa") == "otra_cosa"
    assert labels.vocabulary_label("nothing", "x") == "x"
    with pytest.raises(KeyError):
        labels.vocabulary_codes("nothing")
    assert labels.labels_of("type", ["prevencion", None, "nuevo"], "en") == [
        "Prevention", "—", "nuevo",
    ]  # fmt: skip


def test_groups_dimensions_shares_and_ticks():
    assert labels.group_labels("edad", "en")["ninez"] == "Children (0–12)"
    assert labels.group_labels("desconocida", "es") == {}
    assert labels.vocabulary_label("group:pueblo", "otro", "en") == "Other"
    assert [labels.dimension_label(d, "en") for d in ("sexo", "edad", "pueblo")] == [
        "Sex", "Age group", "People",
    ]  # fmt: skip
    assert set(labels.DIMENSIONS) == set(models.REACH_GROUPS)
    assert labels.share_text(0.256, "es") == "26\xa0%"
    assert labels.share_text(None, "en") == "—"
    assert labels.ticks([True, False, None, 1, math.nan]) == ["✓", "", "", "✓", ""]
