"""One call from a file to an indicator in the user layer (used by the CLI and the app)."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.errors import RaicesError
from analysis.userdata.layer import UserIndicatorMeta, require_layer_editor, save_user_indicator
from analysis.userdata.matching import BLOCKING, apply_suggestions, match_rows, summarise
from analysis.userdata.names import load_gazetteer
from analysis.userdata.reading import MAX_BYTES, MAX_ROWS, ReadReport, read_table

if TYPE_CHECKING:
    from analysis.records.users import Principal


@dataclass
class ImportResult:
    """Outcome of :func:`import_indicator`.

    Attributes
    ----------
    report
        Matching report, one row per input row (see :mod:`analysis.userdata.matching`).
    reading
        How the file was read (encoding, repairs, formulas).
    counts
        Rows per status.
    blocking
        Rows whose status stops the import unless accepted.
    saved
        Metadata file written, or ``None`` (dry run, or stopped by blocking rows).
    """

    report: pd.DataFrame
    reading: ReadReport
    counts: dict[str, int]
    blocking: int
    saved: Path | None

    def summary(self) -> str:
        """Short Spanish summary for the terminal or the app."""
        parts = [f"{status}: {n}" for status, n in self.counts.items() if n]
        text = self.reading.summary() + "\nFilas por estado — " + ", ".join(parts) + "."
        if self.saved is not None:
            text += f"\nIndicador guardado en {self.saved.parent}."
        return text


def select_rows(frame: pd.DataFrame, where: Mapping[str, str], *, file: str) -> pd.DataFrame:
    """Rows whose cells equal the given values (compared as trimmed text; ``2024.0`` = ``2024``).

    Spreadsheet row numbers (``frame.attrs["rows"]``) follow the rows kept.

    Examples
    --------
    >>> table = pd.DataFrame({"año": ["2023", "2024", "2024"], "v": ["1", "2", "3"]})
    >>> table.attrs["rows"] = [2, 3, 4]
    >>> kept = select_rows(table, {"año": "2024"}, file="x.csv")
    >>> kept["v"].tolist(), kept.attrs["rows"]
    (['2', '3'], [3, 4])
    """
    mask = pd.Series(True, index=frame.index)
    for column, wanted in where.items():
        if column not in frame.columns:
            raise RaicesError(
                "la columna del filtro no existe",
                file=file,
                column=column,
                hint="columnas disponibles: " + ", ".join(map(str, frame.columns)),
            )
        cells = frame[column].astype(str).str.strip().str.replace(r"\.0+$", "", regex=True)
        mask &= cells == str(wanted).strip()
    kept = frame[mask.to_numpy()].reset_index(drop=True)
    rows = frame.attrs.get("rows")
    kept.attrs["rows"] = [r for r, keep in zip(rows, mask, strict=True) if keep] if rows else None
    if kept.empty:
        raise RaicesError(
            "ninguna fila cumple el filtro " + ", ".join(f"{c} = {v}" for c, v in where.items()),
            file=file,
        )
    return kept


def import_indicator(
    path: str | Path,
    meta: UserIndicatorMeta,
    *,
    value_column: str,
    code_column: str | None = None,
    name_columns: tuple[str | None, str] | None = None,
    sheet: str | int | None = None,
    header_row: int = 1,
    where: Mapping[str, str] | None = None,
    dry_run: bool = False,
    accept_unmatched: bool = False,
    accept_suggestions: bool = False,
    replace: bool = False,
    user_dir: str | Path | None = None,
    territories: pd.DataFrame | None = None,
    display_name: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    principal: Principal | None = None,
) -> ImportResult:
    """Read, match and (unless ``dry_run``) store an analyst's indicator.

    Parameters
    ----------
    path
        CSV or XLSX file.
    meta
        Declared metadata; validated before anything is read.
    value_column, code_column, name_columns, sheet
        Where the key and the value are (see :func:`analysis.userdata.matching.match_rows`).
    header_row
        Spreadsheet row of the column names (rows above are titles and notes).
    where
        Keep only the rows whose column equals the value (e.g. ``{"año": "2024"}`` in a
        table with one row per municipio and year); the count left out is reported.
    dry_run
        Report only; nothing is written.
    accept_unmatched
        Store the matched rows even when other rows stay unmatched, ambiguous,
        duplicated or invalid (they are listed in the saved report).
    accept_suggestions
        Treat single close-name suggestions as matches.
    replace
        Overwrite an existing user indicator with the same id.
    user_dir
        Folder of the user layer.
    territories
        Gazetteer; :func:`analysis.userdata.names.load_gazetteer` when ``None``.
    display_name
        Name of the file shown in messages (uploads are saved under temporary names).
    max_bytes, max_rows
        Reading limits.
    principal
        Who stores it: an editor or secretariat account (see
        :func:`analysis.userdata.layer.require_layer_editor`); a dry run needs none.

    Returns
    -------
    ImportResult
    """
    meta.validate()
    if not dry_run:
        require_layer_editor(principal)
    frame, reading = read_table(
        path,
        sheet=sheet,
        max_bytes=max_bytes,
        max_rows=max_rows,
        display_name=display_name,
        header_row=header_row,
    )
    return import_table(
        frame,
        reading,
        meta,
        digest=hashlib.sha256(Path(path).read_bytes()).hexdigest(),
        value_column=value_column,
        code_column=code_column,
        name_columns=name_columns,
        where=where,
        dry_run=dry_run,
        accept_unmatched=accept_unmatched,
        accept_suggestions=accept_suggestions,
        replace=replace,
        user_dir=user_dir,
        territories=territories,
        principal=principal,
    )


def import_table(
    frame: pd.DataFrame,
    reading: ReadReport,
    meta: UserIndicatorMeta,
    *,
    digest: str,
    value_column: str,
    code_column: str | None = None,
    name_columns: tuple[str | None, str] | None = None,
    where: Mapping[str, str] | None = None,
    dry_run: bool = False,
    accept_unmatched: bool = False,
    accept_suggestions: bool = False,
    replace: bool = False,
    user_dir: str | Path | None = None,
    territories: pd.DataFrame | None = None,
    principal: Principal | None = None,
) -> ImportResult:
    """Match (and unless ``dry_run`` store) a table already read by :func:`read_table`.

    The dashboard reads an upload once and calls this for the preview and the save, so the
    file's bytes need not be kept. Parameters as :func:`import_indicator`; ``digest`` is
    the SHA-256 of the file read, kept in the provenance. ``frame`` and ``reading`` are
    not changed.
    """
    meta = copy.deepcopy(meta).validate()
    if not dry_run:
        require_layer_editor(principal)
    reading = copy.deepcopy(reading)
    if where:
        frame = select_rows(frame, where, file=reading.file)
        dropped = reading.rows - len(frame)
        conditions = ", ".join(f"{c} = {v}" for c, v in where.items())
        reading.notes.append(f"{dropped} filas excluidas por el filtro «{conditions}»")
    if territories is None:
        territories = load_gazetteer()
    report = match_rows(
        frame,
        territories,
        value_column=value_column,
        code_column=code_column,
        name_columns=name_columns,
        file=reading.file,
    )
    if accept_suggestions:
        report = apply_suggestions(report, territories)
    counts = summarise(report)
    blocking = sum(counts[s] for s in BLOCKING)
    saved = None
    if not dry_run and (blocking == 0 or accept_unmatched):
        matched = report[report["status"] == "matched"]
        if matched.empty:
            raise RaicesError(
                "ninguna fila quedó emparejada con un municipio con valor", file=reading.file
            )
        values = pd.Series(matched["value"].to_numpy(), index=matched["muni_code"].astype(int))
        meta.provenance.update(
            {
                "input_file": reading.file,
                "input_sha256": digest,
                "sheet": reading.sheet,
                "encoding": reading.encoding,
                "repairs": len(reading.repairs),
                "formulas_ignored": len(reading.formulas),
                "key": "code" if code_column else "names",
                "matching": counts,
                "accepted_unmatched": bool(blocking and accept_unmatched),
                "accepted_suggestions": bool(accept_suggestions),
            }
        )
        saved = save_user_indicator(
            meta,
            values,
            report=report,
            replace=replace,
            user_dir=user_dir,
            principal=principal,
        )
    return ImportResult(
        report=report, reading=reading, counts=counts, blocking=blocking, saved=saved
    )
