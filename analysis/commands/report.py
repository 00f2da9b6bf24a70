"""``raices report``: context-analysis PDF for one municipio or a scenario's pilot set."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis import paths
from analysis.errors import RaicesError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="informe PDF de análisis de contexto de un municipio o del conjunto piloto",
        description="Escribe un PDF en español con mapa, puesto y banda de incertidumbre, "
        "aportes por tema, indicadores frente al departamento y al país, notas de fiabilidad, "
        "fuentes y la huella del escenario. Funciona sin conexión.",
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--municipio",
        metavar="CODIGO",
        help="código INE o P-code de uno o varios municipios, separados por comas",
    )
    target.add_argument("--pilot", action="store_true", help="el conjunto piloto del escenario")
    parser.add_argument(
        "--scenario",
        default=None,
        help="escenario: id predefinido (pesos_iguales, migracion, …) o archivo .toml",
    )
    parser.add_argument("--out", type=Path, default=None, help="archivo PDF de salida")
    parser.add_argument(
        "--draws", type=int, default=300, help="simulaciones para la banda de incertidumbre"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from analysis.export.safety import safe_filename
    from analysis.report.context import write_report
    from analysis.userdata.matching import parse_code

    codes = None
    if args.municipio:
        codes = []
        for part in str(args.municipio).split(","):
            code = parse_code(part.strip())
            if code is None:
                raise RaicesError(
                    f"«{part.strip()}» no es un código INE ni un P-code", column="--municipio"
                )
            codes.append(code)
    if args.draws < 0:
        raise RaicesError("--draws debe ser 0 o más")
    name = "informe_piloto.pdf" if args.pilot else f"informe_{'_'.join(map(str, codes or []))}.pdf"
    out = args.out or paths.processed_dir() / "informes" / safe_filename(name)
    written = write_report(
        out, codes=codes, pilot=args.pilot, scenario=args.scenario, draws=args.draws
    )
    print(f"Informe escrito: {written}")
    return 0
