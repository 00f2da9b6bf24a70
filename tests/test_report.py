"""Context-analysis report on the real build: generated, then read back with pypdf."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from analysis import cli
from analysis.errors import RaicesError
from analysis.report.common import format_value, national_values, priority_band
from analysis.report.context import pilot_codes, prepare, write_report


def _text(path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def report_data(built_db):
    return prepare("pesos_iguales", db_path=built_db, draws=50)


def test_single_municipio_report_has_every_section(report_data, tmp_path):
    path = write_report(tmp_path / "hue.pdf", codes=[1301], data=report_data)
    text = _text(path)
    for expected in (
        "Huehuetenango, Huehuetenango",
        "Código INE 1301",
        "GT1301",
        "Prioridad",
        "Indicadores del escenario",
        "Notas de fiabilidad",
        "Fuentes y método",
        "Secretaría de Planificación",
        report_data.scenario_hash,
    ):
        assert expected in text, expected
    rank = int(report_data.ranking.at[1301, "rank"])
    assert f"puesto {rank} de 340" in text
    assert len(PdfReader(path).pages) >= 2


def test_report_table_shows_real_values(report_data, tmp_path):
    path = write_report(tmp_path / "hue.pdf", codes=[1301], data=report_data)
    text = _text(path)
    poverty = report_data.municipal.at[1301, "pobreza"]
    assert format_value(poverty, "proporción de la población") in text
    national = report_data.national["pobreza"]
    assert format_value(national, "proporción de la población") in text


def test_pilot_report_lists_the_pilot(report_data, tmp_path):
    codes, how = pilot_codes(report_data)
    assert len(codes) == report_data.ranking.attrs["k"]
    path = write_report(tmp_path / "piloto.pdf", pilot=True, data=report_data)
    text = _text(path)
    assert "conjunto piloto" in text
    first = report_data.ranking.loc[codes[0], "name"]
    assert first in text
    assert len(PdfReader(path).pages) >= len(codes) + 2


def test_unknown_code_is_a_clear_error(report_data, tmp_path):
    with pytest.raises(RaicesError, match="9999"):
        write_report(tmp_path / "x.pdf", codes=[9999], data=report_data)
    with pytest.raises(RaicesError, match="--municipio"):
        write_report(tmp_path / "x.pdf", data=report_data)
    assert not (tmp_path / "x.pdf").exists()


def test_cli_report(built_db, tmp_path):
    out = tmp_path / "cli.pdf"
    assert cli.main(["report", "--municipio", "GT0101", "--draws", "0", "--out", str(out)]) == 0
    assert "Guatemala, Guatemala" in _text(out)
    assert cli.main(["report", "--municipio", "Mixco", "--out", str(out)]) == 2


def test_national_values_use_weights_not_plain_means():
    import pandas as pd

    catalog = pd.DataFrame(
        {"dept_method": ["hh_weighted", "pop_weighted", "sum", "sum"]},
        index=["agua", "tasa", "poblacion", "hogares"],
    )
    departments = pd.DataFrame(
        {"agua": [1.0, 0.0], "tasa": [100.0, 0.0], "poblacion": [1.0, 9.0], "hogares": [3.0, 1.0]}
    )
    result = national_values(catalog, departments)
    assert result["agua"] == pytest.approx(0.75)
    assert result["tasa"] == pytest.approx(10.0)
    assert result["poblacion"] == 10.0


def test_formatting_and_bands():
    assert format_value(0.5, "proporción de hogares") == "50,0 %"
    assert format_value(12345.6, "quetzales") == "12 346"
    assert priority_band(68, 340) == "alta" and priority_band(69, 340) == "media"
