"""What a scenario may contain, and the checks that read it from a file, a link or a flag.

A scenario arrives as text someone wrote or pasted: a ``.toml`` or ``.json`` file, a shared
link, command-line flags. Everything here turns that text into checked values, or stops at
the first problem with one line in Spanish that names the file, the row or the field and
what was expected. The limits are the ones a scenario could ever need (nesting depth, file
size, weights, k per level, draws up to the engine's ``MAX_DRAWS``, seed, departamento
codes), so a wrong or hostile file fails early instead of overflowing the index or filling
the memory.

The model these values build is :class:`analysis.priority.scenario.Scenario`; its
:meth:`~analysis.priority.scenario.Scenario.from_dict` calls the readers below in the order
of the TOML layout. This module does not import the model: the dataclass of each section is
passed in.

Examples
--------
>>> read_weights({"pobreza": 2}, "indicators", None)
{'pobreza': 2.0}
>>> read_weights({"pobreza": 1e308}, "indicators", "e.toml")
Traceback (most recent call last):
...
analysis.errors.RaicesError: e.toml, columna «indicators.pobreza»: el peso debe ser un número entre 0 y 100 ...
"""

from __future__ import annotations

import dataclasses
import json
import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from analysis.defaults import LEVELS
from analysis.errors import RaicesError
from analysis.index.aggregate import AGGREGATIONS
from analysis.index.composite import TIE_POLICIES
from analysis.index.missing import MISSING_POLICIES
from analysis.index.normalise import NORMALISATIONS, ZERO_RANGE_POLICIES
from analysis.index.outliers import OUTLIER_METHODS
from analysis.priority.selection import SelectionConstraints
from analysis.priority.uncertainty import MAX_DRAWS

Section = TypeVar("Section")

#: Territories per level: the largest pilot or top-k a scenario may ask for.
TERRITORIES: dict[str, int] = {"municipio": 340, "departamento": 22}
#: Largest relative weight (indicator or theme). Weights are relative, so 100 allows
#: percentages; 1e308 would overflow the weighted sums into NaN scores.
MAX_WEIGHT = 100.0
#: Longest name and description (characters); a scenario travels in links and file names.
MAX_NAME = 200
MAX_DESCRIPTION = 2000
#: Largest scenario file read (bytes): a scenario is a few hundred bytes of TOML.
MAX_FILE_BYTES = 256 * 1024
#: Deepest nesting of tables and lists read; a scenario needs 3 levels (``pilot.max_per_dept``).
MAX_DEPTH = 8
#: "global" smooths the rates per 100 000 inhabitants towards the national rate
#: (empirical Bayes, :func:`analysis.causes.spatial.smoothing.smooth_rate`) before they are ranked.
RATE_SMOOTHING: tuple[str, ...] = ("none", "global")
#: Scores the pilot selection can maximise (``uncertainty.pilot_objective``).
PILOT_OBJECTIVES: tuple[str, ...] = ("observed", "expected")
#: Top-level keys of a scenario (the sections of its TOML layout). ``name_en`` and
#: ``description_en`` are the English texts of a shipped preset: the preset loader reads
#: them, a scenario ignores them (so a preset file still reads as a scenario).
SCENARIO_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "description",
        "name_en",
        "description_en",
        "level",
        "indicators",
        "themes",
        "method",
        "goalposts",
        "uncertainty",
        "pilot",
    }
)
#: Allowed values of the method choices (``[method]``), checked after the types.
METHOD_CHOICES: dict[str, tuple[str, ...]] = {
    "normalisation": NORMALISATIONS,
    "aggregation_within": AGGREGATIONS,
    "aggregation_across": AGGREGATIONS,
    "missing": MISSING_POLICIES,
    "outliers": OUTLIER_METHODS,
    "zero_range": ZERO_RANGE_POLICIES,
    "ties": TIE_POLICIES,
    "smooth_rates": RATE_SMOOTHING,
}


# ---------------------------------------------------------------------- text and files
def decode_scenario(raw: bytes, *, source: str | None = None) -> str:
    """Text of a scenario file: UTF-8 (with or without BOM), as TOML and JSON require.

    Raises
    ------
    RaicesError
        Naming the row of the first byte that is not UTF-8 (a file saved as Latin-1 or
        Windows-1252) and how to fix it.

    Examples
    --------
    >>> decode_scenario('name = "Sololá"'.encode())
    'name = "Sololá"'
    >>> decode_scenario('name = "Sololá"'.encode("latin-1"), source="e.toml")
    Traceback (most recent call last):
    ...
    analysis.errors.RaicesError: e.toml, fila 1: el archivo no está en UTF-8 ...
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = raw[: error.start].count(b"\n") + 1
        raise RaicesError(
            "el archivo no está en UTF-8 (parece Latin-1/Windows-1252)",
            file=source,
            row=row,
            hint="ábralo en un editor y guárdelo con codificación UTF-8",
        ) from None


def read_scenario_text(path: Path) -> str:
    """Text of the scenario file at ``path``, refusing files over :data:`MAX_FILE_BYTES`."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise RaicesError(
                f"el escenario pesa {path.stat().st_size} bytes; el máximo es "
                f"{MAX_FILE_BYTES} (un escenario ocupa unos cientos de bytes)",
                file=path,
            )
        raw = path.read_bytes()
    except OSError as error:
        raise RaicesError(f"no se pudo leer el escenario: {error.strerror}", file=path) from None
    return decode_scenario(raw, source=str(path))


def parse_toml(text: str, *, source: str | None = None) -> dict[str, Any]:
    """The table of a scenario's TOML text; a syntax error or deep nesting is one line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RaicesError(f"el archivo no es TOML válido: {error}", file=source) from None
    except RecursionError:
        raise _too_deep(source) from None


def parse_json(text: str, *, source: str | None = None) -> Any:
    """The value of a scenario's JSON text; a syntax error names its row."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise RaicesError(
            f"el archivo no es JSON válido: {error.msg}", file=source, row=error.lineno
        ) from None
    except RecursionError:
        raise _too_deep(source) from None


# ---------------------------------------------------------------------- sections
def check_scenario_table(data: Any, source: str | None) -> None:
    """Check the shape of a whole scenario: a table of known keys, not nested too deep,
    texts of bounded length and tables where sections belong."""
    if not isinstance(data, Mapping):
        raise RaicesError("el escenario debe ser una tabla de claves y valores", file=source)
    _no_unknown(data, set(SCENARIO_KEYS), source, "escenario")
    _check_depth(data, source)
    for key, longest in (("name", MAX_NAME), ("description", MAX_DESCRIPTION), ("level", 20)):
        if key in data and not isinstance(data[key], str):
            raise RaicesError(
                f"debe ser texto (se recibió {_shown(data[key])})", file=source, column=key
            )
        if len(data.get(key, "")) > longest:
            raise RaicesError(
                f"texto demasiado largo ({len(data[key])} caracteres; máximo {longest})",
                file=source,
                column=key,
            )
    for key in ("method", "goalposts", "uncertainty"):
        if key in data and not isinstance(data[key], Mapping):
            raise RaicesError(
                f"debe ser una tabla [{key}] (se recibió {_shown(data[key])})",
                file=source,
                column=key,
            )


def read_level(data: Mapping[str, Any], source: str | None) -> str:
    """The scenario's level, ``"municipio"`` when absent."""
    level = str(data.get("level", "municipio"))
    if level not in LEVELS:
        raise RaicesError(
            f"nivel «{level}» no válido; use «municipio» o «departamento»",
            file=source,
            column="level",
        )
    return level


def read_weights(value: Any, field_name: str, source: str | None) -> dict[str, float] | None:
    """``{name: weight}`` with every weight a number in ``0…MAX_WEIGHT`` (``None`` stays)."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise RaicesError("debe ser una tabla «nombre = peso»", file=source, column=field_name)
    if len(value) > 1000 or any(len(str(name)) > 100 for name in value):
        raise RaicesError(
            "demasiados nombres o nombres demasiado largos", file=source, column=field_name
        )
    out = {}
    for name, weight in value.items():
        if not _is_number(weight) or not 0 <= weight <= MAX_WEIGHT:
            raise RaicesError(
                f"el peso debe ser un número entre 0 y {MAX_WEIGHT:g} (se recibió "
                f"{_shown(weight)})",
                file=source,
                column=f"{field_name}.{name}",
            )
        out[str(name)] = float(weight)
    return out


def check_indicators_given(indicators: Mapping[str, float] | None, source: str | None) -> None:
    """An ``[indicators]`` table, when given, names at least one indicator."""
    if indicators is not None and not indicators:
        raise RaicesError("la lista de indicadores está vacía", file=source, column="indicators")


def read_method(spec: type[Section], raw: Any, source: str | None) -> Section:
    """The ``[method]`` section as ``spec`` (typed fields, choices, coverage in 0…1)."""
    method: Any = _section(spec, raw, "method", source)  # the model's dataclass
    for name, options in METHOD_CHOICES.items():
        _choice(getattr(method, name), options, f"method.{name}", source)
    if not 0 <= method.coverage_threshold <= 1:
        raise RaicesError(
            "el umbral de cobertura debe estar entre 0 y 1",
            file=source,
            column="method.coverage_threshold",
        )
    return method


def read_goalposts(raw: Any, source: str | None) -> dict[str, tuple[float, float]]:
    """``{indicator: (minimum, maximum)}`` with the minimum below the maximum."""
    goalposts = {}
    for name, pair in dict(raw).items():
        if (
            not isinstance(pair, list | tuple)
            or len(pair) != 2
            or not all(_is_number(v) for v in pair)
        ):
            raise RaicesError(
                "los umbrales deben ser [mínimo, máximo]",
                file=source,
                column=f"goalposts.{name}",
            )
        if not pair[0] < pair[1]:
            raise RaicesError(
                "el umbral mínimo debe ser menor que el máximo",
                file=source,
                column=f"goalposts.{name}",
            )
        goalposts[str(name)] = (float(pair[0]), float(pair[1]))
    return goalposts


def read_uncertainty(spec: type[Section], raw: Any, level: str, source: str | None) -> Section:
    """The ``[uncertainty]`` section as ``spec``: method lists, draws, k, seed, pilot options."""
    unc_raw = dict(raw)
    for key in ("normalisations", "aggregations"):
        if key in unc_raw:
            if isinstance(unc_raw[key], str) or not isinstance(unc_raw[key], list | tuple):
                raise RaicesError("debe ser una lista", file=source, column=f"uncertainty.{key}")
            unc_raw[key] = tuple(str(v) for v in unc_raw[key])
    uncertainty: Any = _section(spec, unc_raw, "uncertainty", source)  # the model's dataclass
    for value in uncertainty.normalisations:
        _choice(value, NORMALISATIONS, "uncertainty.normalisations", source)
    for value in uncertainty.aggregations:
        _choice(value, AGGREGATIONS, "uncertainty.aggregations", source)
    draws = uncertainty.draws
    if not 0 <= draws <= MAX_DRAWS:
        raise RaicesError(
            f"draws debe estar entre 0 y {MAX_DRAWS} (se recibió {draws})",
            file=source,
            column="uncertainty.draws",
        )
    check_k(uncertainty.k, level, source, "uncertainty.k")
    if uncertainty.seed < 0:
        raise RaicesError(
            "la semilla debe ser un entero ≥ 0", file=source, column="uncertainty.seed"
        )
    _choice(
        uncertainty.pilot_objective,
        PILOT_OBJECTIVES,
        "uncertainty.pilot_objective",
        source,
    )
    if not 0 <= uncertainty.pilot_draws <= 10_000:
        raise RaicesError(
            "pilot_draws debe estar entre 0 y 10000",
            file=source,
            column="uncertainty.pilot_draws",
        )
    if not 0 <= uncertainty.weight_spread < 1:
        raise RaicesError(
            "weight_spread debe estar entre 0 y 1 (p. ej. 0.25 = ±25 %)",
            file=source,
            column="uncertainty.weight_spread",
        )
    return uncertainty


def read_pilot(raw: Any, level: str, source: str | None) -> SelectionConstraints | None:
    """The ``[pilot]`` constraints (``None`` when absent): codes, departamento limits, k,
    populations and the indigenous share within their ranges."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise RaicesError("debe ser una tabla", file=source, column="pilot")
    values = dict(raw)
    for key in ("must_include", "must_exclude"):
        if key in values:
            values[key] = _code_list(values[key], f"pilot.{key}", source)
    for key in ("max_per_dept", "min_per_dept"):
        if isinstance(values.get(key), Mapping):
            values[key] = _dept_limits(values[key], f"pilot.{key}", source)
    pilot = _section(SelectionConstraints, values, "pilot", source)
    check_k(pilot.k, level, source, "pilot.k")
    for key in ("max_per_dept", "min_per_dept"):
        value = getattr(pilot, key)
        if isinstance(value, int) and not 0 <= value <= TERRITORIES["municipio"]:
            raise RaicesError(
                f"debe ser un entero entre 0 y {TERRITORIES['municipio']}",
                file=source,
                column=f"pilot.{key}",
            )
    for key in ("max_population", "min_population"):
        value = getattr(pilot, key)
        if value is not None and value < 0:
            raise RaicesError("la población debe ser ≥ 0", file=source, column=f"pilot.{key}")
    share = pilot.min_indigenous_share
    if share is not None and not 0 <= share <= 1:
        raise RaicesError(
            "la proporción indígena mínima debe estar entre 0 y 1",
            file=source,
            column="pilot.min_indigenous_share",
        )
    return pilot


def check_k(k: int, level: str, source: str | None, column: str) -> None:
    """``k`` between 1 and the number of territories at ``level``."""
    most = TERRITORIES[level]
    if not 1 <= k <= most:
        raise RaicesError(
            f"k debe estar entre 1 y {most} (los {level}s del país); se recibió {k}",
            file=source,
            column=column,
        )


# ---------------------------------------------------------------------- helpers
def _too_deep(source: str | None) -> RaicesError:
    return RaicesError(
        f"el escenario anida tablas o listas a demasiada profundidad (máximo {MAX_DEPTH})",
        file=source,
    )


def _check_depth(data: Any, source: str | None) -> None:
    """Refuse structures nested deeper than :data:`MAX_DEPTH` (iteratively, no recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(source)
        if isinstance(value, Mapping):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list | tuple):
            stack.extend((v, depth + 1) for v in value)


def _shown(value: Any, limit: int = 40) -> str:
    """A short, safe picture of a wrong value for a message (no huge reprs)."""
    if isinstance(value, Mapping):
        return "una tabla"
    if isinstance(value, list | tuple):
        return "una lista"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _no_unknown(data: Mapping[str, Any], allowed: set[str], source: str | None, where: str) -> None:
    unknown = sorted(set(map(str, data)) - allowed)
    if unknown:
        raise RaicesError(
            f"clave desconocida en {where}: {', '.join(unknown)}; claves válidas: {', '.join(sorted(allowed))}",
            file=source,
            column=unknown[0],
        )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _code_list(value: Any, field_name: str, source: str | None) -> tuple[int, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise RaicesError(
            "debe ser una lista de códigos, p. ej. [1301, 1302]", file=source, column=field_name
        )
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise RaicesError("los códigos deben ser números enteros", file=source, column=field_name)
    if len(value) > TERRITORIES["municipio"]:
        raise RaicesError(
            f"demasiados códigos ({len(value)}); hay {TERRITORIES['municipio']} municipios",
            file=source,
            column=field_name,
        )
    return tuple(value)


def _dept_limits(value: Mapping[Any, Any], field_name: str, source: str | None) -> dict[int, int]:
    try:
        limits = {int(k): v for k, v in value.items()}
    except (TypeError, ValueError):
        limits = {0: 0}
    unknown = [k for k in limits if not 1 <= k <= TERRITORIES["departamento"]]
    if unknown:
        shown = ", ".join(str(k) for k in value if str(k).strip() not in map(str, range(1, 23)))
        raise RaicesError(
            f"departamento desconocido «{shown}»: las claves deben ser códigos de "
            "departamento (1–22)",
            file=source,
            column=field_name,
        )
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in limits.values()):
        raise RaicesError("los límites deben ser enteros ≥ 0", file=source, column=field_name)
    return limits


def _choice(value: str, options: tuple[str, ...], field_name: str, source: str | None) -> None:
    if value not in options:
        raise RaicesError(
            f"valor «{value}» no válido; opciones: {', '.join(options)}",
            file=source,
            column=field_name,
        )


def _section(spec: type[Section], raw: Any, where: str, source: str | None) -> Section:
    """An instance of the dataclass ``spec`` from ``raw``, each value of its default's type."""
    if not isinstance(raw, Mapping):
        raise RaicesError("debe ser una tabla", file=source, column=where)
    fields = {f.name for f in dataclasses.fields(spec)}  # type: ignore[arg-type]
    _no_unknown(raw, fields, source, where)
    defaults = spec()
    values = {}
    for name, value in raw.items():
        expected = getattr(defaults, name)
        column = f"{where}.{name}"
        if isinstance(expected, bool):
            if not isinstance(value, bool):
                raise RaicesError("debe ser true o false", file=source, column=column)
        elif isinstance(expected, int):
            if isinstance(value, bool) or not isinstance(value, int):
                raise RaicesError(
                    f"debe ser un número entero (se recibió {_shown(value)})",
                    file=source,
                    column=column,
                )
        elif isinstance(expected, float):
            if not _is_number(value):
                raise RaicesError(
                    f"debe ser un número (se recibió {_shown(value)})", file=source, column=column
                )
            value = float(value)
        elif isinstance(expected, str) and not isinstance(value, str):
            raise RaicesError(
                f"debe ser texto (se recibió {_shown(value)})", file=source, column=column
            )
        elif expected is None and not isinstance(value, Mapping) and not _is_number(value):
            raise RaicesError(
                f"debe ser un número (se recibió {_shown(value)})", file=source, column=column
            )
        values[name] = value
    return spec(**values)
