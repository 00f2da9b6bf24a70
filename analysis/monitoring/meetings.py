"""How the MMM functions: its plenary and commission meetings, who attended, and the
agreements it reached.

The secretariat records and changes meetings and agreements; the institution responsible
for an agreement reports only its status and completion date (:func:`update_agreement`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.monitoring.changes import RecordKind, add_record, set_fields, update_record
from analysis.monitoring.models import (
    AGREEMENT_STATUSES,
    COMMISSIONS,
    MEETING_KINDS,
    Agreement,
    Meeting,
    MeetingAttendance,
)
from analysis.monitoring.validation import (
    Problem,
    check_date,
    clean_text,
    parse_date,
    raise_problems,
)
from analysis.records.audit import snapshot
from analysis.records.models import Institution
from analysis.records.permissions import (
    PermissionDenied,
    is_secretariat,
    require_editor_of,
    require_secretariat,
)
from analysis.records.users import Principal, ensure_active

MEETING_FIELDS = ("kind", "commission", "title", "notes", "held_on")
"""Fields of a meeting as the service takes them (attendance apart)."""

AGREEMENT_FIELDS = ("meeting_id", "text", "institution_id", "due_on", "status", "completed_on")
"""Fields of an agreement as the service takes them."""


# --------------------------------------------------------------------------- meetings
def validate_meeting(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Check a meeting's fields; return the clean values and every problem."""
    problems: list[Problem] = []
    clean: dict[str, Any] = {
        "kind": clean_text(values.get("kind")) or "plenaria",
        "commission": clean_text(values.get("commission")),
        "title": clean_text(values.get("title"), 300),
        "notes": clean_text(values.get("notes")),
    }
    if clean["kind"] not in MEETING_KINDS:
        problems.append(Problem("kind", f"tipo de reunión desconocido «{clean['kind']}»"))
    if clean["kind"] == "comision" and clean["commission"] not in COMMISSIONS:
        problems.append(
            Problem("commission", "indique la comisión (" + ", ".join(COMMISSIONS) + ")")
        )
    try:
        clean["held_on"] = parse_date(values.get("held_on"))
    except (TypeError, ValueError):
        clean["held_on"] = None
    if clean["held_on"] is None:
        problems.append(Problem("held_on", "falta la fecha de la reunión (AAAA-MM-DD)"))
    return clean, problems


def check_attending(session: Session, ids: Iterable[Any]) -> tuple[list[int], list[Problem]]:
    """Sorted distinct institution ids, and a problem for each institution that does not exist."""
    wanted = sorted({int(i) for i in ids})
    known = set(session.scalars(select(Institution.id).where(Institution.id.in_(wanted))))
    problems = [
        Problem("attending", f"no existe la institución {i}") for i in wanted if i not in known
    ]
    return wanted, problems


def _attending(meeting: Meeting) -> list[int]:
    return sorted(a.institution_id for a in meeting.attendance)


def _meeting_state(meeting: Meeting) -> dict[str, Any]:
    return {f: getattr(meeting, f) for f in MEETING_FIELDS} | {"attending": _attending(meeting)}


def _check_meeting(
    session: Session, values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Problem]]:
    clean, problems = validate_meeting(values)
    clean["attending"], found = check_attending(session, values.get("attending") or [])
    return clean, problems + found


def _apply_meeting(meeting: Meeting, clean: Mapping[str, Any]) -> None:
    set_fields(meeting, {k: v for k, v in clean.items() if k != "attending"})
    ids = clean["attending"]
    if ids != _attending(meeting):
        kept = {a.institution_id: a for a in meeting.attendance}
        meeting.attendance = [kept.get(i) or MeetingAttendance(institution_id=i) for i in ids]


def _meeting_view(meeting: Meeting) -> dict[str, Any]:
    return snapshot(meeting, extra={"attending": _attending(meeting)})


MEETINGS = RecordKind(
    model=Meeting,
    table="meetings",
    state=_meeting_state,
    validate=_check_meeting,
    apply=_apply_meeting,
    view=_meeting_view,
)
"""How :func:`~analysis.monitoring.changes.update_record` changes a meeting."""


def create_meeting(
    session: Session, principal: Principal, values: Mapping[str, Any], attending: Iterable[int] = ()
) -> Meeting:
    """Record a plenary or commission meeting and the institutions present (secretariat)."""
    require_secretariat(principal)
    ensure_active(session, principal)
    clean, problems = validate_meeting(values)
    ids, found = check_attending(session, attending)
    raise_problems(problems + found, table="meetings")
    meeting = Meeting(**clean, created_by=principal.username, published=False)
    meeting.attendance = [MeetingAttendance(institution_id=i) for i in ids]
    add_record(
        session, principal, "meetings", meeting, lambda m: snapshot(m, extra={"attending": ids})
    )
    return meeting


def update_meeting(
    session: Session,
    principal: Principal,
    meeting_id: int,
    changes: Mapping[str, Any],
    *,
    attending: Iterable[int] | None = None,
    expected_version: int | None,
) -> Meeting:
    """Change a meeting or its attendance (secretariat); ``attending=None`` keeps it."""
    wanted = dict(changes)
    if attending is not None:
        wanted["attending"] = list(attending)
    meeting, _ = update_record(
        session,
        principal,
        MEETINGS,
        meeting_id,
        wanted,
        expected_version=expected_version,
        authorize=lambda _: require_secretariat(principal),
    )
    return meeting


# --------------------------------------------------------------------------- agreements
def validate_agreement(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Check an agreement's fields; return the clean values and every problem."""
    problems: list[Problem] = []
    clean: dict[str, Any] = {
        "meeting_id": values.get("meeting_id") or None,
        "text": clean_text(values.get("text")),
        "institution_id": values.get("institution_id"),
        "status": clean_text(values.get("status")) or "pendiente",
    }
    if not clean["text"]:
        problems.append(Problem("text", "falta el texto del acuerdo"))
    if clean["institution_id"] is None:
        problems.append(Problem("institution_id", "falta la institución responsable"))
    if clean["status"] not in AGREEMENT_STATUSES:
        problems.append(Problem("status", f"estado desconocido «{clean['status']}»"))
    for field in ("due_on", "completed_on"):
        clean[field] = check_date(values.get(field), field, problems)
    if clean["status"] == "cumplido" and clean["completed_on"] is None:
        problems.append(
            Problem("completed_on", "un acuerdo cumplido necesita la fecha en que se cumplió")
        )
    return clean, problems


AGREEMENTS = RecordKind.of_columns(Agreement, "agreements", AGREEMENT_FIELDS, validate_agreement)
"""How :func:`~analysis.monitoring.changes.update_record` changes an agreement."""


def create_agreement(
    session: Session, principal: Principal, values: Mapping[str, Any]
) -> Agreement:
    """Record an agreement of the MMM (secretariat)."""
    require_secretariat(principal)
    ensure_active(session, principal)
    clean, problems = validate_agreement(values)
    if (
        clean["institution_id"] is not None
        and session.get(Institution, int(clean["institution_id"])) is None
    ):
        problems.append(
            Problem("institution_id", f"no existe la institución {clean['institution_id']}")
        )
    raise_problems(problems, table="agreements")
    agreement = Agreement(**clean, created_by=principal.username, published=False)
    add_record(session, principal, "agreements", agreement)
    return agreement


def update_agreement(
    session: Session,
    principal: Principal,
    agreement_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
) -> Agreement:
    """Change an agreement. The secretariat changes anything; the responsible institution's
    editors may only report its status and completion date."""

    def authorize(agreement: Agreement) -> None:
        if is_secretariat(principal):
            return
        require_editor_of(principal, agreement.institution_id)
        extra = sorted(set(changes) - {"status", "completed_on"})
        if extra:
            raise PermissionDenied(
                "sólo la secretaría cambia el texto, la fecha límite o el responsable de un acuerdo",
                hint="campos: " + ", ".join(extra),
            )

    agreement, _ = update_record(session, principal, AGREEMENTS, agreement_id, changes,
                                 expected_version=expected_version, authorize=authorize)  # fmt: skip
    return agreement
