"""The user layer: analysts' own indicators, stored apart from the published sources.

Each indicator is two files in :func:`analysis.paths.user_dir`:

``<id>.csv``
    ``muni_code,value`` — one row per municipio with a value.
``<id>.json``
    Its catalogue entry (label, theme, direction, unit, year, source, departamento
    method) plus provenance: the input file name and SHA-256, how it was read and the
    matching summary. The full matching report is kept next to it as ``<id>.report.csv``.

The functions :func:`list_user_indicators`, :func:`load_user_indicators` and
:func:`remove_user_indicator` are what the store and the dashboard call; the catalogue
rows they return have ``origin = "user"`` and the same columns as the source catalogue.

The layer is shared by everyone who opens the dashboard, so saving and removing an
indicator need an editor or secretariat account (:func:`require_layer_editor`, checked
here, not only in the page); a visitor may still match a table for their own session.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis import paths
from analysis.catalog import REQUIRED
from analysis.errors import RaicesError
from analysis.export.safety import write_csv
from analysis.files import write_atomic
from analysis.records.permissions import EDITOR, SECRETARIAT, PermissionDenied, require_login

if TYPE_CHECKING:
    from analysis.records.users import Principal

THEMES = (
    "migracion",
    "pobreza_economia",
    "violencia_inseguridad",
    "clima_alimentacion",
    "servicios_educacion",
    "demografia_exclusion",
)
DEPT_METHODS = ("pop_weighted", "sum", "mean", "none")
"""How departamento values are derived: population-weighted mean (rates, shares), sum
(counts such as homicides or returnees), plain mean (only when no weight makes sense), or
none (municipal only)."""

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{2,47}$")
USER_SOURCE_ID = "usuario"
RESERVED_IDS = frozenset(
    {
        # keys and context columns of the store, the ranking and the open-data bundle
        "code",
        "name",
        "muni_code",
        "muni_name",
        "dept_code",
        "dept_name",
        "pcode",
        "dept_pcode",
        "muni_pcode",
        "geometry",
        "pueblo_mayoritario",
        "mayoria_indigena",
        "area_predominante",
        "departamento",
        "municipio",
        "level",
        "indicator",
        "year",
        "value",
        "origin",
        "source",
        "source_id",
        # ranking and pilot columns (``raices rank`` CSV, the bundle's ranking tables)
        "score",
        "rank",
        "selected",
        "coverage",
        "reliability",
        "max_cv",
        "scenario_hash",
        "uncertainty_driver",
        "pinned",
        "excluded",
        "poblacion",
    }
)
"""Column names the exports write next to indicator columns; an indicator may not take one."""
RESERVED_PREFIXES = ("rank_", "score_", "contrib_", "method_", "p_top", "p_in_", "se_")
"""Families of derived columns (``rank_p05``, ``contrib_migracion``, ``se_imputed`` …)."""
LAYER_ROLES = (EDITOR, SECRETARIAT)
"""Roles that may save or remove an indicator of the shared layer."""


def require_layer_editor(principal: Principal | None) -> None:
    """Refuse anyone but an editor or the secretariat (the layer is shared by every visitor).

    Raises
    ------
    PermissionDenied
        For the anonymous public, ``None`` or any other role; nothing is changed.

    Examples
    --------
    >>> from analysis.records.users import PUBLIC
    >>> require_layer_editor(PUBLIC)
    Traceback (most recent call last):
    ...
    analysis.records.permissions.PermissionDenied: guardar o eliminar un indicador propio \
compartido requiere iniciar sesión como editor o secretaría
    """
    message = "guardar o eliminar un indicador propio compartido requiere iniciar sesión"
    if principal is None or getattr(principal, "role", None) is None:
        raise PermissionDenied(message + " como editor o secretaría")
    require_login(principal)
    if principal.role not in LAYER_ROLES:
        raise PermissionDenied(
            message + " como editor o secretaría", hint=f"usuario «{principal.username}»"
        )


def is_reserved(indicator: str) -> bool:
    """Whether an id would collide with a column the exports write.

    Examples
    --------
    >>> is_reserved("dept_pcode"), is_reserved("rank_p05"), is_reserved("homicidios_2024")
    (True, True, False)
    """
    return indicator in RESERVED_IDS or indicator.startswith(RESERVED_PREFIXES)


CATALOG_COLUMNS = ["indicator", *REQUIRED[1:], "origin", "has_se"]


@dataclass
class UserIndicatorMeta:
    """What the analyst declares about an indicator (validated by :meth:`validate`).

    Attributes
    ----------
    indicator
        Stable ``snake_case`` id, 3–48 characters, not used by a published indicator.
    label_es
        Label in Spanish (shown in maps and reports).
    theme
        One of :data:`THEMES`.
    direction
        ``+1`` a higher value means more need, ``-1`` less need, ``0`` context only.
    unit_es
        Unit in words, e.g. «homicidios por 100 000 hab.».
    year
        Reference year or period as text (``"2024"``, ``"2022–2024"``).
    source
        Who produced the data and where it can be checked.
    label_en, unit_en
        English texts; the Spanish ones are used when empty.
    dept_method
        One of :data:`DEPT_METHODS`.
    description_es
        Free description.
    provenance
        Filled by the import: file, sha256, read and matching summaries, dates.
    """

    indicator: str
    label_es: str
    theme: str
    direction: int
    unit_es: str
    year: str
    source: str
    label_en: str = ""
    unit_en: str = ""
    dept_method: str = "pop_weighted"
    description_es: str = ""
    provenance: dict[str, object] = field(default_factory=dict)

    def validate(self, *, published: set[str] | None = None) -> UserIndicatorMeta:
        """Check every field; raise :class:`RaicesError` naming the field otherwise."""
        if not ID_PATTERN.match(self.indicator or ""):
            raise RaicesError(
                f"identificador «{self.indicator}» no válido: use minúsculas, cifras y «_», "
                "empiece por una letra, 3 a 48 caracteres",
                column="id",
            )
        if published is None:
            published = published_indicator_ids()
        if is_reserved(self.indicator):
            raise RaicesError(
                f"«{self.indicator}» es un nombre de columna reservado; elija otro identificador",
                column="id",
            )
        if self.indicator in published:
            raise RaicesError(
                f"«{self.indicator}» ya es un indicador publicado; elija otro identificador",
                column="id",
            )
        for name in ("label_es", "unit_es", "year", "source"):
            if not str(getattr(self, name) or "").strip():
                raise RaicesError(f"falta declarar «{name}»", column=name)
        if self.theme not in THEMES:
            raise RaicesError(
                f"tema «{self.theme}» desconocido", column="theme", hint=", ".join(THEMES)
            )
        try:
            direction = int(self.direction)
        except (TypeError, ValueError):
            direction = 99
        if direction not in (-1, 0, 1):
            raise RaicesError(
                "la dirección debe ser 1 (más es peor), -1 (más es mejor) o 0 (contexto)",
                column="direction",
            )
        self.direction = direction
        if self.dept_method not in DEPT_METHODS:
            raise RaicesError(
                f"método departamental «{self.dept_method}» desconocido",
                column="dept_method",
                hint=", ".join(DEPT_METHODS),
            )
        for name in ("label_es", "unit_es", "year", "source", "label_en", "unit_en"):
            setattr(self, name, " ".join(str(getattr(self, name) or "").split())[:200])
        return self

    def catalog_row(self) -> dict[str, object]:
        """The entry of this indicator in the catalogue (``origin = "user"``)."""
        return {
            "indicator": self.indicator,
            "label_es": self.label_es,
            "label_en": self.label_en or self.label_es,
            "theme": self.theme,
            "direction": int(self.direction),
            "unit_es": self.unit_es,
            "unit_en": self.unit_en or self.unit_es,
            "source_id": USER_SOURCE_ID,
            "year": self.year,
            "levels": "municipio" if self.dept_method == "none" else "municipio;departamento",
            "lens": "",
            "range_min": np.nan,
            "range_max": np.nan,
            "in_default": False,
            "dept_method": self.dept_method,
            "description_es": self.description_es or f"Indicador propio. Fuente: {self.source}",
            "origin": "user",
            "has_se": False,
        }


def published_indicator_ids() -> set[str]:
    """Ids of the published catalogue (user ids must not reuse them)."""
    try:
        frame = pd.read_csv(paths.CATALOG_FILE, usecols=["indicator"], dtype=str)
    except (OSError, ValueError):
        return set()
    return set(frame["indicator"].dropna())


def _folder(user_dir: str | Path | None) -> Path:
    return Path(user_dir) if user_dir is not None else paths.user_dir()


def save_user_indicator(
    meta: UserIndicatorMeta,
    values: pd.Series,
    *,
    report: pd.DataFrame | None = None,
    replace: bool = False,
    user_dir: str | Path | None = None,
    principal: Principal | None,
) -> Path:
    """Store an indicator in the user layer.

    Parameters
    ----------
    meta
        Declared metadata (validated here).
    values
        Values indexed by INE municipal code; NaN values are not stored.
    report
        Matching report kept next to the values for accountability.
    replace
        Overwrite an existing user indicator with the same id.
    user_dir
        Folder of the user layer; :func:`analysis.paths.user_dir` when ``None``.
    principal
        Who saves it: an editor or secretariat account (:func:`require_layer_editor`).

    Returns
    -------
    Path
        The JSON metadata file written.

    Raises
    ------
    PermissionDenied
        For anyone else; nothing is written.
    RaicesError
        For invalid metadata, an existing id without ``replace``, or values that are not
        finite numbers.
    """
    require_layer_editor(principal)
    meta.validate()
    folder = _folder(user_dir)
    target = folder / f"{meta.indicator}.json"
    if target.exists() and not replace:
        raise RaicesError(
            f"ya existe un indicador propio «{meta.indicator}»",
            hint="use --replace para reemplazarlo o elija otro identificador",
        )
    numbers = pd.to_numeric(values, errors="coerce")
    text = values[numbers.isna() & values.notna()]
    if len(text):
        raise RaicesError(
            f"el valor «{text.iloc[0]}» no es un número", row=text.index[0], column="value"
        )
    infinite = numbers[np.isinf(numbers.astype(float))]
    if len(infinite):
        raise RaicesError(
            "valor infinito: sólo se guardan números finitos",
            row=infinite.index[0],
            column="value",
        )
    series = numbers.dropna()
    series.index = pd.Index([int(c) for c in series.index], name="muni_code")
    if series.index.duplicated().any():
        raise RaicesError("hay municipios repetidos en los valores a guardar")
    if series.empty:
        raise RaicesError("no queda ningún valor que guardar")
    frame = series.rename("value").sort_index().reset_index()
    meta.provenance.setdefault("created_at", datetime.now(UTC).isoformat(timespec="seconds"))
    meta.provenance["n_values"] = int(len(frame))
    write_csv(frame, folder / f"{meta.indicator}.csv")
    if report is not None:
        # The report repeats the analyst's cells (names, codes, notes): neutralised, so that
        # «=cmd|' /C calc'!A0» opens as text in a spreadsheet.
        write_csv(report, folder / f"{meta.indicator}.report.csv")
    write_atomic(target, json.dumps(asdict(meta), ensure_ascii=False, indent=2, default=str))
    return target


def _read_meta(path: Path) -> UserIndicatorMeta:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        known = {k: data[k] for k in UserIndicatorMeta.__dataclass_fields__ if k in data}
        return UserIndicatorMeta(**known)
    except (OSError, ValueError, TypeError) as error:
        raise RaicesError(f"metadatos dañados: {error}", file=path) from None


def list_user_indicators(*, user_dir: str | Path | None = None) -> pd.DataFrame:
    """Catalogue rows of the user layer.

    Returns
    -------
    DataFrame
        Index ``indicator``; the catalogue columns plus ``origin = "user"``, ``has_se``,
        ``source`` (declared source text) and ``n_values``. Empty (with those columns)
        when there are no user indicators.
    """
    folder = _folder(user_dir)
    rows = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            meta = _read_meta(path)
            row = meta.catalog_row()
            row["source"] = meta.source
            row["n_values"] = meta.provenance.get("n_values")
            rows.append(row)
    frame = pd.DataFrame(rows, columns=[*CATALOG_COLUMNS, "source", "n_values"])
    return frame.set_index("indicator")


def load_user_indicator_meta(
    indicator: str, *, user_dir: str | Path | None = None
) -> UserIndicatorMeta:
    """Full metadata (with provenance) of one user indicator."""
    path = _folder(user_dir) / f"{indicator}.json"
    if not path.is_file():
        raise RaicesError(f"no existe el indicador propio «{indicator}»")
    return _read_meta(path)


def _municipal_values(user_dir: str | Path | None) -> pd.DataFrame:
    folder = _folder(user_dir)
    columns = {}
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            values_path = path.with_suffix(".csv")
            if not values_path.is_file():
                continue
            try:
                frame = pd.read_csv(values_path, dtype={"muni_code": int, "value": float})
                series = frame.set_index("muni_code")["value"]
            except (ValueError, KeyError, OSError) as error:
                raise RaicesError(
                    f"valores dañados del indicador propio: {error}",
                    file=values_path,
                    hint=f"elimínelo con «raices add --remove {path.stem}» y vuelva a añadirlo",
                ) from None
            if series.index.duplicated().any():
                raise RaicesError("municipios repetidos en el indicador propio", file=values_path)
            columns[path.stem] = series
    wide = pd.DataFrame(columns)
    wide.index = pd.Index(wide.index.astype(int), name="code")
    return wide.sort_index()


def department_values(
    municipal: pd.DataFrame,
    methods: Mapping[str, str],
    population: pd.Series | None,
    *,
    territories: pd.Index | None = None,
    sum_requires_all: bool = True,
) -> pd.DataFrame:
    """Departamento values of user indicators, with explicit weights.

    Parameters
    ----------
    municipal
        Wide frame indexed by INE municipal code.
    methods
        ``indicator → dept_method`` (see :data:`DEPT_METHODS`).
    population
        Population by municipal code, needed for ``pop_weighted``; those indicators are
        NaN when it is ``None``.
    territories
        Every municipal code of the country (the gazetteer index); needed to know whether
        a departamento is complete. The codes of ``municipal`` are used when ``None``.
    sum_requires_all
        Policy for ``sum``: a departamento total is given only when every one of its
        municipios has a value (default), because a sum over part of them is an
        undercount that would read as a real total. Means are computed over the
        municipios with values.

    Returns
    -------
    DataFrame
        Indexed by department code; a departamento without any municipal value is NaN
        (a sum over no values is not zero).

    Examples
    --------
    >>> municipal = pd.DataFrame({"h": [1.0, 3.0, np.nan], "r": [10.0, 20.0, 5.0]},
    ...                          index=[101, 102, 201])
    >>> department_values(municipal, {"h": "sum", "r": "pop_weighted"},
    ...                   pd.Series({101: 1.0, 102: 3.0, 201: 2.0})).round(2).values.tolist()
    [[4.0, 17.5], [nan, 5.0]]
    """
    departments = sorted({int(c) // 100 for c in municipal.index})
    result = pd.DataFrame(index=pd.Index(departments, name="code"))
    groups = municipal.index.to_series().floordiv(100).to_numpy()
    universe = pd.Index(territories if territories is not None else municipal.index)
    expected = pd.Series(1, index=universe).groupby(universe // 100).sum()
    for column in municipal.columns:
        method = methods.get(column, "none")
        series = municipal[column]
        if method == "sum":
            values = series.groupby(groups).sum(min_count=1)
            if sum_requires_all:
                present = series.notna().groupby(groups).sum()
                complete = present.reindex(values.index) >= expected.reindex(values.index)
                values = values.where(complete)
        elif method == "mean":
            values = series.groupby(groups).mean()
        elif method == "pop_weighted" and population is not None:
            weights = population.reindex(municipal.index).astype(float)
            usable = series.notna() & weights.notna()
            numerator = (series.where(usable) * weights.where(usable)).groupby(groups).sum()
            denominator = weights.where(usable).groupby(groups).sum()
            values = numerator / denominator.replace(0.0, np.nan)
        else:
            values = pd.Series(np.nan, index=departments)
        result[column] = values.reindex(departments).to_numpy()
    return result


def load_user_indicators(
    level: str = "municipio",
    *,
    user_dir: str | Path | None = None,
    population: pd.Series | None = None,
    territories: pd.Index | None = None,
) -> pd.DataFrame:
    """Values of every user indicator, one float column each.

    This module reads only the user layer's own files: the store passes what it knows
    (population, the country's municipios), so that the store and the user layer never
    import each other. :func:`analysis.userdata.values.load_user_indicators` fills both
    from the database for other callers.

    Parameters
    ----------
    level
        ``"municipio"`` or ``"departamento"``.
    user_dir
        Folder of the user layer.
    population
        Municipal population for population-weighted departamento values (those are NaN
        without it).
    territories
        Every municipal code of the country, to know whether a departamento is complete
        (see :func:`department_values`); the codes with values when ``None``.

    Returns
    -------
    DataFrame
        Index ``code``; empty when there are no user indicators.
    """
    if level not in ("municipio", "departamento"):
        raise RaicesError(f"nivel «{level}» desconocido; use municipio o departamento")
    municipal = _municipal_values(user_dir)
    if level == "municipio" or municipal.empty:
        if level == "departamento":
            municipal.index.name = "code"
        return municipal
    catalog = list_user_indicators(user_dir=user_dir)
    methods = catalog["dept_method"].to_dict()
    return department_values(municipal, methods, population, territories=territories)


def remove_user_indicator(
    indicator: str, *, user_dir: str | Path | None = None, principal: Principal | None
) -> list[Path]:
    """Delete a user indicator (values, metadata and matching report).

    ``principal`` must be an editor or secretariat account (:func:`require_layer_editor`).

    Returns
    -------
    list of Path
        Files removed.

    Raises
    ------
    PermissionDenied
        For anyone else; nothing is removed.
    RaicesError
        When no user indicator has that id (published indicators cannot be removed).
    """
    require_layer_editor(principal)
    if not ID_PATTERN.match(indicator or ""):
        raise RaicesError(f"identificador «{indicator}» no válido", column="id")
    folder = _folder(user_dir)
    targets = [folder / f"{indicator}{suffix}" for suffix in (".json", ".csv", ".report.csv")]
    if not targets[0].exists():
        raise RaicesError(
            f"no existe el indicador propio «{indicator}»",
            hint="vea la lista con «raices add --list»",
        )
    removed = []
    for target in targets:
        if target.exists():
            target.unlink()
            removed.append(target)
    return removed
