"""Scenarios: a small, serialisable description of one ranking.

A scenario says which indicators enter the index and with what weights, the theme weights,
every method choice (normalisation, aggregation, missing data, outliers), the uncertainty
analysis and, optionally, the pilot-selection constraints. It is saved as TOML (or JSON),
read back through the checks of :mod:`analysis.priority.scenario_validation` (messages in
Spanish naming the field), and identified by a stable hash so that every result and export
can name the exact scenario that produced it.

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
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.defaults import DEFAULT_K
from analysis.errors import RaicesError
from analysis.index.composite import CompositeIndex
from analysis.priority.scenario_validation import (
    check_indicators_given,
    check_scenario_table,
    parse_json,
    parse_toml,
    read_goalposts,
    read_level,
    read_method,
    read_pilot,
    read_scenario_text,
    read_uncertainty,
    read_weights,
)
from analysis.priority.selection import SelectionConstraints

PRESETS_DIR = Path(__file__).resolve().parent / "presets"
DEFAULT_PRESET = "pesos_iguales"


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
        check_scenario_table(data, source)
        level = read_level(data, source)
        indicators = read_weights(data.get("indicators"), "indicators", source)
        themes = read_weights(data.get("themes"), "themes", source)
        check_indicators_given(indicators, source)
        method = read_method(MethodSpec, data.get("method", {}), source)
        goalposts = read_goalposts(data.get("goalposts", {}), source)
        uncertainty = read_uncertainty(UncertaintySpec, data.get("uncertainty", {}), level, source)
        return cls(
            name=str(data.get("name", "Escenario")),
            description=str(data.get("description", "")),
            level=level,
            indicators=indicators,
            themes=themes,
            method=method,
            goalposts=goalposts,
            uncertainty=uncertainty,
            pilot=read_pilot(data.get("pilot"), level, source),
        )

    @classmethod
    def from_toml_text(cls, text: str, *, source: str | None = None) -> Scenario:
        """Parse a scenario from TOML text."""
        return cls.from_dict(parse_toml(text, source=source), source=source)

    @classmethod
    def load(cls, path: str | Path) -> Scenario:
        """Read a scenario from a ``.toml`` or ``.json`` file."""
        path = Path(path)
        text = read_scenario_text(path)
        if path.suffix.lower() == ".json":
            return cls.from_json_text(text, source=str(path))
        return cls.from_toml_text(text, source=str(path))

    @classmethod
    def from_json_text(cls, text: str, *, source: str | None = None) -> Scenario:
        """Parse a scenario from JSON text."""
        return cls.from_dict(parse_json(text, source=source), source=source)

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
    """Shipped presets, with their texts in both languages.

    Returns
    -------
    pandas.DataFrame
        Index = preset id; ``name`` and ``description`` (Spanish, the scenario's own) and
        ``name_en``, ``description_en`` (the file's English texts; the Spanish text when a
        file has none).

    Examples
    --------
    >>> list_presets().at["pesos_iguales", "name_en"]
    'Equal weights'
    """
    rows = []
    for path in sorted(PRESETS_DIR.glob("*.toml")):
        table = parse_toml(read_scenario_text(path), source=str(path))
        scenario = Scenario.from_dict(table, source=str(path))
        rows.append(
            {
                "preset": path.stem,
                "name": scenario.name,
                "description": scenario.description,
                "name_en": str(table.get("name_en") or scenario.name),
                "description_en": str(table.get("description_en") or scenario.description),
            }
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
def _as_number(value: Any) -> float:
    """A catalogue cell as a number (0 when empty or not numeric)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


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
