"""``raices add``: bring an analyst's own indicator into the user layer (and list/remove)."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.errors import RaicesError

EXIT_UNRESOLVED = 3
"""Exit code when rows stay unmatched, ambiguous, duplicated or invalid and not accepted."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "add",
        help="añade un indicador propio (CSV/XLSX) a la capa de usuario; --list, --remove",
        description="Lee una tabla CSV o XLSX con un valor por municipio, la empareja con los "
        "códigos INE (por código, P-code o nombres de departamento y municipio), informa de "
        "cada fila y guarda el indicador en la capa de usuario, separada de las fuentes "
        "publicadas. Termina con código 3 si quedan filas sin resolver, salvo "
        "--accept-unmatched.",
    )
    parser.add_argument("file", nargs="?", type=Path, help="archivo .csv o .xlsx")
    key = parser.add_mutually_exclusive_group()
    key.add_argument("--code-column", metavar="COL", help="columna con código INE o P-code")
    key.add_argument(
        "--name-columns",
        metavar="DEPT_COL,MUNI_COL",
        help="columnas de departamento y municipio (o sólo la de municipio)",
    )
    parser.add_argument("--value-column", metavar="COL", help="columna con el valor numérico")
    parser.add_argument("--sheet", help="hoja del libro XLSX (nombre o posición desde 0)")
    parser.add_argument(
        "--header-row",
        type=int,
        default=1,
        help="fila de los encabezados (las filas de arriba, títulos o notas, se ignoran)",
    )
    parser.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="COL=VALOR",
        help="sólo las filas donde la columna vale eso (p. ej. --where año=2024); repetible",
    )
    parser.add_argument("--id", dest="indicator", help="identificador snake_case del indicador")
    parser.add_argument("--label", help="nombre del indicador en español")
    parser.add_argument("--label-en", default="", help="nombre en inglés (opcional)")
    parser.add_argument(
        "--theme",
        help="tema: migracion, pobreza_economia, violencia_inseguridad, clima_alimentacion, "
        "servicios_educacion, demografia_exclusion",
    )
    parser.add_argument(
        "--direction",
        type=int,
        choices=(-1, 0, 1),
        help="1 = más valor es más necesidad, -1 = menos necesidad, 0 = contexto",
    )
    parser.add_argument("--unit", help="unidad, p. ej. «homicidios por 100 000 hab.»")
    parser.add_argument("--unit-en", default="", help="unidad en inglés (opcional)")
    parser.add_argument("--year", help="año o periodo de referencia")
    parser.add_argument("--source", help="quién produjo los datos y dónde se pueden verificar")
    parser.add_argument(
        "--dept-method",
        default="pop_weighted",
        choices=("pop_weighted", "sum", "mean", "none"),
        help="cómo obtener el valor departamental (por defecto media ponderada por población; "
        "use sum para conteos)",
    )
    parser.add_argument("--description", default="", help="descripción libre")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="sólo comprueba el emparejamiento e informa; no guarda nada (no pide --id, "
        "--label, --theme, --direction, --unit, --year ni --source)",
    )
    parser.add_argument(
        "--template",
        metavar="NOMBRE",
        help="escribe NOMBRE.xlsx con los 340 municipios (código INE, P-code, departamento, "
        "municipio) y columnas vacías «valor» y «año», lista para llenar y añadir",
    )
    parser.add_argument(
        "--report", type=Path, metavar="FILE.csv", help="escribe el informe fila por fila"
    )
    parser.add_argument(
        "--accept-unmatched",
        action="store_true",
        help="guardar las filas emparejadas aunque otras queden sin resolver",
    )
    parser.add_argument(
        "--accept-suggestions",
        action="store_true",
        help="aceptar como emparejadas las sugerencias de nombre con un único candidato",
    )
    parser.add_argument("--replace", action="store_true", help="reemplazar un indicador propio")
    parser.add_argument("--list", action="store_true", help="lista los indicadores propios")
    parser.add_argument("--remove", metavar="ID", help="elimina un indicador propio")
    parser.set_defaults(func=run)


def _list() -> int:
    from analysis.userdata import list_user_indicators

    catalog = list_user_indicators()
    if catalog.empty:
        print("No hay indicadores propios.")
        return 0
    for indicator, row in catalog.iterrows():
        print(
            f"{indicator:<32} {row['label_es']} · {row['theme']} · {row['unit_es']} · "
            f"{row['year']} · {row['n_values']} municipios · fuente: {row['source']}"
        )
    return 0


#: Metadata only a save needs; a dry run checks the matching without them.
METADATA_FLAGS = (
    ("--id", "indicator"),
    ("--label", "label"),
    ("--theme", "theme"),
    ("--direction", "direction"),
    ("--unit", "unit"),
    ("--year", "year"),
    ("--source", "source"),
)
#: Stand-ins for the metadata a dry run was not given (never saved: a dry run writes nothing).
DRY_RUN_PLACEHOLDERS = {
    "indicator": "simulacion_emparejamiento",
    "label": "(simulación)",
    "theme": "migracion",
    "direction": 0,
    "unit": "(simulación)",
    "year": "(simulación)",
    "source": "(simulación)",
}


def _required(args: argparse.Namespace) -> None:
    needed = [("FILE", "file"), ("--value-column", "value_column")]
    if not args.dry_run:
        needed += list(METADATA_FLAGS)
    missing = [flag for flag, name in needed if getattr(args, name) is None]
    if not (args.code_column or args.name_columns):
        missing.append("--code-column o --name-columns")
    if missing:
        raise RaicesError("faltan datos para añadir el indicador: " + ", ".join(missing))


def _conditions(items: list[str]) -> dict[str, str]:
    conditions = {}
    for item in items:
        column, sign, value = item.partition("=")
        if not sign or not column.strip():
            raise RaicesError(f"filtro «{item}» no válido; use COLUMNA=VALOR", column="--where")
        conditions[column.strip()] = value.strip()
    return conditions


def run(args: argparse.Namespace) -> int:
    from analysis.export.safety import write_csv
    from analysis.records.users import console_principal
    from analysis.userdata import UserIndicatorMeta, import_indicator, remove_user_indicator

    if args.list:
        return _list()
    if args.remove:
        removed = remove_user_indicator(args.remove, principal=console_principal())
        print(f"Eliminado «{args.remove}» ({len(removed)} archivos).")
        return 0
    if args.template:
        from analysis.userdata.template import CODE_COLUMN, VALUE_COLUMN, write_template

        written = write_template(args.template, replace=args.replace)
        print(
            f"Plantilla con los 340 municipios: {written}. Llene «{VALUE_COLUMN}» y «año» y "
            f"compruebe con: raices add {written} --code-column {CODE_COLUMN} "
            f"--value-column {VALUE_COLUMN} --dry-run"
        )
        return 0
    _required(args)
    if args.dry_run:
        for _flag, name in METADATA_FLAGS:
            if getattr(args, name) is None:
                setattr(args, name, DRY_RUN_PLACEHOLDERS[name])
    name_columns = None
    if args.name_columns:
        parts = [p.strip() for p in args.name_columns.split(",")]
        if len(parts) == 1:
            name_columns = (None, parts[0])
        elif len(parts) == 2 and all(parts):
            name_columns = (parts[0], parts[1])
        else:
            raise RaicesError(
                "--name-columns espera «DEPARTAMENTO,MUNICIPIO» o sólo «MUNICIPIO»",
                column=args.name_columns,
            )
    meta = UserIndicatorMeta(
        indicator=args.indicator,
        label_es=args.label,
        label_en=args.label_en,
        theme=args.theme,
        direction=args.direction,
        unit_es=args.unit,
        unit_en=args.unit_en,
        year=args.year,
        source=args.source,
        dept_method=args.dept_method,
        description_es=args.description,
    )
    result = import_indicator(
        args.file,
        meta,
        value_column=args.value_column,
        code_column=args.code_column,
        name_columns=name_columns,
        sheet=args.sheet,
        header_row=args.header_row,
        where=_conditions(args.where),
        dry_run=args.dry_run,
        accept_unmatched=args.accept_unmatched,
        accept_suggestions=args.accept_suggestions,
        replace=args.replace,
        principal=console_principal(),
    )
    print(result.summary())
    problems = result.report[result.report["status"] != "matched"]
    for _, row in problems.head(30).iterrows():
        given = row["given_code"] or f"{row['given_department']} / {row['given_municipio']}"
        detail = "; ".join(x for x in (row["note"], row["suggestion"]) if x)
        print(
            f"  fila {row['row']}: {given} → {row['status']}" + (f" ({detail})" if detail else "")
        )
    if len(problems) > 30:
        print(f"  … y {len(problems) - 30} filas más (use --report)")
    if args.report:
        write_csv(result.report, args.report)
        print(f"Informe fila por fila: {args.report}")
    if args.dry_run:
        print("Simulación (--dry-run): no se guardó nada.")
    if result.blocking and not args.accept_unmatched:
        print(
            f"{result.blocking} filas sin resolver: no se guardó el indicador. Corrija la tabla, "
            "o use --accept-suggestions / --accept-unmatched.",
        )
        return EXIT_UNRESOLVED
    return 0
