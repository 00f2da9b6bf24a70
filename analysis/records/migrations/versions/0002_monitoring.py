"""Monitoring: 5W actions (territories, partners, people reached), configurable action types, results indicators and measurements, meetings, attendance and agreements.

Revision ID: 0002_monitoring
Revises: 0001_records_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_monitoring"
down_revision = "0001_records_core"
branch_labels = None
depends_on = None

DEFAULT_ACTION_TYPES = (
    (
        "informacion",
        "Información, capacitación y sensibilización sobre los riesgos de la migración irregular",
        "Information, training and awareness on the risks of irregular migration",
    ),
    ("prevencion", "Prevención", "Prevention"),
    ("atencion", "Atención", "Care"),
    ("proteccion", "Protección", "Protection"),
    (
        "comunicacion",
        "Comunicación sobre migración segura, ordenada y regular",
        "Communication on safe, orderly and regular migration",
    ),
    ("otra", "Otra", "Other"),
)


def upgrade() -> None:
    op.create_table(
        "action_types",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_es", sa.String(length=200), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_action_types")),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("commission", sa.String(length=40), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=80), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.String(length=80), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=80), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("theme", sa.String(length=40), nullable=True),
        sa.Column("commission", sa.String(length=40), nullable=True),
        sa.Column("action_type", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("target_segments", sa.Text(), nullable=True),
        sa.Column("people_reached", sa.Integer(), nullable=True),
        sa.Column("returnees_included", sa.Boolean(), nullable=False),
        sa.Column("budget_planned", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("budget_executed", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("funding_source", sa.String(length=300), nullable=True),
        sa.Column("in_pilot", sa.Boolean(), nullable=False),
        sa.Column("scenario_hash", sa.String(length=80), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("evidence_links", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=80), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.String(length=80), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_type"], ["action_types.code"], name=op.f("fk_actions_action_type_action_types")
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_actions_institution_id_institutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
        sa.UniqueConstraint(
            "institution_id", "external_id", name=op.f("uq_actions_institution_id_external_id")
        ),
    )
    op.create_index(op.f("ix_actions_institution_id"), "actions", ["institution_id"], unique=False)
    op.create_table(
        "agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=80), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.String(length=80), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_agreements_institution_id_institutions"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_agreements_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
    )
    op.create_index(
        op.f("ix_agreements_institution_id"), "agreements", ["institution_id"], unique=False
    )
    op.create_table(
        "meeting_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_meeting_attendance_institution_id_institutions"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_attendance_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendance")),
        sa.UniqueConstraint(
            "meeting_id",
            "institution_id",
            name=op.f("uq_meeting_attendance_meeting_id_institution_id"),
        ),
    )
    op.create_index(
        op.f("ix_meeting_attendance_meeting_id"), "meeting_attendance", ["meeting_id"], unique=False
    )
    op.create_table(
        "action_partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_action_partners_action_id_actions")
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_action_partners_institution_id_institutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_partners")),
        sa.UniqueConstraint(
            "action_id", "institution_id", name=op.f("uq_action_partners_action_id_institution_id")
        ),
    )
    op.create_index(
        op.f("ix_action_partners_action_id"), "action_partners", ["action_id"], unique=False
    )
    op.create_index(
        op.f("ix_action_partners_institution_id"),
        "action_partners",
        ["institution_id"],
        unique=False,
    )
    op.create_table(
        "action_reach",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=20), nullable=False),
        sa.Column("group_code", sa.String(length=20), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_action_reach_action_id_actions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_reach")),
        sa.UniqueConstraint(
            "action_id",
            "dimension",
            "group_code",
            name=op.f("uq_action_reach_action_id_dimension_group_code"),
        ),
    )
    op.create_index(op.f("ix_action_reach_action_id"), "action_reach", ["action_id"], unique=False)
    op.create_table(
        "action_territories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("code", sa.Integer(), nullable=False),
        sa.Column("pcode", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_action_territories_action_id_actions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_territories")),
    )
    op.create_index(
        op.f("ix_action_territories_action_id"), "action_territories", ["action_id"], unique=False
    )
    op.create_index(
        op.f("ix_action_territories_code"), "action_territories", ["code"], unique=False
    )
    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=True),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("level", sa.String(length=20), nullable=True),
        sa.Column("code", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=80), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.String(length=80), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_indicators_action_id_actions")
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_indicators_institution_id_institutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
    )
    op.create_index(
        op.f("ix_indicators_institution_id"), "indicators", ["institution_id"], unique=False
    )
    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("reported_by", sa.String(length=80), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=80), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.String(length=80), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_measurements_indicator_id_indicators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements")),
    )
    op.create_index(
        op.f("ix_measurements_indicator_id"), "measurements", ["indicator_id"], unique=False
    )

    # The types of action the commitment lists; the secretariat may add others later.
    # Written out here (not imported) so that this revision never changes with the code.
    action_types = sa.table(
        "action_types",
        sa.column("code", sa.String),
        sa.column("label_es", sa.String),
        sa.column("label_en", sa.String),
        sa.column("active", sa.Boolean),
    )
    op.bulk_insert(
        action_types,
        [
            {"code": code, "label_es": es, "label_en": en, "active": True}
            for code, es, en in DEFAULT_ACTION_TYPES
        ],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_measurements_indicator_id"), table_name="measurements")
    op.drop_table("measurements")
    op.drop_index(op.f("ix_indicators_institution_id"), table_name="indicators")
    op.drop_table("indicators")
    op.drop_index(op.f("ix_action_territories_code"), table_name="action_territories")
    op.drop_index(op.f("ix_action_territories_action_id"), table_name="action_territories")
    op.drop_table("action_territories")
    op.drop_index(op.f("ix_action_reach_action_id"), table_name="action_reach")
    op.drop_table("action_reach")
    op.drop_index(op.f("ix_action_partners_institution_id"), table_name="action_partners")
    op.drop_index(op.f("ix_action_partners_action_id"), table_name="action_partners")
    op.drop_table("action_partners")
    op.drop_index(op.f("ix_meeting_attendance_meeting_id"), table_name="meeting_attendance")
    op.drop_table("meeting_attendance")
    op.drop_index(op.f("ix_agreements_institution_id"), table_name="agreements")
    op.drop_table("agreements")
    op.drop_index(op.f("ix_actions_institution_id"), table_name="actions")
    op.drop_table("actions")
    op.drop_table("meetings")
    op.drop_table("action_types")
