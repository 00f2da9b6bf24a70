"""Plainly fictitious institutions and accounts for the operational store's tests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from analysis.records import institutions, users
from analysis.records.database import session_scope
from analysis.records.users import Principal

PASSWORD = "contraseña-de-prueba-1"


@dataclass(frozen=True)
class World:
    engine: Engine
    a: int  # institution ids
    b: int
    secretariat: Principal
    editor_a: Principal
    editor_b: Principal


def make_world(engine: Engine) -> World:
    """Two fictitious institutions, a secretariat account and one editor for each."""
    console = users.console_principal()
    with session_scope(engine) as session:
        a = institutions.create_institution(
            session, console, name="Institución Ficticia A", sector="estado", acronym="IFA",
            contact_email="contacto@a.example", contact_name="Persona Ficticia",
        )  # fmt: skip
        b = institutions.create_institution(
            session, console, name="Institución Ficticia B", sector="sociedad_civil",
            contact_phone="0000-0000",
        )  # fmt: skip
        users.create_user(
            session, console, username="secretaria.prueba", password=PASSWORD, role="secretaria"
        )
        users.create_user(
            session, console, username="editora.a", password=PASSWORD, role="editor",
            institution_id=a.id,
        )  # fmt: skip
        users.create_user(
            session, console, username="editor.b", password=PASSWORD, role="editor",
            institution_id=b.id,
        )  # fmt: skip
        ids = (a.id, b.id)
    return World(
        engine=engine,
        a=ids[0],
        b=ids[1],
        secretariat=users.authenticate(engine, "secretaria.prueba", PASSWORD),
        editor_a=users.authenticate(engine, "editora.a", PASSWORD),
        editor_b=users.authenticate(engine, "editor.b", PASSWORD),
    )


def action_values(institution_id: int, **changes: object) -> dict[str, object]:
    """A valid fictitious action of ``institution_id`` (two municipios of Huehuetenango)."""
    values: dict[str, object] = {
        "institution_id": institution_id,
        "external_id": "ACC-001",
        "title": "Taller ficticio de prueba",
        "theme": "migracion",
        "action_type": "informacion",
        "status": "en_curso",
        "start_date": "2026-02-01",
        "end_date": "2026-06-30",
        "territories": [1301, 1302],
        "people_reached": 120,
        "reach": {("sexo", "mujer"): 70, ("sexo", "hombre"): 50, ("pueblo", "maya"): 100},
        "budget_planned": "Q 10,000.00",
        "budget_executed": 2500,
        "funding_source": "Fondo ficticio",
        "notes": "nota interna ficticia",
    }
    values.update(changes)
    return values
