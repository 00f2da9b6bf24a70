"""``raices seguimiento`` end to end on a temporary SQLite store (fictitious records)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from analysis.cli import main
from analysis.monitoring.template import HEADERS
from analysis.records.database import engine_for, session_scope
from analysis.records.users import AuthenticationError, authenticate, count_users


@pytest.fixture
def store(tmp_path) -> list[str]:
    return ["seguimiento", "--almacen", f"sqlite:///{tmp_path / 'cli.sqlite'}"]


def _run(store, *args, stdin: str | None = None, monkeypatch=None) -> int:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main([*store, *args])


def test_first_accounts_institutions_template_import_and_backup(
    store, tmp_path, monkeypatch, capsys
):
    url = store[2]
    assert _run(store, "usuarios", "listar") == 0
    with session_scope(engine_for(url)) as session:
        assert count_users(session) == 0  # nothing ships with a default account
    assert _run(store, "instituciones", "crear", "--nombre", "Ficticia Uno", "--sector",
                "estado", "--siglas", "FU") == 0  # fmt: skip
    assert _run(store, "usuarios", "crear", "secretaria.uno", "--rol", "secretaria",
                "--contrasena-stdin", stdin="una-clave-larga-1\n", monkeypatch=monkeypatch) == 0  # fmt: skip
    assert authenticate(engine_for(url), "secretaria.uno", "una-clave-larga-1").role == "secretaria"
    # a short password is refused in one line, exit code 2
    assert _run(store, "usuarios", "crear", "editor.uno", "--rol", "editor", "--institucion",
                "1", "--contrasena-stdin", stdin="corta\n", monkeypatch=monkeypatch) == 2  # fmt: skip
    assert "al menos 10 caracteres" in capsys.readouterr().err

    template = tmp_path / "plantilla.xlsx"
    assert _run(store, "plantilla", "--out", str(template)) == 0
    book = openpyxl.load_workbook(template)
    sheet = book["Acciones"]
    row = {"id_accion": "C-1", "titulo": "Acción ficticia", "tema": "Migración",
           "tipo_accion": "Atención", "estado": "Planificada", "municipios": "101",
           "presupuesto_planificado": "no sé"}  # fmt: skip
    for name, value in row.items():
        sheet.cell(row=2, column=HEADERS.index(name) + 1, value=value)
    assert [c.value for c in book["Instituciones"][2]][:2] == [1, "FU"]
    book.save(tmp_path / "lleno.xlsx")
    code = _run(store, "importar", str(tmp_path / "lleno.xlsx"), "--institucion", "1",
                "--informe", str(tmp_path / "informe.xlsx"))  # fmt: skip
    out = capsys.readouterr().out
    assert code == 3
    assert "Acciones, fila 2, columna «presupuesto_planificado»: «no sé» no es un monto" in out
    assert "no se guardó nada" in out and (tmp_path / "informe.xlsx").exists()

    sheet.cell(row=2, column=HEADERS.index("presupuesto_planificado") + 1, value=1500)
    book.save(tmp_path / "lleno.xlsx")
    assert _run(store, "importar", str(tmp_path / "lleno.xlsx"), "--institucion", "1") == 0
    assert "1 nueva" in capsys.readouterr().out

    backup = tmp_path / "respaldo.zip"
    assert _run(store, "respaldo", "--out", str(backup)) == 0
    other = ["seguimiento", "--almacen", f"sqlite:///{tmp_path / 'otro.sqlite'}"]
    assert _run(other, "respaldo", "restaurar", str(backup)) == 0
    assert _run(other, "respaldo", "restaurar", str(backup)) == 2
    assert "ya tiene registros" in capsys.readouterr().err
    assert authenticate(engine_for(other[2]), "secretaria.uno", "una-clave-larga-1")


def test_accounts_and_institutions_lifecycle(store, tmp_path, monkeypatch, capsys):
    url = store[2]
    assert _run(store, "instituciones") == 0  # no action lists them
    assert "(ninguno)" in capsys.readouterr().out
    assert _run(store, "instituciones", "crear", "--nombre", "Ficticia Dos", "--sector",
                "estado") == 0  # fmt: skip
    assert "Institución creada: id 1, Ficticia Dos" in capsys.readouterr().out
    assert _run(store, "usuarios", "crear", "editor.dos", "--rol", "editor",
                "--contrasena-stdin", stdin="una-clave-larga-2\n", monkeypatch=monkeypatch) == 2  # fmt: skip
    assert "necesita --institucion" in capsys.readouterr().err
    assert _run(store, "usuarios", "crear", "editor.dos", "--rol", "editor", "--institucion",
                "1", "--contrasena-stdin", stdin="una-clave-larga-2\n", monkeypatch=monkeypatch) == 0  # fmt: skip
    assert _run(store, "usuarios", "desactivar", "editor.dos") == 0
    assert "Cuenta editor.dos: desactivada" in capsys.readouterr().out
    with pytest.raises(AuthenticationError):
        authenticate(engine_for(url), "editor.dos", "una-clave-larga-2")
    assert _run(store, "usuarios", "activar", "editor.dos") == 0
    assert _run(store, "usuarios", "contrasena", "editor.dos", "--contrasena-stdin",
                stdin="otra-clave-larga-3\n", monkeypatch=monkeypatch) == 0  # fmt: skip
    assert authenticate(engine_for(url), "editor.dos", "otra-clave-larga-3").role == "editor"
    assert _run(store, "usuarios", "listar") == 0
    assert "editor.dos" in capsys.readouterr().out
    assert _run(store, "instituciones", "baja", "1") == 0
    assert "Institución 1 dada de baja" in capsys.readouterr().out


def test_backup_by_default_sits_beside_the_store(store, tmp_path, capsys):
    assert _run(store, "respaldo") == 0
    written = list((tmp_path / "respaldos").glob("seguimiento-*.zip"))
    assert len(written) == 1 and str(written[0]) in capsys.readouterr().out


def test_bad_date_is_one_line_naming_the_flag(store, tmp_path, capsys):
    code = _run(store, "autoevaluacion", "--hasta", "30/06/2026", "--out", str(tmp_path))
    error = capsys.readouterr().err
    assert code == 2 and error.count("\n") == 1 and "--hasta" in error
