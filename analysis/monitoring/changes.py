"""How a change reaches the monitoring store: one path for adding and one for updating.

Every kind of record (:mod:`~analysis.monitoring.actions`, :mod:`~analysis.monitoring.results`,
:mod:`~analysis.monitoring.meetings`) is created with :func:`add_record` and changed with
:func:`update_record`, so that loading, the version check, the review rule and the audit
are written once:

load → permission → version check → validate → snapshot → apply → stamp → unpublish when an
editor changes a published record → flush (a race past the check is a conflict) → audit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from analysis.errors import RaicesError
from analysis.monitoring.validation import Problem, raise_problems
from analysis.records.audit import record_change, snapshot, write_change
from analysis.records.locking import check_version
from analysis.records.mixins import utcnow
from analysis.records.permissions import is_secretariat, require_login
from analysis.records.users import Principal, ensure_active

Validator = Callable[[Session, Mapping[str, Any]], tuple[dict[str, Any], list[Problem]]]
"""Check a record's complete new state: ``(session, values) -> (clean values, problems)``."""


def set_fields(record: Any, clean: Mapping[str, Any]) -> None:
    """Copy clean values onto a record's columns (the default way to apply a change)."""
    for key, value in clean.items():
        setattr(record, key, value)


@dataclass(frozen=True)
class RecordKind:
    """What :func:`update_record` needs to know about one kind of record.

    Attributes
    ----------
    model, table
        The ORM class and its table name (used in messages and the audit).
    state
        The record's present values, as ``validate`` takes them.
    validate
        Checks the present state overlaid with the changes; returns the clean values and
        every problem (checks that need the database included).
    apply
        Writes clean values onto the record (:func:`set_fields` by default).
    view
        What the audit keeps of the record (its column snapshot by default).
    same
        When given, a save whose clean values are ``same`` as the present state writes
        nothing and keeps the version.
    """

    model: type
    table: str
    state: Callable[[Any], dict[str, Any]]
    validate: Validator
    apply: Callable[[Any, Mapping[str, Any]], None] = set_fields
    view: Callable[[Any], dict[str, Any]] = snapshot
    same: Callable[[Mapping[str, Any], Mapping[str, Any]], bool] | None = None

    @classmethod
    def of_columns(
        cls,
        model: type,
        table: str,
        fields: Sequence[str],
        validate: Callable[[Mapping[str, Any]], tuple[dict[str, Any], list[Problem]]],
    ) -> RecordKind:
        """A kind whose state is its columns ``fields`` and whose checks need no database."""
        return cls(
            model=model,
            table=table,
            state=lambda record: {field: getattr(record, field) for field in fields},
            validate=lambda session, values: validate(values),
        )


def require_writer(session: Session, principal: Principal) -> None:
    """Refuse the public and deactivated accounts."""
    require_login(principal)
    ensure_active(session, principal)


def load_record(session: Session, model: type, record_id: int, table: str) -> Any:
    """The record ``record_id`` of ``model`` (deleted ones included).

    Raises
    ------
    RaicesError
        When there is no such record.
    """
    record = session.get(model, int(record_id))
    if record is None:
        raise RaicesError(f"no existe el registro {record_id} en {table}")
    return record


def add_record(
    session: Session,
    principal: Principal,
    table: str,
    record: Any,
    view: Callable[[Any], dict[str, Any]] = snapshot,
    *,
    record_id: Any = None,
) -> None:
    """Add a new record, let the database give it its id, and audit its creation.

    ``view`` is what the audit keeps of the record (its snapshot by default);
    ``record_id`` names a record whose key is not an ``id`` column.
    """
    session.add(record)
    session.flush()
    key = record.id if record_id is None else record_id
    record_change(session, principal, table, key, "create", None, view(record))


def update_record(
    session: Session,
    principal: Principal,
    kind: RecordKind,
    record_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
    authorize: Callable[[Any], None],
) -> tuple[Any, bool]:
    """Change one record of ``kind``; return it and whether anything was written.

    Parameters
    ----------
    kind
        How records of this kind are read, checked, written and audited.
    changes
        The fields to change (the others keep their present value).
    expected_version
        The version the form was opened with (``None``: the caller has just read it).
    authorize
        Raises :class:`~analysis.records.permissions.PermissionDenied` (or
        :class:`RaicesError`) when the principal may not make this change to the record.

    Raises
    ------
    ConflictError
        When ``expected_version`` is not the stored version (someone saved in between).
    PermissionDenied, RaicesError
        From ``authorize``, or naming every field that cannot be saved.

    Notes
    -----
    A change by an editor returns a published record to draft: the secretariat reviews it
    again before the public sees it.
    """
    require_writer(session, principal)
    record = load_record(session, kind.model, record_id, kind.table)
    authorize(record)
    check_version(record, expected_version, kind.table)
    current = kind.state(record)
    clean, problems = kind.validate(session, {**current, **changes})
    raise_problems(problems, table=kind.table)
    if kind.same is not None and kind.same(clean, current):
        return record, False
    before = kind.view(record)
    kind.apply(record, clean)
    record.updated_at, record.updated_by = utcnow(), principal.username
    if record.published and not is_secretariat(principal):
        record.published = False
    write_change(session, principal, kind.table, record, "update", before, kind.view)
    return record, True
