"""Consultation: rounds (what they ask, link id, state, consensus scenario) and anonymous submissions.

Revision ID: 0003_consultation
Revises: 0002_monitoring
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_consultation"
down_revision = "0002_monitoring"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consultation_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.String(length=10), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("target", sa.String(length=20), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("scenario_toml", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consensus_toml", sa.Text(), nullable=True),
        sa.Column("consensus_hash", sa.String(length=12), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=80), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_rounds")),
        sa.UniqueConstraint("link", name=op.f("uq_consultation_rounds_link")),
    )
    op.create_table(
        "consultation_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("sector", sa.String(length=30), nullable=False),
        sa.Column("territory", sa.Integer(), nullable=False),
        sa.Column("pueblo", sa.String(length=30), nullable=True),
        sa.Column("sex", sa.String(length=20), nullable=True),
        sa.Column("age_group", sa.String(length=10), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("consistency_ratio", sa.Float(), nullable=True),
        sa.Column("consistent", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["consultation_rounds.id"],
            name=op.f("fk_consultation_submissions_round_id_consultation_rounds"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_submissions")),
        sa.UniqueConstraint(
            "round_id", "code", name=op.f("uq_consultation_submissions_round_id_code")
        ),
    )
    op.create_index(
        op.f("ix_consultation_submissions_round_id"),
        "consultation_submissions",
        ["round_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_consultation_submissions_round_id"), table_name="consultation_submissions"
    )
    op.drop_table("consultation_submissions")
    op.drop_table("consultation_rounds")
