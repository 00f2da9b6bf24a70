"""The MMM's periodic monitoring report (a Spanish PDF and its JSON snapshot).

``raices seguimiento informe --desde --hasta`` writes it: the actions active in the
period, coverage of the pilot plan by cause, budget planned and executed, people reached
with their disaggregation (beside the population of the same municipios), results against
baseline and target, the gaps (high-need municipios with no action on a cause) and what
changed since the previous report. A JSON snapshot is saved next to each PDF; the next
report compares itself with the latest earlier one.

It reads **published** records only and never prints personal data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import plotting
from analysis.errors import RaicesError
from analysis.files import write_atomic
from analysis.formatting import format_number
from analysis.monitoring import frames, need, progress
from analysis.monitoring.frames import MonitoringRecords, in_period, load_public_frames
from analysis.monitoring.labels import (
    dimension_label,
    share_text,
    vocabulary_codes,
    vocabulary_label,
)
from analysis.monitoring.report_common import (
    PriorityContext,
    ReportResult,
    check_period,
    file_stem,
    priority_context,
    spanish_period,
)
from analysis.report.common import ReportPDF

SNAPSHOT_PATTERN = re.compile(
    r"^informe_seguimiento_(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})\.json$"
)
TOP_GAPS = 20
"""Municipios counted as high need in each theme for the gaps section."""
MAX_ACTION_ROWS = 60
"""Actions listed in the report's table (the rest are counted, and all are in the 5W CSV)."""


SHORT_THEMES: dict[str, str] = {
    "migracion": "Migr.",
    "pobreza_economia": "Pobr.",
    "violencia_inseguridad": "Viol.",
    "clima_alimentacion": "Clima",
    "servicios_educacion": "Serv.",
    "demografia_exclusion": "Demog.",
}
"""Column headings of the pilot-coverage table (the full names are in the last column)."""


def _measured(value: object) -> str:
    """A measured value: whole numbers without decimals, others by size."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return format_number(value, missing="—")
    return format_number(number, decimals=0 if number.is_integer() else None, missing="—")


def _money(value: object) -> str:
    return "Q " + format_number(value, decimals=0)


def _where(places: pd.DataFrame, context: PriorityContext | None, action_id: int) -> str:
    here = places[places["action_id"] == action_id]
    names = []
    for place in here.itertuples():
        code = int(place.code)
        if context is None:
            names.append(str(code))
        elif place.level == "municipio" and code in context.territories.index:
            names.append(str(context.territories.at[code, "name"]))
        elif code in context.departamentos.index:
            names.append(f"dpto. {context.departamentos.at[code, 'name']}")
        else:
            names.append(str(code))
    text = ", ".join(names[:4])
    return text + (f" y {len(names) - 4} más" if len(names) > 4 else "")


# --------------------------------------------------------------------------- snapshot
def take_snapshot(
    records: MonitoringRecords, since: date | None, until: date | None
) -> dict[str, Any]:
    """The state a later report compares itself with (JSON-serialisable)."""
    actions = records.actions
    people = frames.people_per_action(records.reached, actions.get("people_reached"))
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "actions": {
            str(int(i)): {
                "title": str(row["title"]),
                "status": str(row["status"]),
                "budget_executed": None
                if pd.isna(row["budget_executed"])
                else float(row["budget_executed"]),
                "people": None if pd.isna(people.get(i)) else float(people.get(i)),
            }
            for i, row in actions.iterrows()
        },
        "meetings": len(records.meetings),
        "agreements_fulfilled": int((records.agreements["status"] == "cumplido").sum()),
    }


def compare_snapshots(previous: dict[str, Any] | None, current: dict[str, Any]) -> list[str]:
    """What changed since the previous report, in Spanish sentences.

    Examples
    --------
    >>> before = {"actions": {"1": {"title": "A", "status": "planificada",
    ...           "budget_executed": None, "people": None}}, "meetings": 1,
    ...           "agreements_fulfilled": 0}
    >>> after = {"actions": {"1": {"title": "A", "status": "en_curso", "budget_executed": 10.0,
    ...          "people": 5.0}, "2": {"title": "B", "status": "planificada",
    ...          "budget_executed": None, "people": None}}, "meetings": 1,
    ...          "agreements_fulfilled": 0}
    >>> compare_snapshots(before, after)[:2]
    ['Acciones nuevas: 1 (B).', 'Cambios de estado: «A»: Planificada → En curso.']
    """
    if previous is None:
        return ["Primer informe: no hay un informe anterior con el que comparar."]
    before, after = previous.get("actions", {}), current.get("actions", {})
    changes = []
    new = [after[k]["title"] for k in after if k not in before]
    if new:
        listed = ", ".join(new[:10]) + (f" y {len(new) - 10} más" if len(new) > 10 else "")
        changes.append(f"Acciones nuevas: {len(new)} ({listed}).")
    gone = [before[k]["title"] for k in before if k not in after]
    if gone:
        changes.append(
            f"Acciones que ya no figuran en el período o dejaron de estar publicadas: {len(gone)}."
        )
    moved = [
        f"«{after[k]['title']}»: {vocabulary_label('status', before[k]['status'])} → "
        f"{vocabulary_label('status', after[k]['status'])}"
        for k in after
        if k in before and before[k]["status"] != after[k]["status"]
    ]
    if moved:
        changes.append("Cambios de estado: " + "; ".join(moved[:10]) + ".")

    def total(snapshot: dict[str, Any], key: str) -> float:
        return float(sum(v[key] or 0 for v in snapshot.get("actions", {}).values()))

    def count(value: float) -> str:
        return format_number(value, decimals=0)

    for key, text, fmt in (
        ("budget_executed", "Presupuesto ejecutado", _money),
        ("people", "Personas alcanzadas", count),
    ):
        old, new_total = total(previous, key), total(current, key)
        if abs(new_total - old) > 1e-9:
            changes.append(f"{text}: {fmt(old)} → {fmt(new_total)}.")
    if current.get("meetings", 0) != previous.get("meetings", 0):
        changes.append(
            f"Reuniones registradas: {previous.get('meetings', 0)} → {current.get('meetings', 0)}."
        )
    if current.get("agreements_fulfilled", 0) != previous.get("agreements_fulfilled", 0):
        changes.append(
            f"Acuerdos cumplidos: {previous.get('agreements_fulfilled', 0)} → "
            f"{current.get('agreements_fulfilled', 0)}."
        )
    return changes or ["Sin cambios desde el informe anterior."]


def find_previous(folder: Path, until: date | None) -> Path | None:
    """Latest report snapshot in ``folder`` whose period ends before ``until``."""
    if not folder.is_dir():
        return None
    end = (until or date.today()).isoformat()
    earlier = []
    for path in folder.iterdir():
        found = SNAPSHOT_PATTERN.match(path.name)
        if found and found.group(2) < end:
            earlier.append((found.group(2), path))
    return max(earlier)[1] if earlier else None


# --------------------------------------------------------------------------- periodic report
def periodic_report(
    records: MonitoringRecords,
    context: PriorityContext | None,
    *,
    since: date | None,
    until: date | None,
    changes: Sequence[str] = (),
    previous_name: str | None = None,
) -> bytes:
    """PDF bytes of the periodic monitoring report for the period [``since``, ``until``].

    Parameters
    ----------
    records
        Public frames (published records), already restricted to the period
        (:func:`analysis.monitoring.frames.in_period`).
    context
        Priority to compare with (:func:`priority_context`); without it the pilot, gap and
        population sections say the build is missing.
    """
    actions = records.actions
    places = records.places
    reached = records.reached
    footer = plotting.footer_text(
        scenario_hash=context.scenario_hash if context else None,
        data_vintage=context.data_vintage if context else None,
    )
    period = spanish_period(since, until)
    pdf = ReportPDF(title=f"Informe de seguimiento de la MMM — {period}", footer=footer)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.heading("Informe de seguimiento de la Mesa Multisectoral (MMM)", size=15)
    pdf.paragraph(
        f"Período: {period}. Sólo registros publicados por la secretaría técnica.", 9, "B"
    )
    if context is not None:
        pdf.paragraph(
            f"Prioridad territorial según el escenario «{context.scenario_name}» "
            f"(huella {context.scenario_hash[:12]}); datos {context.data_vintage}.",
            8.5,
        )

    people = frames.people_per_action(reached, actions.get("people_reached"))
    responding = frames.responding(actions)
    municipios = places[
        places["action_id"].isin(responding.index) & (places["level"] == "municipio")
    ]["code"].nunique()
    pdf.heading("Resumen", size=11)
    status_counts = actions["status"].value_counts()
    pdf.bullet_list(
        [
            f"Acciones activas en el período: {format_number(len(actions), decimals=0)} ("
            + ", ".join(
                f"{vocabulary_label('status', s).lower()}: {int(status_counts.get(s, 0))}"
                for s in vocabulary_codes("status")
            )
            + ").",
            f"Instituciones líderes: {format_number(actions['institution_id'].nunique(), decimals=0)}; "
            f"acciones con instituciones socias: "
            f"{format_number(records.partners['action_id'].nunique(), decimals=0)}.",
            f"Municipios con acciones: {format_number(municipios, decimals=0)}.",
            f"Personas alcanzadas: {format_number(people.reindex(responding.index).sum(), decimals=0)}.",
            f"Presupuesto planificado: {_money(actions['budget_planned'].sum())}; "
            f"ejecutado: {_money(actions['budget_executed'].sum())}.",
        ]
    )
    pdf.heading(
        "Qué cambió desde el informe anterior" + (f" ({previous_name})" if previous_name else ""),
        11,
    )
    pdf.bullet_list(list(changes) or ["Sin informe anterior."])

    pdf.heading("Acciones", size=11)
    if actions.empty:
        pdf.paragraph("No hay acciones publicadas activas en el período.", 8.5)
    else:
        ordered = actions.sort_values(["institution", "start_date"], na_position="last")
        rows = [
            [
                str(row["title"])[:90],
                str(row["institution"]),
                vocabulary_label("theme", row["theme"]),
                vocabulary_label("status", row["status"]),
                _where(places, context, int(i)),
                f"{_iso(row['start_date'])} – {_iso(row['end_date'])}",
            ]
            for i, row in ordered.head(MAX_ACTION_ROWS).iterrows()
        ]
        pdf.data_table(
            ["Acción", "Institución", "Causa", "Estado", "Dónde", "Fechas"],
            rows,
            [50, 22, 26, 18, 34, 28],
            size=6.8,
        )
        if len(actions) > MAX_ACTION_ROWS:
            pdf.paragraph(
                f"Se listan {MAX_ACTION_ROWS} de {len(actions)} acciones; todas están en la "
                "tabla 5W de datos abiertos.",
                7.5,
                "I",
            )

    territories = context.territories if context is not None else None
    pdf.heading("Cobertura del plan piloto por causa", size=11)
    if context is None:
        pdf.paragraph("Sin base analítica construida: no se puede calcular el plan piloto.", 8.5)
    else:
        themes = list(context.theme_scores.columns)
        coverage = need.pilot_coverage(
            context.pilot,
            themes,
            actions,
            places,
            context.territories,
            names=context.territories["name"],
        ).table
        fully = int((coverage["covered"] == len(themes)).sum())
        none = int((coverage["covered"] == 0).sum())
        pdf.paragraph(
            f"{len(coverage)} territorios del plan piloto: {fully} con acciones en las "
            f"{len(themes)} causas, {none} sin ninguna acción.",
            8.5,
        )
        short = {t: SHORT_THEMES.get(t, t[:6]) for t in themes}
        pdf.data_table(
            ["Municipio", *[short[t] for t in themes], "Causas sin acciones"],
            [
                [
                    str(row["name"]),
                    *[str(int(row[t])) for t in themes],
                    ", ".join(vocabulary_label("theme", t) for t in themes if row[t] == 0) or "—",
                ]
                for _, row in coverage.iterrows()
            ],  # fmt: skip
            [32, *[14] * len(themes), 62],
            size=6.8,
        )

    pdf.heading("Presupuesto", size=11)
    if actions.empty:
        pdf.paragraph("Sin acciones en el período.", 8.5)
    else:
        for by, title in (("institution", "Por institución"), ("theme", "Por causa")):
            table = progress.budget_by(
                actions.fillna({"theme": "sin_tema"}), by, exclude=("cancelada",)
            )
            pdf.paragraph(title, 9, "B")
            pdf.data_table(
                ["", "Acciones", "Planificado", "Ejecutado", "Ejecución", "Reportan ejecución"],
                [
                    [
                        vocabulary_label("theme", k) if by == "theme" else str(k),
                        format_number(r["actions"], decimals=0),
                        _money(r["planned"]),
                        _money(r["executed"]),
                        share_text(r["execution"]),
                        format_number(r["reported"], decimals=0),
                    ]
                    for k, r in table.iterrows()
                ],
                [50, 18, 32, 32, 22, 24],
                size=7,
            )
        pdf.paragraph(
            "La ejecución compara lo ejecutado con lo planificado de las mismas acciones que "
            "reportan ejecución; las acciones canceladas no cuentan.",
            7.5,
            "I",
        )

    pdf.heading("Personas alcanzadas", size=11)
    if reached.empty:
        pdf.paragraph("Ninguna acción publicada reporta personas alcanzadas por grupo.", 8.5)
    else:
        if territories is not None:
            reach = progress.reach_against_population(reached, places, territories)
        else:
            reach = progress.reach_by_group(reached)
            reach["population_share"] = float("nan")
        pdf.data_table(
            ["Desagregación", "Grupo", "Personas", "Proporción", "En la población"],
            [
                [
                    dimension_label(str(row["dimension"])),
                    vocabulary_label(f"group:{row['dimension']}", row["group"]),
                    format_number(row["people"], decimals=0),
                    share_text(row["share"]),
                    share_text(row["population_share"]),
                ]
                for _, row in reach.iterrows()
            ],
            [30, 50, 28, 30, 40],
            size=7,
        )
        pdf.paragraph(
            "«En la población»: proporción del grupo en la población de los municipios donde "
            "ocurren las acciones, ponderada por población (ACNUR A2SIT, sólo para pueblos). "
            "La base no tiene la población por sexo ni por estos grupos de edad.",
            7.5,
            "I",
        )

    pdf.heading("Resultados", size=11)
    results = progress.results_progress(records.indicators, records.measurements, as_of=until)
    if results.empty:
        pdf.paragraph("No hay indicadores de resultados publicados.", 8.5)
    else:
        pdf.data_table(
            ["Indicador", "Tipo", "Línea de base", "Meta", "Último valor", "Avance"],
            [
                [
                    str(r["name"])[:70],
                    vocabulary_label("kind", r["kind"]),
                    _measured(r["baseline"]),
                    _measured(r["target"]),
                    _measured(r["latest"])
                    + (f" ({_iso(r['latest_on'])})" if pd.notna(r["latest_on"]) else ""),
                    share_text(r["progress"]),
                ]
                for _, r in results.iterrows()
            ],
            [58, 18, 22, 22, 38, 20],
            size=7,
        )

    pdf.heading("Brechas: municipios de alta necesidad sin acciones sobre la causa", size=11)
    if context is None:
        pdf.paragraph("Sin base analítica construida: no se pueden calcular las brechas.", 8.5)
    else:
        gaps = need.gaps_by_theme(
            context.theme_scores,
            actions,
            places,
            context.territories,
            names=context.territories["name"],
            top=TOP_GAPS,
        )
        counts = gaps.groupby("theme").size()
        pdf.paragraph(
            f"Entre los {TOP_GAPS} municipios de mayor necesidad de cada causa, cuántos no "
            "tienen ninguna acción publicada sobre esa causa en el período:",
            8.5,
        )
        pdf.data_table(
            ["Causa", "Municipios sin acciones", "Los cinco de mayor necesidad"],
            [
                [
                    vocabulary_label("theme", t),
                    f"{int(counts.get(t, 0))} de {TOP_GAPS}",
                    ", ".join(gaps.loc[gaps["theme"] == t, "name"].astype(str).head(5)) or "—",
                ]
                for t in context.theme_scores.columns
            ],
            [40, 30, 108],
            size=7,
        )
    return bytes(pdf.output())


def _iso(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


def write_periodic_report(
    folder: str | Path,
    *,
    since: date | None,
    until: date | None,
    records: MonitoringRecords | None = None,
    context: PriorityContext | None = None,
    url: str | None = None,
    db_path: str | Path | None = None,
    scenario: object = None,
    previous: str | Path | None = None,
) -> ReportResult:
    """Write ``informe_seguimiento_<desde>_<hasta>.pdf`` and its JSON snapshot.

    Parameters
    ----------
    folder
        Output folder (the previous snapshot is looked for here).
    since, until
        The period (open ends allowed).
    records
        Public frames; read from the store at ``url`` when ``None``.
    context
        Priority context; computed from the build (``db_path``, ``scenario``) when ``None``
        — a missing build leaves the priority sections empty rather than failing.
    previous
        Snapshot to compare with; the latest earlier one in ``folder`` when ``None``.
    """
    check_period(since, until)
    if records is None:
        records = load_public_frames(url)
    if context is None:
        try:
            context = priority_context(scenario, db_path=db_path)
        except RaicesError:
            context = None
    period = in_period(records, since, until)
    root = Path(folder)
    previous_path = Path(previous) if previous else find_previous(root, until)
    before = None
    if previous_path is not None:
        try:
            before = json.loads(previous_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise RaicesError(
                f"no se pudo leer el informe anterior: {error}", file=previous_path
            ) from None
    current = take_snapshot(period, since, until)
    changes = compare_snapshots(before, current)
    current["changes"] = changes
    stem = file_stem("informe_seguimiento", since, until)
    pdf_path, json_path = root / f"{stem}.pdf", root / f"{stem}.json"
    write_atomic(
        pdf_path,
        periodic_report(
            period,
            context,
            since=since,
            until=until,
            changes=changes,
            previous_name=previous_path.name if previous_path else None,
        ),
    )
    write_atomic(json_path, json.dumps(current, ensure_ascii=False, indent=1))
    return ReportResult(pdf=pdf_path, snapshot=json_path, previous=previous_path, changes=changes)
