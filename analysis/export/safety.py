"""Safety of outputs: spreadsheet formula injection, file names, and the output folder.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
run as a formula by Excel, LibreOffice and Google Sheets (OWASP "CSV injection"). Raíces
writes analysts' texts (names, labels, sources) into CSV and XLSX files that others open,
so every text cell is neutralised by prefixing an apostrophe; numbers are left as numbers.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd

from analysis.errors import RaicesError

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_text(value: object) -> object:
    """Make one cell safe to open in a spreadsheet; non-text values are returned as-is.

    Examples
    --------
    >>> neutralise_text("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_text("-5 grados"), neutralise_text(-5), neutralise_text("Sololá")
    ("'-5 grados", -5, 'Sololá')
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` whose text cells and column names cannot run as formulas."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_text)
    safe.columns = [neutralise_text(str(c)) for c in safe.columns]
    if safe.index.dtype == object or pd.api.types.is_string_dtype(safe.index):
        safe.index = safe.index.map(neutralise_text)
    return safe


def safe_filename(name: str, *, default: str = "archivo", max_length: int = 80) -> str:
    """A file name without folders, accents, spaces or characters that shells dislike.

    Examples
    --------
    >>> safe_filename("../../etc/Informe Sololá: 2024?.pdf")
    'Informe_Solola_2024.pdf'
    >>> safe_filename("...")
    'archivo'
    """
    base = str(name).replace("\\", "/").split("/")[-1]
    plain = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"[^A-Za-z0-9._-]+", "_", plain)
    plain = re.sub(r"_+", "_", plain).strip("._-")
    stem, dot, suffix = plain.rpartition(".")
    if dot and stem:
        stem = stem.strip("._-")[: max_length - len(suffix) - 1]
        plain = f"{stem}.{suffix}" if stem else ""
    else:
        plain = plain[:max_length]
    return plain or default


def path_within(folder: str | Path, name: str) -> Path:
    """Path of ``name`` inside ``folder``; refuses anything that would land outside it.

    Parameters
    ----------
    folder
        Output folder.
    name
        Relative file name (sub-folders allowed, each part sanitised).

    Raises
    ------
    RaicesError
        When the resolved path leaves ``folder`` (``..``, absolute paths, symlinks).
    """
    root = Path(folder).resolve()
    parts = [p for p in str(name).replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts) or str(name).startswith(("/", "\\")):
        raise RaicesError(f"nombre de archivo no permitido «{name}»", file=name)
    target = root.joinpath(*[safe_filename(p) for p in parts]).resolve()
    if root != target and root not in target.parents:
        raise RaicesError(f"«{name}» quedaría fuera de la carpeta de salida", file=name)
    return target
