"""Shared pieces of the source readers: the result type, safe file opening and key checks."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineError

from analysis.errors import RaicesError

VALUE_COLUMNS = ["level", "code", "indicator", "year", "value", "se"]
SERIES_COLUMNS = ["level", "code", "series", "year", "value"]
QUALITY_COLUMNS = ["source_id", "file", "row", "field", "code", "issue", "action"]

#: The only texts a numeric source cell may hold besides a number: each means "no data".
#: Compared after trimming spaces and ignoring case. Every one accepted is logged in
#: ``quality_issues``; any other text stops the build with the file, sheet, cell and value.
MISSING_MARKERS: tuple[str, ...] = ("", "N/D", "ND", "NA", "N/A", "S/D", "-", "--", "—", "..")
_MARKERS_FOLDED = frozenset(marker.casefold() for marker in MISSING_MARKERS)


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


def column_letter(position: int) -> str:
    """Spreadsheet letter of a zero-based column position.

    Examples
    --------
    >>> column_letter(0), column_letter(3), column_letter(26)
    ('A', 'D', 'AA')
    """
    letters = ""
    number = position + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_name(row: int, column: str, *, sheet: str | None = None, letter: str | None = None) -> str:
    """How a cell is named to an analyst: ``Data!D7`` in a workbook, else row and column.

    Examples
    --------
    >>> cell_name(7, "DesastresNat", sheet="Data", letter="D")
    'Data!D7'
    >>> cell_name(12, "2015")
    'fila 12, columna «2015»'
    """
    if sheet is not None and letter is not None:
        return f"{sheet}!{letter}{row}"
    return f"fila {row}, columna «{column}»"


def to_numbers(
    values: pd.Series,
    result: ReaderResult,
    path: Path | str,
    *,
    column: str,
    rows: Sequence[int],
    sheet: str | None = None,
    letter: str | None = None,
    integer: bool = False,
) -> pd.Series:
    """Numbers from a source column, never coercing a word to missing in silence.

    Parameters
    ----------
    values
        The column as read.
    result
        Where accepted missing-value markers and empty cells are logged.
    path
        The source file (named in messages).
    column
        The column's name in the file.
    rows
        The row number an analyst sees for each element (1-based, header included).
    sheet, letter
        Sheet name and column letter of a workbook, so messages name the cell (``Data!D7``).
    integer
        Also require whole numbers (codes).

    Returns
    -------
    pandas.Series
        float64 values, same index; missing where the cell is empty or holds one of
        :data:`MISSING_MARKERS`.

    Raises
    ------
    RaicesError
        On the first cell holding other text, an infinite value or (with ``integer``) a
        fraction, naming file, cell and value.

    Examples
    --------
    >>> r = ReaderResult("demo")
    >>> to_numbers(pd.Series(["1.5", "N/D", None]), r, "x.csv", column="v", rows=[2, 3, 4]).tolist()
    [1.5, nan, nan]
    >>> [q["issue"][:28] for q in r.quality]
    ['marcador de dato faltante «N', '1 celda(s) vacía(s) en la co']
    >>> to_numbers(pd.Series(["DOG"]), r, "x.xlsx", column="v", rows=[7], sheet="Data", letter="D")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analysis.errors.RaicesError: x.xlsx, fila 7, columna «v»: valor no numérico «DOG» en la celda Data!D7 ...
    """
    rows = list(rows)
    text_free = values.map(lambda v: v.strip() if isinstance(v, str) else v)
    numbers = pd.to_numeric(text_free, errors="coerce").astype("float64")
    blank = values.isna()
    for position in np.flatnonzero((numbers.isna() & ~blank).to_numpy()):
        raw = values.iloc[position]
        row = rows[position]
        where = cell_name(row, column, sheet=sheet, letter=letter)
        if isinstance(raw, str) and raw.strip().casefold() in _MARKERS_FOLDED:
            result.note(
                path,
                f"marcador de dato faltante «{raw}» en {where}",
                "se trata como valor faltante (marcador documentado)",
                row=row,
                column=column,
            )
            continue
        raise RaicesError(
            f"valor no numérico «{raw}» en la celda {where} (se esperaba un número, una celda "
            f"vacía o un marcador de dato faltante: {', '.join(m or 'vacío' for m in MISSING_MARKERS)})",
            file=path,
            row=row,
            column=column,
        )
    array = numbers.to_numpy()
    finite = np.isfinite(array)
    fraction = np.zeros(len(array), dtype=bool)
    fraction[finite] = array[finite] % 1 != 0
    for mask, what in (
        (np.isinf(array), "valor infinito"),
        (integer & fraction, "se esperaba un número entero (código)"),
    ):
        positions = np.flatnonzero(mask)
        if len(positions):
            first = int(positions[0])
            row = rows[first]
            raise RaicesError(
                f"{what}: «{values.iloc[first]}» en la celda "
                f"{cell_name(row, column, sheet=sheet, letter=letter)}",
                file=path,
                row=row,
                column=column,
            )
    if blank.any():
        empty_rows = [rows[i] for i in np.flatnonzero(blank.to_numpy())]
        result.note(
            path,
            f"{len(empty_rows)} celda(s) vacía(s) en la columna «{column}» (filas "
            f"{', '.join(map(str, empty_rows[:10]))}{' …' if len(empty_rows) > 10 else ''})",
            "se tratan como valores faltantes",
            row=empty_rows[0],
            column=column,
        )
    return numbers


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
