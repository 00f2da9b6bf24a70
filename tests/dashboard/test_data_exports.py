"""Exports and files: stamped tables with headers in the reader's language, the context
report, shared links and scenario files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_exports_carry_the_stamp(dashboard_db):
    import io

    import pandas as pd

    from dashboard import data

    frame = data.map_table(data.indicator_map_frame("departamento", "pobreza"))
    stamp = data.stamp("abc123def456")
    assert "Raíces" in stamp and "escenario abc123def456" in stamp
    csv = data.csv_bytes(frame, stamp).decode("utf-8")
    assert csv.splitlines()[0] == f"# {stamp}"
    back = pd.read_csv(io.StringIO(csv), comment="#", index_col="código")
    assert len(back) == 22 and back["valor"].between(0, 1).all()  # decimal point: numbers
    labelled = data.csv_bytes(frame, stamp, "en", {"value": "Poverty (share)"}).decode("utf-8")
    assert labelled.splitlines()[1].startswith("code,territory,Poverty (share)")
    workbook = pd.read_excel(io.BytesIO(data.xlsx_bytes(frame, stamp)), sheet_name=None)
    assert set(workbook) == {"datos", "metadatos"}
    assert stamp in workbook["metadatos"]["valor"].tolist()
    english = pd.read_excel(io.BytesIO(data.xlsx_bytes(frame, stamp, "en")), sheet_name=None)
    assert set(english) == {"data", "metadata"} and "territory" in english["data"].columns
    collection = json.loads(data.geojson_bytes("departamento", frame, stamp))
    assert collection["metadata"]["stamp"] == stamp
    assert len(collection["features"]) == 22
    png = data.static_map(
        "departamento", frame["value"], "Pobreza", "proporción", "quantiles", 5, True, stamp, "png",
        highlight=(16, 13),
    )  # fmt: skip
    svg = data.static_map(
        "departamento", frame["value"], "Pobreza", "proporción", "quantiles", 5, True, stamp, "svg"
    )
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in svg[:500] and b"abc123def456" in svg


def test_context_analysis_pdf_and_png(dashboard_db):
    import io

    from pypdf import PdfReader

    from dashboard import data

    report = data.context_report("municipio", 1304)
    pdf = report.pdf()
    assert pdf[:5] == b"%PDF-"
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Cuilco" in text
    png = report.png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    departamento = data.context_report("departamento", 16)
    assert departamento.pdf is None
    assert departamento.png()[:8] == b"\x89PNG\r\n\x1a\n"


def test_share_link_round_trip_and_damage(dashboard_db):
    from analysis.errors import RaicesError
    from dashboard import data

    text = data.preset_toml("migracion")
    link = data.scenario_to_param(text)
    assert len(link) < 2000  # fits comfortably in a URL
    assert (
        data.parse_scenario(data.scenario_from_param(link)).hash()
        == data.parse_scenario(text).hash()
    )
    with pytest.raises(RaicesError):
        data.scenario_from_param(link[:-10])


def test_scenario_files_good_and_bad(dashboard_db):
    from analysis.errors import RaicesError
    from dashboard import data

    text = data.preset_toml("migracion")
    assert data.parse_scenario(data.scenario_from_file("e.toml", text.encode())).hash() == (
        data.parse_scenario(text).hash()
    )
    as_json = json.dumps(data.parse_scenario(text).to_dict()).encode()
    assert (
        data.parse_scenario(data.scenario_from_file("e.json", as_json)).name
        == "Guiado por la migración"
    )
    with pytest.raises(RaicesError, match="e.toml"):
        data.scenario_from_file("e.toml", b"[themes]\nmigracion = -1\n")
    with pytest.raises(RaicesError, match="JSON"):
        data.scenario_from_file("e.json", b"{not json")
    with pytest.raises(RaicesError, match="UTF-8"):
        data.scenario_from_file("e.toml", "name = 'Año'".encode("latin-1"))


def test_ranking_export_writes_ranks_and_driver_for_the_reader(dashboard_db):
    import io

    import pandas as pd

    from analysis.priority import explain, presets
    from dashboard import data

    preset = Path(presets.__path__[0]) / "pesos_iguales.toml"
    scenario = preset.read_text(encoding="utf-8").replace("draws = 1000", "draws = 40")
    run = data.scenario_run(scenario, robust=False).run
    stamp = data.stamp(run.hash, "en")
    export = data.ranking_export(run, "en")
    csv = data.csv_bytes(export, stamp, "en", data.theme_headers("en")).decode("utf-8")
    back = pd.read_csv(io.StringIO(csv), comment="#")
    assert back["rank"].tolist()[:3] == [1, 2, 3] and back["rank"].dtype.kind == "i"
    drivers = set(back["source of uncertainty"])
    assert drivers and drivers <= {label for _, label in explain.DRIVER_LABELS.values()}
