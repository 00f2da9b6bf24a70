"""MMM functioning: meetings held, attendance by sector and agreements fulfilled on time
(the board's fourth view, and the inputs of the self-assessment).

Pure functions on the frames of :class:`analysis.monitoring.frames.MonitoringRecords`;
nothing here reads a store or draws a widget.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analysis.monitoring.frames import MonitoringRecords, rows_between
from analysis.monitoring.labels import labels_of, share_text

COMPLETED_STATUSES: tuple[str, ...] = ("cumplido",)
"""Agreement statuses that mean "fulfilled"."""

TIMELINESS: tuple[str, ...] = ("a_tiempo", "tarde", "vencido", "pendiente", "sin_fecha")
"""How an agreement stands on a day (see :func:`agreements_status`)."""


@dataclass(frozen=True)
class AgreementsSummary:
    """Agreements by timeliness on one day (see :func:`agreements_summary`).

    Attributes
    ----------
    a_tiempo, tarde, vencido, pendiente, sin_fecha
        Number of agreements in each :data:`TIMELINESS` class.
    total
        Number of agreements.
    on_time_share
        ``a_tiempo`` over the agreements already due (:attr:`due`); NaN when none is due
        (an unknown share, not 0 %).
    """

    a_tiempo: int
    tarde: int
    vencido: int
    pendiente: int
    sin_fecha: int
    total: int
    on_time_share: float

    @property
    def due(self) -> int:
        """Agreements whose deadline has passed or that were fulfilled (the share's base)."""
        return self.a_tiempo + self.tarde + self.vencido


@dataclass(frozen=True)
class Functioning:
    """The functioning view's tables on one day (see :func:`functioning`).

    Attributes
    ----------
    meetings
        Meetings held (the records' ``meetings``).
    attendance
        :func:`attendance_by_sector`.
    agreements
        :func:`agreements_status`.
    summary
        :func:`agreements_summary`.
    """

    meetings: pd.DataFrame
    attendance: pd.DataFrame
    agreements: pd.DataFrame
    summary: AgreementsSummary

    @property
    def empty(self) -> bool:
        """Whether there is neither a meeting nor an agreement to show."""
        return self.meetings.empty and self.agreements.empty


def functioning(records: MonitoringRecords, *, as_of: date) -> Functioning:
    """Meetings, attendance by sector and agreements fulfilled on time, as of a day.

    Examples
    --------
    >>> from analysis.monitoring.frames import empty_records
    >>> functioning(empty_records(), as_of=date(2026, 1, 1)).empty
    True
    """
    return Functioning(
        meetings=records.meetings,
        attendance=attendance_by_sector(records.meetings, records.attendance, records.institutions),
        agreements=agreements_status(records.agreements, as_of=as_of),
        summary=agreements_summary(records.agreements, as_of=as_of),
    )


def attendance_by_sector(
    meetings: pd.DataFrame,
    attendance: pd.DataFrame,
    institutions: pd.DataFrame,
    *,
    since: date | None = None,
    until: date | None = None,
) -> pd.DataFrame:
    """Attendance at MMM meetings by sector.

    ``rate`` = institution-meetings attended / (institutions of the sector × meetings held),
    counting every institution registered in the sector.

    Examples
    --------
    >>> meetings = pd.DataFrame({"meeting_id": [1, 2], "held_on": ["2026-01-10", "2026-02-10"]})
    >>> att = pd.DataFrame({"meeting_id": [1, 1, 2], "institution_id": [1, 2, 1]})
    >>> inst = pd.DataFrame({"institution_id": [1, 2], "sector": ["estado", "estado"]})
    >>> attendance_by_sector(meetings, att, inst).loc["estado", "rate"]
    np.float64(0.75)
    """
    held = rows_between(meetings, "held_on", since, until)
    n_meetings = len(held)
    attended = attendance[attendance["meeting_id"].isin(held["meeting_id"])].merge(
        institutions[["institution_id", "sector"]], on="institution_id", how="left"
    )
    table = pd.DataFrame(
        {"institutions": institutions.groupby("sector")["institution_id"].nunique()}
    )
    table["attended"] = (
        attended.drop_duplicates(["meeting_id", "institution_id"])
        .groupby("sector")
        .size()
        .reindex(table.index)
        .fillna(0)
        .astype("int64")
    )
    table["meetings"] = n_meetings
    possible = table["institutions"] * n_meetings
    table["rate"] = (table["attended"] / possible.where(possible > 0)).astype("float64")
    table.index.name = "sector"
    return table


def agreements_status(
    agreements: pd.DataFrame,
    *,
    as_of: date,
    completed: Sequence[str] = COMPLETED_STATUSES,
) -> pd.DataFrame:
    """Each agreement classified on ``as_of``: «a_tiempo» (fulfilled by its due date),
    «tarde» (fulfilled after it), «vencido» (not fulfilled, due date passed), «pendiente»
    (not fulfilled, not yet due) or «sin_fecha» (no due date, not fulfilled).

    Examples
    --------
    >>> agr = pd.DataFrame({"agreement_id": [1, 2, 3], "status": ["cumplido", "pendiente",
    ...     "pendiente"], "due_on": ["2026-01-31", "2026-01-31", "2026-12-31"],
    ...     "completed_on": ["2026-01-20", None, None]})
    >>> agreements_status(agr, as_of=date(2026, 6, 1))["timeliness"].tolist()
    ['a_tiempo', 'vencido', 'pendiente']
    """
    table = agreements.copy()
    due = pd.to_datetime(table["due_on"], errors="coerce")
    done_on = pd.to_datetime(table["completed_on"], errors="coerce")
    done = table["status"].isin(list(completed))
    today = pd.Timestamp(as_of)
    table["timeliness"] = np.select(
        [
            done & (due.isna() | done_on.isna() | (done_on <= due)),
            done,
            due.isna(),
            due < today,
        ],
        ["a_tiempo", "tarde", "sin_fecha", "vencido"],
        default="pendiente",
    )
    return table


def agreements_summary(agreements: pd.DataFrame, *, as_of: date) -> AgreementsSummary:
    """Counts by timeliness and the share fulfilled on time among those due by ``as_of``.

    Examples
    --------
    >>> agr = pd.DataFrame({"agreement_id": [1, 2], "status": ["cumplido", "pendiente"],
    ...     "due_on": ["2026-01-31", "2026-01-31"], "completed_on": ["2026-01-20", None]})
    >>> summary = agreements_summary(agr, as_of=date(2026, 6, 1))
    >>> summary.a_tiempo, summary.vencido, summary.on_time_share
    (1, 1, 0.5)
    """
    table = agreements_status(agreements, as_of=as_of)
    counts = table["timeliness"].value_counts()
    count = {key: int(counts.get(key, 0)) for key in TIMELINESS}
    due = count["a_tiempo"] + count["tarde"] + count["vencido"]
    return AgreementsSummary(
        **count,
        total=len(table),
        on_time_share=count["a_tiempo"] / due if due else float("nan"),
    )


# --------------------------------------------------------------------------- readable tables
def sector_labels(attendance: pd.DataFrame, *, language: str = "es") -> list[str]:
    """Label of each sector of :func:`attendance_by_sector` (its rows, in order)."""
    return labels_of("sector", attendance.index, language)


def attendance_table(table: pd.DataFrame, *, language: str = "es") -> pd.DataFrame:
    """:func:`attendance_by_sector` to read: ``institutions``, ``attended``, ``meetings``,
    ``rate`` (a percentage); index ``sector`` (labels).

    Examples
    --------
    >>> table = pd.DataFrame({"institutions": [2], "attended": [3], "meetings": [2],
    ...                       "rate": [0.75]}, index=pd.Index(["estado"], name="sector"))
    >>> shown = attendance_table(table, language="en")
    >>> shown.index.tolist(), shown["rate"].tolist()
    (['State'], ['75\\xa0%'])
    """
    return pd.DataFrame(
        {
            "institutions": table["institutions"].to_numpy(),
            "attended": table["attended"].to_numpy(),
            "meetings": table["meetings"].to_numpy(),
            "rate": [share_text(v, language) for v in table["rate"]],
        },
        index=pd.Index(sector_labels(table, language=language), name="sector"),
    )


def agreements_table(
    agreements: pd.DataFrame,
    institutions: pd.DataFrame,
    *,
    timeliness_labels: Mapping[str, str],
    language: str = "es",
) -> pd.DataFrame:
    """:func:`agreements_status` to read: ``agreement`` (its text), ``institution``
    (name), ``due`` («—» without a date), ``status`` (label), ``timeliness``.

    Parameters
    ----------
    agreements
        :func:`agreements_status`'s table.
    institutions
        ``institution_id``, ``name``.
    timeliness_labels
        Words for each :data:`TIMELINESS` code (the screen's own).
    language
        Language of the status labels.

    Examples
    --------
    >>> agr = pd.DataFrame({"text": ["Informe"], "institution_id": [1], "due_on": [None],
    ...                     "status": ["pendiente"], "timeliness": ["sin_fecha"]})
    >>> inst = pd.DataFrame({"institution_id": [1], "name": ["Uno"]})
    >>> agreements_table(agr, inst, timeliness_labels={"sin_fecha": "No date"},
    ...                  language="en").values.tolist()[0]
    ['Informe', 'Uno', '—', 'Pending', 'No date']
    """
    names = institutions.set_index("institution_id")["name"]
    return pd.DataFrame(
        {
            "agreement": agreements["text"].astype(str),
            "institution": agreements["institution_id"].map(names),
            "due": agreements["due_on"].astype(str).where(agreements["due_on"].notna(), "—"),
            "status": labels_of("agreement", agreements["status"], language),
            "timeliness": [timeliness_labels.get(v, v) for v in agreements["timeliness"]],
        }
    )


def meetings_table(
    meetings: pd.DataFrame, attendance: pd.DataFrame, *, language: str = "es"
) -> pd.DataFrame:
    """Meetings held to read: ``date``, ``meeting_kind`` (label), ``title`` and
    ``institutions`` (how many attended).

    Examples
    --------
    >>> meetings = pd.DataFrame({"meeting_id": [1], "held_on": ["2026-01-10"],
    ...                          "kind": ["plenaria"], "title": [None]})
    >>> att = pd.DataFrame({"meeting_id": [1, 1], "institution_id": [1, 2]})
    >>> meetings_table(meetings, att, language="en").values.tolist()[0]
    ['2026-01-10', 'Plenary', '', 2]
    """
    counts = attendance.groupby("meeting_id").size()
    return pd.DataFrame(
        {
            "date": meetings["held_on"].astype(str),
            "meeting_kind": labels_of("meeting", meetings["kind"], language),
            "title": meetings["title"].fillna("").astype(str),
            "institutions": meetings["meeting_id"].map(counts).fillna(0).astype(int).to_numpy(),
        }
    )


__all__ = [
    "COMPLETED_STATUSES",
    "TIMELINESS",
    "Functioning",
    "agreements_status",
    "AgreementsSummary",
    "agreements_summary",
    "agreements_table",
    "attendance_by_sector",
    "attendance_table",
    "functioning",
    "meetings_table",
    "sector_labels",
]
