"""The audit trail: one row per change, with who, when, the record, before and after.

Rows are only ever added. Values are stored as JSON-safe snapshots (dates as ISO text,
decimals as text); password hashes never enter a snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, DateTime, Integer, String, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from analysis.records.database import Base
from analysis.records.locking import conflicts_reported
from analysis.records.mixins import utcnow

if TYPE_CHECKING:
    from analysis.records.principal import Principal

SECRET_COLUMNS = frozenset({"password_hash"})
"""Columns never copied into an audit snapshot."""

ACTIONS = ("create", "update", "delete", "restore", "publish", "unpublish", "import")


class AuditEntry(Base):
    """One change to one record."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str | None] = mapped_column(String(80))
    role: Mapped[str | None] = mapped_column(String(20))
    table_name: Mapped[str] = mapped_column(String(60), index=True)
    record_id: Mapped[str] = mapped_column(String(60), index=True)
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


def json_safe(value: Any) -> Any:
    """A value JSON can hold: dates and times as ISO text, decimals as text.

    Examples
    --------
    >>> json_safe({"d": dt.date(2026, 1, 2), "q": Decimal("10.50"), "l": (1, 2)})
    {'d': '2026-01-02', 'q': '10.50', 'l': [1, 2]}
    """
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    if hasattr(value, "value") and isinstance(getattr(value, "value", None), str):
        return value.value  # enums
    return value


def snapshot(record: Any, *, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Column values of an ORM object (secrets left out), plus ``extra`` values.

    ``extra`` carries related values that live in other tables (territories, partners) so
    that the audit shows the whole record as its author saw it.
    """
    mapper = inspect(record).mapper
    values = {
        column.key: getattr(record, column.key)
        for column in mapper.column_attrs
        if column.key not in SECRET_COLUMNS
    }
    if extra:
        values.update(extra)
    return json_safe(values)


def record_change(
    session: Session,
    principal: Principal,
    table: str,
    record_id: object,
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> AuditEntry:
    """Add an audit row for one change (in the caller's transaction).

    Parameters
    ----------
    session
        The session making the change; the audit row commits or rolls back with it.
    principal
        Who makes the change.
    table, record_id
        The record changed.
    action
        One of :data:`ACTIONS`.
    before, after
        Snapshots (see :func:`snapshot`); ``None`` for a creation's ``before``.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(
        at=utcnow(),
        user_id=principal.user_id,
        username=principal.username,
        role=principal.role.value if principal.role is not None else None,
        table_name=table,
        record_id=str(record_id),
        action=action,
        before=json_safe(dict(before)) if before is not None else None,
        after=json_safe(dict(after)) if after is not None else None,
    )
    session.add(entry)
    return entry


def write_change(
    session: Session,
    principal: Principal,
    table: str,
    record: Any,
    action: str,
    before: Mapping[str, Any] | None,
    view: Callable[[Any], dict[str, Any]] = snapshot,
) -> None:
    """Flush a changed record and audit it (``view`` is what the audit keeps of it).

    The flush runs the version-guarded UPDATE: a session that raced past the version check
    gets a :class:`~analysis.records.locking.ConflictError`, never a silent overwrite.
    """
    with conflicts_reported(table, record.id):
        session.flush()
    record_change(session, principal, table, record.id, action, before, view(record))


def history(session: Session, table: str, record_id: object) -> list[AuditEntry]:
    """Every audit row of one record, oldest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.table_name == table, AuditEntry.record_id == str(record_id))
        .order_by(AuditEntry.id)
    )
    return list(session.scalars(query))


def changed_fields(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[str]:
    """Names of the fields whose value differs between two snapshots."""
    before, after = before or {}, after or {}
    keys: Iterable[str] = sorted(set(before) | set(after))
    return [k for k in keys if before.get(k) != after.get(k)]
