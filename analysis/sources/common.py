"""Shared pieces of the source readers: the result type, safe file opening and key checks."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from python_calamine import CalamineError

from analysis.errors import RaicesError

VALUE_COLUMNS = ["level", "code", "indicator", "year", "value", "se"]
SERIES_COLUMNS = ["level", "code", "series", "year", "value"]
QUALITY_COLUMNS = ["source_id", "file", "row", "field", "code", "issue", "action"]


@dataclass
class ReaderResult:
    """What a source reader hands to the pipeline.

    ``values`` are tidy indicator rows (level, code, indicator, year, value, se);
    ``series`` are time series rows (level, code, series, year, value);
    ``quality`` records every value the reader repaired or set aside, and why;
    ``tables`` holds any other tidy table the pipeline stages as-is (name → frame).
    """

    source_id: str
    values: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=VALUE_COLUMNS))
    series: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SERIES_COLUMNS))
    quality: list[dict] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def note(
        self,
        file: Path | str,
        issue: str,
        action: str,
        *,
        row: int | None = None,
        column: str | None = None,
        code: int | None = None,
    ) -> None:
        """Record a repaired or set-aside value so it is never dropped silently."""
        self.quality.append(
            {
                "source_id": self.source_id,
                "file": Path(file).name,
                "row": row,
                "field": column,
                "code": code,
                "issue": issue,
                "action": action,
            }
        )


def tidy_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Coerce a values frame to the canonical column order and dtypes."""
    out = frame.reindex(columns=VALUE_COLUMNS).copy()
    out["level"] = out["level"].astype(str)
    out["code"] = out["code"].astype("int64")
    out["indicator"] = out["indicator"].astype(str)
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    out["se"] = pd.to_numeric(out["se"], errors="coerce").astype("float64")
    return out


def require_file(path: Path) -> Path:
    """The path itself, or a clear error when the file is absent."""
    if not path.is_file():
        raise RaicesError(
            "no existe el archivo de la fuente", file=path, hint="ejecute `raices fetch` primero"
        )
    return path


def read_excel_sheet(path: Path, sheet: str, **kwargs) -> pd.DataFrame:
    """Read one sheet, turning a corrupt file or a missing sheet into a clear error.

    Uses the calamine engine (Rust): values only, formulas never evaluated, and an order of
    magnitude faster than openpyxl on the 25,000-row MINEDUC sheet.
    """
    require_file(path)
    try:
        return pd.read_excel(path, sheet_name=sheet, engine="calamine", **kwargs)
    except ValueError as error:
        if "not found" in str(error):
            raise RaicesError(f"falta la hoja «{sheet}»", file=path) from error
        raise RaicesError(f"no se pudo leer la hoja «{sheet}»: {error}", file=path) from error
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, CalamineError) as error:
        raise RaicesError(
            "el archivo está dañado o truncado: no es un libro de Excel válido", file=path
        ) from error


def require_columns(frame: pd.DataFrame, columns: list[str], path: Path, what: str = "") -> None:
    """Raise naming the first expected column that is absent."""
    for column in columns:
        if column not in frame.columns:
            where = f" en {what}" if what else ""
            raise RaicesError(
                f"falta la columna esperada{where}; columnas presentes: "
                f"{', '.join(map(str, frame.columns[:12]))}",
                file=path,
                column=column,
            )


def check_codes(
    codes: pd.Series,
    known: set[int],
    path: Path,
    *,
    first_row: int,
    column: str,
    allow_missing: bool = False,
) -> None:
    """Every code must be a known INE code and appear once.

    ``first_row`` is the spreadsheet row number of the first element, so messages point to
    the row an analyst sees when opening the file.
    """
    numbers = pd.to_numeric(codes, errors="coerce")
    for position, (raw, number) in enumerate(zip(codes, numbers, strict=True)):
        row = first_row + position
        if pd.isna(number):
            raise RaicesError(
                f"código vacío o no numérico: {raw!r}", file=path, row=row, column=column
            )
        if int(number) not in known:
            raise RaicesError(
                f"código de municipio desconocido: {int(number)}", file=path, row=row, column=column
            )
    duplicated = numbers[numbers.duplicated(keep=False)]
    if not duplicated.empty:
        value = int(duplicated.iloc[0])
        rows = [first_row + i for i, n in enumerate(numbers) if n == value]
        raise RaicesError(
            f"código duplicado {value} (filas {', '.join(map(str, rows))})",
            file=path,
            row=rows[1],
            column=column,
        )
    if not allow_missing:
        missing = sorted(known - set(numbers.astype(int)))
        if missing:
            raise RaicesError(
                f"faltan {len(missing)} municipio(s): {', '.join(map(str, missing[:10]))}",
                file=path,
                column=column,
            )


def pcode_to_ine(pcode: str) -> int:
    """Convert an OCHA/A2SIT P-code (``GT1301``) or padded code (``"0101"``) to an INE code.

    Examples
    --------
    >>> pcode_to_ine("GT1301"), pcode_to_ine("0101"), pcode_to_ine("GT0101")
    (1301, 101, 101)
    """
    text = str(pcode).strip().upper()
    if text.startswith("GT"):
        text = text[2:]
    if not text.isdigit():
        raise ValueError(f"P-code no válido: {pcode!r}")
    return int(text)


def ine_to_pcode(code: int) -> str:
    """INE code → OCHA P-code.

    Examples
    --------
    >>> ine_to_pcode(1301), ine_to_pcode(101), ine_to_pcode(13)
    ('GT1301', 'GT0101', 'GT13')
    """
    return f"GT{code:04d}" if code >= 100 else f"GT{code:02d}"
