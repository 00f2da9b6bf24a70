"""Results of the slow causes analyses kept on disk beside the database, so that they are
computed once per build (on their first view) instead of once per server start.

Fitting the factor models of :mod:`analysis.causes.drivers` takes 8–30 s (22 departamento
folds, two models, permutation importance); the spatial patterns of
:mod:`analysis.causes.spatial` take a second or two (9 999 permutations, and importing
PySAL). Their results are a handful of small tables, so they are written as Parquet files
in a folder named by a key of everything the result depends on — the values it reads, the
options, the build and the versions of Raíces (and scikit-learn) — and read back the next
time the same key is asked for. A new build (or a new analyst indicator, or a new version)
gives a new key, so a stale result is never shown; the oldest folders are removed beyond
:data:`MAX_STORED` per kind.

A folder is written next to its final name and renamed into place, so a reader never sees
half of it; two processes computing the same key at once both write, and the last rename
wins with identical content. Nothing here is pickled: the files are Parquet tables and one
JSON file, safe to read. What is read back is the analysis's own result type — an
:class:`~analysis.causes.drivers.AssociationModel` or a
:class:`~analysis.causes.spatial.patterns.SpatialPattern` — the same on the first view
and on every later one. When the stored layout of a kind changes, its format number
(:data:`SPATIAL_FORMAT`) is raised: it is part of the key, so a folder in the older
layout is never read, only recomputed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis import __version__, paths
from analysis.causes import drivers
from analysis.causes.spatial import patterns
from analysis.causes.spatial.autocorrelation import GlobalMoran

if TYPE_CHECKING:
    import geopandas as gpd

#: Fitted tables of :class:`~analysis.causes.drivers.AssociationModel` kept on disk.
FRAMES: tuple[str, ...] = (
    "cv_scores_",
    "importance_",
    "coefficients_",
    "partial_dependence_",
    "predictions_",
)
#: Constructor parameters of the model, restored with it.
PARAMETERS: tuple[str, ...] = (
    "flexible",
    "n_folds",
    "n_repeats",
    "missing",
    "grid_resolution",
    "residual_threshold",
    "seed",
    "standard_errors",
)
#: Catalogue columns that choose the default drivers.
CATALOG_COLUMNS: tuple[str, ...] = ("in_default", "theme")
#: Stored results kept per kind; older ones are removed when a new one is written.
MAX_STORED = 16
META_FILE = "resultado.json"
#: Shuffles per driver on the dashboard: fewer than the command line's 10, so that a
#: model not stored yet is fitted in seconds (stated on the page).
PAGE_REPEATS = 5
#: Layout of a stored spatial pattern: 2 = the ``clusters`` table and, in the JSON file,
#: Moran's I, the dropped codes, the attached islands and the smoothing. Part of the key
#: (layout 1, without the islands and the smoothing, had none, so it is never read).
SPATIAL_FORMAT = 2


@dataclass(frozen=True)
class StoredTables:
    """What one stored folder holds.

    Attributes
    ----------
    frames
        Table name (the Parquet file's stem) → table.
    meta
        The JSON file: plain values, and ``tables``, the names of ``frames``.
    """

    frames: dict[str, pd.DataFrame]
    meta: dict[str, Any]


def default_folder(kind: str = "factores", db_path: Path | str | None = None) -> Path:
    """``modelos/<kind>`` beside the database (default the one in use, ``RAICES_DB``
    honoured)."""
    database = paths.database_path() if db_path is None else Path(db_path)
    return database.parent / "modelos" / kind


def digest(*parts: object) -> str:
    """Key of a result: a digest of frames, series and JSON-able values.

    Examples
    --------
    >>> import pandas as pd
    >>> values = pd.DataFrame({"y": [1.0, 2.0]}, index=[101, 102])
    >>> digest(values, {"k": 1}) == digest(values.copy(), {"k": 1})
    True
    >>> digest(values, {"k": 1}) == digest(values.assign(y=[1.0, 2.5]), {"k": 1})
    False
    """
    hasher = hashlib.sha256()
    for part in parts:
        if isinstance(part, pd.Series):
            part = part.to_frame()
        if isinstance(part, pd.DataFrame):
            hasher.update(json.dumps([str(c) for c in part.columns]).encode())
            hasher.update(json.dumps([str(t) for t in part.dtypes]).encode())
            hasher.update(pd.util.hash_pandas_object(part, index=True).to_numpy().tobytes())
        else:
            hasher.update(json.dumps(part, sort_keys=True, default=str).encode())
    return hasher.hexdigest()[:24]


def load_tables(folder: Path) -> StoredTables | None:
    """The tables and metadata stored in ``folder``, or ``None`` (none, or unreadable)."""
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in meta["tables"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None  # absent or damaged: computed again and overwritten
    return StoredTables(frames, meta)


def save_tables(folder: Path, tables: StoredTables) -> Path:
    """Write the frames of ``tables`` (Parquet) and its meta (JSON) to ``folder``
    atomically: a sibling folder renamed into place."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        for name, frame in tables.frames.items():
            frame.to_parquet(staging / f"{name}.parquet")
        document = {**tables.meta, "tables": list(tables.frames)}
        (staging / META_FILE).write_text(
            json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def _prune(root: Path, keep: int) -> None:
    stored = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in stored[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def kept(root: Path, key: str, compute: Callable[[], StoredTables]) -> StoredTables:
    """The tables stored under ``root / key``, or ``compute()``'s, stored for next time.

    When ``root`` cannot be written (a read-only deployment) the result is computed and
    returned without being stored.
    """
    loaded = load_tables(root / key)
    if loaded is not None:
        return loaded
    computed = compute()
    try:
        save_tables(root / key, computed)
        _prune(root, MAX_STORED)
    except OSError:
        pass  # read-only data folder: the result is still returned, just not kept
    return StoredTables(computed.frames, {**computed.meta, "tables": list(computed.frames)})


# --------------------------------------------------------------------------- factors
def factors_key(
    indicators: pd.DataFrame,
    outcome: str,
    *,
    catalog: pd.DataFrame | None = None,
    **options: Any,
) -> str:
    """Key of a factor model: its inputs, options and the software versions.

    >>> import pandas as pd
    >>> values = pd.DataFrame({"y": [1.0, 2.0], "x": [0.5, 0.1]}, index=[101, 102])
    >>> factors_key(values, "y", drivers=["x"]) == factors_key(values, "y", drivers=["y"])
    False
    """
    columns = [c for c in CATALOG_COLUMNS if catalog is not None and c in catalog.columns]
    return digest(
        indicators,
        catalog[columns].astype(str) if catalog is not None else "",
        {
            "outcome": outcome,
            "options": {name: options[name] for name in sorted(options)},
            "raices": __version__,
            "scikit-learn": metadata.version("scikit-learn"),
        },
    )


def _model(tables: StoredTables) -> drivers.AssociationModel:
    frames, meta = tables.frames, tables.meta
    model = drivers.AssociationModel(**meta["parameters"])
    for name in FRAMES:
        setattr(model, name, frames[name.rstrip("_")])
    model.best_model_ = str(meta["best_model"])
    model.warnings_ = list(meta["warnings"])
    model.outcome_ = str(meta["outcome"])
    model.features_ = list(meta["features"])
    return model


def load_model(folder: Path) -> drivers.AssociationModel | None:
    """The factor model stored in ``folder``, or ``None`` when there is none."""
    tables = load_tables(folder)
    try:
        return None if tables is None else _model(tables)
    except (KeyError, TypeError):
        return None


def stored_factors(
    indicators: pd.DataFrame,
    outcome: str,
    *,
    folder: Path | None = None,
    catalog: pd.DataFrame | None = None,
    **options: Any,
) -> drivers.AssociationModel:
    """:func:`~analysis.causes.drivers.associated_factors`, read from disk when the same
    inputs were fitted before, fitted and stored otherwise.

    Parameters
    ----------
    indicators, outcome, catalog, **options
        As for :func:`~analysis.causes.drivers.associated_factors` (``groups`` is not
        accepted: the departamento blocks are always used).
    folder
        Where models are kept; default :func:`default_folder`.
    """

    def fit() -> StoredTables:
        model = drivers.associated_factors(indicators, outcome, catalog=catalog, **options)
        meta = {
            "parameters": {name: getattr(model, name) for name in PARAMETERS},
            "best_model": model.best_model_,
            "warnings": list(getattr(model, "warnings_", [])),
            "outcome": model.outcome_,
            "features": list(model.features_),
        }
        return StoredTables({name.rstrip("_"): getattr(model, name) for name in FRAMES}, meta)

    key = factors_key(indicators, outcome, catalog=catalog, **options)
    tables = kept(folder or default_folder("factores"), key, fit)
    try:
        return _model(tables)
    except (KeyError, TypeError):  # written by an older version: fit afresh
        return _model(fit())


# --------------------------------------------------------------------------- spatial
def _spatial_tables(result: patterns.SpatialPattern) -> StoredTables:
    moran = {
        name: value.item() if hasattr(value, "item") else value
        for name, value in asdict(result.moran).items()
    }
    meta = {
        "format": SPATIAL_FORMAT,
        "moran": moran,
        "dropped": [int(code) for code in result.dropped],
        "attached_islands": [int(code) for code in result.attached_islands],
        "smoothed": result.smoothed,
    }
    return StoredTables({"clusters": result.clusters}, meta)


def _pattern(tables: StoredTables) -> patterns.SpatialPattern:
    """The :class:`~analysis.causes.spatial.patterns.SpatialPattern` of stored tables
    (``KeyError`` when they are not in :data:`SPATIAL_FORMAT`)."""
    meta = tables.meta
    if meta.get("format") != SPATIAL_FORMAT:
        raise KeyError("format")
    return patterns.SpatialPattern(
        moran=GlobalMoran(**meta["moran"]),
        clusters=tables.frames["clusters"],
        dropped=[int(code) for code in meta["dropped"]],
        attached_islands=[int(code) for code in meta["attached_islands"]],
        smoothed=str(meta["smoothed"]),
    )


def spatial_key(
    values: pd.Series, *, build: str, population: pd.Series | None = None, **options: Any
) -> str:
    """Key of a spatial pattern: its values, population, options, build, versions and
    :data:`SPATIAL_FORMAT`.

    >>> import pandas as pd
    >>> values = pd.Series([1.0, 2.0], index=[101, 102], name="x")
    >>> spatial_key(values, build="a") == spatial_key(values, build="b")
    False
    """
    return digest(
        values,
        population if population is not None else "",
        {"build": build, "options": options, "raices": __version__, "format": SPATIAL_FORMAT},
    )


def stored_spatial_patterns(
    values: pd.Series,
    boundaries: Callable[[], gpd.GeoDataFrame],
    *,
    build: str,
    population: pd.Series | None = None,
    folder: Path | None = None,
    **options: Any,
) -> patterns.SpatialPattern:
    """:func:`~analysis.causes.spatial.patterns.spatial_patterns`, read from disk when the
    same values were analysed on the same build before, computed and stored otherwise.

    Parameters
    ----------
    values, population, **options
        As for :func:`~analysis.causes.spatial.patterns.spatial_patterns`.
    boundaries
        Called only when the patterns must be computed (reading them takes time too).
    build
        What identifies the build the boundaries come from (its ``built_at`` stamp).
    folder
        Where results are kept; default :func:`default_folder` ``("espacial")``.

    Returns
    -------
    SpatialPattern
        Rebuilt from the stored tables, so the first call and later ones give the same
        plain values (Python numbers in :attr:`SpatialPattern.moran`).
    """

    def compute() -> StoredTables:
        result = patterns.spatial_patterns(values, boundaries(), population=population, **options)
        return _spatial_tables(result)

    key = spatial_key(values, build=build, population=population, **options)
    tables = kept(folder or default_folder("espacial"), key, compute)
    try:
        return _pattern(tables)
    except (KeyError, TypeError):  # damaged meta under the current key: compute afresh
        return _pattern(compute())
