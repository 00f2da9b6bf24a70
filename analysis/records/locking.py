"""Optimistic locking: every record carries a version; a stale save is refused, never lost.

A form remembers the version it was opened with. Saving compares it with the stored
version (:func:`check_version`) and the UPDATE itself is guarded by the version too
(SQLAlchemy's ``version_id_col``), so two transactions racing past the check still cannot
both win: the second raises :class:`ConflictError` and its author is told to reload.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from analysis.errors import RaicesError


class ConflictError(RaicesError):
    """Someone else saved the record after it was opened; nothing was overwritten."""


class Versioned:
    """Mixin: an integer ``version`` column that SQLAlchemy checks and bumps on UPDATE."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy directive
        return {"version_id_col": cls.version}  # type: ignore[attr-defined]


def conflict_message(table: str, record_id: object) -> ConflictError:
    """The one message a user sees when their save arrived second."""
    return ConflictError(
        f"otra persona guardó este registro ({table} {record_id}) después de que usted lo abrió; "
        "sus cambios no se guardaron",
        hint="vuelva a abrir el registro, revise los cambios del otro y guarde de nuevo",
    )


def check_version(record: Any, expected: int | None, table: str) -> None:
    """Raise :class:`ConflictError` when ``record.version`` is not the version the form had.

    ``expected=None`` skips the check (a caller that has just read the record).
    """
    if expected is not None and int(record.version) != int(expected):
        raise conflict_message(table, getattr(record, "id", "?"))


@contextmanager
def conflicts_reported(table: str, record_id: object) -> Iterator[None]:
    """Turn SQLAlchemy's stale-data error inside the block into :class:`ConflictError`."""
    try:
        yield
    except StaleDataError as error:
        raise conflict_message(table, record_id) from error
