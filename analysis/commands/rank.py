"""``raices rank``: rank territories under a scenario (preset or file) and write a CSV."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from analysis import paths
from analysis.commands.flags import check_common, check_draws, check_k, check_range
from analysis.export.safety import write_csv
from analysis.priority import explain
from analysis.priority.run import IndexData, rank_territories
from analysis.priority.scenario import DEFAULT_PRESET, Scenario, load_scenario
from analysis.priority.scenario_validation import TERRITORIES
from analysis.priority.selection import SelectionConstraints

CSV_COLUMNS = [
    "code",
    "name",
    "dept_code",
    "departamento",
    "score",
    "rank",
    "rank_p05",
    "rank_median",
    "rank_p95",
    "p_top_k",
    "method_rank_min",
    "method_rank_max",
    "uncertainty_driver",
    "se_imputed",
    "coverage",
    "reliability",
    "selected",
    "p_in_pilot",
]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rank",
        help="clasifica municipios o departamentos según un escenario y escribe un CSV",
        description="Calcula el índice compuesto de un escenario (predefinido o archivo TOML/JSON), "
        "su banda de incertidumbre por Monte Carlo y, si se pide, la selección del piloto.",
    )
    parser.add_argument(
        "scenario",
        nargs="?",
        default=DEFAULT_PRESET,
        help=f"escenario predefinido (pesos_iguales, inform_geometrico, migracion) o ruta de un "
        f"archivo .toml/.json (por defecto {DEFAULT_PRESET})",
    )
    parser.add_argument(
        "--level", choices=["municipio", "departamento"], default=None, help="nivel territorial"
    )
    parser.add_argument(
        "--draws",
        type=int,
        default=None,
        help="simulaciones Monte Carlo, 0–100000 (0 = sin bandas); cada 1000 cuestan ≈ 0,2 s "
        "y ≈ 11 MB: 100000 tardan ≈ 18 s y usan ≈ 1 GB",
    )
    parser.add_argument("--seed", type=int, default=None, help="semilla aleatoria")
    parser.add_argument(
        "--k", type=int, default=None, help="tamaño del «top» para la probabilidad P(top k)"
    )
    parser.add_argument(
        "--pilot",
        type=int,
        default=None,
        metavar="K",
        help="seleccionar un piloto de K territorios",
    )
    parser.add_argument(
        "--max-per-dept",
        type=int,
        default=None,
        help="máximo de territorios del piloto por departamento",
    )
    parser.add_argument(
        "--min-indigenous-share",
        type=float,
        default=None,
        help="proporción mínima (0–1) de municipios de mayoría indígena",
    )
    parser.add_argument(
        "--min-per-dept",
        type=int,
        default=None,
        help="mínimo de territorios del piloto en cada departamento",
    )
    parser.add_argument(
        "--max-population", type=float, default=None, help="población total máxima del piloto"
    )
    parser.add_argument(
        "--min-population", type=float, default=None, help="población total mínima del piloto"
    )
    parser.add_argument(
        "--include",
        type=_codes,
        default=None,
        metavar="CÓDIGOS",
        help="códigos obligatorios, separados por comas",
    )
    parser.add_argument(
        "--exclude",
        type=_codes,
        default=None,
        metavar="CÓDIGOS",
        help="códigos excluidos, separados por comas",
    )
    parser.add_argument(
        "--no-adjacent", action="store_true", help="ningún par de seleccionados puede ser vecino"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="archivo CSV de salida (por defecto out/ranking-<hash>.csv)",
    )
    parser.add_argument(
        "--save-scenario",
        type=Path,
        default=None,
        help="guardar el escenario resuelto (TOML) en esta ruta",
    )
    parser.set_defaults(func=run)


def _codes(text: str) -> tuple[int, ...]:
    """Parse ``"1301,1302"`` into codes; argparse turns a ValueError into a usage error."""
    return tuple(int(part) for part in text.replace(" ", "").split(",") if part)


def scenario_from_args(args: argparse.Namespace) -> Scenario:
    """The scenario named on the command line with the command-line overrides applied."""
    scenario = load_scenario(args.scenario)
    if args.level:
        scenario = dataclasses.replace(scenario, level=args.level)
    pilot_options = {
        "max_per_dept": args.max_per_dept,
        "min_per_dept": args.min_per_dept,
        "max_population": args.max_population,
        "min_population": args.min_population,
        "must_include": args.include,
        "must_exclude": args.exclude,
        "min_indigenous_share": args.min_indigenous_share,
        "no_adjacent": args.no_adjacent or None,
    }
    if args.pilot is not None or any(v is not None for v in pilot_options.values()):
        base = scenario.pilot or SelectionConstraints()
        changes = {key: value for key, value in pilot_options.items() if value is not None}
        if args.pilot is not None:
            changes["k"] = args.pilot
        scenario = dataclasses.replace(scenario, pilot=dataclasses.replace(base, **changes))
    # the flags go through the scenario's own validation (k per level, departamento keys…)
    return Scenario.from_dict(scenario.to_dict(), source="línea de órdenes")


def _check_flags(args: argparse.Namespace, level: str) -> None:
    check_common(args)
    check_draws(args.draws)
    check_k(args.k, "--k", level)
    check_k(args.pilot, "--pilot", level)
    check_range(args.max_per_dept, "--max-per-dept", low=1, high=TERRITORIES["municipio"])
    check_range(args.min_per_dept, "--min-per-dept", low=0, high=TERRITORIES["municipio"])
    check_range(args.min_indigenous_share, "--min-indigenous-share", low=0, high=1)
    check_range(args.max_population, "--max-population", low=0)
    check_range(args.min_population, "--min-population", low=0)


def run(args: argparse.Namespace) -> int:
    _check_flags(args, args.level or "municipio")
    scenario = scenario_from_args(args)
    if args.level is None:
        _check_flags(args, scenario.level)
    data = IndexData.from_store(scenario.level)
    scenario_run = rank_territories(scenario, data, draws=args.draws, seed=args.seed, k=args.k)
    table = scenario_run.table
    scenario_hash = scenario_run.hash
    out = args.out or paths.PROJECT_ROOT / "out" / f"ranking-{scenario_hash}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    export = table.rename(columns={"dept_name": "departamento"}).reset_index()
    if "selected" not in export:
        export["selected"] = False
    export = export[[c for c in CSV_COLUMNS if c in export]]
    for column in (
        "rank",
        "rank_p05",
        "rank_median",
        "rank_p95",
        "method_rank_min",
        "method_rank_max",
    ):
        export[column] = export[column].round().astype("Int64")
    export["scenario_hash"] = scenario_hash
    write_csv(export, out, float_format="%.4f")
    if args.save_scenario:
        scenario.resolve(data.catalog).save(args.save_scenario)
    k = scenario_run.k
    print(
        f"Escenario «{scenario_run.name}» (hash {scenario_hash}), nivel {scenario.level}, "
        f"{int(table['score'].notna().sum())} territorios con puntaje, {scenario_run.draws} simulaciones."
    )
    print(f"Primeros {k}:")
    for code, row in table.head(k).iterrows():
        band = ""
        if row["rank_p05"] == row["rank_p05"]:
            band = (
                f"  banda {row['rank_p05']:.0f}–{row['rank_p95']:.0f}  P(top {k}) {row['p_top_k']:.2f}"
                f"  método {row['method_rank_min']:.0f}–{row['method_rank_max']:.0f}"
                f"  ({explain.driver_label(row['uncertainty_driver'])})"
            )
        print(f"  {row['rank']:>4.0f}. {code:>5} {row['name']:<30} {row['score']:6.1f}{band}")
    if scenario_run.uncertainty is not None:
        print(explain.bands_text(k=k))
    selection = scenario_run.selection
    if selection is not None:
        print(
            f"Piloto de {len(selection.selected)}: prioridad total {selection.objective:.1f} "
            f"(sin restricciones {selection.unconstrained_objective:.1f})"
        )
        for row in selection.costs.itertuples():
            print(f"  costo de «{row.description}»: {row.cost:.1f} puntos")
        if len(selection.costs):
            print(f"  {explain.costs_note(selection)}")
        if scenario_run.robust is not None:
            print(f"  {explain.robust_pilot_sentence(scenario_run.robust, selection.selected)}")
    print(f"Escrito: {out}")
    return 0
