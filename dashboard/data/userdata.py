"""Cached wrappers for the own-data page (the "user data" section of :mod:`dashboard.data`).

An upload is read once per (file, sheet, header row) into an :class:`UploadedTable`; the page
keeps that object in session state — the text table and how it was read, never the file's
bytes — and every later step (matching preview, saving) works from it. Saving or removing a
shared indicator passes the signed-in :class:`~analysis.records.users.Principal` (or the
anonymous one) to :mod:`analysis.userdata`, which enforces who may do it.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from analysis.export.safety import csv_bytes as safe_csv_bytes
from analysis.export.safety import safe_filename
from analysis.userdata.reading import ReadReport
from dashboard import data


@dataclass(frozen=True)
class UploadedTable:
    """One uploaded table, read once.

    Attributes
    ----------
    name
        File name as uploaded (shown in messages, never used as a path).
    digest
        SHA-256 of the uploaded bytes (kept in the indicator's provenance).
    size
        Size in bytes.
    sheet, header_row
        Reading options the table was read with.
    table
        Every cell as text; ``table.attrs["rows"]`` holds spreadsheet row numbers.
    reading
        How the file was read.
    """

    name: str
    digest: str
    size: int
    sheet: str | None
    header_row: int
    table: pd.DataFrame
    reading: ReadReport

    @property
    def summary(self) -> str:
        """One sentence saying how the file was read."""
        return self.reading.summary()


def user_indicators() -> pd.DataFrame:
    """Analysts' own indicators (catalogue rows, ``origin = "user"``); read on every run
    because the page changes them."""
    from analysis.userdata import list_user_indicators

    return list_user_indicators()


@st.cache_data(show_spinner=False, max_entries=1)
def user_gazetteer() -> pd.DataFrame:
    """Official municipio names and codes used to match uploaded tables."""
    from analysis.userdata.names import load_gazetteer

    return load_gazetteer()


def read_upload(
    name: str, content: bytes, sheet: str | None = None, header_row: int = 1
) -> UploadedTable:
    """Read an uploaded table safely (as text, within the reading limits), once.

    The bytes are written to a private temporary folder under a sanitised name (the
    reader dispatches on the extension), read, and deleted; only the text table and the
    reading report are returned.
    """
    from analysis.userdata.reading import read_table

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / safe_filename(name)
        path.write_bytes(content)
        frame, report = read_table(path, sheet=sheet, header_row=header_row, display_name=name)
    return UploadedTable(
        name=name,
        digest=hashlib.sha256(content).hexdigest(),
        size=len(content),
        sheet=sheet,
        header_row=header_row,
        table=frame,
        reading=report,
    )


def import_upload(upload: UploadedTable, meta: dict[str, Any], *, principal: Any, **options: Any):
    """Match an uploaded table (``dry_run=True``: report only) or store it in the user layer.

    Returns an :class:`analysis.userdata.ImportResult`; when an indicator is stored, every
    cached table is cleared so that maps, profiles and scenarios see it at once. Storing
    needs an editor or secretariat ``principal`` (checked by :mod:`analysis.userdata`).
    """
    from analysis.userdata import UserIndicatorMeta
    from analysis.userdata.importer import import_table

    # sheet and header row were applied when the upload was read
    matching = {k: v for k, v in options.items() if k not in ("sheet", "header_row")}
    result = import_table(
        upload.table,
        upload.reading,
        UserIndicatorMeta(**meta),
        digest=upload.digest,
        territories=user_gazetteer(),
        principal=principal,
        **matching,
    )
    if result.saved is not None:
        _user_layer_changed()
    return result


def remove_user_indicator(indicator: str, *, principal: Any) -> None:
    """Delete an analyst's own indicator (editor or secretariat only) and clear caches."""
    from analysis.userdata import remove_user_indicator as remove

    remove(indicator, principal=principal)
    _user_layer_changed()


def _user_layer_changed() -> None:
    st.cache_data.clear()
    data.index_data.clear()


def guess_upload_columns(columns: list[str]) -> dict[str, str | None]:
    """Likely code, departamento, municipio and value columns of an uploaded table."""
    from analysis.userdata.matching import guess_columns

    return guess_columns(columns)


def matching_display(report: pd.DataFrame, language: str = "es") -> pd.DataFrame:
    """The matching report for people: problems first, statuses and headers in words."""
    from analysis.userdata.matching import report_for_people

    return report_for_people(report, language)


def report_csv_bytes(report: pd.DataFrame) -> bytes:
    """The row-by-row matching report as CSV, safe to open in a spreadsheet."""
    return safe_csv_bytes(report)
