"""Match the rows of an analyst's table to INE municipal codes, and report every row.

Three keys are accepted: the INE code (``1301``, ``"0101"``), the OCHA P-code
(``GT1301``) or the names of departamento and municipio. Each input row gets exactly one
status in the matching report:

``matched``
    One municipio, found by code, official name or a known variant.
``missing_value``
    Matched, but the value cell is empty or a placeholder (the municipio stays without data).
``suggestion``
    No exact match; a close name is proposed (``suggestion``) but not used unless the
    analyst accepts suggestions.
``ambiguous``
    The name exists in several departamentos and none was given (or it did not decide).
``unmatched``
    Nothing close enough; the row cannot be placed.
``duplicate``
    Several rows point at the same municipio; none of them is used.
``invalid_value``
    Matched, but the value is not a number.

Rows are never dropped silently: the report has one row per input row.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict

import numpy as np
import pandas as pd

from analysis.errors import RaicesError
from analysis.userdata.names import (
    DEPARTMENT_VARIANTS,
    MUNICIPIO_VARIANTS,
    normalise_name,
)
from analysis.userdata.reading import parse_number

STATUSES = (
    "matched",
    "missing_value",
    "suggestion",
    "ambiguous",
    "unmatched",
    "duplicate",
    "invalid_value",
)
BLOCKING = frozenset({"suggestion", "ambiguous", "unmatched", "duplicate", "invalid_value"})
"""Statuses that stop an import unless the analyst accepts them explicitly."""

SUGGESTION_CUTOFF = 0.75
"""Smallest difflib similarity (0–1) for a name to be offered as a suggestion."""

REPORT_COLUMNS = [
    "row",
    "given_code",
    "given_department",
    "given_municipio",
    "given_value",
    "value",
    "muni_code",
    "muni_name",
    "dept_name",
    "status",
    "suggestion",
    "note",
]


STATUS_LABELS: dict[str, tuple[str, str]] = {
    "matched": ("emparejada", "matched"),
    "missing_value": ("sin valor", "no value"),
    "suggestion": ("sugerencia", "suggestion"),
    "ambiguous": ("ambigua", "ambiguous"),
    "unmatched": ("sin emparejar", "unmatched"),
    "duplicate": ("repetida", "duplicate"),
    "invalid_value": ("valor no numérico", "non-numeric value"),
}
"""Spanish and English names of each status, for reports shown to people."""

REPORT_LABELS: dict[str, tuple[str, str]] = {
    "row": ("fila", "row"),
    "given_code": ("código dado", "code given"),
    "given_department": ("departamento dado", "department given"),
    "given_municipio": ("municipio dado", "municipality given"),
    "given_value": ("valor dado", "value given"),
    "value": ("valor", "value"),
    "muni_code": ("código INE", "INE code"),
    "muni_name": ("municipio", "municipality"),
    "dept_name": ("departamento", "department"),
    "status": ("estado", "status"),
    "suggestion": ("sugerencia", "suggestion"),
    "note": ("nota", "note"),
}


def report_for_people(report: pd.DataFrame, language: str = "es") -> pd.DataFrame:
    """The matching report to show on screen: problems first, words instead of ids.

    Columns given as empty for every row (e.g. names when matching by code) are left out;
    ``language`` is ``"es"`` or ``"en"``.
    """
    pick = 1 if language == "en" else 0
    order = list(STATUS_LABELS)
    shown = report.assign(_order=report["status"].map(order.index))
    shown = shown.sort_values(["_order", "row"], ascending=[False, True])
    shown["status"] = shown["status"].map(lambda s: STATUS_LABELS[s][pick])
    given = ["row", "given_code", "given_department", "given_municipio", "given_value"]
    columns = [c for c in given if shown[c].astype(str).str.len().gt(0).any()]
    columns += ["status", "muni_code", "muni_name", "dept_name", "suggestion", "note"]
    return shown[columns].rename(columns={c: REPORT_LABELS[c][pick] for c in columns})


_COLUMN_HINTS = {
    "code": ("pcode", "p code", "codigo", "cod mun", "cod", "code", "ine", "ubigeo"),
    "department": ("departamento", "depto", "dpto", "dept", "adm1", "department"),
    "municipio": ("municipio", "muni", "mun", "adm2", "municipality"),
}


def guess_columns(columns: list[str]) -> dict[str, str | None]:
    """Likely key and value columns of a table, from their names (a starting point only).

    Examples
    --------
    >>> guess_columns(["Depto.", "Municipio", "Total 2024"])
    {'code': None, 'department': 'Depto.', 'municipio': 'Municipio', 'value': 'Total 2024'}
    >>> guess_columns(["admin2Pcode", "admin2Name_es", "tasa"])["code"]
    'admin2Pcode'
    """
    keys = {column: normalise_name(column) for column in columns}
    found: dict[str, str | None] = {}
    for role, hints in _COLUMN_HINTS.items():
        found[role] = None
        for hint in hints:
            match = next(
                (
                    c
                    for c, k in keys.items()
                    if k == hint or k.startswith(hint) or hint in k.split()
                ),
                None,
            )
            if match is None and role == "code":
                match = next((c for c, k in keys.items() if "pcode" in k.replace(" ", "")), None)
            if match is not None and match not in found.values():
                found[role] = match
                break
    used = set(found.values())
    rest = [c for c in columns if c not in used]
    named = [c for c in rest if keys[c].split()[:1] in (["valor"], ["value"], ["total"], ["tasa"])]
    found["value"] = named[0] if named else (rest[-1] if rest else None)
    return found


def parse_code(text: object) -> int | None:
    """INE municipal code from an INE code or P-code; ``None`` if it is not one.

    Examples
    --------
    >>> parse_code("GT1301"), parse_code("0101"), parse_code(1301.0), parse_code("gt-0101")
    (1301, 101, 1301, 101)
    >>> parse_code("13-01"), parse_code("1/1")
    (1301, 101)
    >>> parse_code("Huehuetenango") is None
    True
    """
    if text is None:
        return None
    if isinstance(text, int | float | np.integer | np.floating):
        if not np.isfinite(text) or float(text) != int(text):
            return None
        return int(text)
    raw = str(text).strip().upper().replace(" ", "")
    found = re.fullmatch(r"(?:GT-?)?0*(\d{3,4})(?:\.0+)?", raw)
    if found:
        return int(found.group(1))
    # Department and municipality written apart: "13-01", "1/1".
    split = re.fullmatch(r"0*(\d{1,2})[-/_](\d{1,2})", raw)
    if split and 1 <= int(split.group(1)) <= 22 and int(split.group(2)) >= 1:
        return int(split.group(1)) * 100 + int(split.group(2))
    return None


class Gazetteer:
    """Lookup tables built once from the official names.

    Parameters
    ----------
    territories
        Frame indexed by INE code with ``muni_name``, ``dept_code``, ``dept_name``
        (see :func:`analysis.userdata.names.load_gazetteer`).
    """

    def __init__(self, territories: pd.DataFrame) -> None:
        self.territories = territories
        self.codes = set(int(c) for c in territories.index)
        # Plain dicts: per-row pandas lookups dominate the time of large tables.
        self.muni_names = {int(c): str(n) for c, n in territories["muni_name"].items()}
        self.dept_of = {int(c): str(n) for c, n in territories["dept_name"].items()}
        self.dept_names = (
            territories.groupby("dept_code")["dept_name"].first().astype(str).to_dict()
        )
        self.dept_by_key: dict[str, int] = {
            normalise_name(name): int(code) for code, name in self.dept_names.items()
        }
        for variant, code in DEPARTMENT_VARIANTS.items():
            self.dept_by_key.setdefault(variant, code)
        self.muni_by_key: dict[str, list[int]] = defaultdict(list)
        for code, name in territories["muni_name"].items():
            self.muni_by_key[normalise_name(name)].append(int(code))
        self.variants: dict[str, list[int]] = defaultdict(list)
        for variant, codes in MUNICIPIO_VARIANTS.items():
            self.variants[variant].extend(c for c in codes if c in self.codes)

    def department(self, text: object) -> int | None:
        """Department code from a name, variant, code (``13``) or P-code (``GT13``)."""
        raw = str(text).strip().upper() if text is not None else ""
        found = re.fullmatch(r"(?:GT-?)?0*(\d{1,2})(?:\.0+)?", raw)
        if found and int(found.group(1)) in self.dept_names:
            return int(found.group(1))
        return self.dept_by_key.get(normalise_name(text))

    def describe(self, code: int) -> str:
        return f"{self.muni_names[code]} ({self.dept_of[code]}, {code})"

    def candidates(self, key: str) -> list[int]:
        return sorted(set(self.muni_by_key.get(key, [])) | set(self.variants.get(key, [])))


def _match_name(
    gazetteer: Gazetteer, department_text: object, municipio_text: object
) -> tuple[str, int | None, str, str]:
    """Status, code, suggestion and note for one row keyed by names."""
    muni_key = normalise_name(municipio_text)
    if not muni_key:
        return "unmatched", None, "", "municipio vacío"
    dept_given = normalise_name(department_text) != ""
    dept_code = gazetteer.department(department_text) if dept_given else None
    if dept_given and dept_code is None:
        close = difflib.get_close_matches(
            normalise_name(department_text), list(gazetteer.dept_by_key), n=1, cutoff=0.6
        )
        hint = ""
        if close:
            hint = gazetteer.dept_names[gazetteer.dept_by_key[close[0]]]
        candidates = gazetteer.candidates(muni_key)
        if len(candidates) == 1:
            return (
                "suggestion",
                None,
                gazetteer.describe(candidates[0]),
                f"departamento «{department_text}» desconocido" + (f" (¿{hint}?)" if hint else ""),
            )
        return (
            "unmatched",
            None,
            hint,
            f"departamento «{department_text}» desconocido",
        )
    if dept_code is not None:
        official = [c for c in gazetteer.muni_by_key.get(muni_key, []) if c // 100 == dept_code]
        if len(official) == 1:
            return "matched", official[0], "", ""
        variant = [c for c in gazetteer.variants.get(muni_key, []) if c // 100 == dept_code]
        if len(variant) == 1:
            return "matched", variant[0], "", "nombre reconocido como variante"
        in_dept = gazetteer.territories[gazetteer.territories["dept_code"] == dept_code]
        keys = {normalise_name(n): int(c) for c, n in in_dept["muni_name"].items()}
        keys.update(
            {
                v: c
                for v, codes in gazetteer.variants.items()
                for c in codes
                if c // 100 == dept_code
            }
        )
        close = difflib.get_close_matches(muni_key, list(keys), n=1, cutoff=SUGGESTION_CUTOFF)
        # Truncated names ("San Pedro Sac.") are close misses too when only one fits.
        prefixed = [k for k in keys if len(muni_key) >= 6 and k.startswith(muni_key)]
        if not close and len({keys[k] for k in prefixed}) == 1:
            close = prefixed[:1]
        if close:
            return (
                "suggestion",
                None,
                gazetteer.describe(keys[close[0]]),
                "nombre parecido en el mismo departamento",
            )
        elsewhere = gazetteer.candidates(muni_key)
        if elsewhere:
            return (
                "suggestion",
                None,
                "; ".join(gazetteer.describe(c) for c in elsewhere),
                f"ese municipio no está en {gazetteer.dept_names[dept_code]}",
            )
        return (
            "unmatched",
            None,
            "",
            f"no hay municipio parecido en {gazetteer.dept_names[dept_code]}",
        )
    candidates = gazetteer.candidates(muni_key)
    if len(candidates) == 1:
        return "matched", candidates[0], "", "sin departamento; nombre único en el país"
    if len(candidates) > 1:
        return (
            "ambiguous",
            None,
            "; ".join(gazetteer.describe(c) for c in candidates),
            "el nombre existe en varios departamentos: indique el departamento",
        )
    all_keys = {**{k: v for k, v in gazetteer.muni_by_key.items()}, **gazetteer.variants}
    close = difflib.get_close_matches(muni_key, list(all_keys), n=3, cutoff=SUGGESTION_CUTOFF)
    if close:
        codes = sorted({c for key in close for c in all_keys[key]})
        return (
            "suggestion",
            None,
            "; ".join(gazetteer.describe(c) for c in codes[:3]),
            "nombre parecido",
        )
    return "unmatched", None, "", "ningún municipio parecido"


def match_rows(
    frame: pd.DataFrame,
    territories: pd.DataFrame,
    *,
    value_column: str,
    code_column: str | None = None,
    name_columns: tuple[str | None, str] | None = None,
    file: str | None = None,
    first_row: int = 2,
) -> pd.DataFrame:
    """Match every row of a table to an INE code and parse its value.

    Parameters
    ----------
    frame
        Table as read by :func:`analysis.userdata.reading.read_table` (text cells).
    territories
        Gazetteer (index INE code; ``muni_name``, ``dept_code``, ``dept_name``).
    value_column
        Column with the numeric value.
    code_column
        Column with INE codes or P-codes. Exactly one of ``code_column`` and
        ``name_columns`` must be given.
    name_columns
        ``(department column or None, municipio column)``.
    file
        File name used in error messages.
    first_row
        Spreadsheet row number of the first data row, used only when the frame does not
        carry its row numbers (``frame.attrs["rows"]``, set by ``read_table``).

    Returns
    -------
    DataFrame
        The matching report, one row per input row, columns :data:`REPORT_COLUMNS`;
        ``muni_code`` is a nullable integer, ``value`` a float.

    Raises
    ------
    RaicesError
        When a named column is missing or the key is not specified correctly.

    Examples
    --------
    >>> territories = pd.DataFrame(
    ...     {"muni_name": ["San Lorenzo", "San Lorenzo"], "dept_code": [10, 12],
    ...      "dept_name": ["Suchitepéquez", "San Marcos"]},
    ...     index=pd.Index([1007, 1229], name="code"))
    >>> table = pd.DataFrame({"depto": ["SAN MARCOS", ""], "muni": ["san lorenzo", "San Lorenzo"],
    ...                       "v": ["1", "2"]})
    >>> match_rows(table, territories, value_column="v",
    ...            name_columns=("depto", "muni"))[["muni_code", "status"]].values.tolist()
    [[1229, 'matched'], [<NA>, 'ambiguous']]
    """
    if (code_column is None) == (name_columns is None):
        raise RaicesError(
            "indique la columna del código o las columnas de nombres (una de las dos)",
            file=file,
        )
    wanted = [value_column]
    if code_column is not None:
        wanted.append(code_column)
    else:
        wanted.extend(c for c in name_columns if c)  # type: ignore[union-attr]
    for column in wanted:
        if column not in frame.columns:
            raise RaicesError(
                "la columna no existe en la tabla",
                file=file,
                column=column,
                hint="columnas disponibles: " + ", ".join(map(str, frame.columns)),
            )
    gazetteer = Gazetteer(territories)
    numbers = frame.attrs.get("rows")
    if numbers is not None and len(numbers) != len(frame):
        numbers = None
    records: list[dict[str, object]] = []
    seen: dict[tuple[str, str], tuple[str, int | None, str, str]] = {}
    for position, row in enumerate(frame.itertuples(index=False)):
        cells = dict(zip(frame.columns, row, strict=True))
        record: dict[str, object] = {column: "" for column in REPORT_COLUMNS}
        record["row"] = numbers[position] if numbers else first_row + position
        record["given_value"] = cells[value_column]
        if code_column is not None:
            given = cells[code_column]
            record["given_code"] = given
            code = parse_code(given)
            if code is None:
                status, code, suggestion, note = (
                    "unmatched",
                    None,
                    "",
                    "no es un código INE ni P-code",
                )
                if normalise_name(given):
                    candidates = gazetteer.candidates(normalise_name(given))
                    if len(candidates) == 1:
                        status = "suggestion"
                        suggestion = gazetteer.describe(candidates[0])
                        note = "parece un nombre, no un código"
            elif code not in gazetteer.codes:
                status, suggestion, note = "unmatched", "", "código INE inexistente"
                code = None
            else:
                status, suggestion, note = "matched", "", ""
        else:
            dept_column, muni_column = name_columns  # type: ignore[misc]
            dept_text = cells[dept_column] if dept_column else ""
            record["given_department"] = dept_text
            record["given_municipio"] = cells[muni_column]
            # Multi-year tables repeat each name: match every distinct pair once.
            pair = (str(dept_text), str(cells[muni_column]))
            if pair not in seen:
                seen[pair] = _match_name(gazetteer, dept_text, cells[muni_column])
            status, code, suggestion, note = seen[pair]
        record.update(status=status, suggestion=suggestion, note=note)
        value = parse_number(cells[value_column])
        record["value"] = np.nan if value is None else value
        if code is not None:
            record["muni_code"] = code
            record["muni_name"] = gazetteer.muni_names[code]
            record["dept_name"] = gazetteer.dept_of[code]
            if value is None:
                record["status"] = "invalid_value"
                shown = str(cells[value_column])[:40]
                record["note"] = f"columna «{value_column}»: «{shown}» no es un número"
            elif np.isnan(value):
                record["status"] = "missing_value"
                note = str(record["note"])
                record["note"] = (note + "; " if note else "") + "sin valor"
        else:
            record["muni_code"] = None
        records.append(record)
    report = pd.DataFrame.from_records(records, columns=REPORT_COLUMNS)
    report["muni_code"] = pd.array(report["muni_code"].tolist(), dtype="Int64")
    report["value"] = report["value"].astype(float)
    _mark_duplicates(report)
    return report


def _mark_duplicates(report: pd.DataFrame) -> None:
    """Mark every row that shares its municipio with another placed row (in place)."""
    placed = report["muni_code"].notna() & report["status"].isin(["matched", "missing_value"])
    codes = report.loc[placed, "muni_code"]
    repeated = codes[codes.duplicated(keep=False)]
    if repeated.empty:
        return
    rows = (
        report.loc[repeated.index, "row"]
        .groupby(repeated)
        .agg(lambda r: ", ".join(str(x) for x in r))
    )
    report.loc[repeated.index, "status"] = "duplicate"
    report.loc[repeated.index, "note"] = "el municipio aparece en las filas " + repeated.map(
        rows
    ).astype(str)


def apply_suggestions(report: pd.DataFrame, territories: pd.DataFrame) -> pd.DataFrame:
    """Accept single suggestions: rows whose suggestion names exactly one municipio.

    Parameters
    ----------
    report
        Report from :func:`match_rows`.
    territories
        Gazetteer used for the report.

    Returns
    -------
    DataFrame
        A copy where those rows are ``matched`` (note says «sugerencia aceptada»), with
        duplicates re-checked.
    """
    result = report.copy()
    for index, row in result[result["status"] == "suggestion"].iterrows():
        found = re.findall(r"\((?:[^,()]+), (\d{3,4})\)", str(row["suggestion"]))
        if len(found) != 1:
            continue
        code = int(found[0])
        value = row["value"]
        result.at[index, "muni_code"] = code
        result.at[index, "muni_name"] = territories.at[code, "muni_name"]
        result.at[index, "dept_name"] = territories.at[code, "dept_name"]
        result.at[index, "status"] = "missing_value" if np.isnan(value) else "matched"
        result.at[index, "note"] = "sugerencia aceptada"
    _mark_duplicates(result)
    return result


def summarise(report: pd.DataFrame) -> dict[str, int]:
    """Number of rows per status (every status listed, zeros included)."""
    counts = report["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUSES}
