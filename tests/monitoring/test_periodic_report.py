"""The periodic monitoring report: a PDF that opens, holds the sections the commitment asks
for, prints only published records and no personal data, and says what changed since the
previous report."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from analysis.errors import RaicesError
from analysis.monitoring import periodic_report as report
from analysis.monitoring.report_common import priority_context
from analysis.records.database import engine_for, upgrade
from tests.monitoring.monitoring_seed import seed_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seguimiento_informe")
    url = f"sqlite:///{folder / 'raices.sqlite'}"
    engine = engine_for(url)
    upgrade(engine)
    seeded = seed_store(engine, actions=16)
    engine.dispose()
    return url, seeded


@pytest.fixture(scope="module")
def context(built_db):
    return priority_context(db_path=built_db)


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_periodic_report_sections_and_privacy(store, context, tmp_path):
    url, seeded = store
    result = report.write_periodic_report(
        tmp_path, since=date(2026, 1, 1), until=date(2026, 12, 31), url=url, context=context
    )
    text = _text(result.pdf)
    for section in ("Resumen", "Acciones", "Cobertura del plan piloto por causa", "Presupuesto",
                    "Personas alcanzadas", "Resultados", "Brechas",
                    "Qué cambió desde el informe anterior"):  # fmt: skip
        assert section in text, section
    assert "Primer informe" in text
    assert "Acción ficticia 1\n" in text or "Acción ficticia 1 " in text
    for action_id in seeded.unpublished:
        assert f"Acción ficticia {action_id}\n" not in text
    for private in ("ficticia.example", "nota interna", "consola:", "Contacto"):
        assert private not in text
    assert "Jóvenes ficticios capacitados" in text
    assert len(context.pilot) == 15 and f"{len(context.pilot)} territorios del plan piloto" in text
    assert result.snapshot is not None and result.snapshot.is_file()


def test_second_report_says_what_changed(store, context, tmp_path):
    url, _ = store
    first = report.write_periodic_report(
        tmp_path, since=date(2026, 1, 1), until=date(2026, 3, 31), url=url, context=context
    )
    second = report.write_periodic_report(
        tmp_path, since=date(2026, 1, 1), until=date(2026, 9, 30), url=url, context=context
    )
    assert second.previous == first.snapshot
    assert any(change.startswith("Acciones nuevas") for change in second.changes)
    assert "Acciones nuevas" in _text(second.pdf)


def test_report_without_build_still_writes(store, tmp_path):
    url, _ = store
    result = report.write_periodic_report(
        tmp_path, since=None, until=date(2026, 12, 31), url=url,
        db_path=tmp_path / "no_hay_base.duckdb",
    )  # fmt: skip
    assert "Sin base analítica construida" in _text(result.pdf)


def test_reversed_period_is_one_clear_error(tmp_path):
    with pytest.raises(RaicesError, match="posterior"):
        report.write_periodic_report(tmp_path, since=date(2026, 6, 1), until=date(2026, 1, 1))


def test_bulletin_carries_the_monitoring_open_data(store, built_db, tmp_path, monkeypatch):
    from analysis.report.bulletin import write_bulletin

    url, seeded = store
    monkeypatch.setenv("RAICES_SEGUIMIENTO_URL", url)
    result = write_bulletin(tmp_path, db_path=built_db, draws=10, day=date(2026, 7, 1))
    names = {path.name for path in result.attachments}
    assert {"seguimiento_5w.csv", "seguimiento_5w_hxl.csv", "seguimiento_5w.xlsx"} <= names
    published = len(seeded.actions) - len(seeded.unpublished)
    assert f"Seguimiento de la MMM: {published} acciones publicadas" in _text(result.pdf)
    assert "boletin_2026-07-01_seguimiento" in result.html.read_text(encoding="utf-8")


def test_cli_informe_and_autoevaluacion(store, tmp_path, capsys):
    from analysis.cli import main

    url, _ = store
    code = main(["seguimiento", "--almacen", url, "informe", "--desde", "2026-01-01",
                 "--hasta", "2026-06-30", "--out", str(tmp_path)])  # fmt: skip
    assert code == 0
    assert (tmp_path / "informe_seguimiento_2026-01-01_2026-06-30.pdf").is_file()
    assert "Primer informe" in capsys.readouterr().out
    code = main(["seguimiento", "--almacen", url, "autoevaluacion", "--hasta", "2026-06-30",
                 "--out", str(tmp_path)])  # fmt: skip
    assert code == 0
    assert (tmp_path / "autoevaluacion_mmm_inicio_2026-06-30.pdf").is_file()
    code = main(["seguimiento", "--almacen", url, "informe", "--desde", "2026-13-01",
                 "--out", str(tmp_path)])  # fmt: skip
    error = capsys.readouterr().err
    assert code == 2 and error.count("\n") == 1 and "--desde" in error
