"""Benchmark of a consultation round with 300 submissions on the real built data.

Measures, on the 340 municipios of ``data/processed/raices.duckdb`` (run ``raices build``
first), with 300 synthetic budget submissions (seeded; six themes, points summing to 100)
and 300 synthetic pairwise (AHP) submissions:

1. reading the answers (validation, weights, AHP eigenvectors and consistency ratios);
2. combined weights (mean, median; geometric mean of judgements for AHP) overall and by
   sector, territory and pueblo, with the IQR per theme;
3. agreement: Kendall's W, correlation between sectors, divisive themes;
4. per-participant rankings: the index fitted once, then ``reweight`` per participant;
5. constrained pilot selections under every participant's weights (k = 15, at most 3 per
   departamento, at least half majority-indigenous: ``select_over_draws``);
6. the whole round end to end (``analyse_round``) — target ≤ 10 s;
7. the operational store: 300 submissions written (one transaction) and read back.

Wall time and process CPU time are both reported (on a shared machine the wall time
includes waiting for the CPU).

Usage::

    .venv/bin/python benchmarks/bench_consultation.py

Results are printed and written to ``benchmarks/results/consultation.txt``.
"""

from __future__ import annotations

import dataclasses
import os
import platform
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import store
from analysis.consultation.aggregation import GROUPS, combine, combine_by_group
from analysis.consultation.agreement import concordance, dividing_themes, group_correlation
from analysis.consultation.consequences import voice_consequences
from analysis.consultation.elicitation import theme_pairs
from analysis.consultation.importer import WorkshopImport
from analysis.consultation.responses import responses_from_answers
from analysis.consultation.results import analyse_round, base_scenario
from analysis.consultation.spec import PUEBLOS, SECTORS, RoundSpec
from analysis.priority.selection import SelectionConstraints

RESULTS = Path(__file__).parent / "results" / "consultation.txt"
VOICES = 300
SEED = 2026
TARGET_SECONDS = 10.0


def timed(function: Callable[[], object], repeat: int = 3) -> tuple[float, float, object]:
    """Median wall and CPU seconds of ``repeat`` calls, and the last result."""
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return float(np.median(walls)), float(np.median(cpus)), result


def budget_answers(themes: list[str], departamentos: list[int], rng) -> list[dict]:
    answers = []
    for i in range(VOICES):
        shares = rng.dirichlet(np.full(len(themes), 2.0))
        points = np.floor(shares * 100).astype(int)
        points[int(np.argmax(shares))] += 100 - int(points.sum())
        answers.append(
            {
                "id": f"P{i:03d}",
                "sector": rng.choice(list(SECTORS)),
                "territory": int(rng.choice(departamentos)),
                "pueblo": rng.choice([*PUEBLOS, None]),
                "points": dict(zip(themes, points.tolist(), strict=True)),
            }
        )
    return answers


def ahp_answers(themes: list[str], departamentos: list[int], rng) -> list[dict]:
    scale = np.array([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9])
    answers = []
    for i in range(VOICES):
        answers.append(
            {
                "id": f"A{i:03d}",
                "sector": rng.choice(list(SECTORS)),
                "territory": int(rng.choice(departamentos)),
                "judgements": {pair: float(rng.choice(scale)) for pair in theme_pairs(themes)},
            }
        )
    return answers


def main() -> None:
    rng = np.random.default_rng(SEED)
    from analysis.priority.run import IndexData

    data = IndexData.from_store("municipio")
    themes = list(store.load_themes().index)
    departamentos = store.load_territories("departamento")
    dept_names = departamentos["name"] if "name" in departamentos else departamentos.iloc[:, 0]
    dept_codes = [int(c) for c in departamentos.index]
    pilot = SelectionConstraints(k=15, max_per_dept=3, min_indigenous_share=0.5)
    spec = RoundSpec(name="Benchmark", level="municipio", items=tuple(themes))
    base = base_scenario(spec, data.catalog)
    base = dataclasses.replace(base, pilot=pilot)
    spec = dataclasses.replace(spec, scenario_toml=base.to_toml())
    budgets = budget_answers(themes, dept_codes, rng)
    pairwise = ahp_answers(themes, dept_codes, rng)

    lines = []

    def report(label: str, wall: float, cpu: float, note: str = "") -> None:
        line = f"{label:<62} wall {1000 * wall:9.1f} ms   cpu {1000 * cpu:9.1f} ms{note}"
        print(line)
        lines.append(line)

    wall, cpu, responses = timed(lambda: responses_from_answers("presupuesto", themes, budgets))
    report(f"1. read {VOICES} budget submissions (validate, weights)", wall, cpu)
    wall, cpu, ahp = timed(lambda: responses_from_answers("ahp", themes, pairwise))
    report(f"1b. read {VOICES} AHP submissions (eigenvector, CR)", wall, cpu)
    wall, cpu, _ = timed(
        lambda: (
            combine(responses, rule="media"),
            combine(responses, rule="mediana"),
            [combine_by_group(responses, g) for g in GROUPS],
        )
    )
    report("2. combined weights: mean, median, by 3 groupings with IQR", wall, cpu)
    wall, cpu, _ = timed(lambda: (combine(ahp), [combine_by_group(ahp, g) for g in GROUPS]))
    report("2b. AHP geometric mean of judgements, overall and by group", wall, cpu)
    wall, cpu, w = timed(
        lambda: (
            concordance(responses),
            group_correlation(responses, "sector"),
            dividing_themes(responses),
        )
    )
    report("3. Kendall's W, sector correlation, divisive themes", wall, cpu)
    wall, cpu, ranked = timed(
        lambda: voice_consequences(responses, base, data, select=False), repeat=2
    )
    report(f"4. per-participant rankings ({VOICES} reweights, index fitted once)", wall, cpu)
    wall, cpu, selected = timed(lambda: voice_consequences(responses, base, data), repeat=1)
    report(f"5. … plus {VOICES} constrained pilot selections (3 constraints)", wall, cpu)
    total_wall, total_cpu, result = timed(
        lambda: analyse_round(spec, responses, data, dept_names), repeat=1
    )
    ok = "✓" if total_wall <= TARGET_SECONDS else "✗"
    report(
        f"6. whole round end to end (analyse_round, {VOICES} voices)",
        total_wall,
        total_cpu,
        f"  (target ≤ {1000 * TARGET_SECONDS:.0f} ms)  {ok}",
    )

    from analysis.consultation import service
    from analysis.records.database import session_scope
    from analysis.records.users import console_principal

    with tempfile.TemporaryDirectory() as folder:
        engine = service.open_store(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        with session_scope(engine) as session:
            opened = service.open_round(session, console_principal(), spec)

        workshop = WorkshopImport(
            file="benchmark",
            answers=[{**answer, "code": answer["id"]} for answer in budgets],
            rows=VOICES,
        )

        def write() -> None:
            with session_scope(engine) as session:
                service.import_workshop(
                    session, console_principal(), int(opened.round_id or 0), workshop
                )

        wall, cpu, _ = timed(write, repeat=1)
        report(f"7. store: write {VOICES} submissions in one transaction (SQLite)", wall, cpu)

        def read() -> object:
            with session_scope(engine, readonly=True) as session:
                return service.round_responses(session, int(opened.round_id or 0))

        wall, cpu, _ = timed(read)
        report("7b. store: read them back as Responses", wall, cpu)
        engine.dispose()

    pilot_share = selected.pilot.p_selected if selected.pilot is not None else pd.Series()
    facts = [
        f"Kendall's W of the synthetic budget round: {w[0].w:.3f} (random voices: low, as expected)",
        f"selections infeasible: {selected.pilot.infeasible if selected.pilot else 'n/a'} of {VOICES}; "
        f"territories selected under ≥ 80 % of the voices: {int((pilot_share >= 0.8).sum())}",
        f"consensus scenario «{result.consensus.name}» ({result.consensus.hash()})",
    ]
    for fact in facts:
        print(fact)
    header = [
        "Raíces — benchmark of a consultation round (benchmarks/bench_consultation.py)",
        f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; python {platform.python_version()}; "
        f"{os.cpu_count()} CPUs; load average at start {os.getloadavg()[0]:.1f}",
        f"data: {len(data.indicators)} municipios, {len(themes)} themes, {VOICES} synthetic "
        f"submissions (seed {SEED}); pilot k = 15, ≤ 3 per departamento, ≥ 50 % indigenous",
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(header + lines + [""] + facts) + "\n", encoding="utf-8")
    print(f"Written: {RESULTS}")


if __name__ == "__main__":
    main()
