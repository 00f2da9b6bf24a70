"""Read an analyst's CSV or XLSX table safely.

Safety rules (each a named, documented parameter or constant):

* the file must be smaller than ``max_bytes`` and have at most ``max_rows`` data rows,
  ``max_columns`` columns and ``max_cells`` cells (a 20 MB file of one line with two million
  separators would otherwise become two million columns);
* a file that is not text (an image, a PDF, an archive renamed ``.csv``) is named as such;
* XLSX archives whose *uncompressed* size exceeds ``MAX_XLSX_UNCOMPRESSED`` are refused
  (a guard against "zip bombs");
* spreadsheet formulas are never evaluated: the value Excel saved with the file is read
  (``openpyxl`` ``data_only=True``) and each formula cell is reported; a formula saved
  without a value is read as empty;
* CSV encodings are detected (UTF-8, UTF-8 with BOM, Windows-1252, Latin-1) and text that
  was decoded twice ("mojibake", e.g. ``SololÃ¡``) is repaired; every repair is reported;
* every cell is read as text: nothing in the file is interpreted or executed, numbers are
  parsed later by :func:`parse_number`.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.errors import RaicesError

MAX_BYTES = 20 * 1024 * 1024
"""Default largest file accepted (20 MB): a municipal table is a few hundred kB at most."""
MAX_ROWS = 100_000
"""Default largest number of data rows (340 municipios × many years fits easily)."""
MAX_COLUMNS = 500
"""Default largest number of columns (a wide table of years or age groups fits easily)."""
MAX_CELLS = 1_000_000
"""Default largest number of cells read (rows × columns): bounds the memory of one upload."""
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
"""Largest uncompressed size of an XLSX archive."""
_SNIFF_CHARS = 64 * 1024
"""The delimiter is guessed from the first 64 kB only (the sniffer is slow on long lines)."""

_BINARY_SIGNATURES = (
    (b"\x89PNG", "una imagen PNG"),
    (b"\xff\xd8\xff", "una imagen JPEG"),
    (b"GIF8", "una imagen GIF"),
    (b"%PDF", "un documento PDF"),
    (b"PK\x03\x04", "un archivo comprimido (ZIP o libro .xlsx)"),
    (b"\xd0\xcf\x11\xe0", "un documento de Office antiguo (.xls/.doc)"),
)

_MOJIBAKE_MARKERS = re.compile("[ÃÂâ][\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc]|Ã")


@dataclass
class ReadReport:
    """What happened while reading a file (shown to the analyst and kept in metadata).

    Attributes
    ----------
    file
        Name of the file read.
    kind
        ``"csv"`` or ``"xlsx"``.
    encoding
        Encoding detected for a CSV (``None`` for XLSX).
    delimiter
        Field delimiter detected for a CSV.
    sheet
        Sheet read from an XLSX.
    rows
        Number of data rows.
    repairs
        One dict per repaired cell: ``row`` (spreadsheet numbering), ``column``,
        ``before``, ``after``.
    formulas
        One dict per formula cell: ``row``, ``column``, ``formula``, ``value_used``.
    notes
        Other remarks, in Spanish.
    """

    file: str
    kind: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    rows: int = 0
    repairs: list[dict[str, object]] = field(default_factory=list)
    formulas: list[dict[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One paragraph in Spanish describing the reading."""
        parts = [f"{self.file}: {self.rows} filas leídas"]
        if self.encoding:
            parts.append(f"codificación {self.encoding}")
        if self.sheet:
            parts.append(f"hoja «{self.sheet}»")
        if self.repairs:
            parts.append(f"{len(self.repairs)} celdas con acentos dañados reparadas")
        if self.formulas:
            parts.append(f"{len(self.formulas)} fórmulas no evaluadas (se usó el valor guardado)")
        return "; ".join(parts + self.notes) + "."


def repair_mojibake(text: str) -> str:
    """Undo text that was UTF-8 but decoded as Windows-1252/Latin-1 (possibly twice).

    Parameters
    ----------
    text
        Any text; returned unchanged when it shows no sign of double decoding or when the
        repair would not give valid UTF-8.

    Examples
    --------
    >>> repair_mojibake("SololÃ¡")
    'Sololá'
    >>> repair_mojibake("PetÃƒÂ©n")
    'Petén'
    >>> repair_mojibake("Sololá")
    'Sololá'
    """
    current = text
    for _ in range(3):
        if not _MOJIBAKE_MARKERS.search(current):
            break
        repaired = None
        for codec in ("cp1252", "latin-1"):
            try:
                repaired = current.encode(codec).decode("utf-8")
                break
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
        if repaired is None or repaired == current:
            break
        current = repaired
    return current


def _refuse_binary(data: bytes, file: str) -> None:
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise RaicesError(
                f"no es una tabla de texto: el contenido es {kind}",
                file=file,
                hint="exporte la tabla como .csv (texto) o .xlsx y súbala con esa extensión",
            )
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RaicesError(
            "no es una tabla de texto: el archivo contiene datos binarios",
            file=file,
            hint="exporte la tabla como .csv (texto) o .xlsx",
        )


def _decode(data: bytes, file: str) -> tuple[str, str]:
    _refuse_binary(data, file)
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text[:_SNIFF_CHARS].splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in (",", ";", "\t", "|")}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _check_size(path: Path, max_bytes: int) -> None:
    if not path.is_file():
        raise RaicesError("no se encuentra el archivo", file=path)
    size = path.stat().st_size
    if size > max_bytes:
        raise RaicesError(
            f"el archivo pesa {size / 1e6:.1f} MB y el límite es {max_bytes / 1e6:.1f} MB",
            file=path.name,
            hint="divida la tabla o quite columnas que no necesita",
        )
    if size == 0:
        raise RaicesError("el archivo está vacío", file=path.name)


def _repair_frame(
    frame: pd.DataFrame, report: ReadReport, header_row: int, rows: list[int]
) -> pd.DataFrame:
    columns = []
    for name in frame.columns:
        fixed = repair_mojibake(str(name))
        if fixed != name:
            report.repairs.append(
                {"row": header_row, "column": fixed, "before": name, "after": fixed}
            )
        columns.append(fixed)
    frame.columns = columns
    _check_columns(frame, report.file)
    for column in frame.columns:
        values = frame[column].tolist()
        changed = False
        for position, value in enumerate(values):
            if isinstance(value, str) and _MOJIBAKE_MARKERS.search(value):
                fixed = repair_mojibake(value)
                if fixed != value:
                    report.repairs.append(
                        {"row": rows[position], "column": column, "before": value, "after": fixed}
                    )
                    values[position] = fixed
                    changed = True
        if changed:
            frame[column] = values
    frame.attrs["rows"] = rows
    return frame


def _frame_from_rows(
    records: list[tuple[int, list[str]]], header_row: int, name: str
) -> tuple[pd.DataFrame, list[int]]:
    """Header at spreadsheet row ``header_row``; blank rows dropped, row numbers kept."""
    before = [r for r in records if r[0] >= header_row]
    if not before:
        raise RaicesError(
            f"no hay nada en la fila {header_row} ni debajo", file=name, hint="revise --header-row"
        )
    header_number, header = before[0]
    if header_number != header_row and header_row > 1:
        raise RaicesError(f"la fila {header_row} está vacía; debe tener los encabezados", file=name)
    body = [(n, cells) for n, cells in before[1:] if any(str(c).strip() for c in cells)]
    width = len(header)
    for number, cells in body:
        extra = [c for c in cells[width:] if str(c).strip()]
        if extra:
            raise RaicesError(
                f"la fila tiene {len(cells)} celdas pero el encabezado sólo {width}",
                file=name,
                row=number,
                hint="revise el separador o las comillas",
            )
    names = [str(c).strip() or f"columna_{i + 1}" for i, c in enumerate(header)]
    data = [[(cells[i] if i < len(cells) else "") for i in range(width)] for _, cells in body]
    return pd.DataFrame(data, columns=names, dtype=object), [n for n, _ in body]


def _check_columns(frame: pd.DataFrame, file: str) -> None:
    names = [str(c).strip() for c in frame.columns]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise RaicesError("hay dos columnas con el mismo nombre", file=file, column=name)
        seen.add(name)
    frame.columns = names


def read_table(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    display_name: str | None = None,
    header_row: int = 1,
    max_columns: int = MAX_COLUMNS,
    max_cells: int = MAX_CELLS,
) -> tuple[pd.DataFrame, ReadReport]:
    """Read a CSV or XLSX table as text, safely, and report what was done.

    Parameters
    ----------
    path
        ``.csv``/``.txt``/``.tsv`` or ``.xlsx``/``.xlsm`` file.
    sheet
        Sheet name or 0-based position for XLSX; the first sheet when ``None``.
    max_bytes, max_rows, max_columns, max_cells
        Limits on file size, data rows, columns and cells (see module constants).
    display_name
        Name used in messages (e.g. the original name of an uploaded file).
    header_row
        Spreadsheet row (1-based) holding the column names; rows above it (titles,
        notes) are ignored.

    Returns
    -------
    frame : DataFrame
        One column per header cell, every cell a ``str`` (empty string when blank), a
        default ``RangeIndex``; blank rows are dropped and ``frame.attrs["rows"]`` holds
        the spreadsheet row number of each data row (used in every message).
    report : ReadReport

    Raises
    ------
    RaicesError
        For a missing, empty, oversized, too wide, unreadable or unsupported file, or one
        that is not a text table.
    """
    path = Path(path)
    name = display_name or path.name
    _check_size(path, max_bytes)
    if header_row < 1:
        raise RaicesError("la fila de encabezados empieza en 1", file=name)
    limits = _Limits(max_rows=max_rows, max_columns=max_columns, max_cells=max_cells)
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        frame, report = _read_xlsx(path, name, sheet, limits, header_row)
    elif suffix in {".csv", ".txt", ".tsv"}:
        frame, report = _read_csv(path, name, limits, header_row)
    elif suffix == ".xls":
        raise RaicesError(
            "el formato .xls (Excel 97-2003) no se admite",
            file=name,
            hint="guárdelo como .xlsx o .csv",
        )
    else:
        raise RaicesError(
            f"tipo de archivo no admitido «{suffix or 'sin extensión'}»",
            file=name,
            hint="use .csv o .xlsx",
        )
    report.rows = len(frame)
    if frame.empty:
        report.notes.append("sólo hay encabezados: ninguna fila de datos")
    return frame, report


@dataclass(frozen=True)
class _Limits:
    max_rows: int
    max_columns: int
    max_cells: int

    def check_width(self, width: int, name: str, row: int) -> None:
        if width > self.max_columns:
            raise RaicesError(
                f"la fila tiene más de {self.max_columns} columnas",
                file=name,
                row=row,
                hint="quite columnas que no necesita o divida la tabla",
            )

    def check_cells(self, cells: int, name: str, row: int) -> None:
        if cells > self.max_cells:
            raise RaicesError(
                f"la tabla tiene más de {self.max_cells:,} celdas".replace(",", " "),
                file=name,
                row=row,
                hint="quite columnas que no necesita o divida la tabla",
            )


def _bounded_lines(text: str, delimiter: str, limits: _Limits, name: str):
    """Physical lines, refusing one with far more separators than columns allowed *before*
    the CSV parser turns it into millions of cells (quoted separators are allowed for)."""
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > limits.max_columns and line.count(delimiter) > 4 * limits.max_columns:
            limits.check_width(line.count(delimiter) + 1, name, number)
        yield line


def _read_csv(
    path: Path, name: str, limits: _Limits, header_row: int
) -> tuple[pd.DataFrame, ReadReport]:
    text, encoding = _decode(path.read_bytes(), name)
    report = ReadReport(file=name, kind="csv", encoding=encoding)
    if encoding in {"cp1252", "latin-1"}:
        report.notes.append(f"el archivo no era UTF-8; se leyó como {encoding}")
    delimiter = _sniff_delimiter(text)
    report.delimiter = delimiter
    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(_bounded_lines(text, delimiter, limits, name), delimiter=delimiter)
    cells_read = 0
    try:
        start = 1
        for cells in reader:
            limits.check_width(len(cells), name, start)
            cells_read += len(cells)
            limits.check_cells(cells_read, name, start)
            records.append((start, cells))
            start = reader.line_num + 1
            if len(records) > limits.max_rows + header_row:
                raise RaicesError(
                    f"la tabla tiene más de {limits.max_rows} filas",
                    file=name,
                    hint="divida el archivo",
                )
    except csv.Error as error:
        raise RaicesError(
            f"no se pudo leer como CSV: {error}", file=name, row=reader.line_num
        ) from None
    records = [(n, c) for n, c in records if c and any(x.strip() for x in c)]
    if not records:
        raise RaicesError("el archivo no tiene encabezados ni filas", file=name)
    frame, rows = _frame_from_rows(records, header_row, name)
    return _repair_frame(frame, report, header_row, rows), report


def _read_xlsx(
    path: Path, name: str, sheet: str | int | None, limits: _Limits, header_row: int
) -> tuple[pd.DataFrame, ReadReport]:
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise RaicesError("no es un archivo Excel .xlsx válido", file=name) from None
    if total > MAX_XLSX_UNCOMPRESSED:
        raise RaicesError(
            f"el libro descomprimido ocupa {total / 1e6:.0f} MB (límite "
            f"{MAX_XLSX_UNCOMPRESSED / 1e6:.0f} MB)",
            file=name,
        )
    try:
        values_book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formula_book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many unrelated types for damaged files
        raise RaicesError(f"no se pudo abrir el libro: {error}", file=name) from None
    try:
        sheets = values_book.sheetnames
        if sheet is None:
            chosen = sheets[0]
        elif isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit()):
            position = int(sheet)
            if not 0 <= position < len(sheets):
                raise RaicesError(
                    f"el libro sólo tiene {len(sheets)} hojas", file=name, hint=", ".join(sheets)
                )
            chosen = sheets[position]
        elif sheet in sheets:
            chosen = sheet
        else:
            raise RaicesError(
                f"no existe la hoja «{sheet}»",
                file=name,
                hint="hojas disponibles: " + ", ".join(sheets),
            )
        report = ReadReport(file=name, kind="xlsx", sheet=chosen)
        rows: list[list[object]] = []
        # One column past the limit is read, so that a wider sheet is refused without
        # materialising its (possibly 16 384) columns.
        width = limits.max_columns + 1
        formula_rows = formula_book[chosen].iter_rows(values_only=True, max_col=width)
        cells_read = 0
        for number, (values, formulas) in enumerate(
            zip(
                values_book[chosen].iter_rows(values_only=True, max_col=width),
                formula_rows,
                strict=False,
            ),
            start=1,
        ):
            if number > limits.max_rows + header_row:
                raise RaicesError(
                    f"la hoja tiene más de {limits.max_rows} filas",
                    file=name,
                    hint="divida el archivo",
                )
            used = len(values)
            while used and (values[used - 1] is None or str(values[used - 1]).strip() == ""):
                used -= 1
            limits.check_width(used, name, number)
            cells_read += used
            limits.check_cells(cells_read, name, number)
            values = values[:used]
            for position, raw in enumerate(formulas):
                if isinstance(raw, str) and raw.startswith("="):
                    report.formulas.append(
                        {
                            "row": number,
                            "column": position + 1,
                            "formula": raw[:80],
                            "value_used": values[position] if position < len(values) else None,
                        }
                    )
            rows.append(list(values))
        _refuse_values_beyond(values_book[chosen], width, limits, name)
    finally:
        values_book.close()
        formula_book.close()
    records = [
        (number, [_cell_text(cell) for cell in row])
        for number, row in enumerate(rows, start=1)
        if any(cell is not None and str(cell).strip() != "" for cell in row)
    ]
    if not records:
        raise RaicesError("la hoja está vacía", file=name, hint=f"hoja «{chosen}»")
    # Trailing columns without a header and without values are formatting, not data.
    header_cells = next((cells for n, cells in records if n >= header_row), [])
    width = len(header_cells)
    while width > 0 and header_cells[width - 1] == "":
        if any(len(c) >= width and c[width - 1] != "" for n, c in records if n > header_row):
            break
        width -= 1
    records = [(n, cells[:width] if n >= header_row else cells) for n, cells in records]
    frame, numbers = _frame_from_rows(records, header_row, name)
    for note in report.formulas:
        if note["value_used"] is None:
            report.notes.append(
                f"fila {note['row']}: fórmula sin valor guardado, se lee como vacía"
            )
    return _repair_frame(frame, report, header_row, numbers), report


def _refuse_values_beyond(sheet, width: int, limits: _Limits, name: str) -> None:
    """A value further right than the columns read is refused, never dropped in silence.

    Only sheets whose recorded size reaches past ``width`` are scanned again (formatting far
    to the right is common and harmless); the scan keeps no cells.
    """
    widest = sheet.max_column or 0
    if widest <= width:
        return
    for number, row in enumerate(sheet.iter_rows(min_col=width + 1, values_only=True), start=1):
        if any(cell is not None and str(cell).strip() != "" for cell in row):
            limits.check_width(widest, name, number)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def parse_number(text: object) -> float | None:
    """Parse a number written the way Guatemalan tables write them; ``None`` if impossible.

    Accepts ``1234.5``, ``1,234.5``, ``1.234,5``, ``12,5``, ``1 234``, ``45%`` (→ 45.0:
    the percent sign is dropped, not divided), ``(12)`` (→ -12). Empty text and the
    usual placeholders (``-``, ``NA``, ``N/D``, ``s/d``) give NaN. A value too large to be
    finite (``1e999``, ``inf``) is not a number (``None``): it would be stored as infinity.

    Examples
    --------
    >>> parse_number("1,234.5"), parse_number("1.234,5"), parse_number("12,5")
    (1234.5, 1234.5, 12.5)
    >>> parse_number("abc") is None
    True
    >>> parse_number("n/d")
    nan
    >>> parse_number("1e999") is None, parse_number(float("inf")) is None
    (True, True)
    """
    if text is None:
        return float("nan")
    if isinstance(text, int | float):
        number = float(text)
        return None if math.isinf(number) else number
    raw = str(text).strip().replace("\u00a0", " ").replace("\u2009", " ")
    if raw.lower() in {"", "-", "--", "na", "n/a", "nd", "n/d", "s/d", "sd", "nan", "..."}:
        return float("nan")
    negative = raw.startswith("(") and raw.endswith(")")
    raw = raw.strip("()").replace(" ", "").rstrip("%")
    if not re.fullmatch(r"[+-]?[\d.,]+(e[+-]?\d+)?", raw, flags=re.IGNORECASE):
        return None
    if "," in raw and "." in raw:
        if raw.rfind(",") > raw.rfind("."):
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", "")
    elif "," in raw:
        if re.fullmatch(r"[+-]?[1-9]\d{0,2}(,\d{3})+", raw):
            raw = raw.replace(",", "")
        elif raw.count(",") == 1:
            raw = raw.replace(",", ".")
        else:
            return None
    elif raw.count(".") > 1:
        if re.fullmatch(r"[+-]?[1-9]\d{0,2}(\.\d{3})+", raw):
            raw = raw.replace(".", "")
        else:
            return None
    try:
        value = float(raw)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return -value if negative else value
