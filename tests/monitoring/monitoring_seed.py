"""A plainly fictitious monitoring store for the tests and the benchmark of the monitoring
pages, reports and open data. Every name says «Ficticia»; nothing is written to the
default store (callers pass their own engine, in a temporary folder).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from analysis.records.database import session_scope
from analysis.records.users import Principal, Role, console_principal

THEMES = (
    "migracion",
    "pobreza_economia",
    "violencia_inseguridad",
    "clima_alimentacion",
    "servicios_educacion",
    "demografia_exclusion",
)
TYPES = ("informacion", "prevencion", "atencion", "proteccion", "comunicacion")
STATUSES = ("planificada", "en_curso", "completada", "cancelada")
PASSWORD = "clave-ficticia-123"


@dataclass
class Seeded:
    """Ids of what :func:`seed_store` created."""

    institutions: list[int] = field(default_factory=list)
    actions: list[int] = field(default_factory=list)
    unpublished: list[int] = field(default_factory=list)
    indicators: list[int] = field(default_factory=list)
    meetings: list[int] = field(default_factory=list)
    agreements: list[int] = field(default_factory=list)
    secretariat: Principal | None = None
    editors: dict[int, Principal] = field(default_factory=dict)


def create_accounts(engine, seeded: Seeded) -> None:
    """One secretariat account and one editor per institution (password :data:`PASSWORD`)."""
    from analysis.records.users import authenticate, create_user

    admin = console_principal()
    with session_scope(engine) as session:
        create_user(
            session, admin, username="secretaria.ficticia", password=PASSWORD, role="secretaria"
        )
        for index, institution in enumerate(seeded.institutions):
            create_user(
                session,
                admin,
                username=f"editor.ficticio{index + 1}",
                password=PASSWORD,
                role="editor",
                institution_id=institution,
            )
    seeded.secretariat = authenticate(engine, "secretaria.ficticia", PASSWORD)
    for index, institution in enumerate(seeded.institutions):
        seeded.editors[institution] = authenticate(engine, f"editor.ficticio{index + 1}", PASSWORD)


def seed_store(
    engine,
    *,
    actions: int = 12,
    publish_share: float = 0.75,
    seed: int = 7,
    municipios: list[int] | None = None,
    accounts: bool = False,
) -> Seeded:
    """Fill ``engine``'s store with fictitious institutions, actions, results and meetings.

    Parameters
    ----------
    actions
        How many actions (each in one to three municipios, some department-wide).
    publish_share
        Share of actions published by the secretariat (the rest stay drafts).
    municipios
        Municipio codes to draw from (the 340 from the gazetteer when ``None``).
    accounts
        Also create a secretariat account and one editor per institution.
    """
    from analysis.monitoring.actions import create_action
    from analysis.monitoring.lifecycle import set_published
    from analysis.monitoring.meetings import create_agreement, create_meeting
    from analysis.monitoring.results import add_measurement, create_indicator
    from analysis.monitoring.validation import territory_codes
    from analysis.records.institutions import create_institution

    rng = random.Random(seed)
    admin = console_principal()
    seeded = Seeded()
    if municipios is None:
        municipios = sorted(territory_codes()[0])
    with session_scope(engine) as session:
        for name, acronym, sector, official, email in (
            ("Institución Ficticia Alfa", "IFA", "estado", True, "alfa@ficticia.example"),
            ("Organización Ficticia Beta", "OFB", "sociedad_civil", True, "beta@ficticia.example"),
            ("Universidad Ficticia Gamma", "UFG", "academia", False, "gamma@ficticia.example"),
            ("Agencia Ficticia Delta", "AFD", "cooperacion", True, "delta@ficticia.example"),
        ):
            institution = create_institution(
                session,
                admin,
                name=name,
                acronym=acronym,
                sector=sector,
                official_delegation=official,
                contact_name=f"Contacto {acronym} Ficticio",
                contact_email=email,
                contact_phone="+502 0000 0000",
            )
            seeded.institutions.append(institution.id)
        ids = seeded.institutions
        for index in range(actions):
            lead = ids[index % len(ids)]
            places: list[tuple[str, int]] = [
                ("municipio", code) for code in rng.sample(municipios, rng.randint(1, 3))
            ]
            if index % 7 == 3:
                places = [("departamento", places[0][1] // 100)]
            partners = [i for i in ids if i != lead and rng.random() < 0.35]
            start = date(2026, 1, 1) + timedelta(days=rng.randint(0, 200))
            women = rng.randint(0, 200)
            men = rng.randint(0, 200)
            maya = rng.randint(0, women + men)
            planned = rng.randint(10, 500) * 1000
            action = create_action(
                session,
                admin,
                {
                    "institution_id": lead,
                    "external_id": f"FIC-{index + 1:05d}",
                    "title": f"Acción ficticia {index + 1}",
                    "description": "Registro de prueba, inventado.",
                    "theme": THEMES[index % len(THEMES)],
                    "action_type": TYPES[index % len(TYPES)],
                    "status": STATUSES[(index // len(ids) + index) % len(STATUSES)],
                    "start_date": start,
                    "end_date": start + timedelta(days=rng.randint(30, 300)),
                    "territories": places,
                    "partner_ids": partners,
                    "reach": {
                        ("sexo", "mujer"): women,
                        ("sexo", "hombre"): men,
                        ("pueblo", "maya"): maya,
                        ("pueblo", "ladino"): women + men - maya,
                        ("edad", "juventud"): women + men,
                    },
                    "returnees_included": index % 2 == 0,
                    "budget_planned": planned,
                    "budget_executed": None if index % 5 == 4 else rng.randint(0, planned),
                    "funding_source": "Fondo ficticio",
                    "in_pilot": index % 3 == 0,
                    "notes": "nota interna ficticia",
                },
            )
            seeded.actions.append(action.id)
        session.flush()
        cut = int(round(actions * publish_share))
        for action_id in seeded.actions[:cut]:
            set_published(session, admin, "actions", action_id, True, expected_version=None)
        seeded.unpublished = seeded.actions[cut:]

        indicator = create_indicator(
            session,
            admin,
            {
                "institution_id": ids[0],
                "name": "Jóvenes ficticios capacitados",
                "kind": "producto",
                "unit": "personas",
                "baseline": 0,
                "target": 1000,
            },
        )
        seeded.indicators.append(indicator.id)
        set_published(session, admin, "indicators", indicator.id, True, expected_version=None)
        for day, value in ((date(2026, 3, 31), 250), (date(2026, 6, 30), 600)):
            measurement = add_measurement(
                session, admin, indicator.id, measured_on=day, value=value
            )
            set_published(
                session, admin, "measurements", measurement.id, True, expected_version=None
            )
        for day, kind, attending in (
            (date(2026, 2, 10), "plenaria", ids),
            (date(2026, 5, 12), "plenaria", ids[:2]),
            (date(2026, 6, 2), "comision", ids[1:3]),
        ):
            meeting = create_meeting(
                session,
                admin,
                {"kind": kind, "held_on": day, "title": f"Reunión ficticia {day}",
                 "commission": "social" if kind == "comision" else None},
                attending,
            )  # fmt: skip
            set_published(session, admin, "meetings", meeting.id, True, expected_version=None)
            seeded.meetings.append(meeting.id)
        for text, owner, due, status, done in (
            ("Acuerdo ficticio 1", ids[0], date(2026, 3, 1), "cumplido", date(2026, 2, 20)),
            ("Acuerdo ficticio 2", ids[1], date(2026, 4, 1), "cumplido", date(2026, 4, 20)),
            ("Acuerdo ficticio 3", ids[2], date(2026, 5, 1), "pendiente", None),
            ("Acuerdo ficticio 4", ids[3], date(2027, 1, 1), "pendiente", None),
        ):
            agreement = create_agreement(
                session,
                admin,
                {"meeting_id": seeded.meetings[0], "text": text, "institution_id": owner,
                 "due_on": due, "status": status, "completed_on": done},
            )  # fmt: skip
            set_published(session, admin, "agreements", agreement.id, True, expected_version=None)
            seeded.agreements.append(agreement.id)
    if accounts:
        create_accounts(engine, seeded)
    return seeded


__all__ = ["PASSWORD", "Role", "Seeded", "create_accounts", "seed_store"]
