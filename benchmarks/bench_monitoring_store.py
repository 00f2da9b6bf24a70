"""Benchmark: the monitoring store under a 5W import and under concurrent editors.

Targets (issue 10):

- import of a 5,000-row 5W file ≤ 10 s (read, validate, match territories, write, audit);
- 20 concurrent editors saving for a minute against SQLite and against PostgreSQL, with the
  error count and latency percentiles reported, and no lost update.

Each editor loops: open an action (read its version), think a few milliseconds, save a
change with that version. A save that arrives second gets a conflict (counted, as a
person would be told) and the editor reopens the record. Every successful save adds
Q 1.00 to the action's executed budget, so at the end each action must hold exactly
its number of successful saves, its version must be that number + 1, and the audit must
hold one row per save: any lost update shows as a mismatch.

Run: ``.venv/bin/python benchmarks/bench_monitoring_store.py [--seconds 60]``. PostgreSQL
runs on a throwaway cluster (Debian's ``postgresql``), as in the tests. Results are printed
and written to ``benchmarks/results/monitoring_store.txt``. All records are fictitious.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.monitoring.actions import create_action, update_action  # noqa: E402
from analysis.monitoring.importer import import_actions  # noqa: E402
from analysis.monitoring.models import Action  # noqa: E402
from analysis.monitoring.template import HEADERS, write_template  # noqa: E402
from analysis.records import institutions, users  # noqa: E402
from analysis.records.audit import AuditEntry  # noqa: E402
from analysis.records.database import engine_for, session_scope, upgrade  # noqa: E402
from analysis.records.locking import ConflictError  # noqa: E402
from analysis.userdata.names import load_gazetteer  # noqa: E402
from tests.records.postgres import start_cluster  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "monitoring_store.txt"
EDITORS = 20
SHARED_ACTIONS = 40
"""Actions the editors share (few enough that two editors often open the same one)."""

THEMES = ("Migración", "Pobreza y economía", "Violencia e inseguridad", "Clima y alimentación")
TYPES = ("Prevención", "Atención", "Protección", "Otra")
STATUSES = ("Planificada", "En curso", "Completada")


def make_file(path: Path, rows: int, territories) -> Path:
    """A 5W template filled with ``rows`` fictitious actions (codes, P-codes and names)."""
    template = write_template(path.with_name("plantilla.xlsx"), territories=territories)
    book = openpyxl.load_workbook(template)
    sheet = book["Acciones"]
    codes = [int(c) for c in territories.index]
    names = territories["muni_name"].to_dict()
    depts = territories["dept_name"].to_dict()
    rng = random.Random(7)
    column = {name: HEADERS.index(name) + 1 for name in HEADERS}
    for index in range(rows):
        row = index + 2
        first, second = rng.sample(codes, 2)
        if index % 3 == 0:
            places, dept = f"{first}; GT{second:04d}", ""
        elif index % 3 == 1:
            places, dept = names[first], depts[first]
        else:
            places, dept = f"GT{first:04d}", ""
        women = rng.randint(0, 200)
        men = rng.randint(0, 200)
        values = {
            "id_accion": f"BENCH-{index:05d}",
            "titulo": f"Acción ficticia {index}",
            "tema": rng.choice(THEMES),
            "tipo_accion": rng.choice(TYPES),
            "estado": rng.choice(STATUSES),
            "fecha_inicio": "2026-01-15",
            "fecha_fin": "2026-11-30",
            "departamento": dept,
            "municipios": places,
            "personas_total": women + men,
            "mujeres": women,
            "hombres": men,
            "presupuesto_planificado": rng.randint(1_000, 500_000),
            "presupuesto_ejecutado": rng.randint(0, 1_000),
            "fuente_financiamiento": "Fondo ficticio",
        }
        for name, value in values.items():
            sheet.cell(row=row, column=column[name], value=value)
    book.save(path)
    return path


def setup_store(url: str) -> tuple:
    engine = engine_for(url, pool_size=EDITORS + 2, max_overflow=5)
    upgrade(engine)
    console = users.console_principal()
    with session_scope(engine) as session:
        ids = [
            institutions.create_institution(
                session, console, name=f"Institución Ficticia {n}", sector="estado"
            ).id
            for n in range(2)
        ]
    return engine, ids


def bench_import(url: str, file: Path, territories) -> list[str]:
    engine, ids = setup_store(url)
    console = users.console_principal()
    started = time.perf_counter()
    report = import_actions(engine, console, file, institution_id=ids[0], territories=territories)
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = import_actions(engine, console, file, institution_id=ids[0], territories=territories)
    second = time.perf_counter() - started
    with session_scope(engine, readonly=True) as session:
        stored = session.scalar(select(func.count()).select_from(Action))
    engine.dispose()
    counts, counts_again = report.counts(), again.counts()
    return [
        f"  first import:  {first:6.2f} s  (target ≤ 10 s)  rows {len(report.rows)}, "
        f"new {counts['nueva']}, errors {counts['error']}, stored {stored}",
        f"  re-import:     {second:6.2f} s  unchanged {counts_again['sin cambios']} "
        f"(idempotent: {counts_again['sin cambios'] == len(report.rows)})",
    ]


def bench_editors(url: str, seconds: float) -> list[str]:
    engine, ids = setup_store(url)
    console = users.console_principal()
    with session_scope(engine) as session:
        action_ids = [
            create_action(
                session,
                console,
                {
                    "institution_id": ids[0],
                    "external_id": f"COMPARTIDA-{n}",
                    "title": f"Acción compartida ficticia {n}",
                    "theme": "migracion",
                    "action_type": "prevencion",
                    "territories": [101 + n % 17],
                    "budget_executed": 0,
                },
            ).id
            for n in range(SHARED_ACTIONS)
        ]
    editor = users.Principal(user_id=None, username="editor.bench", role=users.Role.SECRETARIAT,
                             institution_id=None)  # fmt: skip
    successes: dict[int, int] = {a: 0 for a in action_ids}
    lock = threading.Lock()
    latencies: list[float] = []
    conflicts = 0
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    def work(seed: int) -> None:
        nonlocal conflicts
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            action_id = rng.choice(action_ids)
            try:
                with session_scope(engine, readonly=True) as session:
                    action = session.get(Action, action_id)
                    version, budget = action.version, action.budget_executed or Decimal(0)
                time.sleep(rng.uniform(0.0, 0.02))  # the person edits the form
                started = time.perf_counter()
                try:
                    with session_scope(engine) as session:
                        update_action(
                            session, editor, action_id,
                            {"budget_executed": budget + 1}, expected_version=version,
                        )  # fmt: skip
                    outcome = "ok"
                except ConflictError:
                    outcome = "conflict"
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if outcome == "ok":
                        successes[action_id] += 1
                    else:
                        conflicts += 1
            except Exception as error:  # counted and reported: any error is a finding
                with lock:
                    errors.append(f"{type(error).__name__}: {str(error)[:120]}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(EDITORS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    lost = 0
    with session_scope(engine, readonly=True) as session:
        for action_id in action_ids:
            action = session.get(Action, action_id)
            audited = session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(
                    AuditEntry.table_name == "actions",
                    AuditEntry.record_id == str(action_id),
                    AuditEntry.action == "update",
                )
            )
            expected = successes[action_id]
            if (
                action.budget_executed != Decimal(expected)
                or action.version != expected + 1
                or audited != expected
            ):
                lost += 1
    engine.dispose()
    saved = sum(successes.values())
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return 1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else 0.0

    lines = [
        f"  {EDITORS} editors, {wall:5.1f} s, {SHARED_ACTIONS} shared actions: "
        f"{len(latencies)} save attempts, {saved} saved ({saved / wall:.1f}/s), "
        f"{conflicts} conflicts told to the user, {len(errors)} errors",
        f"  save latency ms: p50 {pct(0.50):.1f}, p95 {pct(0.95):.1f}, p99 {pct(0.99):.1f}, "
        f"max {1000 * max(ordered, default=0):.1f}, mean "
        f"{1000 * statistics.fmean(ordered) if ordered else 0:.1f}",
        f"  lost updates: {lost} actions whose budget, version or audit disagree with the "
        f"saves counted (must be 0)",
    ]
    for error in sorted(set(errors))[:5]:
        lines.append(f"  error: {error}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="editors' run per backend")
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    load = os.getloadavg()
    lines = [
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average at start {load[0]:.1f} / {load[1]:.1f}",
    ]
    territories = load_gazetteer()
    cluster = start_cluster()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        file = make_file(root / "acciones_5000.xlsx", args.rows, territories)
        lines.append(f"5W file: {args.rows} rows, {file.stat().st_size / 1e6:.2f} MB")
        backends = [("SQLite (WAL)", lambda name: f"sqlite:///{root / name}.sqlite")]
        if cluster is not None:
            backends.append(("PostgreSQL 15", lambda name: cluster.new_database()))
        else:
            lines.append("PostgreSQL: not available on this machine (not measured)")
        shown = 0
        try:
            for label, url_for in backends:
                lines.append(f"{label}: import of the {args.rows}-row 5W file")
                lines.extend(bench_import(url_for("import"), file, territories))
                lines.append(f"{label}: concurrent editors")
                lines.extend(bench_editors(url_for("editors"), args.seconds))
                print("\n".join(lines[shown:]), flush=True)
                shown = len(lines)
        finally:
            if cluster is not None:
                cluster.stop()
    load = os.getloadavg()
    lines.append(f"load average at end {load[0]:.1f} / {load[1]:.1f}")
    if args.seconds < 60:
        lines.append(
            f"note: editors ran {args.seconds:g} s per backend instead of a minute because the "
            "2-core machine was shared with other work (see the load averages)"
        )
    text = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
