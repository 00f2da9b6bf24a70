"""The MMM self-assessment: a PDF with meetings, attendance by sector, agreements on time
and coordination, from published records only."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from analysis.errors import RaicesError
from analysis.monitoring.self_assessment import write_self_assessment
from analysis.records.database import engine_for, upgrade
from tests.monitoring.monitoring_seed import seed_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seguimiento_autoevaluacion")
    url = f"sqlite:///{folder / 'raices.sqlite'}"
    engine = engine_for(url)
    upgrade(engine)
    seed_store(engine, actions=16)
    engine.dispose()
    return url


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_self_assessment(store, tmp_path):
    url = store
    result = write_self_assessment(
        tmp_path, since=date(2026, 1, 1), until=date(2026, 6, 30), url=url
    )
    text = _text(result.pdf)
    assert "Autoevaluación de la Mesa Multisectoral" in text
    assert "Reuniones celebradas: 3." in text
    assert "Asistencia por sector" in text and "Sociedad civil" in text
    # fictitious agreements: one on time, one late, one overdue, one not yet due
    assert "Cumplidos a tiempo: 1; con retraso: 1; vencidos sin cumplir: 1" in text
    assert "Coordinación interinstitucional" in text
    assert "ficticia.example" not in text


def test_self_assessment_reversed_period_is_one_clear_error(tmp_path):
    with pytest.raises(RaicesError, match="posterior"):
        write_self_assessment(tmp_path, since=date(2026, 6, 1), until=date(2026, 1, 1))
