"""The results framework: indicators (outputs and outcomes) and their measurements.

An institution's editor defines the indicators their institution leads and records and
corrects their measurements; the secretariat may change any. Who reported a measurement
and when are kept; a correction is stamped with who changed it, and an editor's change to
a published indicator or measurement returns it to draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.errors import RaicesError
from analysis.monitoring.changes import (
    RecordKind,
    add_record,
    load_record,
    require_writer,
    update_record,
)
from analysis.monitoring.lifecycle import visible
from analysis.monitoring.models import INDICATOR_KINDS, Action, Indicator, Measurement
from analysis.monitoring.validation import (
    Problem,
    check_date,
    clean_text,
    parse_number,
    parse_territories,
    raise_problems,
    unknown_fields,
)
from analysis.records.mixins import utcnow
from analysis.records.permissions import require_editor_of
from analysis.records.users import Principal

INDICATOR_FIELDS = ("institution_id", "action_id", "name", "kind", "unit", "baseline", "target",
                    "level", "code")  # fmt: skip
"""Fields of an indicator as the service takes them (``level``/``code``: its territory)."""

MEASUREMENT_FIELDS = ("measured_on", "value", "note")
"""Fields of a measurement a person types (the indicator and the reporter are fixed)."""


# --------------------------------------------------------------------------- indicators
def validate_indicator(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Check and normalise an indicator's fields; return the clean values and every problem."""
    problems = unknown_fields(values, INDICATOR_FIELDS)
    clean = {
        "institution_id": values.get("institution_id"),
        "action_id": values.get("action_id") or None,
        "name": clean_text(values.get("name"), 300),
        "kind": clean_text(values.get("kind")) or "producto",
        "unit": clean_text(values.get("unit"), 100),
        "baseline": parse_number(values.get("baseline"), "baseline", problems),
        "target": parse_number(values.get("target"), "target", problems),
        "level": None,
        "code": None,
    }
    if not clean["name"]:
        problems.append(Problem("name", "falta el nombre del indicador"))
    if clean["kind"] not in INDICATOR_KINDS:
        problems.append(
            Problem("kind", f"tipo desconocido «{clean['kind']}» (producto o resultado)")
        )
    if values.get("code") not in (None, ""):
        found, territory_problems = parse_territories(
            [(values.get("level"), values.get("code"))]
            if values.get("level")
            else [values.get("code")]
        )
        problems += territory_problems
        if found:
            clean["level"], clean["code"] = found[0]
    return clean, problems


INDICATORS = RecordKind.of_columns(Indicator, "indicators", INDICATOR_FIELDS, validate_indicator)
"""How :func:`~analysis.monitoring.changes.update_record` changes an indicator."""


def create_indicator(
    session: Session, principal: Principal, values: Mapping[str, Any]
) -> Indicator:
    """Add a results indicator of the principal's institution (draft)."""
    require_writer(session, principal)
    require_editor_of(principal, values.get("institution_id"))
    clean, problems = validate_indicator(values)
    if clean["action_id"] is not None:
        action = session.get(Action, int(clean["action_id"]))
        if action is None or action.institution_id != clean["institution_id"]:
            problems.append(Problem("action_id", "la acción no existe o es de otra institución"))
    raise_problems(problems, table="indicators")
    indicator = Indicator(**clean, created_by=principal.username, published=False)
    add_record(session, principal, "indicators", indicator)
    return indicator


def update_indicator(
    session: Session,
    principal: Principal,
    indicator_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
) -> Indicator:
    """Change an indicator (its institution's editors or the secretariat)."""

    def authorize(indicator: Indicator) -> None:
        require_editor_of(principal, indicator.institution_id)
        moved_to = changes.get("institution_id", indicator.institution_id)
        if moved_to != indicator.institution_id:
            require_editor_of(principal, moved_to)

    indicator, _ = update_record(session, principal, INDICATORS, indicator_id, changes,
                                 expected_version=expected_version, authorize=authorize)  # fmt: skip
    return indicator


# --------------------------------------------------------------------------- measurements
def validate_measurement(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Check a measurement's date, value and note; return the clean values and every problem.

    Examples
    --------
    >>> clean, problems = validate_measurement({"measured_on": "2026-03-31", "value": "1,200"})
    >>> clean["value"], problems
    (1200.0, [])
    >>> [str(p) for p in validate_measurement({"measured_on": "ayer"})[1]]
    ['value: falta el valor medido', 'measured_on: «ayer» no es una fecha']
    """
    problems = unknown_fields(values, MEASUREMENT_FIELDS)
    number = parse_number(values.get("value"), "value", problems)
    if number is None and not any(p.field == "value" for p in problems):
        problems.append(Problem("value", "falta el valor medido"))
    day = check_date(values.get("measured_on"), "measured_on", problems)
    if day is None and not any(p.field == "measured_on" for p in problems):
        problems.append(Problem("measured_on", "falta la fecha de la medición"))
    clean = {"measured_on": day, "value": number, "note": clean_text(values.get("note"))}
    return clean, problems


def _measurable(session: Session, principal: Principal, indicator_id: int) -> Indicator:
    """The indicator, if the principal may record its measurements and it is not deleted."""
    indicator: Indicator = load_record(session, Indicator, indicator_id, "indicators")
    require_editor_of(principal, indicator.institution_id)
    if indicator.deleted_at is not None:
        raise RaicesError(f"el indicador {indicator_id} fue eliminado")
    return indicator


def add_measurement(
    session: Session,
    principal: Principal,
    indicator_id: int,
    *,
    measured_on: Any,
    value: Any,
    note: str | None = None,
) -> Measurement:
    """Record a measurement of an indicator; who reported it and when are kept."""
    require_writer(session, principal)
    indicator = _measurable(session, principal, indicator_id)
    clean, problems = validate_measurement(
        {"measured_on": measured_on, "value": value, "note": note}
    )
    raise_problems(problems, table="measurements")
    measurement = Measurement(
        indicator_id=indicator.id,
        **clean,
        reported_by=str(principal.username),
        reported_at=utcnow(),
        created_by=principal.username,
        published=False,
    )
    add_record(session, principal, "measurements", measurement)
    return measurement


def get_measurement(session: Session, principal: Principal, measurement_id: int) -> Measurement:
    """One measurement, if ``principal`` may read it (otherwise as if it did not exist)."""
    measurement = session.scalar(
        select(Measurement).where(
            Measurement.id == int(measurement_id), visible(Measurement, principal)
        )
    )
    if measurement is None:
        raise RaicesError(f"no existe la medición {measurement_id} o no es pública")
    return measurement


MEASUREMENTS = RecordKind.of_columns(
    Measurement, "measurements", MEASUREMENT_FIELDS, validate_measurement
)
"""How :func:`~analysis.monitoring.changes.update_record` changes a measurement."""


def update_measurement(
    session: Session,
    principal: Principal,
    measurement_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
) -> Measurement:
    """Correct a measurement's date, value or note.

    The editors of the indicator's institution or the secretariat may; the change is
    audited, an editor's change returns a published measurement to draft, and who first
    reported it (``reported_by``, ``reported_at``) is kept: the correction is stamped in
    ``updated_by``/``updated_at``.

    Parameters
    ----------
    changes
        Some of :data:`MEASUREMENT_FIELDS`, validated as :func:`add_measurement` does.
    expected_version
        The version the form was opened with.

    Raises
    ------
    ConflictError
        When ``expected_version`` is not the stored version (someone saved in between).
    PermissionDenied
        When the principal may not edit the indicator's institution's records.
    RaicesError
        When the measurement or its indicator was deleted, or naming every field that
        cannot be saved.
    """

    def authorize(measurement: Measurement) -> None:
        _measurable(session, principal, measurement.indicator_id)
        if measurement.deleted_at is not None:
            raise RaicesError(
                f"la medición {measurement_id} fue eliminada",
                hint="la secretaría puede restaurarla",
            )

    measurement, _ = update_record(session, principal, MEASUREMENTS, measurement_id, changes,
                                   expected_version=expected_version, authorize=authorize)  # fmt: skip
    return measurement
