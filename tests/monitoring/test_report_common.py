"""What the two MMM reports share: period checks, file names, the period in words, labels."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.errors import RaicesError
from analysis.monitoring.report_common import (
    check_period,
    file_stem,
    spanish_period,
)


def test_reversed_period_names_the_flag():
    with pytest.raises(RaicesError, match="posterior") as caught:
        check_period(date(2026, 6, 1), date(2026, 1, 1))
    assert "--desde" in str(caught.value)
    check_period(date(2026, 1, 1), date(2026, 1, 1))
    check_period(None, date(2026, 1, 1))


def test_file_stem_open_ends():
    assert file_stem("x", None, date(2026, 3, 31)) == "x_inicio_2026-03-31"
    assert file_stem("x", date(2026, 1, 1), None) == f"x_2026-01-01_{date.today().isoformat()}"


def test_spanish_period_open_ends():
    assert spanish_period(date(2026, 1, 1), None) == "desde el 1 de enero de 2026"
    assert spanish_period(None, date(2026, 3, 31)) == "hasta el 31 de marzo de 2026"
