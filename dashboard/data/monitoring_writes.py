"""Writes to the monitoring store from the registro page: each call is one transaction
through the store's own rules (:mod:`analysis.monitoring.actions`, ``results``,
``meetings``, ``lifecycle``), never cached.

The store checks every permission, the version the form was opened with and every value;
a refusal arrives as :class:`~analysis.errors.RaicesError` (``ConflictError``,
``PermissionDenied``) for the page to show in one line. Saves return the record's id and
its new version, so the form can keep editing it without a false conflict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from dashboard.data.monitoring import engine

Result = TypeVar("Result")


def _write(work: Callable[[Any], Result]) -> Result:
    from analysis.records.database import session_scope

    with session_scope(engine()) as session:
        return work(session)


def _read(work: Callable[[Any], Result]) -> Result:
    from analysis.records.database import session_scope

    with session_scope(engine(), readonly=True) as session:
        return work(session)


def _saved(session, record) -> tuple[int, int]:
    session.flush()
    return int(record.id), int(record.version)


# --------------------------------------------------------------------------- actions
def editable_action(principal, action_id: int) -> dict[str, Any]:
    """An action's current fields, version and publication, as the form opens it (the
    store refuses one the principal may not read)."""
    from analysis.monitoring.actions import action_state, get_action

    def work(session):
        action = get_action(session, principal, action_id)
        return action_state(action) | {
            "version": int(action.version),
            "published": bool(action.published),
        }

    return _read(work)


def save_action(
    principal, values: dict[str, Any], action_id: int | None, expected_version: int | None
) -> tuple[int, int]:
    """Create (``action_id=None``) or change an action; returns its id and new version."""
    from analysis.monitoring.actions import create_action, update_action

    def work(session):
        if action_id is None:
            return _saved(session, create_action(session, principal, values))
        action, _ = update_action(
            session, principal, action_id, values, expected_version=expected_version
        )
        return _saved(session, action)

    return _write(work)


# --------------------------------------------------------------------------- results
def save_indicator(principal, values: dict[str, Any]) -> int:
    """Create a results indicator (draft); returns its id."""
    from analysis.monitoring.results import create_indicator

    return _write(lambda session: int(create_indicator(session, principal, values).id))


def editable_measurement(principal, measurement_id: int) -> dict[str, Any]:
    """A measurement's date, value, note, version and publication, as its form opens it."""
    from analysis.monitoring.results import MEASUREMENT_FIELDS, get_measurement

    def work(session):
        measurement = get_measurement(session, principal, measurement_id)
        values = {field: getattr(measurement, field) for field in MEASUREMENT_FIELDS}
        return values | {
            "indicator_id": int(measurement.indicator_id),
            "version": int(measurement.version),
            "published": bool(measurement.published),
        }

    return _read(work)


def save_measurement(
    principal,
    values: dict[str, Any],
    *,
    indicator_id: int | None = None,
    measurement_id: int | None = None,
    expected_version: int | None = None,
) -> tuple[int, int]:
    """Record a measurement of ``indicator_id`` (draft), or correct ``measurement_id``;
    ``values``: ``measured_on``, ``value``, ``note``. Returns its id and new version."""
    from analysis.monitoring.results import add_measurement, update_measurement

    def work(session):
        if measurement_id is None:
            return _saved(session, add_measurement(session, principal, indicator_id, **values))
        measurement = update_measurement(
            session, principal, measurement_id, values, expected_version=expected_version
        )
        return _saved(session, measurement)

    return _write(work)


# --------------------------------------------------------------------------- MMM functioning
def save_meeting(
    principal,
    values: dict[str, Any],
    attending: list[int],
    meeting_id: int | None = None,
    expected_version: int | None = None,
) -> tuple[int, int]:
    """Record a meeting and the institutions present, or change one (secretariat);
    returns its id and new version."""
    from analysis.monitoring.meetings import create_meeting, update_meeting

    def work(session):
        if meeting_id is None:
            return _saved(session, create_meeting(session, principal, values, attending))
        meeting = update_meeting(session, principal, meeting_id, values, attending=attending,
                                 expected_version=expected_version)  # fmt: skip
        return _saved(session, meeting)

    return _write(work)


def save_agreement(
    principal, values: dict[str, Any], agreement_id: int | None, expected_version: int | None
) -> tuple[int, int]:
    """Create or change an agreement; returns its id and new version."""
    from analysis.monitoring.meetings import create_agreement, update_agreement

    def work(session):
        if agreement_id is None:
            return _saved(session, create_agreement(session, principal, values))
        agreement = update_agreement(
            session, principal, agreement_id, values, expected_version=expected_version
        )
        return _saved(session, agreement)

    return _write(work)


# --------------------------------------------------------------------------- lifecycle
def publish(principal, items: list[tuple[str, int, int]]) -> int:
    """Publish records ``(table, id, version)`` (secretariat); returns how many."""
    from analysis.monitoring.lifecycle import set_published

    def work(session):
        for table, record_id, version in items:
            set_published(session, principal, table, record_id, True, expected_version=version)
        return len(items)

    return _write(work)


def set_publication(
    principal, table: str, record_id: int, published: bool, expected_version: int | None
) -> tuple[int, int]:
    """Publish or withdraw one record (secretariat); returns its id and new version."""
    from analysis.monitoring.lifecycle import PUBLISHABLE, set_published

    def work(session):
        set_published(session, principal, table, record_id, published,
                      expected_version=expected_version)  # fmt: skip
        return _saved(session, session.get(PUBLISHABLE[table], int(record_id)))

    return _write(work)


def delete(principal, table: str, record_id: int, expected_version: int | None) -> tuple[int, int]:
    """Mark one record deleted (the audit keeps it; the secretariat can restore it)."""
    from analysis.monitoring.lifecycle import PUBLISHABLE, delete_record

    def work(session):
        delete_record(session, principal, table, record_id, expected_version=expected_version)
        return _saved(session, session.get(PUBLISHABLE[table], int(record_id)))

    return _write(work)


# --------------------------------------------------------------------------- institutions
def create_institution(principal, values: dict[str, Any]) -> int:
    """Add a member institution (secretariat); returns its id."""
    from analysis.records.institutions import create_institution as create

    return _write(lambda session: int(create(session, principal, **values).id))
