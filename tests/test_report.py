"""Context-analysis report on the real build: generated, then read back with pypdf."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from analysis import cli
from analysis.errors import RaicesError
from analysis.report.common import format_value, priority_band
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
    text = " ".join(_text(path).replace("\u00a0", " ").replace("\u2009", " ").split())

    def shown(value: float) -> str:  # as the PDF's text layer gives back the spaces
        return format_value(value, "proporción de la población").replace("\u00a0", " ")

    assert shown(report_data.municipal.at[1301, "pobreza"]) in text
    assert shown(report_data.national["pobreza"]) in text


def test_pilot_report_lists_the_pilot(report_data, tmp_path):
    codes, how = pilot_codes(report_data)
    assert len(codes) == report_data.run.k
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


def test_report_uses_the_published_national_poverty(built_db):
    # the national column is the build's national value: the direct ENCOVI 2023 estimate
    # (56.0 %), not a weighted mean of departamento model estimates
    data = prepare(draws=0)
    assert data.national["pobreza"] == pytest.approx(0.5604, abs=1e-4)


def test_formatting_and_bands():
    assert format_value(0.5, "proporción de hogares") == "50,0\u00a0%"
    assert format_value(12345.6, "quetzales") == "12\u2009346"  # analysis.formatting
    assert priority_band(68, 340) == "alta" and priority_band(69, 340) == "media"


# ---------------------------------------------------------------- bulletin


def test_bulletin_first_then_changes(report_data, built_db, tmp_path):
    from datetime import date

    from analysis.report.bulletin import write_bulletin
    from analysis.report.context import prepare

    first = write_bulletin(tmp_path, data=report_data, day=date(2026, 11, 1))
    assert first.previous is None
    assert first.changes == ["Primer boletín: no hay un boletín anterior con el que comparar."]
    text = _text(first.pdf)
    assert "Boletín de Raíces" in text and "1 de noviembre de 2026" in text
    assert "Indicadores clave" in text and "Conjunto piloto" in text

    same = write_bulletin(tmp_path, data=report_data, day=date(2026, 11, 15))
    assert same.previous.name == "boletin_2026-11-01.json"
    assert same.changes == [
        "Sin cambios desde el boletín anterior: mismos datos y mismo escenario."
    ]

    other = prepare("migracion", db_path=built_db, draws=0)
    changed = write_bulletin(tmp_path, data=other, day=date(2026, 11, 29))
    assert changed.previous.name == "boletin_2026-11-15.json"
    assert changed.changes[0].startswith("Cambió el escenario adoptado")
    assert any("(por el cambio de escenario)" in c for c in changed.changes)
    html = changed.html.read_text(encoding="utf-8")
    assert '<html lang="es">' in html and "data:image/png;base64," in html
    assert "Cambió el escenario adoptado" in html
    assert "Cambió el escenario adoptado" in _text(changed.pdf)
    assert sorted(p.suffix for p in tmp_path.glob("boletin_2026-11-29.*")) == [
        ".html",
        ".json",
        ".pdf",
    ]


def test_compare_snapshots_data_and_user_changes():
    from analysis.report.bulletin import compare_snapshots

    base = {
        "scenario_hash": "a",
        "scenario_indicators": ["x"],
        "data_vintage": "v1",
        "built_at": "t1",
        "user_indicators": [],
        "key_indicators": {"pobreza": 0.5},
        "pilot": [101],
        "ranking": {"101": {"rank": 1, "name": "Guatemala"}, "1301": {"rank": 40, "name": "Hue"}},
    }
    after = dict(
        base,
        data_vintage="v2",
        user_indicators=["homicidios"],
        key_indicators={"pobreza": 0.4},
        ranking={"101": {"rank": 1, "name": "Guatemala"}, "1301": {"rank": 2, "name": "Hue"}},
    )
    changes = compare_snapshots(base, after)
    assert changes[0] == "Nuevos datos: «v1» → «v2»."
    assert changes[1] == "Indicadores propios añadidos: homicidios."
    assert any(
        "pobreza (nacional)" in c and "de datos y de indicadores propios" in c for c in changes
    )
    assert any("Hue (40 → 2, sube 38)" in c for c in changes)


def test_cli_boletin_rejects_bad_date(built_db, tmp_path):
    assert cli.main(["boletin", "--date", "29/11/2026", "--out", str(tmp_path)]) == 2
    assert not list(tmp_path.iterdir())


def test_zero_standard_errors_are_flagged(report_data, tmp_path):
    se = report_data.standard_errors
    zero = [
        c
        for c in se.index
        if any(pd_notna_zero(se.at[c, i], report_data.municipal.at[c, i]) for i in se.columns)
    ]
    if not zero:
        pytest.skip("ningún municipio con error estándar nulo en esta construcción")
    path = write_report(tmp_path / "cero.pdf", codes=[zero[0]], data=report_data)
    assert "error estándar nulo" in " ".join(_text(path).split())


def pd_notna_zero(se: float, value: float) -> bool:
    import math

    return math.isfinite(se) and math.isfinite(value) and value != 0 and abs(se / value) < 1e-9


def test_pilot_with_constraints_names_them(built_db, tmp_path):
    from analysis.priority.scenario import Scenario

    scenario = Scenario.from_dict(
        {
            "name": "Piloto con restricciones",
            "level": "municipio",
            "pilot": {"k": 6, "max_per_dept": 1},
        }  # fmt: skip
    )
    data = prepare(scenario, db_path=built_db, draws=0)
    codes, how = pilot_codes(data)
    assert len(codes) == 6 and len({c // 100 for c in codes}) == 6
    # one rule: the constrained selection, listed best rank first
    assert set(codes) == set(data.run.selection.selected)
    assert data.ranking.loc[codes, "rank"].is_monotonic_increasing
    assert "máximo por departamento = 1" in how
    path = write_report(tmp_path / "piloto.pdf", pilot=True, data=data)
    text = " ".join(_text(path).split())
    assert "máximo por departamento = 1" in text
    assert len(PdfReader(path).pages) >= 6 + 2


def test_departamento_report_from_the_cli(built_db, tmp_path):
    out = tmp_path / "dep.pdf"
    assert cli.main(["report", "--departamento", "GT13", "--draws", "0", "--out", str(out)]) == 0
    text = " ".join(_text(out).split())
    assert "Departamento de Huehuetenango" in text and "P-code GT13" in text
    assert "de 22" in text
    assert cli.main(["report", "--departamento", "23", "--out", str(out)]) == 2
