"""The life of a monitoring record after it is written: deletion, restoration,
publication, and who may read it in each state.

Nothing is removed: :func:`delete_record` marks the record and the audit keeps it. Only the
secretariat publishes, withdraws and restores; the public reads published, non-deleted
records (:func:`visible`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from analysis.errors import RaicesError
from analysis.monitoring.changes import load_record, require_writer
from analysis.monitoring.models import Action, Agreement, Indicator, Measurement, Meeting
from analysis.records.audit import snapshot, write_change
from analysis.records.locking import check_version
from analysis.records.mixins import utcnow
from analysis.records.permissions import (
    is_secretariat,
    require_editor_of,
    require_secretariat,
)
from analysis.records.users import Principal, ensure_active

PUBLISHABLE: dict[str, type] = {
    "actions": Action,
    "indicators": Indicator,
    "measurements": Measurement,
    "meetings": Meeting,
    "agreements": Agreement,
}
"""Tables whose records carry a publication state."""


def record_owner(session: Session, record: Any) -> int | None:
    """The institution whose editors may change ``record`` (``None``: the secretariat's)."""
    if isinstance(record, Measurement):
        indicator = session.get(Indicator, record.indicator_id)
        return indicator.institution_id if indicator is not None else None
    if isinstance(record, Meeting):
        return None
    return getattr(record, "institution_id", None)


def _publishable(session: Session, table: str, record_id: int) -> Any:
    model = PUBLISHABLE.get(table)
    if model is None:
        raise RaicesError(f"tabla desconocida «{table}»", hint="use: " + ", ".join(PUBLISHABLE))
    return load_record(session, model, record_id, table)


def _change_state(
    session: Session,
    principal: Principal,
    table: str,
    record_id: int,
    *,
    expected_version: int | None,
    action: str,
    authorize: Callable[[Any], None],
    done: Callable[[Any], bool],
    changes: Mapping[str, Any],
) -> None:
    """The one path of a state change (delete, restore, publish, withdraw).

    Load the record, ``authorize`` it (raises when ``principal`` may not), check the version,
    stop when ``done`` says the record is already in the wanted state (``done`` may refuse the
    change by raising), then apply ``changes`` and write the audit row named ``action``.
    """
    record = _publishable(session, table, record_id)
    authorize(record)
    check_version(record, expected_version, table)
    if done(record):
        return
    before = snapshot(record)
    for name, value in changes.items():
        setattr(record, name, value)
    write_change(session, principal, table, record, action, before)


def delete_record(
    session: Session,
    principal: Principal,
    table: str,
    record_id: int,
    *,
    expected_version: int | None,
) -> None:
    """Mark a record deleted (never removed). Editors for their institution; meetings and
    agreements only the secretariat."""
    require_writer(session, principal)

    def authorize(record: Any) -> None:
        if table in ("meetings", "agreements"):
            require_secretariat(principal)
        else:
            require_editor_of(principal, record_owner(session, record))

    _change_state(
        session, principal, table, record_id, expected_version=expected_version,
        action="delete", authorize=authorize,
        done=lambda record: record.deleted_at is not None,
        changes={"deleted_at": utcnow(), "deleted_by": principal.username, "published": False},
    )  # fmt: skip


def restore_record(
    session: Session,
    principal: Principal,
    table: str,
    record_id: int,
    *,
    expected_version: int | None,
) -> None:
    """Undo a deletion (secretariat only); the record comes back as a draft."""
    require_secretariat(principal)
    ensure_active(session, principal)
    _change_state(
        session, principal, table, record_id, expected_version=expected_version,
        action="restore", authorize=lambda record: None,
        done=lambda record: record.deleted_at is None,
        changes={"deleted_at": None, "deleted_by": None},
    )  # fmt: skip


def set_published(
    session: Session,
    principal: Principal,
    table: str,
    record_id: int,
    published: bool,
    *,
    expected_version: int | None,
) -> None:
    """Publish (or withdraw) a record: the secretariat only; deleted records cannot be."""
    require_secretariat(principal)
    ensure_active(session, principal)
    wanted = bool(published)

    def done(record: Any) -> bool:
        if wanted and record.deleted_at is not None:
            raise RaicesError(f"el registro {record_id} de {table} está eliminado; no se publica")
        return bool(record.published) == wanted

    _change_state(
        session, principal, table, record_id, expected_version=expected_version,
        action="publish" if wanted else "unpublish", authorize=lambda record: None, done=done,
        changes={
            "published": wanted,
            "published_at": utcnow() if wanted else None,
            "published_by": principal.user_id if wanted else None,
        },
    )  # fmt: skip


def visible(model: type, principal: Principal) -> ColumnElement[bool]:
    """SQL condition of the records of ``model`` that ``principal`` may read.

    Public: published and not deleted. Editors: also their own institution's drafts.
    Secretariat: everything not deleted. Usable in any ``select(...).where(...)``.
    """
    alive = model.deleted_at.is_(None)  # type: ignore[attr-defined]
    published = model.published.is_(True)  # type: ignore[attr-defined]
    if principal.role is None:
        return and_(alive, published)
    if is_secretariat(principal):
        return alive
    own: ColumnElement[bool] = false()
    if principal.institution_id is not None:
        if hasattr(model, "institution_id"):
            own = model.institution_id == principal.institution_id  # type: ignore[attr-defined]
        elif model is Measurement:
            own = Measurement.indicator_id.in_(
                select(Indicator.id).where(Indicator.institution_id == principal.institution_id)
            )
    return and_(alive, or_(published, own))
