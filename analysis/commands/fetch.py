"""``raices fetch``: bring the raw sources into data/raw with verified checksums."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis import paths
from analysis.sources.fetch import FetchOutcome, fetch

LABELS = {
    "present": "ya presente",
    "mirror": "copiado del espejo",
    "downloaded": "descargado",
    "missing": "FALTA",
    "bad_checksum": "SHA256 INCORRECTO",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fetch",
        help="trae las fuentes publicadas a data/raw y verifica su sha256",
        description="Trae cada archivo declarado desde una carpeta espejo o desde su URL de origen, "
        "y verifica su sha256. Nunca reemplaza un archivo bueno por uno malo.",
    )
    parser.add_argument(
        "--mirror",
        type=Path,
        default=None,
        help="carpeta espejo de las fuentes (por defecto RAICES_MIRROR o ../shared/data/raw)",
    )
    parser.add_argument(
        "--raw", type=Path, default=None, help="carpeta de destino (por defecto data/raw)"
    )
    parser.add_argument(
        "--no-download", action="store_true", help="no intentar descargar del origen"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    def report(outcome: FetchOutcome) -> None:
        print(f"  {LABELS[outcome.status]:<20} {outcome.path}", flush=True)

    raw = args.raw or paths.raw_dir()
    print(f"Fuentes → {raw}")
    outcomes = fetch(mirror=args.mirror, raw=raw, download=not args.no_download, progress=report)
    print(f"Listo: {len(outcomes)} archivos verificados.")
    return 0
