"""Read a filled 5W template, report every row, and write all of it or nothing.

Every data row of the ``Acciones`` sheet gets a status — ``nueva``, ``actualizada``,
``sin cambios`` or ``error`` — and every problem is reported with its sheet, row, column
and what is wrong. Nothing is written while any row has a problem, unless the caller
accepts the valid rows explicitly (``accept_valid=True``). Rows are keyed by the
institution's own action id (``id_accion``): importing the same file twice changes
nothing the second time.

Territories are matched by INE code, P-code or name with the matcher of ``raices add``
(:mod:`analysis.userdata.matching`): its statuses, variants and suggestions are reused.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session, selectinload

from analysis.errors import RaicesError
from analysis.monitoring import actions
from analysis.monitoring.models import (
    ACTION_STATUSES,
    COMMISSIONS,
    THEMES,
    Action,
    ActionPartner,
    ActionReach,
    ActionTerritory,
)
from analysis.monitoring.template import (
    ACTIONS_SHEET,
    COLUMNS,
    HEADER_OF_FIELD,
    HEADER_ROW,
    HEADERS,
    REACH_COLUMNS,
    REQUIRED,
)
from analysis.monitoring.validation import pcode
from analysis.records.audit import AuditEntry, json_safe, record_change
from analysis.records.database import session_scope
from analysis.records.mixins import utcnow
from analysis.records.models import Institution
from analysis.records.permissions import is_secretariat, require_editor_of
from analysis.records.users import Principal, ensure_active
from analysis.userdata.matching import Gazetteer, match_rows, parse_code
from analysis.userdata.names import normalise_name

ROW_STATUSES: dict[str, tuple[str, str]] = {
    "nueva": ("nueva", "new"),
    "actualizada": ("actualizada", "updated"),
    "sin cambios": ("sin cambios", "unchanged"),
    "error": ("con errores", "with errors"),
}

ROW_COLUMNS = ["fila", "id_accion", "titulo", "estado", "accion", "problemas"]
PROBLEM_COLUMNS = ["hoja", "fila", "columna", "problema"]


@dataclass(frozen=True)
class ImportReport:
    """What an import found and did.

    Attributes
    ----------
    file
        The file read.
    rows
        One row per data row: ``fila`` (spreadsheet row), ``id_accion``, ``titulo``,
        ``estado`` (:data:`ROW_STATUSES`), ``accion`` (id in the store, when known),
        ``problemas`` (text).
    problems
        One row per problem: ``hoja``, ``fila``, ``columna``, ``problema``.
    written
        Whether the valid rows were saved.
    """

    file: str
    rows: pd.DataFrame
    problems: pd.DataFrame
    written: bool

    @property
    def ok(self) -> bool:
        """No row has a problem."""
        return self.problems.empty

    def counts(self) -> dict[str, int]:
        """Rows per status (every status listed)."""
        found = self.rows["estado"].value_counts()
        return {status: int(found.get(status, 0)) for status in ROW_STATUSES}

    def summary(self) -> str:
        """One line for people: counts and whether anything was saved."""
        counts = self.counts()
        parts = [f"{counts[s]} {ROW_STATUSES[s][0]}" for s in ROW_STATUSES if counts[s]]
        state = "guardado" if self.written else "no se guardó nada"
        return f"{self.file}: {len(self.rows)} filas ({', '.join(parts) or 'ninguna'}); {state}"


# --------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class ActionsSheet:
    """The ``Acciones`` sheet as read: raw cells, their spreadsheet rows and the file name.

    Attributes
    ----------
    frame
        One row per non-empty data row; columns are the template headers found.
    rows
        Spreadsheet row number of each frame row.
    file
        Name of the file, for messages.
    """

    frame: pd.DataFrame
    rows: tuple[int, ...]
    file: str


def read_actions(source: str | Path | bytes, *, name: str | None = None) -> ActionsSheet:
    """Read the ``Acciones`` sheet of a filled template (a path, or the bytes of an upload).

    Column names are the template headers (case and spaces ignored); completely empty
    rows are left out.

    Parameters
    ----------
    source
        Path of the ``.xlsx`` file, or its content.
    name
        File name shown in messages (default: the path's name, or ``archivo.xlsx``).

    Raises
    ------
    RaicesError
        When the file cannot be read as XLSX, has no ``Acciones`` sheet, or lacks a
        required column.
    """
    from python_calamine import CalamineWorkbook

    if isinstance(source, bytes | bytearray):
        file = name or "archivo.xlsx"
        opener: Any = lambda: CalamineWorkbook.from_filelike(io.BytesIO(bytes(source)))  # noqa: E731
    else:
        path = Path(source)
        file = name or path.name
        if not path.is_file():
            raise RaicesError("el archivo no existe", file=path)
        opener = lambda: CalamineWorkbook.from_path(str(path))  # noqa: E731
    try:
        book = opener()
    except Exception as error:  # calamine raises its own error types for damaged files
        raise RaicesError(
            "no se pudo leer como libro de Excel (.xlsx)",
            file=file,
            hint="use la plantilla de «raices seguimiento plantilla»",
        ) from error
    if ACTIONS_SHEET not in book.sheet_names:
        raise RaicesError(
            f"falta la hoja «{ACTIONS_SHEET}»",
            file=file,
            hint="hojas del archivo: " + ", ".join(book.sheet_names),
        )
    cells = book.get_sheet_by_name(ACTIONS_SHEET).to_python(skip_empty_area=False)
    if len(cells) < HEADER_ROW:
        raise RaicesError(f"la hoja «{ACTIONS_SHEET}» está vacía", file=file)
    headers = [str(h).strip().lower() for h in cells[HEADER_ROW - 1]]
    for required in REQUIRED:
        if required not in headers:
            raise RaicesError(
                "falta la columna obligatoria",
                file=f"{file}, hoja {ACTIONS_SHEET}",
                column=required,
                hint="use la plantilla de «raices seguimiento plantilla»",
            )
    keep = [i for i, h in enumerate(headers) if h in HEADERS]
    records, numbers = [], []
    for offset, row in enumerate(cells[HEADER_ROW:], start=HEADER_ROW + 1):
        values = [row[i] if i < len(row) else "" for i in keep]
        if all(_blank(v) for v in values):
            continue
        records.append(values)
        numbers.append(offset)
    frame = pd.DataFrame(records, columns=[headers[i] for i in keep], dtype=object)
    return ActionsSheet(frame=frame, rows=tuple(numbers), file=file)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_text(value: Any) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _vocabulary_lookup(vocabulary: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    lookup = {}
    for code, (spanish, english) in vocabulary.items():
        for text in (code, spanish, english):
            lookup[normalise_name(text)] = code
    return lookup


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]+", text) if part.strip()]


# --------------------------------------------------------------------------- matching
class _Territories:
    """Turns the ``departamento`` and ``municipios`` cells of all rows into territories."""

    def __init__(self, territories: pd.DataFrame) -> None:
        self.frame = territories
        self.gazetteer = Gazetteer(territories)

    def match(
        self, frame: pd.DataFrame
    ) -> tuple[dict[int, list[tuple[str, int]]], list[tuple[int, str, str]]]:
        """Territories per frame position and problems ``(position, column, message)``."""
        found: dict[int, list[tuple[str, int]]] = defaultdict(list)
        problems: list[tuple[int, str, str]] = []
        by_name: list[tuple[int, str, str]] = []
        by_code: list[tuple[int, str]] = []
        has_dept = "departamento" in frame.columns
        has_munis = "municipios" in frame.columns
        for position in range(len(frame)):
            dept_text = (
                _cell_text(frame.iat[position, frame.columns.get_loc("departamento")])
                if has_dept
                else ""
            )
            munis_text = (
                _cell_text(frame.iat[position, frame.columns.get_loc("municipios")])
                if has_munis
                else ""
            )
            dept_code = None
            if dept_text:
                dept_code = self.gazetteer.department(dept_text)
                if dept_code is None:
                    problems.append(
                        (position, "departamento", f"departamento desconocido «{dept_text}»")
                    )
            tokens = _split(munis_text)
            if not tokens:
                if dept_code is not None:
                    found[position].append(("departamento", dept_code))
                elif not dept_text:
                    problems.append(
                        (position, "municipios", "indique al menos un municipio o el departamento")
                    )
                continue
            for token in tokens:
                if parse_code(token) is not None:
                    by_code.append((position, token))
                else:
                    by_name.append((position, dept_text if dept_code is not None else "", token))
        if by_code:
            table = pd.DataFrame({"code": [t for _, t in by_code], "v": "1"})
            report = match_rows(table, self.frame, value_column="v", code_column="code")
            report["muni_code"] = report["muni_code"].astype("object")
            for (position, token), row in zip(by_code, report.itertuples(index=False), strict=True):
                self._take(position, token, row, found, problems)
        if by_name:
            table = pd.DataFrame(
                {"dept": [d for _, d, _ in by_name], "muni": [m for _, _, m in by_name], "v": "1"}
            )
            report = match_rows(table, self.frame, value_column="v", name_columns=("dept", "muni"))
            report["muni_code"] = report["muni_code"].astype("object")
            for (position, _, token), row in zip(
                by_name, report.itertuples(index=False), strict=True
            ):
                self._take(position, token, row, found, problems)
        return found, problems

    @staticmethod
    def _take(
        position: int,
        token: str,
        row: Any,
        found: dict[int, list[tuple[str, int]]],
        problems: list[tuple[int, str, str]],
    ) -> None:
        # each token is matched alone, so the matcher's own "duplicate" status means nothing here
        if row.status in ("matched", "duplicate", "missing_value", "invalid_value") and not pd.isna(
            row.muni_code
        ):
            found[position].append(("municipio", int(row.muni_code)))
            return
        message = f"municipio desconocido «{token}»"
        if row.note:
            message += f" ({row.note})"
        if row.suggestion:
            message += f"; ¿quiso decir {row.suggestion}?"
        problems.append((position, "municipios", message))


def _partners(session: Session) -> dict[str, int]:
    lookup: dict[str, int] = {}
    for institution in session.scalars(select(Institution).where(Institution.deleted_at.is_(None))):
        lookup[str(institution.id)] = institution.id
        lookup[normalise_name(institution.name)] = institution.id
        if institution.acronym:
            lookup[normalise_name(institution.acronym)] = institution.id
    return lookup


# --------------------------------------------------------------------------- import
def validate_file(
    session: Session,
    sheet: ActionsSheet,
    *,
    institution_id: int,
    territories: pd.DataFrame,
) -> tuple[list[dict[str, Any]], dict[int, list[tuple[str, str]]]]:
    """Values for :func:`analysis.monitoring.actions.validate_action` per row, and problems.

    Returns
    -------
    tuple
        A list of value dicts (one per frame row) and ``{position: [(column, message)]}``.
    """
    types = actions.action_types(session)
    vocabularies: dict[str, dict[str, str]] = {
        "tema": _vocabulary_lookup(THEMES),
        "comision": _vocabulary_lookup(COMMISSIONS),
        "tipo_accion": _vocabulary_lookup(types),
        "estado": _vocabulary_lookup(ACTION_STATUSES),
    }
    frame = sheet.frame
    field_of = {c.header: c.field for c in COLUMNS}
    partners = _partners(session)
    places, place_problems = _Territories(territories).match(frame)
    problems: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for position, column, message in place_problems:
        problems[position].append((column, message))
    columns = list(frame.columns)
    reach_present = [c for c in columns if c in REACH_COLUMNS]
    rows: list[dict[str, Any]] = []
    for position, cells in enumerate(frame.itertuples(index=False, name=None)):
        cell = dict(zip(columns, cells, strict=True))
        values: dict[str, Any] = {"institution_id": institution_id}
        for header, raw in cell.items():
            field = field_of[header]
            if field in ("reach", "departamento", "territories"):
                continue
            if header in vocabularies:
                text = _cell_text(raw)
                code = vocabularies[header].get(normalise_name(text)) if text else None
                if text and code is None:
                    problems[position].append(
                        (header, f"valor desconocido «{text}» (elija uno de la lista)")
                    )
                values[field] = code
            elif header == "socios":
                ids = []
                for token in _split(_cell_text(raw)):
                    match = partners.get(normalise_name(token)) or partners.get(token)
                    if match is None:
                        problems[position].append(
                            (
                                header,
                                f"institución desconocida «{token}» (vea la hoja Instituciones)",
                            )
                        )
                    else:
                        ids.append(match)
                values[field] = ids
            elif header == "id_accion":
                values[field] = _cell_text(raw)
            else:
                values[field] = None if _blank(raw) else raw
        if reach_present:
            values["reach"] = {
                REACH_COLUMNS[c]: cell[c] for c in reach_present if not _blank(cell[c])
            }
        if "municipios" in columns or "departamento" in columns:
            values["territories"] = places.get(position, [])
        if not values.get("external_id"):
            problems[position].append(("id_accion", "falta el identificador de la acción"))
        rows.append(values)
    seen: dict[str, list[int]] = defaultdict(list)
    for position, values in enumerate(rows):
        if values.get("external_id"):
            seen[str(values["external_id"])].append(position)
    numbers = sheet.rows
    for key, positions in seen.items():
        if len(positions) > 1:
            where = ", ".join(str(numbers[p]) for p in positions)
            for position in positions:
                problems[position].append(
                    ("id_accion", f"id_accion «{key}» repetido en las filas {where}")
                )
    return rows, problems


def import_actions(
    engine: Engine,
    principal: Principal,
    path: str | Path | bytes,
    *,
    institution_id: int,
    accept_valid: bool = False,
    dry_run: bool = False,
    territories: pd.DataFrame | None = None,
    file_name: str | None = None,
) -> ImportReport:
    """Validate a filled 5W template and, when it is all valid, save it in one transaction.

    Parameters
    ----------
    engine
        The operational store.
    principal
        Who imports: an editor of ``institution_id`` or the secretariat.
    path
        The ``.xlsx`` file, or its bytes (an upload).
    institution_id
        The lead institution of every row (``--institucion``).
    accept_valid
        Save the valid rows even if others have problems (they are reported and skipped).
    dry_run
        Only report; write nothing.
    territories
        Gazetteer; default :func:`analysis.userdata.names.load_gazetteer`.
    file_name
        Name shown in messages when ``path`` is bytes.

    Returns
    -------
    ImportReport
        Rows and problems; ``written`` says whether anything was saved.

    Raises
    ------
    PermissionDenied
        When the principal may not edit that institution's records.
    RaicesError
        When the file cannot be read or the institution does not exist.
    """
    if territories is None:
        from analysis.userdata.names import load_gazetteer

        territories = load_gazetteer()
    require_editor_of(principal, institution_id)
    sheet = read_actions(path, name=file_name)
    numbers = sheet.rows
    with session_scope(engine) as session:
        ensure_active(session, principal)
        lead = session.get(Institution, int(institution_id))
        if lead is None or lead.deleted_at is not None:
            raise RaicesError(
                f"no existe la institución {institution_id} o está dada de baja",
                hint="vea la lista con «raices seguimiento instituciones»",
            )
        rows, problems = validate_file(
            session, sheet, institution_id=int(institution_id), territories=territories
        )
        existing = {
            action.external_id: action
            for action in session.scalars(
                select(Action)
                .where(Action.institution_id == int(institution_id))
                .options(
                    selectinload(Action.territories),
                    selectinload(Action.partners),
                    selectinload(Action.reach),
                )
            )
        }
        known_types = set(actions.action_types(session))
        planned: list[tuple[int, dict[str, Any], Action | None, str]] = []
        for position, values in enumerate(rows):
            current = existing.get(str(values.get("external_id")))
            if current is not None and current.deleted_at is not None:
                problems[position].append(
                    ("id_accion", "esa acción fue eliminada; pida a la secretaría que la restaure")
                )
            state = actions.action_state(current) if current is not None else None
            clean, found = actions.validate_action(values, current=state)
            for problem in found:
                header = HEADER_OF_FIELD.get(problem.field, problem.field)
                if problem.field == "territories" and any(
                    column in ("municipios", "departamento") for column, _ in problems[position]
                ):
                    continue  # the matcher already said why
                problems[position].append((header, problem.message))
            if clean.get("action_type") and clean["action_type"] not in known_types:
                problems[position].append(("tipo_accion", "tipo de acción no configurado"))
            if problems.get(position):
                continue
            if current is None:
                status = "nueva"
            elif actions.comparable(clean) == actions.comparable(state or {}):
                status = "sin cambios"
            else:
                status = "actualizada"
            planned.append((position, clean, current, status))
        report_rows = []
        for position, values in enumerate(rows):
            report_rows.append(
                {
                    "fila": numbers[position],
                    "id_accion": values.get("external_id") or "",
                    "titulo": _cell_text(values.get("title")),
                    "estado": "error" if problems.get(position) else "",
                    "accion": None,
                    "problemas": "; ".join(
                        f"{column}: {message}" for column, message in problems.get(position, [])
                    ),
                }
            )
        for position, _, current, status in planned:
            report_rows[position]["estado"] = status
            if current is not None:
                report_rows[position]["accion"] = current.id
        problem_rows = [
            {"hoja": ACTIONS_SHEET, "fila": numbers[p], "columna": column, "problema": message}
            for p in sorted(problems)
            for column, message in problems[p]
        ]
        write = not dry_run and bool(planned) and (not problem_rows or accept_valid)
        if write:
            _write(session, principal, planned, report_rows)
        else:
            session.rollback()
    return ImportReport(
        file=sheet.file,
        rows=pd.DataFrame(report_rows, columns=ROW_COLUMNS),
        problems=pd.DataFrame(problem_rows, columns=PROBLEM_COLUMNS),
        written=write,
    )


def _write(
    session: Session,
    principal: Principal,
    planned: list[tuple[int, dict[str, Any], Action | None, str]],
    report_rows: list[dict[str, Any]],
) -> None:
    now = utcnow()
    new = [(position, clean) for position, clean, _, status in planned if status == "nueva"]
    if new:
        _insert_new(session, principal, new, report_rows, now)
    updated: list[tuple[Action, dict[str, Any]]] = []
    for _, clean, current, status in planned:
        if status == "actualizada" and current is not None:
            before = actions.audit_view(current)
            actions.apply_state(current, clean)
            current.updated_at = now
            current.updated_by = principal.username
            if current.published and not is_secretariat(principal):
                current.published = False
            updated.append((current, before))
    session.flush()
    for action, before in updated:
        record_change(session, principal, "actions", action.id, "import", before,
                      actions.audit_view(action))  # fmt: skip
    session.flush()


CHILDREN = ("territories", "partner_ids", "reach")


def _insert_new(
    session: Session,
    principal: Principal,
    new: list[tuple[int, dict[str, Any]]],
    report_rows: list[dict[str, Any]],
    now: dt.datetime,
) -> None:
    """Insert new actions in batches (one INSERT per table), with their audit rows.

    The ORM's unit of work costs seconds for thousands of actions; the rows and audit
    snapshots written here are the same as :func:`analysis.monitoring.actions.create_action`
    writes one by one.
    """
    columns = [c.key for c in Action.__table__.columns if c.key != "id"]
    rows = []
    for _, clean in new:
        row: dict[str, Any] = {column: None for column in columns}
        row.update({k: v for k, v in clean.items() if k not in CHILDREN})
        row.update(
            evidence_links=list(clean["evidence_links"]) or None,
            created_at=now,
            created_by=principal.username,
            published=False,
            version=1,
        )
        rows.append(row)
    inserted = session.execute(
        insert(Action).returning(Action.id, sort_by_parameter_order=True), rows
    )
    ids = [int(i) for i in inserted.scalars()]
    places, partners, reach, audits = [], [], [], []
    for (position, clean), action_id, row in zip(new, ids, rows, strict=True):
        report_rows[position]["accion"] = action_id
        places += [
            {
                "action_id": action_id,
                "level": level,
                "code": code,
                "pcode": pcode(level, code),
            }
            for level, code in clean["territories"]
        ]
        partners += [{"action_id": action_id, "institution_id": i} for i in clean["partner_ids"]]
        reach += [
            {"action_id": action_id, "dimension": d, "group_code": g, "people": p}
            for d, g, p in clean["reach"]
        ]
        after = {"id": action_id, **row, **{k: clean[k] for k in CHILDREN}}
        audits.append(
            {
                "at": now,
                "user_id": principal.user_id,
                "username": principal.username,
                "role": principal.role.value if principal.role is not None else None,
                "table_name": "actions",
                "record_id": str(action_id),
                "action": "import",
                "before": None,
                "after": json_safe(after),
            }
        )
    for model, values in (
        (ActionTerritory, places),
        (ActionPartner, partners),
        (ActionReach, reach),
        (AuditEntry, audits),
    ):
        if values:
            session.execute(insert(model), values)


def write_report(report: ImportReport, path: str | Path) -> Path:
    """Write the import report: ``.xlsx`` (sheets ``filas`` and ``problemas``) or ``.csv``
    (the problems only; the rows when there are none). Cells are formula-safe."""
    from analysis.export.safety import write_csv, xlsx_bytes

    target = Path(path)
    if target.suffix.lower() == ".xlsx":
        content = xlsx_bytes({"filas": report.rows, "problemas": report.problems})
        temporary = target.with_name(target.name + ".parcial")
        temporary.write_bytes(content)
        temporary.replace(target)
    else:
        write_csv(report.problems if not report.problems.empty else report.rows, target)
    return target


def rows_for_people(report: ImportReport, language: str = "es") -> pd.DataFrame:
    """The rows table with statuses in words, problems first."""
    pick = 1 if language == "en" else 0
    order = {"error": 0, "actualizada": 1, "nueva": 2, "sin cambios": 3}
    shown = report.rows.assign(_o=report.rows["estado"].map(order)).sort_values(["_o", "fila"])
    shown["estado"] = shown["estado"].map(lambda s: ROW_STATUSES.get(s, (s, s))[pick])
    return shown.drop(columns="_o").reset_index(drop=True)


__all__ = [
    "ActionsSheet",
    "ImportReport",
    "import_actions",
    "read_actions",
    "rows_for_people",
    "validate_file",
    "write_report",
]
