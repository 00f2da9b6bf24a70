"""Rounds and submissions in the operational store, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from analysis.consultation import service
from analysis.consultation.importer import WorkshopRefused, read_workshop
from analysis.consultation.models import ConsultationSubmission
from analysis.consultation.spec import RoundSpec
from analysis.records.audit import AuditEntry
from analysis.records.database import session_scope
from analysis.records.permissions import PermissionDenied
from analysis.records.users import PUBLIC, Principal, Role, console_principal
from tests.consultation.test_consulta_importer import DEPARTAMENTOS, fill

THEMES = ("migracion", "pobreza_economia", "violencia_inseguridad")
EDITOR = Principal(user_id=None, username="editora", role=Role.EDITOR, institution_id=1)


def _open(engine, method="presupuesto"):
    with session_scope(engine) as session:
        return service.open_round(
            session,
            console_principal(),
            RoundSpec(name="Taller Sololá", method=method, items=THEMES, date="2026-11-30"),
        )


def test_only_the_secretariat_opens_and_closes_rounds(store_engine):
    spec = RoundSpec(name="Ronda", items=THEMES)
    for who in (PUBLIC, EDITOR):
        with session_scope(store_engine) as session, pytest.raises(PermissionDenied):
            service.open_round(session, who, spec)
    opened = _open(store_engine)
    assert opened.round_id is not None and len(opened.link) >= 16
    with session_scope(store_engine) as session, pytest.raises(PermissionDenied):
        service.set_round_status(session, EDITOR, opened.round_id, "cerrada")
    with session_scope(store_engine) as session:
        rounds = service.list_rounds(session)
    assert rounds["name"].tolist() == ["Taller Sololá"] and rounds["status"].tolist() == ["abierta"]


def test_anyone_with_the_link_submits_while_open(store_engine):
    opened = _open(store_engine, method="ahp")
    answer = {
        "sector": "osc",
        "territory": 7,
        "pueblo": "maya",
        "comment": '=HYPERLINK("x") texto libre',
        "judgements": {
            ("migracion", "pobreza_economia"): 9,
            ("pobreza_economia", "violencia_inseguridad"): 9,
            ("migracion", "violencia_inseguridad"): 1 / 9,
        },
    }
    with session_scope(store_engine) as session:
        receipt = service.submit(session, opened.link, answer, territories=[1, 7, 13])
    # an inconsistent answer is kept, flagged, and the judgements to revise are named
    assert receipt.ahp is not None and not receipt.ahp.consistent
    assert receipt.ahp.to_revise()
    with session_scope(store_engine) as session:
        responses = service.round_responses(session, opened.round_id)
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.table_name == "consultation_submissions")
        ).all()
    assert responses.n == 1 and not bool(responses.profile["consistent"].iloc[0])
    assert responses.profile["comment"].iloc[0].startswith("=HYPERLINK")  # kept as plain text
    assert responses.judgements.iloc[0]["migracion / violencia_inseguridad"] == pytest.approx(1 / 9)
    assert len(entries) == 1 and entries[0].username is None  # anonymous
    # the participant revises: the same submission is replaced, now consistent
    revised = {
        **answer,
        "judgements": {
            ("migracion", "pobreza_economia"): 3,
            ("pobreza_economia", "violencia_inseguridad"): 3,
            ("migracion", "violencia_inseguridad"): 5,
        },
    }
    with session_scope(store_engine) as session:
        again = service.submit(session, opened.link, revised, replaces=receipt.code)
    assert again.code == receipt.code and again.ahp.consistent
    with session_scope(store_engine) as session:
        responses = service.round_responses(session, opened.round_id)
    assert responses.n == 1 and bool(responses.profile["consistent"].iloc[0])
    with session_scope(store_engine) as session, pytest.raises(Exception, match="revisar"):
        service.submit(session, opened.link, revised, replaces="F-00000000")
    with session_scope(store_engine) as session, pytest.raises(service.UnknownRound):
        service.submit(session, "no-existe", answer)
    with session_scope(store_engine) as session, pytest.raises(Exception, match="territorio"):
        service.submit(session, opened.link, {**answer, "territory": 99}, territories=[1, 7, 13])
    with session_scope(store_engine) as session:
        service.set_round_status(session, console_principal(), opened.round_id, "cerrada")
    with session_scope(store_engine) as session, pytest.raises(service.RoundClosed):
        service.submit(session, opened.link, answer)


def test_bad_workshop_writes_nothing(store_engine, tmp_path):
    opened = _open(store_engine)
    path = fill(
        tmp_path / "taller.xlsx",
        opened,
        [
            ["T1-01", "estado", 7, None, None, None, None, 50, 30, 20],
            ["T1-02", "estado", 13, None, None, None, None, 40, 30, 20],
            ["T1-03", "osc", "Atlántida", None, None, None, None, 50, 30, 20],
            ["T1-01", "academia", 1, None, None, None, None, 34, 33, 33],
        ],
    )
    workshop = read_workshop(path, opened, DEPARTAMENTOS)
    with session_scope(store_engine) as session, pytest.raises(WorkshopRefused):
        service.import_workshop(session, console_principal(), opened.round_id, workshop)
    with session_scope(store_engine) as session:
        assert session.scalars(select(ConsultationSubmission)).all() == []
    good = fill(
        tmp_path / "bien.xlsx",
        opened,
        [
            ["T1-01", "estado", 7, None, "mujer", None, "agua", 50, 30, 20],
            ["T1-02", "osc", 13, "maya", None, None, None, 40, 30, 30],
        ],
    )
    workshop = read_workshop(good, opened, DEPARTAMENTOS)
    with session_scope(store_engine) as session, pytest.raises(PermissionDenied):
        service.import_workshop(session, EDITOR, opened.round_id, workshop)
    with session_scope(store_engine) as session:
        assert service.import_workshop(session, console_principal(), opened.round_id, workshop) == 2
    with session_scope(store_engine) as session:
        taken = service.existing_codes(session, opened.round_id)
        responses = service.round_responses(session, opened.round_id)
    assert taken == {"T1-01", "T1-02"}
    assert responses.weights.loc["T1-02"].tolist() == [0.4, 0.3, 0.3]
    again = read_workshop(good, opened, DEPARTAMENTOS, existing_codes=taken)
    assert {p.column for p in again.problems} == {"codigo_participante"}


def test_consensus_is_saved_by_the_secretariat(store_engine):
    from analysis.priority.scenario import Scenario

    opened = _open(store_engine)
    text = Scenario(name="Consenso: Taller Sololá", themes={"migracion": 50.0}).to_toml()
    with session_scope(store_engine) as session, pytest.raises(PermissionDenied):
        service.save_consensus(session, PUBLIC, opened.round_id, text)
    with session_scope(store_engine) as session:
        fingerprint = service.save_consensus(session, console_principal(), opened.round_id, text)
    with session_scope(store_engine) as session:
        kept = service.consensus_scenarios(session)
        rounds = service.list_rounds(session)
    assert list(kept) == ["Consenso: Taller Sololá"]
    assert Scenario.from_toml_text(kept["Consenso: Taller Sololá"]).hash() == fingerprint
    assert rounds["consensus_hash"].tolist() == [fingerprint]


def test_migration_creates_exactly_the_consultation_tables(store_engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import analysis.consultation.models  # noqa: F401 - registers the tables
    from analysis.records.database import Base

    with store_engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    ours = [d for d in diffs if "consultation" in repr(d)]
    assert ours == []
