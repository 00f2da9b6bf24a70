"""``raices consulta``: consultation rounds from the command line.

Sub-commands: ``abrir`` and ``cerrar`` a round, ``listar`` the rounds, write the workshop
``plantilla``, ``importar`` a filled spreadsheet (all rows or none) and write the
``resultado`` of a round (combined weights, agreement, per-participant rankings, robust
pilot and the consensus scenario) so that everything the page shows can be scripted.
The operator at the console acts with secretariat rights, as for ``raices seguimiento``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import pandas as pd

from analysis.errors import RaicesError

EXIT_REFUSED = 3
"""Exit code when a spreadsheet is refused (as for ``raices add``)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "consulta",
        help="rondas de consulta: ponderación participativa y validación del piloto",
        description="Rondas de consulta de la MMM: abrir y cerrar rondas, plantilla para "
        "talleres en papel, importación de respuestas y resultados (pesos combinados, "
        "acuerdo, piloto robusto entre las voces y escenario de consenso).",
    )
    parser.add_argument(
        "--almacen",
        default=None,
        help="URL del almacén (por defecto RAICES_SEGUIMIENTO_URL o el SQLite incorporado)",
    )
    sub = parser.add_subparsers(dest="accion", metavar="ACCIÓN")

    abrir = sub.add_parser("abrir", help="abre una ronda nueva e imprime su enlace")
    abrir.add_argument("--nombre", required=True)
    abrir.add_argument("--fecha", default="", help="AAAA-MM-DD")
    abrir.add_argument("--descripcion", default="")
    abrir.add_argument("--nivel", choices=("departamento", "municipio"), default="departamento")
    abrir.add_argument("--metodo", choices=("presupuesto", "ahp"), default="presupuesto")
    abrir.add_argument(
        "--temas",
        default=None,
        help="temas separados por comas (por defecto los temas con indicadores en el escenario base)",
    )
    abrir.add_argument(
        "--indicadores",
        default=None,
        help="ponderar indicadores en lugar de temas (separados por comas)",
    )
    abrir.add_argument(
        "--escenario", default=None, help="escenario base (.toml): indicadores, métodos y piloto"
    )
    abrir.set_defaults(func=run_open)

    cerrar = sub.add_parser("cerrar", help="cierra una ronda (deja de recibir respuestas)")
    cerrar.add_argument("ronda", type=int)
    cerrar.set_defaults(func=run_close)

    listar = sub.add_parser("listar", help="lista las rondas con su número de respuestas")
    listar.set_defaults(func=run_list)

    plantilla = sub.add_parser("plantilla", help="planilla XLSX para un taller en papel")
    plantilla.add_argument("ronda", type=int)
    plantilla.add_argument("--out", type=Path, default=None, help="archivo .xlsx")
    plantilla.set_defaults(func=run_template)

    importar = sub.add_parser(
        "importar", help="importa una planilla llena: todas las filas o ninguna"
    )
    importar.add_argument("ronda", type=int)
    importar.add_argument("archivo", type=Path)
    importar.add_argument(
        "--informe", type=Path, default=None, help="CSV con los problemas encontrados"
    )
    importar.set_defaults(func=run_import)

    resultado = sub.add_parser("resultado", help="resultados de una ronda en CSV y TOML")
    resultado.add_argument("ronda", type=int)
    resultado.add_argument("--out", type=Path, required=True, help="carpeta de salida")
    resultado.add_argument(
        "--regla", choices=("media", "mediana", "media_geometrica"), default=None
    )
    resultado.add_argument(
        "--sin-piloto", action="store_true", help="no seleccionar el piloto bajo cada voz"
    )
    resultado.add_argument("--pdf", action="store_true", help="escribir también el informe PDF")
    resultado.set_defaults(func=run_result)
    parser.set_defaults(func=lambda args: _help(parser))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 1


def _engine(args: argparse.Namespace):
    from analysis.consultation.service import open_store

    return open_store(args.almacen)


def _territory_names(level: str) -> pd.Series:
    from analysis import store

    frame = store.load_territories(level)
    for column in ("name", "muni_name", "dept_name"):
        if column in frame:
            return frame[column].astype(str)
    raise RaicesError("la tabla de territorios no tiene nombres", column="name")


def run_open(args: argparse.Namespace) -> int:
    from analysis import store
    from analysis.consultation.service import open_round
    from analysis.consultation.spec import RoundSpec, default_labels
    from analysis.priority.scenario import Scenario
    from analysis.records.database import session_scope
    from analysis.records.users import console_principal

    themes = store.load_themes()
    if args.indicadores:
        items = tuple(s.strip() for s in args.indicadores.split(",") if s.strip())
        target = "indicators"
    else:
        items = (
            tuple(s.strip() for s in args.temas.split(",") if s.strip())
            if args.temas
            else tuple(_weighable_themes(args.nivel, themes))
        )
        target = "themes"
    scenario_toml = Scenario.load(args.escenario).to_toml() if args.escenario else ""
    spec = RoundSpec(
        name=args.nombre,
        date=args.fecha,
        description=args.descripcion,
        level=args.nivel,
        method=args.metodo,
        items=items,
        target=target,
        scenario_toml=scenario_toml,
        labels=default_labels(items, store.load_catalog(), themes),
    )
    _check_items(spec)
    with session_scope(_engine(args)) as session:
        opened = open_round(session, console_principal(), spec)
    print(f"Ronda {opened.round_id} abierta: «{opened.name}»")
    print(f"Enlace del formulario: ?ronda={opened.link}")
    return 0


def _weighable_themes(level: str, themes) -> list[str]:
    """The themes, in their usual order, that the default scenario gives indicators to."""
    import dataclasses

    from analysis import store
    from analysis.consultation.consequences import weighable_themes
    from analysis.priority.scenario import load_preset

    base = dataclasses.replace(load_preset(), level=level)
    usable = set(weighable_themes(base, store.load_catalog()))
    return [theme for theme in themes.index if theme in usable]


def _check_items(spec) -> None:
    from analysis import store
    from analysis.consultation.results import base_scenario

    base_scenario(spec, store.load_catalog())


def run_close(args: argparse.Namespace) -> int:
    from analysis.consultation.service import set_round_status
    from analysis.records.database import session_scope
    from analysis.records.users import console_principal

    with session_scope(_engine(args)) as session:
        spec = set_round_status(session, console_principal(), args.ronda, "cerrada")
    print(f"Ronda {spec.round_id} cerrada: «{spec.name}»")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from analysis.consultation.service import list_rounds
    from analysis.records.database import session_scope

    with session_scope(_engine(args), readonly=True) as session:
        rounds = list_rounds(session)
    if rounds.empty:
        print("Todavía no hay rondas de consulta.")
        return 0
    for _, row in rounds.iterrows():
        print(
            f"{row['id']:>4}  {row['status']:<8} {row['method']:<11} {row['level']:<12} "
            f"{row['submissions']:>4} respuestas  {row['name']}  (?ronda={row['link']})"
        )
    return 0


def _round(args: argparse.Namespace):
    from analysis import store
    from analysis.consultation.service import get_round
    from analysis.consultation.spec import default_labels
    from analysis.records.database import session_scope

    engine = _engine(args)
    with session_scope(engine, readonly=True) as session:
        spec = get_round(session, args.ronda)
    labels = default_labels(spec.items, store.load_catalog(), store.load_themes())
    return engine, dataclasses.replace(spec, labels=labels)


def run_template(args: argparse.Namespace) -> int:
    from analysis.consultation.template import write_template
    from analysis.export.safety import safe_filename

    _, spec = _round(args)
    out = args.out or Path(safe_filename(f"plantilla_consulta_{spec.round_id}_{spec.name}.xlsx"))
    write_template(out, spec, _territory_names(spec.level))
    print(f"Escrito: {out}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from analysis.consultation.importer import read_workshop
    from analysis.consultation.service import existing_codes, import_workshop
    from analysis.export.safety import write_csv
    from analysis.records.database import session_scope
    from analysis.records.users import console_principal

    engine, spec = _round(args)
    with session_scope(engine, readonly=True) as session:
        taken = existing_codes(session, args.ronda)
    workshop = read_workshop(args.archivo, spec, _territory_names(spec.level), existing_codes=taken)
    if args.informe:
        write_csv(workshop.problems_table(), args.informe)
    if workshop.problems:
        for problem in workshop.problems:
            print(f"{args.archivo}, {problem}", file=sys.stderr)
        print(
            f"{len(workshop.problems)} problema(s) en {workshop.rows} fila(s); no se guardó nada.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    with session_scope(engine) as session:
        stored = import_workshop(session, console_principal(), args.ronda, workshop)
    print(f"Importadas {stored} respuestas en la ronda {spec.round_id} «{spec.name}».")
    return 0


def run_result(args: argparse.Namespace) -> int:
    from analysis.consultation.outputs import write_result
    from analysis.consultation.results import analyse_round
    from analysis.consultation.service import round_responses
    from analysis.priority.run import IndexData
    from analysis.records.database import session_scope

    engine, spec = _round(args)
    with session_scope(engine, readonly=True) as session:
        responses = round_responses(session, args.ronda)
    data = IndexData.from_store(spec.level)
    departamentos = _territory_names("departamento")
    result = analyse_round(
        spec, responses, data, departamentos, rule=args.regla, select=not args.sin_piloto
    )
    files = write_result(
        result,
        args.out,
        names=_territory_names(spec.level),
        departamentos=departamentos,
        pdf=args.pdf,
    )
    w = result.concordance
    print(f"Ronda {spec.round_id} «{spec.name}»: {result.participation.total} respuestas")
    print(
        f"W de Kendall = {w.w:.3f} (χ² = {w.chi2:.2f}, gl = {w.dof}, p = {w.p_value:.3g})"
        if w.w == w.w
        else "W de Kendall: no definido (menos de dos respuestas)"
    )
    for theme, weight in result.combined.weights.items():
        print(
            f"  {spec.label(str(theme)):<32} {100 * weight:6.1f} %  (RIC {100 * result.combined.spread.at[theme, 'iqr']:.1f})"
        )
    consequences = result.consequences
    if consequences is not None and consequences.pilot is not None:
        print(
            f"Seleccionados por ≥ 80 % de las voces: {len(consequences.strong)} "
            f"(selecciones imposibles: {consequences.pilot.infeasible})"
        )
    print(f"Escenario de consenso «{result.consensus.name}» (huella {result.consensus.hash()})")
    for path in files:
        print(f"Escrito: {path}")
    return 0
