"""Benchmark of the composite-index engine on the real built data.

Measures, on the 340 municipios of ``data/processed/raices.duckdb`` (run ``raices build``
first):

1. one full recompute of the index and ranking (``rank_territories(..., draws=0)``) —
   target ≤ 20 ms — and the weight-slider fast path (``CompositeIndex.reweight`` then
   ``rank_territories(..., model=...)``), which skips treatment and normalisation;
2. 10,000 Monte-Carlo draws over weights and the poverty map's standard errors, drawn
   jointly (``RankUncertainty``, the statistical band under the scenario's own method) —
   target ≤ 2 s; and the deterministic method sensitivity (one re-fit per
   normalisation × aggregation, ``method_sensitivity``);
3. pilot selection with 3 constraints (max per departamento, minimum indigenous share,
   no two neighbours) with scipy's MILP — target ≤ 1 s (with and without the cost of
   each constraint, which needs one extra solve per constraint);
4. side by side, the same uncertainty analysis done the way a pymcdm / scikit-criteria
   user would: re-running the method once per draw in a Python loop — (a) a pandas
   weighted sum (the A2SIT/COINr arithmetic model), (b) a numpy TOPSIS per draw as
   ``pymcdm.methods.TOPSIS`` computes it. The loops run a sample of draws and are
   extrapolated linearly to 10,000; the speed ratio compares like with like
   (same draws, same perturbations);
5. the robust pilot: the same 3-constraint selection re-solved for 200 Monte-Carlo draws
   (``select_over_draws``) — target: seconds (≤ 10 s).

Wall time and process CPU time are both reported: on a shared machine the wall time
includes waiting for the CPU, the CPU time does not.

Usage::

    .venv/bin/python benchmarks/bench_index.py [--draws 10000] [--naive-draws 300]

Results are printed and written to ``benchmarks/results/index.txt``.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from analysis.priority import explain
from analysis.priority.run import IndexData, fit_index, index_inputs, rank_territories
from analysis.priority.scenario import load_preset
from analysis.priority.selection import SelectionConstraints, select_over_draws, select_pilot
from analysis.priority.sensitivity import method_sensitivity
from analysis.priority.uncertainty import RankUncertainty

RESULTS = Path(__file__).parent / "results" / "index.txt"


def timed(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``repeat`` calls (after one warm-up call)."""
    function()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return float(np.median(walls)), float(np.median(cpus))


def naive_weighted_sum(model, se: pd.DataFrame, draws: int, seed: int, spread: float) -> np.ndarray:
    """Per-draw loop in pandas: perturb, min-max or rank, weighted sums by theme, rank."""
    rng = np.random.default_rng(seed)
    raw = pd.DataFrame(model.treated_, index=model.index_, columns=model.indicators_)
    base = pd.DataFrame(model.filled_, index=model.index_, columns=model.indicators_)
    se = se.reindex(index=model.index_, columns=model.indicators_).fillna(0.0)
    direction = pd.Series(model.directions_, index=model.indicators_)
    theme_of = model.theme_of_
    ranks = np.empty((draws, len(raw)))
    for d in range(draws):
        data = raw.copy()
        noisy = [c for c in data.columns if (se[c] > 0).any()]
        for column in noisy:
            values = base[column] + se[column] * rng.standard_normal(len(data))
            data[column] = values.clip(lower=0)
        if rng.integers(2) == 0:
            norm = (data - data.min()) / (data.max() - data.min()) * 100
            norm = norm.where(direction > 0, 100 - norm)
        else:
            norm = data.mul(direction, axis=1).rank(pct=True) * 100
        w = model.within_weights_ * rng.uniform(1 - spread, 1 + spread, len(direction))
        v = model.theme_weights_ * rng.uniform(1 - spread, 1 + spread, len(model.themes_))
        themes = {}
        for theme in model.themes_:
            cols = [c for c in norm.columns if theme_of[c] == theme]
            themes[theme] = (norm[cols] * w[cols]).sum(axis=1) / w[cols].sum()
        theme_frame = pd.DataFrame(themes)
        if rng.integers(2) == 0:
            score = (theme_frame * v).sum(axis=1) / v.sum()
        else:
            score = np.exp((np.log(theme_frame + 1) * v).sum(axis=1) / v.sum()) - 1
        ranks[d] = score.rank(ascending=False, method="first").to_numpy()
    return ranks


def topsis(matrix: np.ndarray, weights: np.ndarray, types: np.ndarray) -> np.ndarray:
    """TOPSIS preference as pymcdm computes it (vector normalisation, Euclidean distances)."""
    norm = matrix / np.sqrt((matrix**2).sum(axis=0))
    weighted = norm * weights
    best = np.where(types > 0, weighted.max(axis=0), weighted.min(axis=0))
    worst = np.where(types > 0, weighted.min(axis=0), weighted.max(axis=0))
    d_best = np.sqrt(((weighted - best) ** 2).sum(axis=1))
    d_worst = np.sqrt(((weighted - worst) ** 2).sum(axis=1))
    return d_worst / (d_best + d_worst)


def naive_topsis(model, se: pd.DataFrame, draws: int, seed: int, spread: float) -> np.ndarray:
    """Per-draw loop calling a TOPSIS on a perturbed decision matrix (pymcdm style)."""
    rng = np.random.default_rng(seed)
    matrix = np.nan_to_num(model.treated_, nan=np.nanmean(model.treated_, axis=0)[None, :])
    matrix = matrix - matrix.min(axis=0) + 1e-9
    se_m = np.nan_to_num(se.reindex(index=model.index_, columns=model.indicators_).to_numpy())
    weights = model.effective_weights_.to_numpy()
    ranks = np.empty((draws, len(matrix)))
    for d in range(draws):
        noisy = np.clip(matrix + se_m * rng.standard_normal(matrix.shape), 1e-9, None)
        w = weights * rng.uniform(1 - spread, 1 + spread, len(weights))
        ranks[d] = rankdata(-topsis(noisy, w / w.sum(), model.directions_), method="ordinal")
    return ranks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--naive-draws", type=int, default=300)
    args = parser.parse_args()

    data = IndexData.from_store("municipio")
    scenario = load_preset()
    spec = scenario.uncertainty
    resolved, model = fit_index(scenario, data)
    lines = [
        "Raíces — benchmark of the composite index (benchmarks/bench_index.py)",
        f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; python {platform.python_version()}; "
        f"{os.cpu_count()} CPUs; load average at start {os.getloadavg()[0]:.1f}",
        f"data: {len(data.indicators)} municipios, scenario «{resolved.name}» ({resolved.hash()}), "
        f"{len(model.indicators_)} indicators in {len(model.themes_)} themes",
        "",
    ]

    def report(label: str, wall: float, cpu: float, target: float | None = None) -> None:
        verdict = (
            "" if target is None else ("  ✓" if min(wall, cpu) <= target else "  ✗ over target")
        )
        goal = "" if target is None else f"  (target ≤ {target * 1000:.0f} ms)"
        lines.append(
            f"{label:<58} wall {wall * 1000:9.1f} ms   cpu {cpu * 1000:9.1f} ms{goal}{verdict}"
        )
        print(lines[-1], flush=True)

    wall, cpu = timed(
        lambda: model.__class__(**model.get_params()).fit(
            data.indicators[model.indicators_],
            data.catalog,
            groups=data.territories["dept_code"],
            standard_errors=data.standard_errors,
        ),
        repeat=50,
    )
    report("index fit only (CompositeIndex.fit)", wall, cpu)
    wall, cpu = timed(lambda: rank_territories(scenario, data, draws=0), repeat=50)
    report("1. full recompute: rank_territories(draws=0)", wall, cpu, 0.020)
    themes = dict(resolved.themes or {})
    themes["migracion"] = 3.0
    moved = resolved.with_weights(themes=themes)
    wall, cpu = timed(
        lambda: rank_territories(moved, data, draws=0, model=model.reweight(theme_weights=themes)),
        repeat=50,
    )
    report("1b. weight slider: reweight() + rank_territories(model=)", wall, cpu, 0.020)

    mc = RankUncertainty(
        draws=args.draws,
        seed=spec.seed,
        weight_spread=spec.weight_spread,
        standard_errors=True,
        k=spec.k,
    )
    imputation = data.se_imputation()
    se = imputation.standard_errors if imputation is not None else None
    wall, cpu = timed(lambda: mc.fit(model, se), repeat=3)
    vector_wall, vector_cpu = wall, cpu
    report(f"2. Monte Carlo, {args.draws} draws (vectorised)", wall, cpu, 2.0)
    inputs = index_inputs(resolved, data, list(model.indicators_))
    wall, cpu = timed(
        lambda: method_sensitivity(
            model,
            inputs,
            data.catalog,
            normalisations=spec.normalisations,
            aggregations=spec.aggregations,
            groups=data.territories["dept_code"],
        ),
        repeat=5,
    )
    combos = len(set(spec.normalisations) | {model.normalisation}) * len(
        set(spec.aggregations) | {model.aggregation_across}
    )
    report(f"2b. method sensitivity ({combos} methods, deterministic)", wall, cpu)

    constraints = SelectionConstraints(
        k=15, max_per_dept=3, min_indigenous_share=0.5, no_adjacent=True
    )
    adjacency = data.adjacency()
    wall, cpu = timed(
        lambda: select_pilot(
            model.scores_, data.territories, constraints, adjacency=adjacency, with_costs=False
        ),
        repeat=5,
    )
    report("3. pilot selection, 3 constraints (MILP)", wall, cpu, 1.0)
    wall, cpu = timed(
        lambda: select_pilot(model.scores_, data.territories, constraints, adjacency=adjacency),
        repeat=3,
    )
    report("3b. … plus the cost of each constraint (4 solves)", wall, cpu)
    result = select_pilot(model.scores_, data.territories, constraints, adjacency=adjacency)
    pilot_draws = 200
    score_draws = pd.DataFrame(mc.scores_[:pilot_draws].astype(float), columns=model.index_)
    robust_holder = {}

    def robust_pilot() -> None:
        robust_holder["robust"] = select_over_draws(
            score_draws, data.territories, constraints, adjacency=adjacency
        )

    wall, cpu = timed(robust_pilot, repeat=1)
    report(f"5. robust pilot: {pilot_draws} re-solved selections (MILP)", wall, cpu, 10.0)
    without_adjacency = SelectionConstraints(k=15, max_per_dept=3, min_indigenous_share=0.5)
    wall, cpu = timed(
        lambda: select_over_draws(score_draws, data.territories, without_adjacency), repeat=1
    )
    report(f"5b. … {pilot_draws} selections without no_adjacent", wall, cpu)
    robust = robust_holder["robust"]

    lines.append("")
    n = args.naive_draws
    for label, function in (
        ("4a. naive pandas weighted-sum loop", naive_weighted_sum),
        ("4b. naive per-draw TOPSIS loop (pymcdm style)", naive_topsis),
    ):
        wall, cpu = timed(
            lambda f=function: f(model, data.standard_errors, n, 1, spec.weight_spread), repeat=1
        )
        scale = args.draws / n
        report(f"{label}, {n} draws", wall, cpu)
        report(f"    extrapolated to {args.draws} draws", wall * scale, cpu * scale)
        lines.append(
            f"    speed ratio naive / vectorised: wall {wall * scale / vector_wall:6.1f}×   "
            f"cpu {cpu * scale / vector_cpu:6.1f}×"
        )
        print(lines[-1], flush=True)

    lines += [
        "",
        f"Selection with 3 constraints: priority {result.objective:.1f} "
        f"(plain top 15: {result.unconstrained_objective:.1f})",
    ]
    for row in result.costs.itertuples():
        lines.append(f"    cost of {row.constraint}: {row.cost:.1f} points (leave-one-out)")
    lines.append(f"    joint cost of all constraints together: {result.joint_cost:.1f} points")
    lines.append(
        f"Robust pilot over {robust.draws} draws ({robust.infeasible} infeasible): "
        + explain.robust_pilot_sentence(robust, result.selected, language="en")
    )
    table = rank_territories(scenario, data, draws=args.draws).table
    top = table.head(15)
    lines += [
        "",
        f"Default scenario, top 15 ({args.draws} draws; band = 5–95 % of the rank under the "
        "scenario's own method; method = best–worst rank across normalisation × aggregation):",
    ]
    for code, row in top.iterrows():
        lines.append(
            f"  {int(row['rank']):>3} {code:>5} {row['name']:<28} {row['dept_name']:<15} "
            f"score {row['score']:5.1f}  band {int(row['rank_p05']):>3}–{int(row['rank_p95']):<3} "
            f"median {int(row['rank_median']):>3}  P(top15) {row['p_top_k']:.2f}  "
            f"method {int(row['method_rank_min']):>3}–{int(row['method_rank_max']):<3} "
            f"{row['uncertainty_driver']}{'  SE imputed' if row['se_imputed'] else ''}"
        )
    print("\n".join(lines[-16:]))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written: {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
