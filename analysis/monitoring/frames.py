"""The monitoring records a principal may see, as plain frames: what the four views of
the board (:mod:`~analysis.monitoring.need`, :mod:`~analysis.monitoring.progress`,
:mod:`~analysis.monitoring.coordination`, :mod:`~analysis.monitoring.functioning`), the
reports (:mod:`analysis.monitoring.periodic_report`,
:mod:`analysis.monitoring.self_assessment`) and :mod:`analysis.monitoring.opendata` read.

Visibility is the store's own rule (:func:`analysis.monitoring.lifecycle.visible`): the public
sees published records only and no contact data; an institution's editor also sees the
drafts of their own institution; the secretariat sees everything. Deleted records are
never included (the audit trail keeps them). Reading is done in one read-only session
with one query per table, so 5,000 actions load in well under a second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

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
"""Statuses of an action, in the order of its life."""

NOT_RESPONSE_STATUSES: tuple[str, ...] = ("cancelada",)
"""Statuses that do not count as a response (a cancelled action reached nobody)."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "actions": (
        "institution_id", "institution", "sector", "external_id", "title", "description",
        "theme", "commission", "action_type", "status", "start_date", "end_date",
        "target_segments", "people_reached", "returnees_included", "budget_planned",
        "budget_executed", "funding_source", "in_pilot", "scenario_hash", "notes",
        "evidence_links", "published", "version",
    ),
    "places": ("action_id", "level", "code"),
    "partners": ("action_id", "institution_id"),
    "reached": ("action_id", "dimension", "group", "people"),
    "indicators": ("indicator_id", "name", "kind", "unit", "baseline", "target", "level",
                   "code", "institution_id", "action_id", "published", "version"),
    "measurements": ("measurement_id", "indicator_id", "measured_on", "value",
                     "institution_id", "published", "version"),
    "institutions": ("institution_id", "name", "acronym", "sector", "official", "version"),
    "meetings": ("meeting_id", "held_on", "kind", "commission", "title", "published",
                 "version"),
    "attendance": ("meeting_id", "institution_id"),
    "agreements": ("agreement_id", "meeting_id", "text", "institution_id", "due_on",
                   "status", "completed_on", "published", "version"),
}  # fmt: skip
"""Columns of each frame (``actions`` is indexed by ``action_id``); ``institutions`` also
carries ``contact_name``, ``contact_email`` and ``contact_phone`` for principals allowed
to see them. :func:`load_frames` names its query results with these, so each query selects
its columns in this order."""


@dataclass(frozen=True, eq=False)
class MonitoringRecords:
    """The monitoring records one principal may see, one frame per kind of record.

    The frames follow one vocabulary (:func:`load_frames` builds them from the operational
    store, tests build them by hand); the columns of each are :data:`COLUMNS`. Frames
    are read as attributes (``records.actions``); :meth:`from_frames` builds records from
    a mapping of frames.

    Attributes
    ----------
    actions
        One row per action, index ``action_id``: ``institution_id``, ``institution`` (name
        shown), ``sector``, ``title``, ``theme`` (its commission's theme when it names
        only a commission), ``action_type``, ``status``, ``start_date``, ``end_date``,
        ``budget_planned``, ``budget_executed`` (quetzales), ``in_pilot``, ``published``,
        ``version``, …
    places
        Where each action happens, one row per (action, territory): ``action_id``,
        ``level`` (``"municipio"`` or ``"departamento"``), ``code`` (INE code).
    partners
        Partner institutions (the lead is not repeated): ``action_id``, ``institution_id``.
    reached
        People reached, long form, one row per (action, dimension, group): ``action_id``,
        ``dimension`` (``"sexo"``, ``"edad"``, ``"pueblo"``), ``group``, ``people``. Each
        dimension is a separate disaggregation of the same people (institutions report
        marginal totals, not cross-tabulations).
    indicators, measurements
        Results framework: ``indicator_id``, ``name``, ``kind``, ``unit``, ``baseline``,
        ``target`` / ``measurement_id``, ``indicator_id``, ``measured_on``, ``value``.
    institutions
        ``institution_id``, ``name``, ``acronym``, ``sector``, ``official`` (contacts only
        for the secretariat and the institution's own editors).
    meetings, attendance, agreements
        MMM functioning: ``meeting_id``, ``held_on``, ``kind``, ``title`` /
        ``meeting_id``, ``institution_id`` / ``agreement_id``, ``text``,
        ``institution_id``, ``due_on``, ``status``, ``completed_on``.
    """

    actions: pd.DataFrame
    places: pd.DataFrame
    partners: pd.DataFrame
    reached: pd.DataFrame
    indicators: pd.DataFrame
    measurements: pd.DataFrame
    institutions: pd.DataFrame
    meetings: pd.DataFrame
    attendance: pd.DataFrame
    agreements: pd.DataFrame

    @property
    def empty(self) -> bool:
        """Whether there is nothing to show yet (no institution and no action)."""
        return self.institutions.empty and self.actions.empty

    @classmethod
    def from_frames(cls, frames: Mapping[str, pd.DataFrame]) -> MonitoringRecords:
        """Records from a mapping of frames; a frame it lacks is empty.

        Examples
        --------
        >>> records = MonitoringRecords.from_frames({})
        >>> records.actions.index.name, list(records.places.columns)
        ('action_id', ['action_id', 'level', 'code'])
        """
        empty = empty_records()
        return replace(empty, **{name: frames[name] for name in COLUMNS if name in frames})


def empty_records() -> MonitoringRecords:
    """Empty frames with the columns of each kind of record (an empty store, a first run).

    Examples
    --------
    >>> records = empty_records()
    >>> list(records.places.columns), records.actions.index.name, records.empty
    (['action_id', 'level', 'code'], 'action_id', True)
    """
    frames = {name: pd.DataFrame(columns=list(columns)) for name, columns in COLUMNS.items()}
    frames["actions"].index.name = "action_id"
    return MonitoringRecords(**frames)


def responding(
    actions: pd.DataFrame, exclude: Sequence[str] = NOT_RESPONSE_STATUSES
) -> pd.DataFrame:
    """Actions that count as response: every status but ``exclude``.

    Examples
    --------
    >>> acts = pd.DataFrame({"status": ["en_curso", "cancelada"]}, index=[1, 2])
    >>> responding(acts).index.tolist()
    [1]
    """
    return actions[~actions["status"].isin(list(exclude))]


def people_per_action(reached: pd.DataFrame, declared: pd.Series | None = None) -> pd.Series:
    """People reached by each action.

    The total the institution declared (``declared``, e.g. ``actions["people_reached"]``)
    wins; otherwise the largest total over the action's disaggregations — each dimension
    disaggregates the same people, so one dimension's total is the action's total, and the
    largest is taken when an institution filled them unevenly.

    Examples
    --------
    >>> reached = pd.DataFrame({"action_id": [1, 1, 1, 2], "dimension": ["sexo", "sexo", "edad",
    ...     "sexo"], "group": ["mujer", "hombre", "adultez", "mujer"], "people": [3, 4, 5, 9]})
    >>> people_per_action(reached).to_dict()
    {1: 7, 2: 9}
    >>> people_per_action(reached, pd.Series({2: 20.0, 3: 4.0})).to_dict()
    {1: 7.0, 2: 20.0, 3: 4.0}
    """
    if reached.empty:
        from_groups = pd.Series(dtype="float64")
    else:
        totals = reached.groupby(["action_id", "dimension"])["people"].sum()
        from_groups = totals.groupby(level="action_id").max()
    if declared is not None:
        declared = pd.to_numeric(declared, errors="coerce").dropna()
        if len(declared):
            from_groups = declared.combine_first(from_groups.astype("float64"))
    from_groups.index.name = "action_id"
    return from_groups.rename("people")


def rows_between(
    frame: pd.DataFrame, column: str, since: date | None, until: date | None
) -> pd.DataFrame:
    """Rows of ``frame`` whose day in ``column`` falls in [``since``, ``until``] (open ends
    allowed; a row without a readable day is kept only when both ends are open).

    Examples
    --------
    >>> meetings = pd.DataFrame({"held_on": ["2026-01-10", "2026-03-10", None]})
    >>> len(rows_between(meetings, "held_on", date(2026, 2, 1), None))
    1
    """
    days = pd.to_datetime(frame[column], errors="coerce")
    keep = pd.Series(True, index=frame.index)
    if since is not None:
        keep &= days >= pd.Timestamp(since)
    if until is not None:
        keep &= days <= pd.Timestamp(until)
    return frame[keep]


def actions_between(actions: pd.DataFrame, since: date | None, until: date | None) -> pd.DataFrame:
    """Actions whose period [start, end] overlaps [``since``, ``until``] (open ends allowed).

    An action without dates is kept (its period is unknown, not outside the range).

    Examples
    --------
    >>> acts = pd.DataFrame({"start_date": ["2026-01-01", "2025-01-01", None],
    ...                      "end_date": ["2026-03-01", "2025-02-01", None]})
    >>> len(actions_between(acts, date(2026, 2, 1), date(2026, 12, 31)))
    2
    """
    start = pd.to_datetime(actions["start_date"], errors="coerce")
    end = pd.to_datetime(actions["end_date"], errors="coerce")
    keep = pd.Series(True, index=actions.index)
    if until is not None:
        keep &= start.isna() | (start <= pd.Timestamp(until))
    if since is not None:
        keep &= end.isna() | (end >= pd.Timestamp(since))
    return actions[keep]


def _frame(session: Session, query: Any, columns: Sequence[str]) -> pd.DataFrame:
    # Core execution (no ORM row objects): thousands of rows in a few milliseconds
    result = session.connection().execute(query)
    return pd.DataFrame(list(map(tuple, result.fetchall())), columns=list(columns))


def load_frames(engine: Engine, principal: Any) -> MonitoringRecords:
    """Every record ``principal`` may see, as frames (see :class:`MonitoringRecords`).

    Parameters
    ----------
    engine
        Store engine (:func:`analysis.records.database.engine_for`).
    principal
        :class:`analysis.records.users.Principal`; ``PUBLIC`` for the public view.

    Returns
    -------
    MonitoringRecords
        ``actions`` (index ``action_id``; plus ``published``, ``commission``,
        ``people_reached``, ``returnees_included``, ``external_id``, ``version``),
        ``places``, ``partners``, ``reached``, ``indicators``, ``measurements``,
        ``institutions`` (contacts only for the secretariat and the institution's own
        editors), ``meetings``, ``attendance``, ``agreements``.
    """
    from analysis.monitoring.lifecycle import visible
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
    from analysis.records.database import session_scope
    from analysis.records.models import Institution

    frames: dict[str, pd.DataFrame] = {}
    role = getattr(principal.role, "value", principal.role)
    with session_scope(engine, readonly=True) as session:
        institution_columns = [
            Institution.id, Institution.name, Institution.acronym, Institution.sector,
            Institution.official_delegation, Institution.version,
        ]  # fmt: skip
        names = list(COLUMNS["institutions"])
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
            # what the public sees of an action (actions.PUBLIC_ACTION_FIELDS): no internal
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
            COLUMNS["places"],
        )
        frames["partners"] = _frame(
            session,
            select(ActionPartner.action_id, ActionPartner.institution_id).where(
                ActionPartner.action_id.in_(visible_ids)
            ),
            COLUMNS["partners"],
        )
        frames["reached"] = _frame(
            session,
            select(
                ActionReach.action_id,
                ActionReach.dimension,
                ActionReach.group_code,
                ActionReach.people,
            ).where(ActionReach.action_id.in_(visible_ids)),  # fmt: skip
            COLUMNS["reached"],
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
            COLUMNS["indicators"],
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
            COLUMNS["measurements"],
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
            COLUMNS["meetings"],
        )
        visible_meetings = select(Meeting.id).where(visible(Meeting, principal))
        frames["attendance"] = _frame(
            session,
            select(MeetingAttendance.meeting_id, MeetingAttendance.institution_id).where(
                MeetingAttendance.meeting_id.in_(visible_meetings)
            ),
            COLUMNS["attendance"],
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
            COLUMNS["agreements"],
        )
    return MonitoringRecords(**frames)


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


def load_public_frames(url: str | None = None) -> MonitoringRecords:
    """Published records without personal data, or empty frames when no store exists yet
    (reading never creates a store)."""
    from analysis.records.database import current_revision, engine_for, head_revision
    from analysis.records.users import PUBLIC

    if not store_exists(url):
        return empty_records()
    engine = engine_for(url)
    try:
        if current_revision(engine) != head_revision():
            return empty_records()
        return load_frames(engine, PUBLIC)
    finally:
        engine.dispose()


def in_period(
    records: MonitoringRecords, since: date | None, until: date | None
) -> MonitoringRecords:
    """Records restricted to actions active in [``since``, ``until``], meetings held and
    measurements taken in it (agreements: all, since an open one still counts).

    Parameters
    ----------
    records
        The records to restrict.
    since, until
        The period (open ends allowed).

    Returns
    -------
    MonitoringRecords

    Examples
    --------
    >>> records = MonitoringRecords.from_frames({"meetings": pd.DataFrame(
    ...     {"meeting_id": [1, 2], "held_on": ["2025-12-01", "2026-02-01"]})})
    >>> in_period(records, date(2026, 1, 1), None).meetings["meeting_id"].tolist()
    [2]
    """
    actions = actions_between(records.actions, since, until)
    meetings = rows_between(records.meetings, "held_on", since, until)

    def of_actions(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["action_id"].isin(actions.index)]

    return replace(
        records,
        actions=actions,
        places=of_actions(records.places),
        partners=of_actions(records.partners),
        reached=of_actions(records.reached),
        meetings=meetings,
        attendance=records.attendance[
            records.attendance["meeting_id"].isin(meetings["meeting_id"])
        ],
        measurements=rows_between(records.measurements, "measured_on", since, until),
    )


__all__ = [
    "COLUMNS",
    "COMMISSION_THEMES",
    "NOT_RESPONSE_STATUSES",
    "STATUSES",
    "MonitoringRecords",
    "actions_between",
    "empty_records",
    "in_period",
    "load_frames",
    "load_public_frames",
    "people_per_action",
    "responding",
    "rows_between",
    "store_exists",
]
