"""The MMM's periodic monitoring report and its self-assessment report (Spanish PDFs).

``raices seguimiento informe --desde --hasta`` writes the periodic report: the actions
active in the period, coverage of the pilot plan by cause, budget planned and executed,
people reached with their disaggregation (beside the population of the same
municipios), results against baseline and target, the gaps (high-need municipios with no
action on a cause) and what changed since the previous report. A JSON snapshot is saved
next to each PDF; the next report compares itself with the latest earlier one.

``raices seguimiento autoevaluacion`` writes the self-assessment: meetings held,
attendance by sector, agreements fulfilled on time, and how much the institutions act
together.

Both read **published** records only (they are published on CONAMIGUA's portal) and
never print personal data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import plotting
from analysis.errors import RaicesError
from analysis.formatting import format_number
from analysis.monitoring import analytics
from analysis.report.common import ReportPDF

SNAPSHOT_PATTERN = re.compile(
    r"^informe_seguimiento_(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})\.json$"
)
TOP_GAPS = 20
"""Municipios counted as high need in each theme for the gaps section."""
MAX_ACTION_ROWS = 60
"""Actions listed in the report's table (the rest are counted, and all are in the 5W CSV)."""


@dataclass(frozen=True)
class PriorityContext:
    """What the reports compare the response with: one scenario's priority.

    Attributes
    ----------
    need
        Index code; ``name``, ``score``, ``rank``.
    theme_scores
        Index code; one column per theme.
    pilot
        Codes of the pilot territories (the scenario's selection, else its first k).
    territories
        Municipal territories (``name``, ``dept_code``, ``dept_name``, population shares).
    departamentos
        Departmental names (index code).
    scenario_name, scenario_hash, data_vintage
        For the stamp.
    """

    need: pd.DataFrame
    theme_scores: pd.DataFrame
    pilot: list[int]
    territories: pd.DataFrame
    departamentos: pd.DataFrame
    scenario_name: str
    scenario_hash: str
    data_vintage: str = ""


@dataclass
class ReportResult:
    """Files written by :func:`write_periodic_report` / :func:`write_self_assessment`."""

    pdf: Path
    snapshot: Path | None = None
    previous: Path | None = None
    changes: list[str] = field(default_factory=list)


def priority_context(
    scenario: object = None, *, db_path: str | Path | None = None
) -> PriorityContext:
    """Priority of the municipios under ``scenario`` (the default preset when ``None``),
    without Monte Carlo (the reports need the ranking, not its bands)."""
    from analysis import store
    from analysis.priority.run import IndexData, rank_territories
    from analysis.priority.scenario import Scenario, load_preset, load_scenario

    if scenario is None:
        scenario = load_preset()
    elif not isinstance(scenario, Scenario):
        scenario = load_scenario(str(scenario))
    data = IndexData.from_store("municipio", db_path=db_path)
    run = rank_territories(scenario, data, draws=0)
    if run.selection is not None and len(run.selection.selected):
        pilot = [int(c) for c in run.selection.selected]
    else:
        ranked = run.table.dropna(subset=["rank"]).sort_values("rank")
        pilot = [int(c) for c in ranked.index[: run.k]]
    info = store.build_info(db_path=db_path)
    return PriorityContext(
        need=run.table[["name", "score", "rank"]].copy(),
        theme_scores=run.model.theme_scores_.copy(),
        pilot=pilot,
        territories=store.load_territories("municipio", db_path=db_path),
        departamentos=store.load_territories("departamento", db_path=db_path)[["name"]],
        scenario_name=run.scenario.name,
        scenario_hash=run.hash,
        data_vintage=str(info.get("data_vintage", "")),
    )


# --------------------------------------------------------------------------- labels
def _labels() -> dict[str, dict[str, str]]:
    from analysis.monitoring import models
    from analysis.records.institutions import SECTORS

    def spanish(vocabulary: Mapping[str, tuple[str, str]]) -> dict[str, str]:
        return {code: pair[0] for code, pair in vocabulary.items()}

    groups = {f"{d}:{g}": pair[0] for d, v in models.REACH_GROUPS.items() for g, pair in v.items()}
    return {
        "theme": {**spanish(models.THEMES), **spanish(models.COMMISSIONS)},
        "status": spanish(models.ACTION_STATUSES),
        "type": spanish(models.DEFAULT_ACTION_TYPES),
        "sector": spanish(SECTORS),
        "group": groups,
        "meeting": spanish(models.MEETING_KINDS),
        "kind": spanish(models.INDICATOR_KINDS),
    }


SHORT_THEMES: dict[str, str] = {
    "migracion": "Migr.",
    "pobreza_economia": "Pobr.",
    "violencia_inseguridad": "Viol.",
    "clima_alimentacion": "Clima",
    "servicios_educacion": "Serv.",
    "demografia_exclusion": "Demog.",
}
"""Column headings of the pilot-coverage table (the full names are in the last column)."""

DIMENSIONS: dict[str, str] = {"sexo": "Sexo", "edad": "Edad", "pueblo": "Pueblo"}


def _num(value: object) -> str:
    """A measured value: whole numbers without decimals, others by size."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return format_number(value, missing="—")
    return format_number(number, decimals=0 if number.is_integer() else None, missing="—")


def _money(value: object) -> str:
    return "Q " + format_number(value, decimals=0)


def _count(value: object) -> str:
    return format_number(value, decimals=0)


def _share(value: object) -> str:
    return format_number(value, percent=True, decimals=0, missing="—")


def spanish_period(since: date | None, until: date | None) -> str:
    """The period in words.

    Examples
    --------
    >>> spanish_period(date(2026, 1, 1), date(2026, 3, 31))
    'del 1 de enero de 2026 al 31 de marzo de 2026'
    >>> spanish_period(None, None)
    'desde el primer registro hasta hoy'
    """
    from analysis.report.bulletin import spanish_date

    if since and until:
        return f"del {spanish_date(since)} al {spanish_date(until)}"
    if since:
        return f"desde el {spanish_date(since)}"
    if until:
        return f"hasta el {spanish_date(until)}"
    return "desde el primer registro hasta hoy"


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
    records: Mapping[str, pd.DataFrame], since: date | None, until: date | None
) -> dict[str, Any]:
    """The state a later report compares itself with (JSON-serialisable)."""
    actions = records["actions"]
    people = analytics.people_per_action(records["reached"], actions.get("people_reached"))
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
        "meetings": len(records["meetings"]),
        "agreements_fulfilled": int((records["agreements"]["status"] == "cumplido").sum()),
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
    status = _labels()["status"]
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
        f"«{after[k]['title']}»: {status.get(before[k]['status'], before[k]['status'])} → "
        f"{status.get(after[k]['status'], after[k]['status'])}"
        for k in after
        if k in before and before[k]["status"] != after[k]["status"]
    ]
    if moved:
        changes.append("Cambios de estado: " + "; ".join(moved[:10]) + ".")

    def total(snapshot: dict[str, Any], key: str) -> float:
        return float(sum(v[key] or 0 for v in snapshot.get("actions", {}).values()))

    for key, text, fmt in (
        ("budget_executed", "Presupuesto ejecutado", _money),
        ("people", "Personas alcanzadas", _count),
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
    records: Mapping[str, pd.DataFrame],
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
    labels = _labels()
    actions = records["actions"]
    places = records["places"]
    reached = records["reached"]
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

    people = analytics.people_per_action(reached, actions.get("people_reached"))
    responding = analytics.responding(actions)
    municipios = places[
        places["action_id"].isin(responding.index) & (places["level"] == "municipio")
    ]["code"].nunique()
    pdf.heading("Resumen", size=11)
    status_counts = actions["status"].value_counts()
    pdf.bullet_list(
        [
            f"Acciones activas en el período: {_count(len(actions))} ("
            + ", ".join(
                f"{labels['status'].get(s, s).lower()}: {int(status_counts.get(s, 0))}"
                for s in labels["status"]
            )
            + ").",
            f"Instituciones líderes: {_count(actions['institution_id'].nunique())}; "
            f"acciones con instituciones socias: "
            f"{_count(records['partners']['action_id'].nunique())}.",
            f"Municipios con acciones: {_count(municipios)}.",
            f"Personas alcanzadas: {_count(people.reindex(responding.index).sum())}.",
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
                labels["theme"].get(str(row["theme"]), str(row["theme"] or "—")),
                labels["status"].get(str(row["status"]), str(row["status"])),
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
        coverage = analytics.pilot_coverage(
            context.pilot,
            themes,
            actions,
            places,
            context.territories,
            names=context.territories["name"],
        )
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
                    ", ".join(labels["theme"].get(t, t) for t in themes if row[t] == 0) or "—",
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
        for by, title, vocabulary in (
            ("institution", "Por institución", None),
            ("theme", "Por causa", labels["theme"]),
        ):
            table = analytics.budget_by(
                actions.fillna({"theme": "sin_tema"}), by, exclude=("cancelada",)
            )
            pdf.paragraph(title, 9, "B")
            pdf.data_table(
                ["", "Acciones", "Planificado", "Ejecutado", "Ejecución", "Reportan ejecución"],
                [
                    [
                        (vocabulary or {}).get(str(k), str(k)),
                        _count(r["actions"]),
                        _money(r["planned"]),
                        _money(r["executed"]),
                        _share(r["execution"]),
                        _count(r["reported"]),
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
            reach = analytics.reach_against_population(reached, places, territories)
        else:
            reach = analytics.reach_by_group(reached)
            reach["population_share"] = float("nan")
        pdf.data_table(
            ["Desagregación", "Grupo", "Personas", "Proporción", "En la población"],
            [
                [
                    DIMENSIONS.get(str(row["dimension"]), str(row["dimension"])),
                    labels["group"].get(f"{row['dimension']}:{row['group']}", str(row["group"])),
                    _count(row["people"]),
                    _share(row["share"]),
                    _share(row["population_share"]),
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
    results = analytics.results_progress(
        records["indicators"], records["measurements"], as_of=until
    )
    if results.empty:
        pdf.paragraph("No hay indicadores de resultados publicados.", 8.5)
    else:
        pdf.data_table(
            ["Indicador", "Tipo", "Línea de base", "Meta", "Último valor", "Avance"],
            [
                [
                    str(r["name"])[:70],
                    labels["kind"].get(str(r["kind"]), str(r["kind"])),
                    _num(r["baseline"]),
                    _num(r["target"]),
                    _num(r["latest"])
                    + (f" ({_iso(r['latest_on'])})" if pd.notna(r["latest_on"]) else ""),
                    _share(r["progress"]),
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
        gaps = analytics.gaps_by_theme(
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
                    labels["theme"].get(t, t),
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
    records: Mapping[str, pd.DataFrame] | None = None,
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
    from analysis.monitoring.frames import in_period, load_public_frames
    from analysis.report.bulletin import _write_atomic

    if since and until and since > until:
        raise RaicesError("la fecha inicial es posterior a la final", column="--desde")
    if records is None:
        records = load_public_frames(url)
    if context is None:
        try:
            context = priority_context(scenario, db_path=db_path)
        except RaicesError:
            context = None
    period = in_period(dict(records), since, until)
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
    stem = f"informe_seguimiento_{_stem_date(since, 'inicio')}_{_stem_date(until, date.today().isoformat())}"
    pdf_path, json_path = root / f"{stem}.pdf", root / f"{stem}.json"
    _write_atomic(
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
    _write_atomic(json_path, json.dumps(current, ensure_ascii=False, indent=1).encode("utf-8"))
    return ReportResult(pdf=pdf_path, snapshot=json_path, previous=previous_path, changes=changes)


def _stem_date(day: date | None, default: str) -> str:
    return day.isoformat() if day else default


# --------------------------------------------------------------------------- self-assessment
def self_assessment(
    records: Mapping[str, pd.DataFrame], *, since: date | None, until: date | None
) -> bytes:
    """PDF bytes of the MMM self-assessment for the period (published records)."""
    labels = _labels()
    as_of = until or date.today()
    period = spanish_period(since, until)
    footer = plotting.footer_text(extra="autoevaluación de la MMM")
    pdf = ReportPDF(title=f"Autoevaluación de la MMM — {period}", footer=footer)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.heading("Autoevaluación de la Mesa Multisectoral (MMM)", size=15)
    pdf.paragraph(f"Período: {period}. Registros publicados por la secretaría técnica.", 9, "B")

    meetings = records["meetings"]
    institutions = records["institutions"]
    pdf.heading("Reuniones", size=11)
    kinds = meetings["kind"].value_counts()
    pdf.bullet_list(
        [f"Reuniones celebradas: {len(meetings)}."]
        + [f"{labels['meeting'].get(k, k)}: {int(n)}." for k, n in kinds.items()]
        + [
            f"Instituciones miembro registradas: {len(institutions)}; con delegación oficial: "
            f"{int(institutions['official'].fillna(False).astype(bool).sum())}."
        ]
    )
    pdf.heading("Asistencia por sector", size=11)
    attendance = analytics.attendance_by_sector(meetings, records["attendance"], institutions)
    if meetings.empty:
        pdf.paragraph("No hay reuniones publicadas en el período.", 8.5)
    else:
        pdf.data_table(
            ["Sector", "Instituciones", "Asistencias", "Reuniones", "Tasa de asistencia"],
            [
                [
                    labels["sector"].get(str(s), str(s)),
                    _count(r["institutions"]),
                    _count(r["attended"]),
                    _count(r["meetings"]),
                    _share(r["rate"]),
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
    agreements = records["agreements"]
    if since is not None or until is not None:
        status = analytics.agreements_status(agreements, as_of=as_of)
        due = pd.to_datetime(status["due_on"], errors="coerce")
        in_range = pd.Series(True, index=status.index)
        if since is not None:
            in_range &= due.isna() | (due >= pd.Timestamp(since))
        agreements = agreements[in_range.to_numpy()]
    summary = analytics.agreements_summary(agreements, as_of=as_of)
    pdf.bullet_list(
        [
            f"Acuerdos: {int(summary['total'])}.",
            f"Cumplidos a tiempo: {int(summary['a_tiempo'])}; con retraso: {int(summary['tarde'])}; "
            f"vencidos sin cumplir: {int(summary['vencido'])}; pendientes en plazo: "
            f"{int(summary['pendiente'])}; sin fecha límite: {int(summary['sin_fecha'])}.",
            "Proporción cumplida a tiempo entre los que ya vencían: "
            + _share(summary["on_time_share"])
            + ".",
        ]
    )
    pdf.heading("Coordinación interinstitucional", size=11)
    actions = records["actions"]
    names = dict(
        zip(
            institutions["institution_id"],
            institutions["acronym"].where(institutions["acronym"].notna(), institutions["name"]),
            strict=True,
        )
    )
    pairs = analytics.coordination_pairs(actions, records["partners"], names=names)
    joint = records["partners"]["action_id"].nunique()
    pdf.paragraph(
        f"{joint} de {len(actions)} acciones se hacen con instituciones socias; "
        f"{len(pairs)} pares de instituciones actúan juntos.",
        8.5,
    )
    if len(pairs):
        pdf.data_table(
            ["Institución", "Institución", "Acciones conjuntas"],
            [
                [str(r.name_a), str(r.name_b), _count(r.actions)]
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
    records: Mapping[str, pd.DataFrame] | None = None,
    url: str | None = None,
) -> ReportResult:
    """Write ``autoevaluacion_mmm_<desde>_<hasta>.pdf`` into ``folder``."""
    from analysis.monitoring.frames import in_period, load_public_frames
    from analysis.report.bulletin import _write_atomic

    if since and until and since > until:
        raise RaicesError("la fecha inicial es posterior a la final", column="--desde")
    if records is None:
        records = load_public_frames(url)
    period = in_period(dict(records), since, until)
    stem = f"autoevaluacion_mmm_{_stem_date(since, 'inicio')}_{_stem_date(until, date.today().isoformat())}"
    path = Path(folder) / f"{stem}.pdf"
    _write_atomic(path, self_assessment(period, since=since, until=until))
    return ReportResult(pdf=path)
