"""``raices export``: write the open-data bundle (CSV, XLSX, GeoJSON, GeoPackage, HXL)."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis import paths


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="escribe el paquete de datos abiertos (CSV, XLSX, GeoJSON, GeoPackage, HXL)",
        description="Escribe las capas procesadas como CSV, XLSX, GeoJSON y GeoPackage, con "
        "un descriptor Frictionless (datapackage.json) validado, variantes con etiquetas HXL "
        "y P-codes. Nada se escribe fuera de la carpeta de salida.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="carpeta de salida (por defecto data/processed/datos_abiertos)",
    )
    parser.add_argument(
        "--formats",
        default="csv,hxl,xlsx,geojson,gpkg",
        help="formatos separados por comas (csv siempre se incluye)",
    )
    parser.add_argument(
        "--include-user",
        action="store_true",
        help="incluir los indicadores propios de la capa de usuario",
    )
    parser.add_argument(
        "--scenario",
        default=None,
        help="añade la clasificación de este escenario (id predefinido o .toml) y el escenario",
    )
    parser.add_argument(
        "--draws", type=int, default=None, help="simulaciones para las bandas de la clasificación"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from analysis.export.bundle import export_bundle

    folder = args.out or paths.processed_dir() / "datos_abiertos"
    formats = [f.strip().lower() for f in args.formats.split(",") if f.strip()]
    result = export_bundle(
        folder,
        formats=formats,
        include_user=args.include_user,
        scenario=args.scenario,
        draws=args.draws,
    )
    print(f"Paquete de datos abiertos: {result.summary()}")
    print(f"Descriptor validado: {result.descriptor}")
    return 0
