"""The ``raices`` command line.

Each sub-command lives in its own module under :mod:`analysis.commands` and exposes
``register(subparsers)``; the module adds its parser and sets ``func`` to the function
that runs it. Expected problems raise :class:`analysis.errors.RaicesError`, which is
printed as one clear message with a non-zero exit code instead of a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from analysis import __version__
from analysis.errors import RaicesError

COMMANDS: tuple[str, ...] = (
    "fetch",
    "build",
    "add",
    "export",
    "report",
    "boletin",
    "rank",
    "compare",
    "analyze",
    "seguimiento",
    "consulta",
)


def build_parser() -> argparse.ArgumentParser:
    """Parser with every registered sub-command."""
    parser = argparse.ArgumentParser(
        prog="raices",
        description="Raíces: analítica territorial de las causas de la migración irregular.",
    )
    parser.add_argument("--version", action="version", version=f"raices {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMANDO")
    for name in COMMANDS:
        module = importlib.import_module(f"analysis.commands.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 1
    try:
        result = args.func(args)
    except RaicesError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrumpido.", file=sys.stderr)
        return 130
    return int(result or 0)


if __name__ == "__main__":
    raise SystemExit(main())
