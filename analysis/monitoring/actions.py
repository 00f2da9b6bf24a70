"""Actions in the 5W sense (who, what, where, when, for whom): their fields, checks and
rules, and the configurable types of action.

An institution's editor creates and edits the actions their institution leads; the
secretariat may correct any. A change by an editor returns a published action to draft,
and a save that changes nothing writes nothing (:func:`update_action`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from analysis.errors import RaicesError
from analysis.monitoring.changes import RecordKind, add_record, require_writer, update_record
from analysis.monitoring.lifecycle import visible
from analysis.monitoring.models import (
    ACTION_STATUSES,
    COMMISSIONS,
    REACH_GROUPS,
    THEMES,
    Action,
    ActionPartner,
    ActionReach,
    ActionTerritory,
    ActionType,
)
from analysis.monitoring.validation import (
    Problem,
    check_date,
    clean_text,
    parse_count,
    parse_flag,
    parse_money,
    parse_territories,
    pcode,
    raise_problems,
    unknown_fields,
)
from analysis.records.audit import snapshot
from analysis.records.models import Institution
from analysis.records.permissions import require_editor_of, require_secretariat
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
"""Budgets are below ten trillion quetzales (a typing error otherwise)."""

URL_PATTERN = re.compile(r"https?://\S+", re.IGNORECASE)


def parse_reach(raw: Any) -> tuple[list[tuple[str, str, int]], list[Problem]]:
    """People reached per ``(dimension, group)`` from a mapping or rows; every problem."""
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
            number = parse_count(people)
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
    problems = unknown_fields(values, ACTION_FIELDS)
    state: dict[str, Any] = dict(current or {})
    merged = {**state, **{k: v for k, v in values.items() if k in ACTION_FIELDS}}
    clean: dict[str, Any] = {}
    clean["institution_id"] = merged.get("institution_id")
    if clean["institution_id"] is None:
        problems.append(Problem("institution_id", "falta la institución responsable"))
    clean["external_id"] = clean_text(merged.get("external_id"), 80)
    clean["title"] = clean_text(merged.get("title"), 300)
    if not clean["title"]:
        problems.append(Problem("title", "falta el título de la acción"))
    clean["description"] = clean_text(merged.get("description"))
    for field, vocabulary in (("theme", THEMES), ("commission", COMMISSIONS)):
        code = clean_text(merged.get(field))
        if code is not None and code not in vocabulary:
            problems.append(
                Problem(field, f"valor desconocido «{code}» (use: {', '.join(vocabulary)})")
            )
        clean[field] = code
    if clean["theme"] is None and clean["commission"] is None:
        problems.append(Problem("theme", "indique el tema (causa) o la comisión"))
    clean["action_type"] = clean_text(merged.get("action_type"))
    if clean["action_type"] is None:
        problems.append(Problem("action_type", "falta el tipo de acción"))
    clean["status"] = clean_text(merged.get("status")) or "planificada"
    if clean["status"] not in ACTION_STATUSES:
        problems.append(
            Problem(
                "status",
                f"estado desconocido «{clean['status']}» (use: {', '.join(ACTION_STATUSES)})",
            )
        )
    for field in ("start_date", "end_date"):
        clean[field] = check_date(merged.get(field), field, problems, advice="use AAAA-MM-DD")
    if clean["start_date"] and clean["end_date"] and clean["end_date"] < clean["start_date"]:
        problems.append(
            Problem(
                "end_date",
                f"la fecha de fin ({clean['end_date']}) es anterior a la de inicio "
                f"({clean['start_date']})",
            )
        )
    clean["territories"], found = parse_territories(merged.get("territories") or [])
    problems.extend(found)
    partners = merged.get("partner_ids") or []
    try:
        clean["partner_ids"] = sorted({int(p) for p in partners if p is not None and p != ""})
    except (TypeError, ValueError):
        clean["partner_ids"] = []
        problems.append(Problem("partner_ids", "las instituciones socias se indican por su id"))
    if clean["institution_id"] is not None and clean["institution_id"] in clean["partner_ids"]:
        clean["partner_ids"].remove(clean["institution_id"])
    clean["target_segments"] = clean_text(merged.get("target_segments"))
    try:
        clean["people_reached"] = parse_count(merged.get("people_reached"))
    except (TypeError, ValueError):
        clean["people_reached"] = None
        problems.append(
            Problem(
                "people_reached", f"«{merged.get('people_reached')}» no es un número de personas"
            )
        )
    clean["reach"], found = parse_reach(merged.get("reach"))
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
    clean["funding_source"] = clean_text(merged.get("funding_source"), 300)
    clean["in_pilot"] = parse_flag(merged.get("in_pilot"))
    clean["scenario_hash"] = clean_text(merged.get("scenario_hash"), 80)
    clean["notes"] = clean_text(merged.get("notes"))
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


def check_action(
    session: Session, values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Problem]]:
    """:func:`validate_action` and :func:`check_references`: every problem of a new state."""
    clean, problems = validate_action(values)
    return clean, problems + check_references(session, clean)


ACTIONS = RecordKind(
    model=Action,
    table="actions",
    state=action_state,
    validate=check_action,
    apply=apply_state,
    view=audit_view,
    same=lambda clean, current: comparable(clean) == comparable(current),
)
"""How :func:`~analysis.monitoring.changes.update_record` changes an action."""


def create_action(session: Session, principal: Principal, values: Mapping[str, Any]) -> Action:
    """Record a new action (draft) for the lead institution ``values["institution_id"]``.

    Raises
    ------
    PermissionDenied
        When the principal may not edit that institution's records.
    RaicesError
        Naming every field that cannot be saved.
    """
    require_writer(session, principal)
    require_editor_of(principal, values.get("institution_id"))
    clean, problems = check_action(session, values)
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
    add_record(session, principal, "actions", action, audit_view)
    return action


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

    def authorize(action: Action) -> None:
        require_editor_of(principal, action.institution_id)
        if action.deleted_at is not None:
            raise RaicesError(
                f"la acción {action_id} fue eliminada", hint="la secretaría puede restaurarla"
            )
        if "institution_id" in changes:
            require_editor_of(principal, changes["institution_id"])

    return update_record(session, principal, ACTIONS, action_id, changes,
                         expected_version=expected_version, authorize=authorize)  # fmt: skip


def find_action(session: Session, institution_id: int, external_id: str) -> Action | None:
    """The action an institution knows by its own id (deleted ones included)."""
    return session.scalar(
        select(Action).where(
            Action.institution_id == int(institution_id), Action.external_id == str(external_id)
        )
    )


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
    add_record(session, principal, "action_types", row, record_id=code)
