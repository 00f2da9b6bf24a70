"""The monitoring records a principal may see, as the plain frames that
:mod:`analysis.monitoring.analytics`, the reports (:mod:`analysis.monitoring.periodic_report`,
:mod:`analysis.monitoring.self_assessment`) and :mod:`analysis.monitoring.opendata` read.

Visibility is the store's own rule (:func:`analysis.monitoring.service.visible`): the public
sees published records only and no contact data; an institution's editor also sees the
drafts of their own institution; the secretariat sees everything. Deleted records are
never included (the audit trail keeps them). Reading is done in one read-only session
with one query per table, so 5,000 actions load in well under a second.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from analysis.monitoring.analytics import empty_frames

COMMISSION_THEMES: dict[str, str] = {
    "economica": "pobreza_economia",
    "social": "servicios_educacion",
    "ambiental": "clima_alimentacion",
    "cultural": "demografia_exclusion",
    "inseguridad_violencia": "violencia_inseguridad",
}
"""Cause (index theme) an MMM commission works on, used when an action names only its
commission. A policy, not a fact of the data: the commission's mandate decides it; change
it here if the MMM assigns its commissions differently."""

STATUSES: tuple[str, ...] = ("planificada", "en_curso", "completada", "cancelada")


def _frame(session: Session, query: Any, columns: list[str]) -> pd.DataFrame:
    # Core execution (no ORM row objects): thousands of rows in a few milliseconds
    result = session.connection().execute(query)
    return pd.DataFrame(list(map(tuple, result.fetchall())), columns=columns)


def load_frames(engine: Engine, principal: Any) -> dict[str, pd.DataFrame]:
    """Every record ``principal`` may see, as frames (see the analytics module docstring).

    Parameters
    ----------
    engine
        Store engine (:func:`analysis.records.database.engine_for`).
    principal
        :class:`analysis.records.users.Principal`; ``PUBLIC`` for the public view.

    Returns
    -------
    dict of DataFrame
        ``actions`` (index ``action_id``; plus ``published``, ``commission``,
        ``people_reached``, ``returnees_included``, ``external_id``, ``version``),
        ``places``, ``partners``, ``reached``, ``indicators``, ``measurements``,
        ``institutions`` (contacts only for the secretariat and the institution's own
        editors), ``meetings``, ``attendance``, ``agreements``.
    """
    from analysis.monitoring.models import (
        Action,
        ActionPartner,
        ActionReach,
        ActionTerritory,
        Agreement,
        Indicator,
        Measurement,
        Meeting,
        MeetingAttendance,
    )
    from analysis.monitoring.service import visible
    from analysis.records.database import session_scope
    from analysis.records.models import Institution

    frames = empty_frames()
    role = getattr(principal.role, "value", principal.role)
    with session_scope(engine, readonly=True) as session:
        institution_columns = [
            Institution.id, Institution.name, Institution.acronym, Institution.sector,
            Institution.official_delegation, Institution.version,
        ]  # fmt: skip
        names = ["institution_id", "name", "acronym", "sector", "official", "version"]
        if role is not None:
            institution_columns += [
                Institution.contact_name, Institution.contact_email, Institution.contact_phone
            ]  # fmt: skip
            names += ["contact_name", "contact_email", "contact_phone"]
        institutions = _frame(
            session,
            select(*institution_columns)
            .where(Institution.deleted_at.is_(None))
            .order_by(Institution.name),
            names,
        )
        if role is not None and role != "secretaria":
            # an editor sees the contacts of their own institution only
            others = institutions["institution_id"] != principal.institution_id
            for column in ("contact_name", "contact_email", "contact_phone"):
                institutions.loc[others, column] = None
        frames["institutions"] = institutions

        action_columns = [
            "action_id", "institution_id", "external_id", "title", "description", "theme",
            "commission", "action_type", "status", "start_date", "end_date", "target_segments",
            "people_reached", "returnees_included", "budget_planned", "budget_executed",
            "funding_source", "in_pilot", "scenario_hash", "notes", "evidence_links",
            "published", "version",
        ]  # fmt: skip
        query = select(
            Action.id, Action.institution_id, Action.external_id, Action.title,
            Action.description, Action.theme, Action.commission, Action.action_type,
            Action.status, Action.start_date, Action.end_date, Action.target_segments,
            Action.people_reached, Action.returnees_included, Action.budget_planned,
            Action.budget_executed, Action.funding_source, Action.in_pilot,
            Action.scenario_hash, Action.notes, Action.evidence_links, Action.published,
            Action.version,
        ).where(visible(Action, principal))  # fmt: skip
        actions = _frame(session, query.order_by(Action.id), action_columns)
        actions = actions.set_index("action_id")
        if role is None:
            # what the public sees of an action (service.PUBLIC_ACTION_FIELDS): no internal
            # notes, no institution-internal ids
            actions["notes"] = None
            actions["external_id"] = None
        for column in ("budget_planned", "budget_executed"):
            actions[column] = pd.to_numeric(actions[column], errors="coerce").astype("float64")
        # the cause an action addresses: its theme, else the one its commission works on
        actions["theme"] = actions["theme"].where(
            actions["theme"].notna(), actions["commission"].map(COMMISSION_THEMES)
        )
        shown = institutions.set_index("institution_id")
        label = shown["acronym"].where(shown["acronym"].notna(), shown["name"])
        actions.insert(1, "institution", actions["institution_id"].map(label))
        actions.insert(2, "sector", actions["institution_id"].map(shown["sector"]))
        frames["actions"] = actions
        visible_ids = select(Action.id).where(visible(Action, principal))

        frames["places"] = _frame(
            session,
            select(ActionTerritory.action_id, ActionTerritory.level, ActionTerritory.code)
            .where(ActionTerritory.action_id.in_(visible_ids))
            .order_by(ActionTerritory.id),
            ["action_id", "level", "code"],
        )
        frames["partners"] = _frame(
            session,
            select(ActionPartner.action_id, ActionPartner.institution_id).where(
                ActionPartner.action_id.in_(visible_ids)
            ),
            ["action_id", "institution_id"],
        )
        frames["reached"] = _frame(
            session,
            select(
                ActionReach.action_id,
                ActionReach.dimension,
                ActionReach.group_code,
                ActionReach.people,
            ).where(ActionReach.action_id.in_(visible_ids)),  # fmt: skip
            ["action_id", "dimension", "group", "people"],
        )

        frames["indicators"] = _frame(
            session,
            select(
                Indicator.id,
                Indicator.name,
                Indicator.kind,
                Indicator.unit,
                Indicator.baseline,
                Indicator.target,
                Indicator.level,
                Indicator.code,
                Indicator.institution_id,
                Indicator.action_id,
                Indicator.published,
                Indicator.version,
            )
            .where(visible(Indicator, principal))
            .order_by(Indicator.id),  # fmt: skip
            [
                "indicator_id",
                "name",
                "kind",
                "unit",
                "baseline",
                "target",
                "level",
                "code",
                "institution_id",
                "action_id",
                "published",
                "version",
            ],  # fmt: skip
        )
        # A measurement names the institution that reported it (its indicator's), never
        # the person: ``reported_by`` (a user name) is not read for anyone.
        frames["measurements"] = _frame(
            session,
            select(
                Measurement.id,
                Measurement.indicator_id,
                Measurement.measured_on,
                Measurement.value,
                Indicator.institution_id,
                Measurement.published,
                Measurement.version,
            )
            .join(Indicator, Indicator.id == Measurement.indicator_id)
            .where(visible(Measurement, principal))
            .where(visible(Indicator, principal))
            .order_by(Measurement.measured_on, Measurement.id),  # fmt: skip
            [
                "measurement_id",
                "indicator_id",
                "measured_on",
                "value",
                "institution_id",
                "published",
                "version",
            ],  # fmt: skip
        )
        frames["meetings"] = _frame(
            session,
            select(
                Meeting.id,
                Meeting.held_on,
                Meeting.kind,
                Meeting.commission,
                Meeting.title,
                Meeting.published,
                Meeting.version,
            )
            .where(visible(Meeting, principal))
            .order_by(Meeting.held_on),  # fmt: skip
            ["meeting_id", "held_on", "kind", "commission", "title", "published", "version"],
        )
        visible_meetings = select(Meeting.id).where(visible(Meeting, principal))
        frames["attendance"] = _frame(
            session,
            select(MeetingAttendance.meeting_id, MeetingAttendance.institution_id).where(
                MeetingAttendance.meeting_id.in_(visible_meetings)
            ),
            ["meeting_id", "institution_id"],
        )
        frames["agreements"] = _frame(
            session,
            select(
                Agreement.id,
                Agreement.meeting_id,
                Agreement.text,
                Agreement.institution_id,
                Agreement.due_on,
                Agreement.status,
                Agreement.completed_on,
                Agreement.published,
                Agreement.version,
            )
            .where(visible(Agreement, principal))
            .order_by(Agreement.id),  # fmt: skip
            [
                "agreement_id",
                "meeting_id",
                "text",
                "institution_id",
                "due_on",
                "status",
                "completed_on",
                "published",
                "version",
            ],  # fmt: skip
        )
    return frames


def store_exists(url: str | None = None) -> bool:
    """Whether the store at ``url`` has been created (a missing SQLite file has not)."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from analysis.records.database import default_url

    parsed = make_url(url or default_url())
    if parsed.get_backend_name() != "sqlite":
        return True
    database = parsed.database
    return not database or database == ":memory:" or Path(database).is_file()


def load_public_frames(url: str | None = None) -> dict[str, pd.DataFrame]:
    """Published records without personal data, or empty frames when no store exists yet
    (reading never creates a store)."""
    from analysis.records.database import current_revision, engine_for, head_revision
    from analysis.records.users import PUBLIC

    if not store_exists(url):
        return empty_frames()
    engine = engine_for(url)
    try:
        if current_revision(engine) != head_revision():
            return empty_frames()
        return load_frames(engine, PUBLIC)
    finally:
        engine.dispose()


def in_period(frames: dict[str, pd.DataFrame], since: date | None, until: date | None):
    """Frames restricted to actions active in [``since``, ``until``], meetings held and
    measurements taken in it (agreements: those due or completed in it, or still open)."""
    from analysis.monitoring.analytics import actions_between

    out = dict(frames)
    actions = actions_between(frames["actions"], since, until)
    out["actions"] = actions
    for name in ("places", "partners", "reached"):
        out[name] = frames[name][frames[name]["action_id"].isin(actions.index)]

    def within(frame: pd.DataFrame, column: str) -> pd.Series:
        days = pd.to_datetime(frame[column], errors="coerce")
        keep = pd.Series(True, index=frame.index)
        if since is not None:
            keep &= days >= pd.Timestamp(since)
        if until is not None:
            keep &= days <= pd.Timestamp(until)
        return keep

    out["meetings"] = frames["meetings"][within(frames["meetings"], "held_on")]
    out["attendance"] = frames["attendance"][
        frames["attendance"]["meeting_id"].isin(out["meetings"]["meeting_id"])
    ]
    out["measurements"] = frames["measurements"][within(frames["measurements"], "measured_on")]
    return out


__all__ = [
    "COMMISSION_THEMES",
    "STATUSES",
    "in_period",
    "load_frames",
    "load_public_frames",
    "store_exists",
]
