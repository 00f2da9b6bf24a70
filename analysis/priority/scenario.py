"""Scenarios: a small, serialisable description of one ranking.

A scenario says which indicators enter the index and with what weights, the theme weights,
every method choice (normalisation, aggregation, missing data, outliers), the uncertainty
analysis and, optionally, the pilot-selection constraints. It is saved as TOML (or JSON),
validated with messages in Spanish, and identified by a stable hash so that every result
and export can name the exact scenario that produced it.

TOML layout (every section optional; see ``analysis/priority/presets/*.toml``)::

    name = "Pesos iguales"
    description = "..."
    level = "municipio"

    [indicators]        # relative weights; omitted = the catalogue default, weight 1 each
    pobreza = 1.0

    [themes]            # relative theme weights; omitted = 1 each
    migracion = 2.0

    [method]
    normalisation = "minmax"          # minmax | zscore | rank | goalposts
    aggregation_within = "arithmetic" # arithmetic | geometric | penalised
    aggregation_across = "arithmetic"
    missing = "renormalise"           # renormalise | group_mean
    coverage_threshold = 0.6667
    outliers = "winsorise"            # winsorise | log | none
    smooth_rates = "none"             # none | global: empirical-Bayes rates per 100 000

    [goalposts]
    pobreza = [0.0, 1.0]

    [uncertainty]
    draws = 1000
    seed = 2026
    weight_spread = 0.25
    normalisations = ["minmax", "rank"]
    aggregations = ["arithmetic", "geometric"]
    standard_errors = true
    k = 15

    [pilot]
    k = 15
    max_per_dept = 3
    min_indigenous_share = 0.5
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.defaults import DEFAULT_K, LEVELS
from analysis.errors import RaicesError
from analysis.index.aggregate import AGGREGATIONS
from analysis.index.composite import TIE_POLICIES, CompositeIndex
from analysis.index.missing import MISSING_POLICIES
from analysis.index.normalise import NORMALISATIONS, ZERO_RANGE_POLICIES
from analysis.index.outliers import OUTLIER_METHODS
from analysis.priority.selection import SelectionConstraints

PRESETS_DIR = Path(__file__).resolve().parent / "presets"
DEFAULT_PRESET = "pesos_iguales"
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
#: Monte-Carlo draws allowed (``uncertainty.draws``); see :data:`DRAW_COST` for what they cost.
MAX_DRAWS = 100_000
#: Measured cost of the Monte-Carlo band on the 340 municipios (2-core machine): seconds and
#: MB of memory per 1 000 draws (100 000 draws ≈ 18.5 s and 1.07 GB).
DRAW_COST = {"seconds_per_1000": 0.185, "mb_per_1000": 10.7}
#: "global" smooths the rates per 100 000 inhabitants towards the national rate
#: (empirical Bayes, :func:`analysis.causes.spatial.smoothing.smooth_rate`) before they are ranked.
RATE_SMOOTHING: tuple[str, ...] = ("none", "global")


@dataclass(frozen=True)
class MethodSpec:
    """Method choices of the composite index (see :class:`analysis.index.CompositeIndex`)."""

    normalisation: str = "minmax"
    aggregation_within: str = "arithmetic"
    aggregation_across: str = "arithmetic"
    missing: str = "renormalise"
    coverage_threshold: float = 2 / 3
    outliers: str = "winsorise"
    skew_threshold: float = 2.0
    kurtosis_threshold: float = 3.5
    max_winsorised: int = 5
    zero_range: str = "midpoint"
    geometric_offset: float = 1.0
    penalty: float = 1.0
    ties: str = "min"
    smooth_rates: str = "none"


@dataclass(frozen=True)
class UncertaintySpec:
    """Monte-Carlo settings (see :mod:`analysis.priority.uncertainty`)."""

    draws: int = 1000
    seed: int = 2026
    weight_spread: float = 0.25
    normalisations: tuple[str, ...] = ()
    aggregations: tuple[str, ...] = ()
    standard_errors: bool = True
    k: int = DEFAULT_K
    #: Draws over which the pilot is re-solved (robust pilot; 0 = not computed).
    pilot_draws: int = 200
    #: Score the pilot maximises: "observed" (the index) or "expected" (mean over draws).
    pilot_objective: str = "observed"


#: Scores the pilot selection can maximise (``uncertainty.pilot_objective``).
PILOT_OBJECTIVES: tuple[str, ...] = ("observed", "expected")


@dataclass(frozen=True)
class Scenario:
    """One ranking, fully described.

    Parameters
    ----------
    name, description
        Shown in the dashboard and in exports.
    level
        ``"municipio"`` or ``"departamento"``.
    indicators
        ``{indicator: relative weight}``; ``None`` = the catalogue's default indicators
        (``in_default == 1``) at weight 1.
    themes
        ``{theme: relative weight}``; ``None`` or a missing theme = weight 1.
    method, goalposts, uncertainty, pilot
        See :class:`MethodSpec`, :class:`UncertaintySpec` and
        :class:`analysis.priority.selection.SelectionConstraints`; ``pilot=None`` = no selection.

    Examples
    --------
    >>> s = Scenario(indicators={"pobreza": 2.0, "tasa_delitos": 1.0})
    >>> Scenario.from_toml_text(s.to_toml()) == s
    True
    >>> len(s.hash())
    12
    """

    name: str = "Escenario"
    description: str = ""
    level: str = "municipio"
    indicators: Mapping[str, float] | None = None
    themes: Mapping[str, float] | None = None
    method: MethodSpec = field(default_factory=MethodSpec)
    goalposts: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    uncertainty: UncertaintySpec = field(default_factory=UncertaintySpec)
    pilot: SelectionConstraints | None = None

    # ------------------------------------------------------------------ (de)serialise
    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-compatible dictionary (``None`` entries left out)."""
        out: dict[str, Any] = {
            "name": self.name,
            "description": self.description,
            "level": self.level,
        }
        if self.indicators is not None:
            out["indicators"] = {k: float(v) for k, v in self.indicators.items()}
        if self.themes is not None:
            out["themes"] = {k: float(v) for k, v in self.themes.items()}
        out["method"] = dataclasses.asdict(self.method)
        if self.method.smooth_rates == "none":
            # left out when off, so scenarios saved before the option keep their hash
            out["method"].pop("smooth_rates")
        if self.goalposts:
            out["goalposts"] = {k: [float(a), float(b)] for k, (a, b) in self.goalposts.items()}
        unc = dataclasses.asdict(self.uncertainty)
        unc["normalisations"] = list(unc["normalisations"])
        unc["aggregations"] = list(unc["aggregations"])
        # left out at their defaults, so scenarios saved before the robust pilot keep their hash
        for key, default in (("pilot_draws", 200), ("pilot_objective", "observed")):
            if unc[key] == default:
                unc.pop(key)
        out["uncertainty"] = unc
        if self.pilot is not None:
            pilot = {}
            for f in dataclasses.fields(self.pilot):
                value = getattr(self.pilot, f.name)
                if value in (None, (), False, {}):
                    continue
                if isinstance(value, Mapping):
                    value = {str(k): int(v) for k, v in value.items()}
                elif isinstance(value, tuple):
                    value = [int(v) for v in value]
                pilot[f.name] = value
            out["pilot"] = pilot
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str | None = None) -> Scenario:
        """Build and validate a scenario from a dictionary (as read from TOML or JSON).

        ``source`` names the file in error messages.
        """
        if not isinstance(data, Mapping):
            raise RaicesError("el escenario debe ser una tabla de claves y valores", file=source)
        top = {
            "name",
            "description",
            "level",
            "indicators",
            "themes",
            "method",
            "goalposts",
            "uncertainty",
            "pilot",
        }
        _no_unknown(data, top, source, "escenario")
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
        level = str(data.get("level", "municipio"))
        if level not in LEVELS:
            raise RaicesError(
                f"nivel «{level}» no válido; use «municipio» o «departamento»",
                file=source,
                column="level",
            )
        indicators = _weights(data.get("indicators"), "indicators", source)
        themes = _weights(data.get("themes"), "themes", source)
        if indicators is not None and not indicators:
            raise RaicesError(
                "la lista de indicadores está vacía", file=source, column="indicators"
            )
        method = _spec(MethodSpec, data.get("method", {}), "method", source)
        _choice(method.normalisation, NORMALISATIONS, "method.normalisation", source)
        _choice(method.aggregation_within, AGGREGATIONS, "method.aggregation_within", source)
        _choice(method.aggregation_across, AGGREGATIONS, "method.aggregation_across", source)
        _choice(method.missing, MISSING_POLICIES, "method.missing", source)
        _choice(method.outliers, OUTLIER_METHODS, "method.outliers", source)
        _choice(method.zero_range, ZERO_RANGE_POLICIES, "method.zero_range", source)
        _choice(method.ties, TIE_POLICIES, "method.ties", source)
        _choice(method.smooth_rates, RATE_SMOOTHING, "method.smooth_rates", source)
        if not 0 <= method.coverage_threshold <= 1:
            raise RaicesError(
                "el umbral de cobertura debe estar entre 0 y 1",
                file=source,
                column="method.coverage_threshold",
            )
        goalposts = {}
        for name, pair in dict(data.get("goalposts", {})).items():
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
        unc_raw = dict(data.get("uncertainty", {}))
        for key in ("normalisations", "aggregations"):
            if key in unc_raw:
                if isinstance(unc_raw[key], str) or not isinstance(unc_raw[key], list | tuple):
                    raise RaicesError(
                        "debe ser una lista", file=source, column=f"uncertainty.{key}"
                    )
                unc_raw[key] = tuple(str(v) for v in unc_raw[key])
        uncertainty = _spec(UncertaintySpec, unc_raw, "uncertainty", source)
        for value in uncertainty.normalisations:
            _choice(value, NORMALISATIONS, "uncertainty.normalisations", source)
        for value in uncertainty.aggregations:
            _choice(value, AGGREGATIONS, "uncertainty.aggregations", source)
        if not 0 <= uncertainty.draws <= MAX_DRAWS:
            raise RaicesError(
                f"draws debe estar entre 0 y {MAX_DRAWS} (se recibió {uncertainty.draws})",
                file=source,
                column="uncertainty.draws",
            )
        _check_k(uncertainty.k, level, source, "uncertainty.k")
        if uncertainty.seed < 0:
            raise RaicesError(
                "la semilla debe ser un entero ≥ 0", file=source, column="uncertainty.seed"
            )
        _choice(
            uncertainty.pilot_objective, PILOT_OBJECTIVES, "uncertainty.pilot_objective", source
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
        pilot = None
        if data.get("pilot") is not None:
            if not isinstance(data["pilot"], Mapping):
                raise RaicesError("debe ser una tabla", file=source, column="pilot")
            raw = dict(data["pilot"])
            for key in ("must_include", "must_exclude"):
                if key in raw:
                    raw[key] = _code_list(raw[key], f"pilot.{key}", source)
            for key in ("max_per_dept", "min_per_dept"):
                if isinstance(raw.get(key), Mapping):
                    raw[key] = _dept_limits(raw[key], f"pilot.{key}", source)
            pilot = _spec(SelectionConstraints, raw, "pilot", source)
            _check_k(pilot.k, level, source, "pilot.k")
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
                    raise RaicesError(
                        "la población debe ser ≥ 0", file=source, column=f"pilot.{key}"
                    )
            share = pilot.min_indigenous_share
            if share is not None and not 0 <= share <= 1:
                raise RaicesError(
                    "la proporción indígena mínima debe estar entre 0 y 1",
                    file=source,
                    column="pilot.min_indigenous_share",
                )
        return cls(
            name=str(data.get("name", "Escenario")),
            description=str(data.get("description", "")),
            level=level,
            indicators=indicators,
            themes=themes,
            method=method,
            goalposts=goalposts,
            uncertainty=uncertainty,
            pilot=pilot,
        )

    @classmethod
    def from_toml_text(cls, text: str, *, source: str | None = None) -> Scenario:
        """Parse a scenario from TOML text."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise RaicesError(f"el archivo no es TOML válido: {error}", file=source) from None
        except RecursionError:
            raise _too_deep(source) from None
        return cls.from_dict(data, source=source)

    @classmethod
    def load(cls, path: str | Path) -> Scenario:
        """Read a scenario from a ``.toml`` or ``.json`` file."""
        path = Path(path)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise RaicesError(
                    f"el escenario pesa {path.stat().st_size} bytes; el máximo es "
                    f"{MAX_FILE_BYTES} (un escenario ocupa unos cientos de bytes)",
                    file=path,
                )
            raw = path.read_bytes()
        except OSError as error:
            raise RaicesError(
                f"no se pudo leer el escenario: {error.strerror}", file=path
            ) from None
        text = decode_scenario(raw, source=str(path))
        if path.suffix.lower() == ".json":
            return cls.from_json_text(text, source=str(path))
        return cls.from_toml_text(text, source=str(path))

    @classmethod
    def from_json_text(cls, text: str, *, source: str | None = None) -> Scenario:
        """Parse a scenario from JSON text."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise RaicesError(
                f"el archivo no es JSON válido: {error.msg}", file=source, row=error.lineno
            ) from None
        except RecursionError:
            raise _too_deep(source) from None
        return cls.from_dict(data, source=source)

    def to_toml(self) -> str:
        """TOML text that :meth:`from_toml_text` reads back to an equal scenario."""
        data = self.to_dict()
        lines = [f"{key} = {_toml_value(data[key])}" for key in ("name", "description", "level")]
        for section in ("indicators", "themes", "method", "goalposts", "uncertainty", "pilot"):
            if section not in data:
                continue
            lines.append("")
            lines.append(f"[{section}]")
            for key, value in data[section].items():
                if isinstance(value, Mapping):
                    inner = ", ".join(
                        f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()
                    )
                    lines.append(f"{_toml_key(key)} = {{ {inner} }}")
                else:
                    lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
        return "\n".join(lines) + "\n"

    def save(self, path: str | Path) -> Path:
        """Write the scenario as TOML (or JSON when the name ends in ``.json``)."""
        path = Path(path)
        text = (
            json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
            if path.suffix.lower() == ".json"
            else self.to_toml()
        )
        path.write_text(text, encoding="utf-8")
        return path

    def hash(self) -> str:
        """Stable 12-hex-digit identifier of the scenario's content.

        ``name`` and ``description`` are left out: renaming a scenario does not change
        its results, so it does not change its hash.
        """
        data = self.to_dict()
        data.pop("name")
        data.pop("description")
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]

    # ------------------------------------------------------------------ use
    def resolve(self, catalog: pd.DataFrame) -> Scenario:
        """Check against the catalogue and make indicators and theme weights explicit.

        Raises :class:`~analysis.errors.RaicesError` for unknown indicators or themes,
        context indicators (direction 0) and indicators not available at ``level``.
        """
        if self.indicators is None:
            levels = (
                catalog["levels"].tolist() if "levels" in catalog else [self.level] * len(catalog)
            )
            indicators = {
                name: 1.0
                for name, default, direction, level in zip(
                    catalog.index.tolist(),
                    catalog["in_default"].tolist(),
                    catalog["direction"].tolist(),
                    levels,
                    strict=True,
                )
                if _as_number(default) == 1
                and _as_number(direction) != 0
                and self.level in str(level)
            }
        else:
            indicators = dict(self.indicators)
        names = catalog.index.tolist()
        theme_of = dict(zip(names, catalog["theme"].tolist(), strict=True))
        direction_of = dict(zip(names, catalog["direction"].tolist(), strict=True))
        levels_of = (
            dict(zip(names, catalog["levels"].tolist(), strict=True)) if "levels" in catalog else {}
        )
        for name in indicators:
            if name not in theme_of:
                raise RaicesError(
                    "indicador desconocido: no está en el catálogo", column=f"indicators.{name}"
                )
            if int(direction_of[name]) == 0:
                raise RaicesError(
                    "es un indicador de contexto (dirección 0) y no puede entrar en el índice",
                    column=f"indicators.{name}",
                )
            if levels_of and self.level not in str(levels_of[name]):
                raise RaicesError(
                    f"el indicador no existe a nivel {self.level}", column=f"indicators.{name}"
                )
        for name in self.goalposts:
            if name not in indicators:
                raise RaicesError(
                    "hay umbrales para un indicador que no está en el escenario",
                    column=f"goalposts.{name}",
                )
        used = list(dict.fromkeys(theme_of[name] for name in indicators))
        themes_given = dict(self.themes or {})
        known = set(theme_of.values())
        for theme in themes_given:
            if theme not in known:
                raise RaicesError("tema desconocido", column=f"themes.{theme}")
        themes = {t: float(themes_given.get(t, 1.0)) for t in used}
        return dataclasses.replace(self, indicators=indicators, themes=themes)

    def estimator(self) -> CompositeIndex:
        """The :class:`~analysis.index.CompositeIndex` this scenario describes (unfitted)."""
        return CompositeIndex(
            indicator_weights=dict(self.indicators or {}),
            theme_weights=dict(self.themes or {}),
            goalposts=dict(self.goalposts),
            **{
                name: value
                for name, value in dataclasses.asdict(self.method).items()
                if name != "smooth_rates"  # applied to the data before the index
            },
        )

    def with_weights(
        self,
        *,
        indicators: Mapping[str, float] | None = None,
        themes: Mapping[str, float] | None = None,
    ) -> Scenario:
        """Copy with new indicator and/or theme weights (the dashboard's sliders)."""
        return dataclasses.replace(
            self,
            indicators=dict(indicators) if indicators is not None else self.indicators,
            themes=dict(themes) if themes is not None else self.themes,
        )


# ---------------------------------------------------------------------- presets
def list_presets() -> pd.DataFrame:
    """Shipped presets: index = preset id, columns ``name`` and ``description``."""
    rows = []
    for path in sorted(PRESETS_DIR.glob("*.toml")):
        scenario = Scenario.load(path)
        rows.append(
            {"preset": path.stem, "name": scenario.name, "description": scenario.description}
        )
    return pd.DataFrame(rows).set_index("preset")


def load_preset(preset: str = DEFAULT_PRESET) -> Scenario:
    """Load a shipped preset by id (``pesos_iguales``, ``inform_geometrico``, ``migracion``)."""
    path = PRESETS_DIR / f"{preset}.toml"
    if not path.is_file():
        available = ", ".join(p.stem for p in sorted(PRESETS_DIR.glob("*.toml")))
        raise RaicesError(
            f"no existe el escenario predefinido «{preset}»; disponibles: {available}",
            column="preset",
        )
    return Scenario.load(path)


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A preset id or the path of a ``.toml``/``.json`` scenario file."""
    text = str(name_or_path)
    if (PRESETS_DIR / f"{text}.toml").is_file():
        return load_preset(text)
    return Scenario.load(name_or_path)


# ---------------------------------------------------------------------- helpers
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


def _check_k(k: int, level: str, source: str | None, column: str) -> None:
    most = TERRITORIES[level]
    if not 1 <= k <= most:
        raise RaicesError(
            f"k debe estar entre 1 y {most} (los {level}s del país); se recibió {k}",
            file=source,
            column=column,
        )


def _no_unknown(data: Mapping[str, Any], allowed: set[str], source: str | None, where: str) -> None:
    unknown = sorted(set(map(str, data)) - allowed)
    if unknown:
        raise RaicesError(
            f"clave desconocida en {where}: {', '.join(unknown)}; claves válidas: {', '.join(sorted(allowed))}",
            file=source,
            column=unknown[0],
        )


def _as_number(value: Any) -> float:
    """A catalogue cell as a number (0 when empty or not numeric)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _weights(value: Any, field_name: str, source: str | None) -> dict[str, float] | None:
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


def _spec(cls: type, raw: Any, where: str, source: str | None) -> Any:
    if not isinstance(raw, Mapping):
        raise RaicesError("debe ser una tabla", file=source, column=where)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    _no_unknown(raw, set(fields), source, where)
    defaults = cls()
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
    return cls(**values)


def _toml_key(key: Any) -> str:
    key = str(key)
    return (
        key
        if key.replace("_", "").replace("-", "").isalnum() and key.isascii()
        else json.dumps(key)
    )


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"unsupported TOML value {value!r}")
