"""``raices boletin``: dated Spanish bulletin (PDF + HTML) and what changed since the last one."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from analysis import paths
from analysis.errors import RaicesError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "boletin",
        help="boletín periódico fechado (PDF y HTML) con lo que cambió desde el anterior",
        description="Escribe boletin_<fecha>.pdf, .html y .json: indicadores clave, la "
        "clasificación y el conjunto piloto del escenario adoptado, y qué cambió desde el "
        "boletín anterior y por qué (cambio de escenario, de datos o de indicadores propios).",
    )
    parser.add_argument(
        "--scenario", default=None, help="escenario adoptado: id predefinido o archivo .toml"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="carpeta de los boletines (por defecto data/processed/boletines)",
    )
    parser.add_argument(
        "--previous",
        type=Path,
        default=None,
        help="instantánea JSON del boletín anterior (por defecto, la más reciente de la carpeta)",
    )
    parser.add_argument("--date", default=None, help="fecha del boletín AAAA-MM-DD (hoy)")
    parser.add_argument(
        "--draws", type=int, default=300, help="simulaciones para las bandas de incertidumbre"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from analysis.report.bulletin import write_bulletin

    day = None
    if args.date:
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            raise RaicesError(
                f"fecha «{args.date}» no válida; use AAAA-MM-DD", column="--date"
            ) from None
    if args.previous is not None and not args.previous.is_file():
        raise RaicesError("no existe el boletín anterior indicado", file=args.previous)
    folder = args.out or paths.processed_dir() / "boletines"
    result = write_bulletin(
        folder, scenario=args.scenario, previous=args.previous, day=day, draws=args.draws
    )
    print(f"Boletín: {result.pdf}\n         {result.html}\n         {result.snapshot}")
    print("Comparado con: " + (result.previous.name if result.previous else "ninguno (primero)"))
    for change in result.changes:
        print(f"  • {change}")
    return 0
