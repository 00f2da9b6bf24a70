"""``raices report``: context-analysis PDF for one municipio or a scenario's pilot set."""

from __future__ import annotations

import argparse
import re
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
    target.add_argument(
        "--departamento",
        metavar="CODIGO",
        help="código INE (1–22) o P-code (GT13) de uno o varios departamentos; usa el "
        "escenario a nivel departamental",
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


def _departmental(scenario: str | None):
    """The scenario (preset id or file) at departamento level; names its municipal-only parts."""
    from analysis.priority.scenario import load_preset, load_scenario

    loaded = load_scenario(scenario) if scenario else load_preset()
    if loaded.level == "departamento":
        return loaded
    values = loaded.to_dict()
    values["level"] = "departamento"
    values.pop("pilot", None)  # pilot constraints are stated for municipios
    return type(loaded).from_dict(values)


def run(args: argparse.Namespace) -> int:
    from analysis.export.safety import safe_filename
    from analysis.report.context import write_report
    from analysis.userdata.matching import parse_code

    scenario = args.scenario
    codes = None
    if args.departamento:
        codes = []
        for part in str(args.departamento).split(","):
            found = re.fullmatch(r"(?:GT-?)?0*(\d{1,2})", part.strip().upper())
            if found is None or not 1 <= int(found.group(1)) <= 22:
                raise RaicesError(
                    f"«{part.strip()}» no es un código de departamento (1–22 o GT01–GT22)",
                    column="--departamento",
                )
            codes.append(int(found.group(1)))
        scenario = _departmental(scenario)
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
    written = write_report(out, codes=codes, pilot=args.pilot, scenario=scenario, draws=args.draws)
    print(f"Informe escrito: {written}")
    return 0
