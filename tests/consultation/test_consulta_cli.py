"""``raices consulta`` on the real build: open, template, import (refused, then good), result."""

from __future__ import annotations

import tomllib

import pandas as pd
import pytest
from pypdf import PdfReader

from analysis.cli import main
from analysis.priority.scenario import Scenario

pytestmark = pytest.mark.slow


def test_round_from_the_command_line(built_db, tmp_path, capsys, monkeypatch):
    import openpyxl

    monkeypatch.setenv("RAICES_SEGUIMIENTO_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    assert (
        main(
            [
                "consulta", "abrir", "--nombre", "Taller Huehuetenango", "--fecha", "2026-11-30",
                "--temas", "migracion,pobreza_economia,violencia_inseguridad",
            ]
        )
        == 0
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "Ronda 1 abierta" in out and "?ronda=" in out
    template = tmp_path / "plantilla.xlsx"
    assert main(["consulta", "plantilla", "1", "--out", str(template)]) == 0

    def fill(rows):
        book = openpyxl.load_workbook(template)
        sheet = book["respuestas"]
        for i, values in enumerate(rows, start=2):
            for j, value in enumerate(values, start=1):
                sheet.cell(row=i, column=j, value=value)
        path = tmp_path / f"lleno_{len(rows)}.xlsx"
        book.save(path)
        return path

    bad = fill(
        [
            ["T-1", "estado", 13, None, None, None, None, 50, 30, 20],
            ["T-2", "osc", "Huehuetenango", None, None, None, None, 50, 30, 10],
            ["T-1", "osc", "Atlantis", None, None, None, None, 50, 30, 20],
        ]
    )
    report = tmp_path / "problemas.csv"
    assert main(["consulta", "importar", "1", str(bad), "--informe", str(report)]) == 3
    err = capsys.readouterr().err
    assert "fila 3" in err and "suman 90" in err and "no se guardó nada" in err
    assert len(pd.read_csv(report)) == 3
    good = fill(
        [
            ["T-1", "estado", 13, "maya", "mujer", "30-44", "Agua y empleo primero", 20, 60, 20],
            ["T-2", "osc", "Huehuetenango", None, None, None, "=cmd|' /C calc'!A0", 50, 30, 20],
            ["T-3", "academia", "Sololá", None, None, None, None, 40, 40, 20],
            ["T-4", "cooperacion", 1, None, None, None, None, 45, 35, 20],
        ]
    )
    assert main(["consulta", "importar", "1", str(good)]) == 0
    assert "Importadas 4 respuestas" in capsys.readouterr().out
    out_dir = tmp_path / "resultado"
    assert main(["consulta", "resultado", "1", "--out", str(out_dir), "--pdf"]) == 0
    printed = capsys.readouterr().out
    lines = printed.splitlines()
    assert lines[1].startswith("W de Kendall")
    agreement = pd.read_csv(out_dir / "acuerdo.csv")
    assert agreement["medida"].iloc[0] == "w_kendall"
    combined = pd.read_csv(out_dir / "pesos_combinados.csv").set_index("theme")
    assert combined.loc["migracion", "weight"] == pytest.approx(0.3875)
    groups = pd.read_csv(out_dir / "pesos_por_grupo.csv")
    assert set(groups["grouping"]) == {"sector", "territory", "pueblo"}
    ranks = pd.read_csv(out_dir / "clasificacion_por_participante.csv")
    assert len(ranks) == 22 and {"T-1", "T-2", "T-3", "T-4"} <= set(ranks.columns)
    pilot = pd.read_csv(out_dir / "piloto_entre_voces.csv")
    assert {"p_top_k", "p_selected", "strong"} <= set(pilot.columns)
    assert pilot["p_selected"].sum() == pytest.approx(5.0)  # k = 5 departamentos
    scenario = Scenario.load(out_dir / "escenario_consenso.toml")
    assert scenario.name == "Consenso: Taller Huehuetenango"
    assert dict(scenario.themes) == {
        "migracion": 38.75,
        "pobreza_economia": 41.25,
        "violencia_inseguridad": 20.0,
    }
    assert tomllib.loads((out_dir / "escenario_consenso.toml").read_text())["pilot"]["k"] == 5
    text = "".join(
        page.extract_text() for page in PdfReader(out_dir / "informe_consulta.pdf").pages
    )
    for expected in ("Cómo se hizo", "Participación", "W de Kendall", "Sectores sin ninguna voz",
                     "Agua y empleo primero", "80 %"):  # fmt: skip
        assert expected in text, expected
    participation = pd.read_csv(out_dir / "participacion.csv")
    sectors = participation[participation["dimension"] == "sector"].set_index("value")
    assert sectors.loc["privado", "n"] == 0

    # published only once closed; no pueblo, sex, age or comment in the open data
    from analysis.consultation.opendata import open_data_tables

    assert open_data_tables() == {}
    assert main(["consulta", "cerrar", "1"]) == 0
    tables = open_data_tables()
    published = tables["consulta_respuestas"]
    assert len(published) == 4 and published["participante"].tolist() == [1, 2, 3, 4]
    assert not {"pueblo", "sex", "sexo", "comment", "comentario", "code"} & set(published.columns)
    assert "peso_migracion" in set(tables["consulta_diccionario"]["column"])

    from analysis.export.bundle import export_bundle

    bundle = export_bundle(tmp_path / "abiertos", formats=["csv"], validate=True)
    names = {path.name for path in bundle.files}
    assert {"consulta_respuestas.csv", "consulta_diccionario.csv"} <= names
    published = pd.read_csv(tmp_path / "abiertos" / "consulta_respuestas.csv")
    assert published["sector"].tolist() == ["estado", "osc", "academia", "cooperacion"]


def test_a_round_opened_without_themes_weighs_the_themes_that_have_indicators(
    built_db, tmp_path, capsys, monkeypatch
):
    from analysis.consultation import service
    from analysis.records.database import engine_for, session_scope

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("RAICES_SEGUIMIENTO_URL", url)
    assert main(["consulta", "abrir", "--nombre", "Taller por defecto"]) == 0
    assert "Ronda 1 abierta" in capsys.readouterr().out
    with session_scope(engine_for(url), readonly=True) as session:
        spec = service.get_round(session, 1)
    # «Clima y alimentación» has no default indicator: weighing it would change nothing
    assert "clima_alimentacion" not in spec.items and "migracion" in spec.items
    assert len(spec.items) == 5
