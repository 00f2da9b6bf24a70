"""Errors that speak to a commission analyst: which file, which row or column, what was expected."""

from __future__ import annotations

from pathlib import Path


class RaicesError(Exception):
    """An expected problem with input or configuration, reported without a traceback.

    Parameters
    ----------
    message
        What went wrong and what was expected, in plain words.
    file
        The file concerned, if any.
    row
        The row concerned (1-based, as a spreadsheet shows it), if any.
    column
        The column or field concerned, if any.
    hint
        What the user can do about it.

    Examples
    --------
    >>> str(RaicesError("falta la columna", file="datos.csv", column="muncode"))
    'datos.csv, columna «muncode»: falta la columna'
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"fila {self.row}")
        if self.column:
            where.append(f"columna «{self.column}»")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class DataMissingError(RaicesError):
    """The processed data the caller needs has not been built yet."""
