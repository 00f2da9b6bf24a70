"""``raices seguimiento``: the MMM's monitoring store from the command line.

Sub-commands: ``plantilla`` (the 5W Excel template), ``importar`` (a filled template),
``usuarios`` (local accounts: the first secretariat account is created here; there is no
default password), ``instituciones`` (member institutions) and ``respaldo`` (backup and
restore). Each is registered by a ``register_<name>(subparsers)`` function listed in
:data:`SUBCOMMANDS`; another sub-command is added by writing its function and adding its
entry there.

The command acts as the operator at the console (secretariat rights, recorded in the audit
as ``consola:<system user>``): whoever can run it on the server can already reach the
store's file or database.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from analysis.errors import RaicesError

EXIT_PROBLEMS = 3
"""Exit code when an import has rows with problems and nothing (or not all) was saved."""


def _engine(args: argparse.Namespace):
    from analysis.records.database import engine_for, upgrade

    engine = engine_for(getattr(args, "almacen", None))
    upgrade(engine)  # the first command creates the store; later ones bring it up to date
    return engine


def _console():
    from analysis.records.users import console_principal

    return console_principal()


def _print_table(frame, columns: list[str] | None = None) -> None:
    import pandas as pd

    if frame.empty:
        print("(ninguno)")
        return
    shown = frame[columns] if columns else frame
    with pd.option_context("display.max_rows", 500, "display.width", 160):
        print(shown.to_string(index=False))


# --------------------------------------------------------------------------- plantilla
def register_plantilla(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "plantilla",
        help="escribe la plantilla Excel 5W para las instituciones",
        description="Escribe la plantilla 5W (quién, qué, dónde, cuándo, para quién) con listas "
        "desplegables de tema, comisión, tipo y estado, y las hojas de los 340 municipios "
        "(código INE y P-code), departamentos e instituciones.",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("plantilla_5w.xlsx"), help="archivo .xlsx a escribir"
    )
    parser.set_defaults(func=run_plantilla)


def run_plantilla(args: argparse.Namespace) -> int:
    from analysis.monitoring.service import action_types
    from analysis.monitoring.template import write_template
    from analysis.records.database import session_scope
    from analysis.records.institutions import list_institutions
    from analysis.records.users import PUBLIC

    engine = _engine(args)
    with session_scope(engine, readonly=True) as session:
        types = action_types(session)
        members = list_institutions(session, PUBLIC)
    path = write_template(args.out, action_types=types, institutions=members)
    print(f"Plantilla escrita: {path}")
    return 0


# --------------------------------------------------------------------------- importar
def register_importar(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "importar",
        help="valida e importa una plantilla 5W llena",
        description="Valida cada fila de la hoja «Acciones» y la guarda sólo si todo el archivo "
        "es válido (o si acepta las filas válidas con --aceptar-validas). Las filas se "
        "identifican por id_accion: volver a importar el mismo archivo no duplica nada. "
        "Termina con código 3 si quedan filas con problemas.",
    )
    parser.add_argument("file", type=Path, help="archivo .xlsx")
    parser.add_argument(
        "--institucion", type=int, required=True, metavar="ID", help="institución responsable"
    )
    parser.add_argument(
        "--aceptar-validas",
        action="store_true",
        help="guardar las filas válidas aunque otras tengan problemas",
    )
    parser.add_argument("--simular", action="store_true", help="sólo informar; no guarda nada")
    parser.add_argument(
        "--informe", type=Path, metavar="FILE", help="escribe el informe por fila (.csv o .xlsx)"
    )
    parser.set_defaults(func=run_importar)


def run_importar(args: argparse.Namespace) -> int:
    from analysis.monitoring.importer import import_actions, write_report

    engine = _engine(args)
    report = import_actions(
        engine,
        _console(),
        args.file,
        institution_id=args.institucion,
        accept_valid=args.aceptar_validas,
        dry_run=args.simular,
    )
    print(report.summary())
    if not report.problems.empty:
        print("Problemas (hoja, fila, columna, problema):")
        for item in report.problems.head(200).itertuples(index=False):
            print(f"  {item.hoja}, fila {item.fila}, columna «{item.columna}»: {item.problema}")
        if len(report.problems) > 200:
            print(f"  … y {len(report.problems) - 200} más (use --informe)")
    if args.informe:
        print(f"Informe escrito: {write_report(report, args.informe)}")
    if not report.problems.empty and not (report.written and args.aceptar_validas):
        return EXIT_PROBLEMS
    return 0


# --------------------------------------------------------------------------- usuarios
def register_usuarios(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "usuarios",
        help="cuentas locales: crear, listar, desactivar, activar, contraseña",
        description="Cuentas locales del tablero. La primera cuenta de la secretaría se crea "
        "aquí; Raíces no trae ninguna cuenta ni contraseña por defecto. Las contraseñas se "
        "piden sin mostrarlas y se guardan sólo como hash argon2.",
    )
    actions = parser.add_subparsers(dest="accion", metavar="ACCIÓN", required=True)
    create = actions.add_parser("crear", help="crea una cuenta")
    create.add_argument("usuario")
    create.add_argument("--rol", choices=("editor", "secretaria"), required=True)
    create.add_argument("--institucion", type=int, metavar="ID", help="institución del editor")
    create.add_argument(
        "--contrasena-stdin",
        action="store_true",
        help="lee la contraseña de la entrada estándar (para guiones) en lugar de pedirla",
    )
    actions.add_parser("listar", help="lista las cuentas")
    for name, text in (("desactivar", "desactiva una cuenta"), ("activar", "reactiva una cuenta")):
        action = actions.add_parser(name, help=text)
        action.add_argument("usuario")
    password = actions.add_parser(
        "contraseña", aliases=["contrasena"], help="cambia la contraseña de una cuenta"
    )
    password.add_argument("usuario")
    password.add_argument("--contrasena-stdin", action="store_true")
    parser.set_defaults(func=run_usuarios)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Contraseña: ")
    second = getpass.getpass("Repítala: ")
    if first != second:
        raise RaicesError("las dos contraseñas no coinciden")
    return first


def run_usuarios(args: argparse.Namespace) -> int:
    from analysis.records import users
    from analysis.records.database import session_scope

    engine = _engine(args)
    console = _console()
    if args.accion == "listar":
        with session_scope(engine, readonly=True) as session:
            _print_table(users.list_users(session, console))
        return 0
    if args.accion == "crear":
        if args.rol == "editor" and args.institucion is None:
            raise RaicesError("una cuenta de editor necesita --institucion ID")
        password = _read_password(args.contrasena_stdin)
        with session_scope(engine) as session:
            user = users.create_user(
                session,
                console,
                username=args.usuario,
                password=password,
                role=args.rol,
                institution_id=args.institucion,
            )
            print(f"Cuenta creada: {user.username} ({user.role})")
        return 0
    if args.accion in ("desactivar", "activar"):
        with session_scope(engine) as session:
            user = users.set_active(session, console, args.usuario, args.accion == "activar")
            print(f"Cuenta {user.username}: {'activa' if user.active else 'desactivada'}")
        return 0
    password = _read_password(args.contrasena_stdin)
    with session_scope(engine) as session:
        users.set_password(session, console, args.usuario, password)
    print(f"Contraseña cambiada: {users.normalise_username(args.usuario)}")
    return 0


# --------------------------------------------------------------------------- instituciones
def register_instituciones(subparsers: argparse._SubParsersAction) -> None:
    from analysis.records.institutions import SECTORS

    parser = subparsers.add_parser(
        "instituciones",
        help="instituciones miembro de la MMM: listar, crear, baja",
        description="Instituciones miembro de la MMM. Los datos de contacto son privados: "
        "nunca se publican ni se exportan.",
    )
    actions = parser.add_subparsers(dest="accion", metavar="ACCIÓN")
    actions.add_parser("listar", help="lista las instituciones (con contactos)")
    create = actions.add_parser("crear", help="registra una institución")
    create.add_argument("--nombre", required=True)
    create.add_argument("--sector", required=True, choices=tuple(SECTORS))
    create.add_argument("--siglas")
    create.add_argument("--oficial", action="store_true", help="delegación oficial acreditada")
    create.add_argument("--contacto-nombre")
    create.add_argument("--contacto-correo")
    create.add_argument("--contacto-telefono")
    leave = actions.add_parser("baja", help="da de baja una institución (queda en el historial)")
    leave.add_argument("id", type=int)
    parser.set_defaults(func=run_instituciones)


def run_instituciones(args: argparse.Namespace) -> int:
    from analysis.records import institutions
    from analysis.records.database import session_scope

    engine = _engine(args)
    console = _console()
    if args.accion in (None, "listar"):
        with session_scope(engine, readonly=True) as session:
            frame = institutions.list_institutions(session, console)
        _print_table(frame)
        return 0
    if args.accion == "crear":
        with session_scope(engine) as session:
            created = institutions.create_institution(
                session,
                console,
                name=args.nombre,
                sector=args.sector,
                acronym=args.siglas,
                official_delegation=args.oficial,
                contact_name=args.contacto_nombre,
                contact_email=args.contacto_correo,
                contact_phone=args.contacto_telefono,
            )
            print(f"Institución creada: id {created.id}, {created.name}")
        return 0
    with session_scope(engine) as session:
        institutions.deactivate_institution(session, console, args.id, expected_version=None)
    print(f"Institución {args.id} dada de baja")
    return 0


# --------------------------------------------------------------------------- respaldo
def register_respaldo(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "respaldo",
        help="respaldo consistente del almacén, y su restauración",
        description="Escribe un respaldo consistente (una sola instantánea) del almacén de "
        "seguimiento, o lo restaura en un almacén vacío (SQLite o PostgreSQL).",
    )
    parser.add_argument(
        "--out", type=Path, help="archivo .zip (por defecto, con fecha y hora, junto al almacén)"
    )
    actions = parser.add_subparsers(dest="accion", metavar="ACCIÓN")
    create = actions.add_parser("crear", help="escribe un respaldo (por defecto)")
    create.add_argument("--out", type=Path, default=argparse.SUPPRESS, help="archivo .zip")
    back = actions.add_parser("restaurar", help="restaura un respaldo")
    back.add_argument("file", type=Path)
    back.add_argument(
        "--reemplazar",
        action="store_true",
        help="borra los registros que el almacén de destino tenga (¡se pierden!)",
    )
    parser.set_defaults(func=run_respaldo)


def run_respaldo(args: argparse.Namespace) -> int:
    from analysis.records.backup import backup, restore
    from analysis.records.database import store_dir

    engine = _engine(args)
    folder = store_dir()
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        folder = Path(str(engine.url.database)).resolve().parent
    if getattr(args, "accion", None) == "restaurar":
        info = restore(engine, args.file, replace=args.reemplazar)
        print(f"Restaurado {info.path.name} ({info.total} filas, versión {info.revision})")
        return 0
    target = getattr(args, "out", None) or (
        folder / "respaldos" / f"seguimiento-{datetime.now():%Y%m%d-%H%M%S}.zip"
    )
    info = backup(engine, target)
    print(f"Respaldo escrito: {info.path} ({info.total} filas)")
    return 0


# --------------------------------------------------------------------------- informe
def _day(text: str | None, option: str):
    from datetime import date

    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RaicesError(f"fecha «{text}» no válida; use AAAA-MM-DD", column=option) from None


def register_informe(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "informe",
        help="informe periódico de seguimiento (PDF) de un período",
        description="Escribe informe_seguimiento_<desde>_<hasta>.pdf con las acciones publicadas "
        "del período, la cobertura del plan piloto por causa, el presupuesto, las personas "
        "alcanzadas con su desagregación, los resultados, las brechas y qué cambió desde el "
        "informe anterior (una instantánea JSON queda junto al PDF).",
    )
    parser.add_argument("--desde", help="primer día del período (AAAA-MM-DD)")
    parser.add_argument("--hasta", help="último día del período (AAAA-MM-DD)")
    parser.add_argument(
        "--out", type=Path, default=None, help="carpeta (por defecto data/processed/seguimiento)"
    )
    parser.add_argument(
        "--scenario", default=None, help="escenario de prioridad: id predefinido o archivo .toml"
    )
    parser.add_argument(
        "--anterior", type=Path, default=None, help="instantánea JSON del informe anterior"
    )
    parser.set_defaults(func=run_informe)


def run_informe(args: argparse.Namespace) -> int:
    from analysis import paths
    from analysis.monitoring.periodic_report import write_periodic_report

    engine = _engine(args)  # creates or upgrades the store, as every sub-command does
    engine.dispose()
    if args.anterior is not None and not args.anterior.is_file():
        raise RaicesError("no existe el informe anterior indicado", file=args.anterior)
    result = write_periodic_report(
        args.out or paths.processed_dir() / "seguimiento",
        since=_day(args.desde, "--desde"),
        until=_day(args.hasta, "--hasta"),
        url=getattr(args, "almacen", None),
        scenario=args.scenario,
        previous=args.anterior,
    )
    print(f"Informe: {result.pdf}\n         {result.snapshot}")
    print("Comparado con: " + (result.previous.name if result.previous else "ninguno (primero)"))
    for change in result.changes:
        print(f"  • {change}")
    return 0


def register_autoevaluacion(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "autoevaluacion",
        help="informe de autoevaluación de la MMM (PDF)",
        description="Escribe autoevaluacion_mmm_<desde>_<hasta>.pdf: reuniones celebradas, "
        "asistencia por sector, acuerdos cumplidos a tiempo y coordinación entre instituciones "
        "(registros publicados).",
    )
    parser.add_argument("--desde", help="primer día del período (AAAA-MM-DD)")
    parser.add_argument("--hasta", help="último día del período (AAAA-MM-DD)")
    parser.add_argument(
        "--out", type=Path, default=None, help="carpeta (por defecto data/processed/seguimiento)"
    )
    parser.set_defaults(func=run_autoevaluacion)


def run_autoevaluacion(args: argparse.Namespace) -> int:
    from analysis import paths
    from analysis.monitoring.self_assessment import write_self_assessment

    engine = _engine(args)
    engine.dispose()
    result = write_self_assessment(
        args.out or paths.processed_dir() / "seguimiento",
        since=_day(args.desde, "--desde"),
        until=_day(args.hasta, "--hasta"),
        url=getattr(args, "almacen", None),
    )
    print(f"Autoevaluación: {result.pdf}")
    return 0


# --------------------------------------------------------------------------- registry
SUBCOMMANDS: dict[str, Callable[[argparse._SubParsersAction], None]] = {
    "plantilla": register_plantilla,
    "importar": register_importar,
    "usuarios": register_usuarios,
    "instituciones": register_instituciones,
    "respaldo": register_respaldo,
    "informe": register_informe,
    "autoevaluacion": register_autoevaluacion,
}
"""Sub-commands of ``raices seguimiento``, in help order: name → registering function."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "seguimiento",
        help="seguimiento de la MMM: plantilla 5W, importación, usuarios, instituciones, respaldo",
        description="Almacén de seguimiento de la MMM (acciones 5W, resultados, reuniones y "
        "acuerdos). Por defecto un archivo SQLite en data/seguimiento/; en un servidor, "
        "RAICES_SEGUIMIENTO_URL=postgresql+psycopg://… o --almacen.",
    )
    parser.add_argument(
        "--almacen",
        metavar="URL",
        help="dirección del almacén (por defecto RAICES_SEGUIMIENTO_URL)",
    )
    actions = parser.add_subparsers(dest="subcomando", metavar="SUBCOMANDO")
    for register_subcommand in SUBCOMMANDS.values():
        register_subcommand(actions)
    parser.set_defaults(func=lambda args: (parser.print_help(), 1)[1])
