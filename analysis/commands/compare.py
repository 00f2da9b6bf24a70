"""``raices compare``: compare two scenarios — their rankings and their pilot sets."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.commands.flags import check_k
from analysis.export.safety import write_csv
from analysis.priority import explain
from analysis.priority.comparison import compare
from analysis.priority.run import IndexData, rank_territories
from analysis.priority.scenario import load_scenario


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="compara dos escenarios: sus clasificaciones y sus pilotos",
        description="Restricciones y piloto de cada escenario (con su huella), cuántos del "
        "piloto de B eligió A, los que entran y salen; correlación de rangos (Spearman, "
        "Kendall), coincidencia del top k y los territorios que más cambian de puesto.",
    )
    parser.add_argument("scenario_a", help="escenario predefinido o archivo .toml/.json")
    parser.add_argument("scenario_b", help="escenario predefinido o archivo .toml/.json")
    parser.add_argument("--k", type=int, default=15, help="tamaño del top (por defecto 15)")
    parser.add_argument(
        "--movers", type=int, default=10, help="cuántos territorios que más cambian mostrar"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="CSV con el rango de cada territorio en ambos escenarios",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    check_k(args.k, "--k")
    a = load_scenario(args.scenario_a)
    b = load_scenario(args.scenario_b)
    data_a = IndexData.from_store(a.level)
    data_b = data_a if b.level == a.level else IndexData.from_store(b.level)
    # select=True: each scenario's own pilot section is solved, so that the comparison
    # shows the decisions (pilot sets), not only the rankings
    run_a = rank_territories(a, data_a, draws=0)
    run_b = rank_territories(b, data_b, draws=0)
    table_a, table_b = run_a.table, run_b.table
    comparison = compare(run_a, run_b, k=args.k)
    result = comparison.ranking
    print(
        f"Spearman {result.spearman:.3f}   Kendall {result.kendall:.3f}   "
        f"top {args.k} en común {result.top_k_overlap} (Jaccard {result.jaccard:.2f})   "
        f"territorios comparados {result.n_common}"
    )
    names = table_a.get("name")
    labels = dict(zip(names.index, names, strict=True)) if names is not None else {}
    if table_b.get("name") is not None:
        labels = {**dict(zip(table_b.index, table_b["name"], strict=True)), **labels}
    print("Pilotos:")
    for line in explain.comparison_sentences(comparison, labels):
        print(f"  {line}")
    for tag, side in (("A", comparison.a), ("B", comparison.b)):
        print(
            f"  Piloto de {tag}: "
            + ", ".join(f"{c} {labels.get(c, '')}".strip() for c in side.pilot)
        )
    if result.entered:
        print(
            "Entran al top en B: "
            + ", ".join(f"{c} {names[c]}" if names is not None else str(c) for c in result.entered)
        )
    if result.left:
        print(
            "Salen del top en B: "
            + ", ".join(f"{c} {names[c]}" if names is not None else str(c) for c in result.left)
        )
    print("Mayores cambios de puesto (A → B):")
    for code, row in result.movers.head(args.movers).iterrows():
        label = names[code] if names is not None else ""
        print(
            f"  {code:>5} {label:<30} {row['rank_a']:>4.0f} → {row['rank_b']:>4.0f} ({row['change']:+.0f})"
        )
    if args.out:
        movers = result.movers.copy()
        if names is not None:
            movers.insert(0, "name", names.reindex(movers.index))
        write_csv(movers, args.out, index=True, float_format="%.0f")
        print(f"Escrito: {args.out}")
    return 0
