"""Tables of the consultation rounds in the operational store (Alembic ``0003_consultation``).

``consultation_rounds``
    One row per round: what it asks (level, method, items, base scenario), its link id
    (``link``: a random, unguessable id that the round link carries as ``?ronda=…``), its
    state (``abierta`` / ``cerrada``) and, once the secretariat saves it, the consensus
    scenario (TOML and fingerprint).
``consultation_submissions``
    One row per participant: an anonymous code, sector, territory, optional pueblo, sex
    and age group, the comment (plain text), the answer as given (points or pairwise
    judgements), the weights computed from it and, for AHP, the consistency ratio and
    whether it passed. No names, no contact details.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from analysis.records.database import Base
from analysis.records.locking import Versioned
from analysis.records.mixins import Timestamped, utcnow

ROUND_STATES: tuple[str, ...] = ("abierta", "cerrada")
"""States of a round: participants submit only while it is ``abierta``."""

SOURCES: tuple[str, ...] = ("formulario", "planilla")
"""Where a submission came from: the dashboard form or a workshop spreadsheet."""


class ConsultationRound(Base, Timestamped, Versioned):
    """A consultation round opened by the secretariat."""

    __tablename__ = "consultation_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    held_on: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    level: Mapped[str] = mapped_column(String(20), nullable=False)
    method: Mapped[str] = mapped_column(String(20), nullable=False)
    target: Mapped[str] = mapped_column(String(20), nullable=False, default="themes")
    items: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    scenario_toml: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="abierta")
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    consensus_toml: Mapped[str | None] = mapped_column(Text)
    consensus_hash: Mapped[str | None] = mapped_column(String(12))


class ConsultationSubmission(Base):
    """One participant's anonymous answer to a round."""

    __tablename__ = "consultation_submissions"
    __table_args__ = (UniqueConstraint("round_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_rounds.id"), nullable=False, index=True
    )
    code: Mapped[str] = mapped_column(String(40), nullable=False)
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    source: Mapped[str] = mapped_column(String(12), nullable=False, default="formulario")
    sector: Mapped[str] = mapped_column(String(30), nullable=False)
    territory: Mapped[int] = mapped_column(Integer, nullable=False)
    pueblo: Mapped[str | None] = mapped_column(String(30))
    sex: Mapped[str | None] = mapped_column(String(20))
    age_group: Mapped[str | None] = mapped_column(String(10))
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    answer: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    weights: Mapped[dict[str, float]] = mapped_column(JSON, nullable=False)
    consistency_ratio: Mapped[float | None] = mapped_column(Float)
    consistent: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
