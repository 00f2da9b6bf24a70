"""The MMM's self-assessment report (a Spanish PDF).

``raices seguimiento autoevaluacion`` writes it: meetings held, attendance by sector,
agreements fulfilled on time, and how much the institutions act together. It reads
**published** records only and never prints personal data.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from analysis import plotting
from analysis.files import write_atomic
from analysis.formatting import format_number
from analysis.monitoring import coordination, functioning
from analysis.monitoring.frames import MonitoringRecords, in_period, load_public_frames
from analysis.monitoring.labels import share_text, vocabulary_label
from analysis.monitoring.report_common import (
    ReportResult,
    check_period,
    file_stem,
    spanish_period,
)
from analysis.report.common import ReportPDF


def self_assessment(records: MonitoringRecords, *, since: date | None, until: date | None) -> bytes:
    """PDF bytes of the MMM self-assessment for the period (published records)."""
    as_of = until or date.today()
    period = spanish_period(since, until)
    footer = plotting.footer_text(extra="autoevaluación de la MMM")
    pdf = ReportPDF(title=f"Autoevaluación de la MMM — {period}", footer=footer)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.heading("Autoevaluación de la Mesa Multisectoral (MMM)", size=15)
    pdf.paragraph(f"Período: {period}. Registros publicados por la secretaría técnica.", 9, "B")

    meetings = records.meetings
    institutions = records.institutions
    pdf.heading("Reuniones", size=11)
    kinds = meetings["kind"].value_counts()
    pdf.bullet_list(
        [f"Reuniones celebradas: {len(meetings)}."]
        + [f"{vocabulary_label('meeting', k)}: {int(n)}." for k, n in kinds.items()]
        + [
            f"Instituciones miembro registradas: {len(institutions)}; con delegación oficial: "
            f"{int(institutions['official'].fillna(False).astype(bool).sum())}."
        ]
    )
    pdf.heading("Asistencia por sector", size=11)
    attendance = functioning.attendance_by_sector(meetings, records.attendance, institutions)
    if meetings.empty:
        pdf.paragraph("No hay reuniones publicadas en el período.", 8.5)
    else:
        pdf.data_table(
            ["Sector", "Instituciones", "Asistencias", "Reuniones", "Tasa de asistencia"],
            [
                [
                    vocabulary_label("sector", s),
                    format_number(r["institutions"], decimals=0),
                    format_number(r["attended"], decimals=0),
                    format_number(r["meetings"], decimals=0),
                    share_text(r["rate"]),
                ]
                for s, r in attendance.iterrows()
            ],
            [60, 28, 28, 28, 34],
            size=7.5,
        )
        pdf.paragraph(
            "Tasa = asistencias / (instituciones del sector × reuniones del período).", 7.5, "I"
        )

    pdf.heading("Acuerdos", size=11)
    agreements = records.agreements
    if since is not None or until is not None:
        status = functioning.agreements_status(agreements, as_of=as_of)
        due = pd.to_datetime(status["due_on"], errors="coerce")
        in_range = pd.Series(True, index=status.index)
        if since is not None:
            in_range &= due.isna() | (due >= pd.Timestamp(since))
        agreements = agreements[in_range.to_numpy()]
    summary = functioning.agreements_summary(agreements, as_of=as_of)
    pdf.bullet_list(
        [
            f"Acuerdos: {summary.total}.",
            f"Cumplidos a tiempo: {summary.a_tiempo}; con retraso: {summary.tarde}; "
            f"vencidos sin cumplir: {summary.vencido}; pendientes en plazo: "
            f"{summary.pendiente}; sin fecha límite: {summary.sin_fecha}.",
            "Proporción cumplida a tiempo entre los que ya vencían: "
            + share_text(summary.on_time_share)
            + ".",
        ]
    )
    pdf.heading("Coordinación interinstitucional", size=11)
    actions = records.actions
    names = dict(
        zip(
            institutions["institution_id"],
            institutions["acronym"].where(institutions["acronym"].notna(), institutions["name"]),
            strict=True,
        )
    )
    pairs = coordination.coordination_pairs(actions, records.partners, names=names)
    joint = records.partners["action_id"].nunique()
    pdf.paragraph(
        f"{joint} de {len(actions)} acciones se hacen con instituciones socias; "
        f"{len(pairs)} pares de instituciones actúan juntos.",
        8.5,
    )
    if len(pairs):
        pdf.data_table(
            ["Institución", "Institución", "Acciones conjuntas"],
            [
                [str(r.name_a), str(r.name_b), format_number(r.actions, decimals=0)]
                for r in pairs.head(30).itertuples()
            ],
            [70, 70, 38],
            size=7.5,
        )
    return bytes(pdf.output())


def write_self_assessment(
    folder: str | Path,
    *,
    since: date | None = None,
    until: date | None = None,
    records: MonitoringRecords | None = None,
    url: str | None = None,
) -> ReportResult:
    """Write ``autoevaluacion_mmm_<desde>_<hasta>.pdf`` into ``folder``."""
    check_period(since, until)
    if records is None:
        records = load_public_frames(url)
    period = in_period(records, since, until)
    path = Path(folder) / f"{file_stem('autoevaluacion_mmm', since, until)}.pdf"
    write_atomic(path, self_assessment(period, since=since, until=until))
    return ReportResult(pdf=path)
