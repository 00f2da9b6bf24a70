"""``raices seguimiento``: the MMM's monitoring store from the command line.

Sub-commands: ``plantilla`` (the 5W Excel template), ``importar`` (a filled template),
``usuarios`` (local accounts: the first secretariat account is created here; there is no
default password), ``instituciones`` (member institutions), ``respaldo`` (backup and
restore), ``informe`` (the periodic report) and ``autoevaluacion`` (the MMM's
self-assessment). Each is registered by a ``register_<name>(subparsers)`` function listed
in :data:`SUBCOMMANDS`; its actions are functions ``(args, store) -> int`` wrapped by
:func:`on_store`, which opens the store (creating or upgrading it), hands over the console
operator and closes the store afterwards. Expected problems raise
:class:`~analysis.errors.RaicesError`; :func:`analysis.cli.main` prints them in one line.

The command acts as the operator at the console (secretariat rights, recorded in the audit
as ``consola:<system user>``): whoever can run it on the server can already reach the
store's file or database.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from analysis import paths
from analysis.errors import RaicesError
from analysis.records.database import engine_for, session_scope, store_dir, upgrade
from analysis.records.users import Principal, console_principal

EXIT_PROBLEMS = 3
"""Exit code when an import has rows with problems and nothing (or not all) was saved."""
MAX_PROBLEMS_SHOWN = 200
"""Import problems printed; the rest are in the ``--informe`` file."""


@dataclass(frozen=True)
class ConsoleStore:
    """The operational store as the operator at the console reaches it."""

    engine: Engine
    principal: Principal

    def reading(self) -> AbstractContextManager[Session]:
        """A read-only session (SQLite: no write lock)."""
        return session_scope(self.engine, readonly=True)

    def writing(self) -> AbstractContextManager[Session]:
        """A session that commits when the block ends and rolls back if it raises."""
        return session_scope(self.engine)


Action = Callable[[argparse.Namespace, ConsoleStore], int]


def on_store(action: Action) -> Callable[[argparse.Namespace], int]:
    """Run ``action`` on the store named by ``--almacen`` (else ``RAICES_SEGUIMIENTO_URL``).

    The first command creates the store; later ones bring it up to date. The engine is
    disposed of when the action ends, so the store's file is free for the next command.
    """

    @functools.wraps(action)
    def run(args: argparse.Namespace) -> int:
        engine = engine_for(getattr(args, "almacen", None))
        try:
            upgrade(engine)
            return action(args, ConsoleStore(engine, console_principal()))
        finally:
            engine.dispose()

    return run


def _print_table(frame: pd.DataFrame) -> None:
    if frame.empty:
        print("(ninguno)")
        return
    with pd.option_context("display.max_rows", 500, "display.width", 160):
        print(frame.to_string(index=False))


def _day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RaicesError(f"fecha «{text}» no válida; use AAAA-MM-DD", column=option) from None


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Contraseña: ")
    second = getpass.getpass("Repítala: ")
    if first != second:
        raise RaicesError("las dos contraseñas no coinciden")
    return first


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
    parser.set_defaults(func=on_store(run_plantilla))


def run_plantilla(args: argparse.Namespace, store: ConsoleStore) -> int:
    from analysis.monitoring.actions import action_types
    from analysis.monitoring.template import write_template
    from analysis.records.institutions import list_institutions
    from analysis.records.users import PUBLIC

    with store.reading() as session:
        types = action_types(session)
        members = list_institutions(session, PUBLIC)
    print(
        f"Plantilla escrita: {write_template(args.out, action_types=types, institutions=members)}"
    )
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
    parser.set_defaults(func=on_store(run_importar))


def run_importar(args: argparse.Namespace, store: ConsoleStore) -> int:
    from analysis.monitoring.importer import import_actions, write_report

    report = import_actions(
        store.engine,
        store.principal,
        args.file,
        institution_id=args.institucion,
        accept_valid=args.aceptar_validas,
        dry_run=args.simular,
    )
    print(report.summary())
    problems = report.problems
    if not problems.empty:
        print("Problemas (hoja, fila, columna, problema):")
        for item in problems.head(MAX_PROBLEMS_SHOWN).itertuples(index=False):
            print(f"  {item.hoja}, fila {item.fila}, columna «{item.columna}»: {item.problema}")
        if len(problems) > MAX_PROBLEMS_SHOWN:
            print(f"  … y {len(problems) - MAX_PROBLEMS_SHOWN} más (use --informe)")
    if args.informe:
        print(f"Informe escrito: {write_report(report, args.informe)}")
    if not problems.empty and not (report.written and args.aceptar_validas):
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
    create.set_defaults(func=on_store(run_usuarios_crear))
    actions.add_parser("listar", help="lista las cuentas").set_defaults(
        func=on_store(run_usuarios_listar)
    )
    for name, text in (("desactivar", "desactiva una cuenta"), ("activar", "reactiva una cuenta")):
        action = actions.add_parser(name, help=text)
        action.add_argument("usuario")
        action.set_defaults(func=on_store(run_usuarios_activar), active=name == "activar")
    password = actions.add_parser(
        "contraseña", aliases=["contrasena"], help="cambia la contraseña de una cuenta"
    )
    password.add_argument("usuario")
    password.add_argument("--contrasena-stdin", action="store_true")
    password.set_defaults(func=on_store(run_usuarios_contrasena))


def run_usuarios_listar(args: argparse.Namespace, store: ConsoleStore) -> int:
    from analysis.records.users import list_users

    with store.reading() as session:
        _print_table(list_users(session, store.principal))
    return 0


def run_usuarios_crear(args: argparse.Namespace, store: ConsoleStore) -> int:
    from analysis.records.users import create_user

    if args.rol == "editor" and args.institucion is None:
        raise RaicesError("una cuenta de editor necesita --institucion ID")
    password = _read_password(args.contrasena_stdin)
    with store.writing() as session:
        user = create_user(
            session,
            store.principal,
            username=args.usuario,
            password=password,
            role=args.rol,
            institution_id=args.institucion,
        )
        print(f"Cuenta creada: {user.username} ({user.role})")
    return 0


def run_usuarios_activar(args: argparse.Namespace, store: ConsoleStore) -> int:
    from analysis.records.users import set_active

    with store.writing() as session:
        user = set_active(session, store.principal, args.usuario, args.active)
        print(f"Cuenta {user.username}: {'activa' if user.active else 'desactivada'}")
    return 0


def run_usuarios_contrasena(args: argparse.Namespace, store: ConsoleStore) -> int:
    from analysis.records.users import normalise_username, set_password

    password = _read_password(args.contrasena_stdin)
    with store.writing() as session:
        set_password(session, store.principal, args.usuario, password)
    print(f"Contraseña cambiada: {normalise_username(args.usuario)}")
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
    parser.set_defaults(func=on_store(run_instituciones_listar))  # without an action: list
    actions = parser.add_subparsers(dest="accion", metavar="ACCIÓN")
    listing = actions.add_parser("listar", help="lista las instituciones (con contactos)")
    listing.set_defaults(func=on_store(run_instituciones_listar))
    create = actions.add_parser("crear", help="registra una institución")
    create.add_argument("--nombre", required=True)
    create.add_argument("--sector", required=True, choices=tuple(SECTORS))
    create.add_argument("--siglas")
    create.add_argument("--oficial", action="store_true", help="delegación oficial acreditada")
    create.add_argument("--contacto-nombre")
    create.add_argument("--contacto-correo")
    create.add_argument("--contacto-telefono")
    create.set_defaults(func=on_store(run_instituciones_crear))
    leave = actions.add_parser("baja", help="da de baja una institución (queda en el historial)")
    leave.add_argument("id", type=int)
    leave.set_defaults(func=on_store(run_instituciones_baja))


def run_instituciones_listar(args: argparse.Namespace, store: ConsoleStore) -> int:
    from analysis.records.institutions import list_institutions

    with store.reading() as session:
        _print_table(list_institutions(session, store.principal))
    return 0


def run_instituciones_crear(args: argparse.Namespace, store: ConsoleStore) -> int:
    from analysis.records.institutions import create_institution

    with store.writing() as session:
        created = create_institution(
            session,
            store.principal,
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


def run_instituciones_baja(args: argparse.Namespace, store: ConsoleStore) -> int:
    from analysis.records.institutions import deactivate_institution

    with store.writing() as session:
        deactivate_institution(session, store.principal, args.id, expected_version=None)
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
    parser.set_defaults(func=on_store(run_respaldo_crear))  # without an action: back up
    actions = parser.add_subparsers(dest="accion", metavar="ACCIÓN")
    create = actions.add_parser("crear", help="escribe un respaldo (por defecto)")
    create.add_argument("--out", type=Path, default=argparse.SUPPRESS, help="archivo .zip")
    create.set_defaults(func=on_store(run_respaldo_crear))
    back = actions.add_parser("restaurar", help="restaura un respaldo")
    back.add_argument("file", type=Path)
    back.add_argument(
        "--reemplazar",
        action="store_true",
        help="borra los registros que el almacén de destino tenga (¡se pierden!)",
    )
    back.set_defaults(func=on_store(run_respaldo_restaurar))


def run_respaldo_crear(args: argparse.Namespace, store: ConsoleStore) -> int:
    from analysis.records.backup import backup

    folder, url = store_dir(), store.engine.url
    if store.engine.dialect.name == "sqlite" and url.database not in (None, "", ":memory:"):
        folder = Path(str(url.database)).resolve().parent
    target = args.out or folder / "respaldos" / f"seguimiento-{datetime.now():%Y%m%d-%H%M%S}.zip"
    info = backup(store.engine, target)
    print(f"Respaldo escrito: {info.path} ({info.total} filas)")
    return 0


def run_respaldo_restaurar(args: argparse.Namespace, store: ConsoleStore) -> int:
    from analysis.records.backup import restore

    info = restore(store.engine, args.file, replace=args.reemplazar)
    print(f"Restaurado {info.path.name} ({info.total} filas, versión {info.revision})")
    return 0


# --------------------------------------------------------------------------- informes
def _add_period(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--desde", help="primer día del período (AAAA-MM-DD)")
    parser.add_argument("--hasta", help="último día del período (AAAA-MM-DD)")
    parser.add_argument(
        "--out", type=Path, default=None, help="carpeta (por defecto data/processed/seguimiento)"
    )


def _report_folder(args: argparse.Namespace) -> Path:
    return args.out or paths.processed_dir() / "seguimiento"


def register_informe(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "informe",
        help="informe periódico de seguimiento (PDF) de un período",
        description="Escribe informe_seguimiento_<desde>_<hasta>.pdf con las acciones publicadas "
        "del período, la cobertura del plan piloto por causa, el presupuesto, las personas "
        "alcanzadas con su desagregación, los resultados, las brechas y qué cambió desde el "
        "informe anterior (una instantánea JSON queda junto al PDF).",
    )
    _add_period(parser)
    parser.add_argument(
        "--scenario", default=None, help="escenario de prioridad: id predefinido o archivo .toml"
    )
    parser.add_argument(
        "--anterior", type=Path, default=None, help="instantánea JSON del informe anterior"
    )
    parser.set_defaults(func=on_store(run_informe))


def run_informe(args: argparse.Namespace, store: ConsoleStore) -> int:
    from analysis.monitoring.periodic_report import write_periodic_report

    if args.anterior is not None and not args.anterior.is_file():
        raise RaicesError("no existe el informe anterior indicado", file=args.anterior)
    result = write_periodic_report(
        _report_folder(args),
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
    _add_period(parser)
    parser.set_defaults(func=on_store(run_autoevaluacion))


def run_autoevaluacion(args: argparse.Namespace, store: ConsoleStore) -> int:
    from analysis.monitoring.self_assessment import write_self_assessment

    result = write_self_assessment(
        _report_folder(args),
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
