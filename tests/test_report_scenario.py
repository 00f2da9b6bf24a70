"""analysis.report.scenario: the one-click scenario PDF."""

from __future__ import annotations

import dataclasses
import io

from pypdf import PdfReader

from analysis.priority.run import IndexData, rank_territories
from analysis.priority.scenario import load_preset
from analysis.priority.selection import SelectionConstraints
from analysis.report.scenario import scenario_report


def test_scenario_report_in_spanish(built_db):
    data = IndexData.from_store("municipio", db_path=built_db)
    scenario = dataclasses.replace(
        load_preset("pesos_iguales"),
        pilot=SelectionConstraints(k=8, max_per_dept=1, min_indigenous_share=0.5),
    )
    run = rank_territories(scenario, data, draws=40, pilot_draws=10)
    pdf = scenario_report(run, stamp=f"Raíces · escenario {run.hash}")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert run.hash in text
    assert "máximo por departamento = 1" in text
    assert "≥ 4 de 8" in text
    chosen = run.table.loc[run.table["selected"], "name"].astype(str).tolist()
    assert len(chosen) == 8 and all(name in text for name in chosen)
    assert "Todas las restricciones juntas" in text
    assert "página 1/" in text
