"""``raices build``: the DuckDB pipeline."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from analysis.commands.flags import check_range
from analysis.pipeline.build import build


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="construye data/processed/raices.duckdb y las capas Parquet/GeoParquet",
        description="Lee las fuentes de data/raw, las valida, construye las capas municipal y "
        "departamental en DuckDB y comprueba su calidad. Si algo falla, la base anterior queda intacta.",
    )
    parser.add_argument(
        "--raw",
        type=Path,
        default=None,
        help="carpeta de archivos fuente (p. ej. una versión nueva de una fuente); se valida su "
        "estructura y contenido en lugar de su sha256",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="carpeta de salida (por defecto data/processed)"
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SEGUNDOS",
        help="si otra construcción usa la misma carpeta, esperar hasta estos segundos "
        "(por defecto no espera: se niega con un mensaje)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    check_range(args.wait, "--wait", low=0, high=24 * 3600, what="la espera")
    started = time.perf_counter()
    report = build(
        raw=args.raw,
        out=args.out,
        verify_checksums=args.raw is None,
        progress=lambda message: print(message, flush=True),
        wait=args.wait,
    )
    rows = ", ".join(f"{table}: {count}" for table, count in report.rows.items())
    print(f"Filas — {rows}")
    print(f"Notas de calidad registradas: {report.quality_issues} (tabla quality_issues)")
    print(f"Tiempo total: {time.perf_counter() - started:.1f} s")
    return 0
