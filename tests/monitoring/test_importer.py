"""The 5W template and its import, on SQLite and PostgreSQL. Every record is fictitious."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from analysis.errors import RaicesError
from analysis.monitoring.actions import action_state, find_action
from analysis.monitoring.importer import import_actions, read_actions, write_report
from analysis.monitoring.models import Action
from analysis.monitoring.template import HEADERS, write_template
from analysis.records.audit import AuditEntry
from analysis.records.database import session_scope
from analysis.records.permissions import PermissionDenied
from tests.records.world import make_world


@pytest.fixture
def world(store_engine):
    return make_world(store_engine)


def _row(**cells: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id_accion": "F-1",
        "titulo": "Campaña ficticia",
        "tema": "Migración",
        "tipo_accion": "Prevención",
        "estado": "En curso",
        "fecha_inicio": "2026-01-15",
        "fecha_fin": "2026-04-30",
        "municipios": "1301; GT1302",
        "personas_total": 80,
        "mujeres": 50,
        "hombres": 30,
        "maya": 60,
        "presupuesto_planificado": 20000,
        "presupuesto_ejecutado": "Q 5,000.50",
        "fuente_financiamiento": "Fondo ficticio",
    }
    base.update(cells)
    return base


def fill(template: Path, target: Path, rows: list[dict[str, object]]) -> Path:
    """Write ``rows`` into the ``Acciones`` sheet of the real template, as a person would."""
    book = openpyxl.load_workbook(template)
    sheet = book["Acciones"]
    for offset, row in enumerate(rows, start=2):
        for name, value in row.items():
            sheet.cell(row=offset, column=HEADERS.index(name) + 1, value=value)
    book.save(target)
    return target


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return write_template(tmp_path_factory.mktemp("plantilla") / "plantilla_5w.xlsx")


def _count(engine, model=Action) -> int:
    with session_scope(engine, readonly=True) as session:
        return int(session.scalar(select(func.count()).select_from(model)))


def test_the_template_has_lists_and_the_340_municipios(template):
    book = openpyxl.load_workbook(template)
    assert {"Acciones", "Municipios", "Departamentos", "Instituciones", "Listas"} <= set(
        book.sheetnames
    )
    assert [c.value for c in book["Acciones"][1]][: len(HEADERS)] == list(HEADERS)
    municipios = list(book["Municipios"].iter_rows(min_row=2, values_only=True))
    assert len(municipios) == 340
    assert municipios[[m[0] for m in municipios].index(1301)][:3] == (
        1301,
        "GT1301",
        "Huehuetenango",
    )
    lists = [v.sqref for v in book["Acciones"].data_validations.dataValidation if v.type == "list"]
    assert len(lists) == 6  # tema, comisión, tipo, estado, retornados, piloto
    listed = [row[0] for row in book["Listas"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert "Migración" in listed


def test_a_valid_file_is_imported_and_re_importing_changes_nothing(world, template, tmp_path):
    rows = [
        _row(),
        _row(id_accion="F-2", municipios="Chiantla", departamento="Huehuetenango",
             socios="Institución Ficticia B"),
        _row(id_accion="F-3", municipios="", departamento="13", tema="", comision="Comisión social"),
    ]  # fmt: skip
    path = fill(template, tmp_path / "lleno.xlsx", rows)
    report = import_actions(world.engine, world.editor_a, path, institution_id=world.a)
    assert report.ok and report.written, report.problems
    assert report.rows["estado"].tolist() == ["nueva"] * 3
    with session_scope(world.engine, readonly=True) as session:
        first = find_action(session, world.a, "F-1")
        assert action_state(first)["territories"] == [
            ("municipio", 1301), ("municipio", 1302)
        ]  # fmt: skip
        assert str(first.budget_executed) == "5000.50"
        second = find_action(session, world.a, "F-2")
        assert action_state(second)["territories"] == [("municipio", 1302)]
        assert action_state(second)["partner_ids"] == [world.b]
        third = find_action(session, world.a, "F-3")
        assert action_state(third)["territories"] == [("departamento", 13)]
        ids = {first.id, second.id, third.id}
    audits = _count(world.engine, AuditEntry)

    again = import_actions(world.engine, world.editor_a, path, institution_id=world.a)
    assert again.rows["estado"].tolist() == ["sin cambios"] * 3
    assert _count(world.engine) == 3 and _count(world.engine, AuditEntry) == audits

    rows[0]["presupuesto_ejecutado"] = 9000
    changed = import_actions(
        world.engine, world.editor_a, fill(template, tmp_path / "cambio.xlsx", rows),
        institution_id=world.a,
    )  # fmt: skip
    assert changed.rows["estado"].tolist() == ["actualizada", "sin cambios", "sin cambios"]
    with session_scope(world.engine, readonly=True) as session:
        updated = find_action(session, world.a, "F-1")
        assert updated.id in ids and str(updated.budget_executed) == "9000.00"
        assert updated.version == 2
    assert _count(world.engine) == 3


def test_bad_rows_are_each_reported_and_nothing_is_written(world, template, tmp_path):
    rows = [
        _row(id_accion="B-1", municipios="Ciudad Inventada"),
        _row(id_accion="B-2", presupuesto_planificado="mucho dinero"),
        _row(id_accion="B-3", fecha_inicio="2026-05-01", fecha_fin="2026-02-01"),
        _row(id_accion="B-4"),
        _row(id_accion="B-4", titulo="Repetida"),
        _row(id_accion="OK-1"),
    ]
    path = fill(template, tmp_path / "malo.xlsx", rows)
    report = import_actions(world.engine, world.editor_a, path, institution_id=world.a)
    assert not report.written and _count(world.engine) == 0
    problems = report.problems
    assert set(problems["hoja"]) == {"Acciones"}

    def problem(row: int, column: str) -> str:
        found = problems[(problems["fila"] == row) & (problems["columna"] == column)]
        assert len(found) == 1, problems.to_string()
        return found["problema"].iloc[0]

    assert "municipio desconocido «Ciudad Inventada»" in problem(2, "municipios")
    assert "«mucho dinero» no es un monto" in problem(3, "presupuesto_planificado")
    assert "anterior a la de inicio" in problem(4, "fecha_fin")
    assert "repetido en las filas 5, 6" in problem(5, "id_accion")
    assert "repetido en las filas 5, 6" in problem(6, "id_accion")
    assert report.rows["estado"].tolist() == ["error"] * 5 + ["nueva"]
    assert "no se guardó nada" in report.summary()

    written = write_report(report, tmp_path / "informe.csv")
    assert "Ciudad Inventada" in written.read_text(encoding="utf-8")

    # accepting the valid rows explicitly saves only those
    accepted = import_actions(
        world.engine, world.editor_a, path, institution_id=world.a, accept_valid=True
    )
    assert accepted.written and _count(world.engine) == 1
    with session_scope(world.engine, readonly=True) as session:
        assert find_action(session, world.a, "OK-1") is not None


def test_unknown_list_values_and_a_suggestion(world, template, tmp_path):
    path = fill(
        template, tmp_path / "listas.xlsx",
        [_row(estado="Terminada", municipios="Chiantl", departamento="Huehuetenango")],
    )  # fmt: skip
    report = import_actions(world.engine, world.editor_a, path, institution_id=world.a)
    text = report.problems.to_string()
    assert "valor desconocido «Terminada»" in text
    assert "Chiantla" in text  # the matcher proposes the close name, it does not use it
    assert _count(world.engine) == 0


def test_dry_run_and_permissions(world, template, tmp_path):
    path = fill(template, tmp_path / "ok.xlsx", [_row()])
    report = import_actions(world.engine, world.editor_a, path, institution_id=world.a,
                            dry_run=True)  # fmt: skip
    assert report.ok and not report.written and _count(world.engine) == 0
    # an upload arrives as bytes
    uploaded = import_actions(world.engine, world.editor_a, path.read_bytes(),
                              institution_id=world.a, file_name="subida.xlsx")  # fmt: skip
    assert uploaded.file == "subida.xlsx" and uploaded.written and _count(world.engine) == 1
    with pytest.raises(PermissionDenied):
        import_actions(world.engine, world.editor_b, path, institution_id=world.a)
    assert _count(world.engine) == 1


def test_a_file_that_is_not_a_template_is_refused_in_one_line(tmp_path):
    broken = tmp_path / "roto.xlsx"
    broken.write_bytes(b"esto no es un libro")
    with pytest.raises(RaicesError, match="roto.xlsx"):
        read_actions(broken)
    other = tmp_path / "otra.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(RaicesError, match="falta la hoja «Acciones»"):
        read_actions(other)
