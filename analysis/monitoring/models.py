"""Tables of the monitoring store: 5W actions, results framework and MMM functioning.

Vocabularies (ids stored, Spanish and English labels for people) are defined once here and
used by the service, the Excel template, the importer and the pages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from analysis.records.database import Base
from analysis.records.locking import Versioned
from analysis.records.mixins import Publishable, SoftDeleted, Timestamped

Labels = dict[str, tuple[str, str]]

THEMES: Labels = {
    "migracion": ("Migración", "Migration"),
    "pobreza_economia": ("Pobreza y economía", "Poverty and economy"),
    "violencia_inseguridad": ("Violencia e inseguridad", "Violence and insecurity"),
    "clima_alimentacion": ("Clima y alimentación", "Climate and food"),
    "servicios_educacion": ("Servicios y educación", "Services and education"),
    "demografia_exclusion": ("Demografía y exclusión", "Demography and exclusion"),
}
"""The six causes (themes of the priority index's catalogue)."""

COMMISSIONS: Labels = {
    "economica": ("Comisión económica", "Economic commission"),
    "social": ("Comisión social", "Social commission"),
    "ambiental": ("Comisión ambiental", "Environmental commission"),
    "cultural": ("Comisión cultural", "Cultural commission"),
    "inseguridad_violencia": (
        "Comisión de inseguridad y violencia",
        "Insecurity and violence commission",
    ),
}
"""The MMM's commissions."""

DEFAULT_ACTION_TYPES: Labels = {
    "informacion": (
        "Información, capacitación y sensibilización sobre los riesgos de la migración irregular",
        "Information, training and awareness on the risks of irregular migration",
    ),
    "prevencion": ("Prevención", "Prevention"),
    "atencion": ("Atención", "Care"),
    "proteccion": ("Protección", "Protection"),
    "comunicacion": (
        "Comunicación sobre migración segura, ordenada y regular",
        "Communication on safe, orderly and regular migration",
    ),
    "otra": ("Otra", "Other"),
}
"""Types of action listed by the commitment; the secretariat may add others (table
``action_types``)."""

ACTION_STATUSES: Labels = {
    "planificada": ("Planificada", "Planned"),
    "en_curso": ("En curso", "In progress"),
    "completada": ("Completada", "Completed"),
    "cancelada": ("Cancelada", "Cancelled"),
}

REACH_GROUPS: dict[str, Labels] = {
    "sexo": {"mujer": ("Mujeres", "Women"), "hombre": ("Hombres", "Men")},
    "edad": {
        "ninez": ("Niñez (0–12)", "Children (0–12)"),
        "adolescencia": ("Adolescencia (13–17)", "Adolescents (13–17)"),
        "juventud": ("Juventud (18–29)", "Youth (18–29)"),
        "adultez": ("Personas adultas (30+)", "Adults (30+)"),
    },
    "pueblo": {
        "maya": ("Maya", "Maya"),
        "garifuna": ("Garífuna", "Garífuna"),
        "xinka": ("Xinka", "Xinka"),
        "ladino": ("Ladino", "Ladino"),
        "otro": ("Otro", "Other"),
    },
}
"""People reached: each dimension is a separate (marginal) breakdown of the same people."""

INDICATOR_KINDS: Labels = {
    "producto": ("Producto", "Output"),
    "resultado": ("Resultado", "Outcome"),
}

MEETING_KINDS: Labels = {
    "plenaria": ("Plenaria", "Plenary"),
    "comision": ("Comisión", "Commission"),
}

AGREEMENT_STATUSES: Labels = {
    "pendiente": ("Pendiente", "Pending"),
    "en_curso": ("En curso", "In progress"),
    "cumplido": ("Cumplido", "Fulfilled"),
    "incumplido": ("No cumplido", "Not fulfilled"),
}

TERRITORY_LEVELS = ("municipio", "departamento")


class ActionType(Base):
    """A configurable type of action (seeded with :data:`DEFAULT_ACTION_TYPES`)."""

    __tablename__ = "action_types"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label_es: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class Action(Base, Timestamped, Versioned, SoftDeleted, Publishable):
    """One action in the 5W sense: who, what, where, when, for whom (and with what budget)."""

    __tablename__ = "actions"
    __table_args__ = (UniqueConstraint("institution_id", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    theme: Mapped[str | None] = mapped_column(String(40))
    commission: Mapped[str | None] = mapped_column(String(40))
    action_type: Mapped[str] = mapped_column(ForeignKey("action_types.code"))
    status: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    target_segments: Mapped[str | None] = mapped_column(Text)
    people_reached: Mapped[int | None] = mapped_column(Integer)
    returnees_included: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    budget_planned: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    budget_executed: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    funding_source: Mapped[str | None] = mapped_column(String(300))
    in_pilot: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    scenario_hash: Mapped[str | None] = mapped_column(String(80))
    notes: Mapped[str | None] = mapped_column(Text)
    evidence_links: Mapped[list[str] | None] = mapped_column(JSON)

    territories: Mapped[list[ActionTerritory]] = relationship(
        cascade="all, delete-orphan", order_by="ActionTerritory.id"
    )
    partners: Mapped[list[ActionPartner]] = relationship(
        cascade="all, delete-orphan", order_by="ActionPartner.id"
    )
    reach: Mapped[list[ActionReach]] = relationship(
        cascade="all, delete-orphan", order_by="ActionReach.id"
    )


class ActionTerritory(Base):
    """Where an action happens: a municipio or a departamento, by INE code and P-code."""

    __tablename__ = "action_territories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    level: Mapped[str] = mapped_column(String(20))
    code: Mapped[int] = mapped_column(Integer, index=True)
    pcode: Mapped[str] = mapped_column(String(10))


class ActionPartner(Base):
    """A partner institution of an action (the lead is ``Action.institution_id``)."""

    __tablename__ = "action_partners"
    __table_args__ = (UniqueConstraint("action_id", "institution_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)


class ActionReach(Base):
    """People reached in one group of one dimension (:data:`REACH_GROUPS`)."""

    __tablename__ = "action_reach"
    __table_args__ = (UniqueConstraint("action_id", "dimension", "group_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    dimension: Mapped[str] = mapped_column(String(20))
    group_code: Mapped[str] = mapped_column(String(20))
    people: Mapped[int] = mapped_column(Integer)


class Indicator(Base, Timestamped, Versioned, SoftDeleted, Publishable):
    """A results indicator (output or outcome) with baseline, target, unit and territory."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id"))
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(100))
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    level: Mapped[str | None] = mapped_column(String(20))
    code: Mapped[int | None] = mapped_column(Integer)


class Measurement(Base, Timestamped, Versioned, SoftDeleted, Publishable):
    """A periodic measurement of an indicator, with who reported it and when."""

    __tablename__ = "measurements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"), index=True)
    measured_on: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    reported_by: Mapped[str] = mapped_column(String(80))
    reported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)


class Meeting(Base, Timestamped, Versioned, SoftDeleted, Publishable):
    """A plenary or commission meeting of the MMM (recorded by the secretariat)."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    commission: Mapped[str | None] = mapped_column(String(40))
    held_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)

    attendance: Mapped[list[MeetingAttendance]] = relationship(
        cascade="all, delete-orphan", order_by="MeetingAttendance.id"
    )


class MeetingAttendance(Base):
    """An institution present at a meeting."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "institution_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))


class Agreement(Base, Timestamped, Versioned, SoftDeleted, Publishable):
    """An agreement of the MMM: text, responsible institution, due date and status."""

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    text: Mapped[str] = mapped_column(Text)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    completed_on: Mapped[dt.date | None] = mapped_column(Date)


def label(vocabulary: Labels, code: Any, language: str = "es") -> str:
    """Label of ``code`` in ``language`` (the code itself when unknown).

    Examples
    --------
    >>> label(ACTION_STATUSES, "en_curso"), label(ACTION_STATUSES, "en_curso", "en")
    ('En curso', 'In progress')
    """
    pair = vocabulary.get(str(code))
    if pair is None:
        return str(code)
    return pair[1] if language == "en" else pair[0]
