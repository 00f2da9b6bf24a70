"""Reading a filled workshop spreadsheet: every row checked, every problem reported.

:func:`read_workshop` reads the ``respuestas`` sheet of the template
(:mod:`analysis.consultation.template`, also accepted as CSV) and checks every row against
the round: participant code present and unique (in the file and among the round's stored
submissions), sector and optional profile answers from the closed lists, a known
territory, budget rows of non-negative points summing to 100, pairwise judgements on
Saaty's 1–9 scale. It never fixes a value: a row that does not sum to 100 or a judgement
of 12 is reported, and the caller writes nothing while any problem remains
(:meth:`WorkshopImport.raise_if_problems`).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.consultation.elicitation import (
    BUDGET_TOLERANCE,
    BUDGET_TOTAL,
    check_judgement,
    parse_judgement,
    theme_pairs,
)
from analysis.consultation.spec import (
    MAX_CODE,
    RoundSpec,
    check_comment,
    territory_code,
    vocabulary_value,
)
from analysis.consultation.template import PROFILE_HEADERS, SHEET, answer_columns
from analysis.errors import RaicesError

#: Spreadsheet column -> profile field of an answer.
PROFILE_FIELDS: dict[str, str] = {
    "sector": "sector",
    "pueblo": "pueblo",
    "sexo": "sex",
    "grupo_edad": "age_group",
}


@dataclass(frozen=True)
class Problem:
    """One problem of one cell (row as the spreadsheet numbers it, header = row 1)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return str(RaicesError(self.message, row=self.row, column=self.column))


class WorkshopRefused(RaicesError):
    """The spreadsheet has problems; nothing was written. ``problems`` lists every one."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"{count} problema{'s' if count != 1 else ''} en la planilla; no se guardó nada",
            file=file,
            hint="corrija las filas señaladas y vuelva a importar",
        )


@dataclass
class WorkshopImport:
    """The checked contents of a workshop spreadsheet.

    Attributes
    ----------
    file
        Name of the file read.
    answers
        One dict per valid row: ``code``, ``sector``, ``territory`` (INE code), ``pueblo``,
        ``sex``, ``age_group``, ``comment`` and ``points`` or ``judgements``; empty when
        any row has a problem.
    problems
        Every problem found.
    rows
        Participant rows read (empty rows are skipped).
    """

    file: str
    answers: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def problems_table(self) -> pd.DataFrame:
        """Problems as a table (``fila``, ``columna``, ``problema``) for screens and CSV."""
        return pd.DataFrame(
            [(p.row, p.column, p.message) for p in self.problems],
            columns=["fila", "columna", "problema"],
        )

    def raise_if_problems(self) -> None:
        """Raise :class:`WorkshopRefused` when any problem was found."""
        if self.problems:
            raise WorkshopRefused(self.file, self.problems)


def _read_frame(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            try:
                return pd.read_excel(path, sheet_name=SHEET, dtype=object, engine="openpyxl")
            except ValueError as error:
                if "Worksheet" in str(error):
                    raise RaicesError(f"no existe la hoja «{SHEET}»", file=path) from error
                raise
        if suffix == ".csv":
            return pd.read_csv(path, dtype=object, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise RaicesError(f"no se pudo leer la planilla: {error}", file=path) from error
    except RaicesError:
        raise
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise RaicesError(
            f"el archivo no es una planilla XLSX válida ({type(error).__name__})", file=path
        ) from error
    raise RaicesError("formato no admitido; use la plantilla .xlsx o un .csv", file=path)


def _blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value).strip() == ""
    )


def read_workshop(
    path: str | Path,
    spec: RoundSpec,
    territories: pd.Series,
    *,
    existing_codes: Collection[str] = (),
) -> WorkshopImport:
    """Read and check a filled workshop spreadsheet for round ``spec``.

    Parameters
    ----------
    path
        The ``.xlsx`` template (sheet ``respuestas``) or a ``.csv`` with the same columns.
    spec
        The round.
    territories
        INE code -> name at the round's level.
    existing_codes
        Participant codes already stored for this round (a repeat is a problem).

    Returns
    -------
    WorkshopImport
        With ``answers`` only when there is no problem at all.
    """
    path = Path(path)
    frame = _read_frame(path)
    frame.columns = [str(c).strip() for c in frame.columns]
    result = WorkshopImport(file=str(path))
    needed = list(PROFILE_HEADERS) + answer_columns(spec)
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        result.problems += [Problem(1, c, "falta la columna de la plantilla") for c in missing]
        return result
    answer_cols = answer_columns(spec)
    pairs = theme_pairs(spec.items)
    seen: dict[str, int] = {}
    existing = {str(c) for c in existing_codes}
    answers = []
    for position, record in enumerate(frame.to_dict("records")):
        row = position + 2
        if all(_blank(record.get(c)) for c in needed):
            continue
        result.rows += 1
        problems: list[Problem] = []
        answer: dict[str, Any] = {}
        code = (
            ""
            if _blank(record["codigo_participante"])
            else str(record["codigo_participante"]).strip()
        )
        if code.endswith(".0") and code[:-2].isdigit():
            code = code[:-2]
        if not code:
            problems.append(Problem(row, "codigo_participante", "falta el código de participante"))
        elif len(code) > MAX_CODE:
            problems.append(
                Problem(row, "codigo_participante", f"código de más de {MAX_CODE} caracteres")
            )
        elif code in seen:
            problems.append(
                Problem(
                    row,
                    "codigo_participante",
                    f"código «{code}» repetido (ya está en la fila {seen[code]})",
                )
            )
        elif code in existing:
            problems.append(
                Problem(row, "codigo_participante", f"código «{code}» ya registrado en esta ronda")
            )
        else:
            seen[code] = row
        answer["code"] = code
        for column, name in PROFILE_FIELDS.items():
            try:
                answer[name] = vocabulary_value(name, record[column])
            except RaicesError as error:
                problems.append(Problem(row, column, error.message))
        if answer.get("sector") is None and not any(p.column == "sector" for p in problems):
            problems.append(Problem(row, "sector", "falta el sector"))
        try:
            answer["territory"] = territory_code(record["territorio"], territories, spec.level)
        except RaicesError as error:
            problems.append(Problem(row, "territorio", error.message))
        try:
            answer["comment"] = check_comment(record["comentario"])
        except RaicesError as error:
            problems.append(Problem(row, "comentario", error.message))
        values: dict[str, float] = {}
        for column in answer_cols:
            cell = record[column]
            if _blank(cell):
                problems.append(Problem(row, column, "falta el valor"))
                continue
            try:
                value = parse_judgement(cell)
            except (ValueError, ZeroDivisionError):
                problems.append(Problem(row, column, f"«{cell}» no es un número"))
                continue
            if not math.isfinite(value):
                problems.append(Problem(row, column, f"«{cell}» no es un número"))
                continue
            if spec.method == "ahp":
                try:
                    check_judgement(value)
                except RaicesError as error:
                    problems.append(Problem(row, column, error.message))
                    continue
            elif value < 0:
                problems.append(
                    Problem(row, column, f"los puntos no pueden ser negativos ({value:g})")
                )
                continue
            values[column] = value
        if spec.method == "presupuesto" and len(values) == len(answer_cols):
            total = math.fsum(values.values())
            if abs(total - BUDGET_TOTAL) > BUDGET_TOLERANCE:
                problems.append(
                    Problem(row, "total", f"los puntos suman {total:g}, no {BUDGET_TOTAL:g}")
                )
            answer["points"] = values
        elif spec.method == "ahp" and len(values) == len(answer_cols):
            answer["judgements"] = {
                pair: values[column] for pair, column in zip(pairs, answer_cols, strict=True)
            }
        result.problems += problems
        if not problems:
            answers.append(answer)
    if result.rows == 0 and not result.problems:
        result.problems.append(Problem(2, "codigo_participante", "la planilla no tiene respuestas"))
    if not result.problems:
        result.answers = answers
    return result
