"""Fitted factor models kept on disk beside the database, so that they are fitted once per
build (on their first view) instead of once per server start.

Fitting the models of :mod:`analysis.causes.drivers` takes 8–30 s (22 departamento folds,
two models, permutation importance). Their results are a handful of small tables, so
:func:`stored_factors` writes them as Parquet files in a folder named by a key of
everything the fit depends on — the indicator values and catalogue columns it reads, the
outcome, the options, and the versions of Raíces and scikit-learn — and reads them back
the next time the same key is asked for. A new build (or a new analyst indicator, or a new
version) gives a new key, so a stale model is never shown; the oldest folders are removed
beyond :data:`MAX_STORED`.

The folder is written next to its final name and renamed into place, so a reader never
sees half of it; two processes fitting the same key at once both write, and the last
rename wins with identical content.

Nothing here is pickled: the files are Parquet tables and one JSON file, safe to read.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis import __version__, paths

if TYPE_CHECKING:
    from analysis.causes.drivers import AssociationModel

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
#: Stored models kept per folder; older ones are removed when a new one is written.
MAX_STORED = 16
META_FILE = "modelo.json"
#: Shuffles per driver on the dashboard: fewer than the command line's 10, so that a
#: model not stored yet is fitted in seconds (stated on the page).
PAGE_REPEATS = 5


def default_folder(db_path: Path | str | None = None) -> Path:
    """``modelos/factores`` beside the database (default the one in use, ``RAICES_DB``
    honoured)."""
    database = paths.database_path() if db_path is None else Path(db_path)
    return database.parent / "modelos" / "factores"


def _frame_digest(frame: pd.DataFrame) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([str(c) for c in frame.columns]).encode())
    digest.update(json.dumps([str(t) for t in frame.dtypes]).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    return digest.hexdigest()


def factors_key(
    indicators: pd.DataFrame,
    outcome: str,
    *,
    catalog: pd.DataFrame | None = None,
    **options: Any,
) -> str:
    """Key of a factor model: a digest of its inputs, options and software versions.

    Examples
    --------
    >>> import pandas as pd
    >>> values = pd.DataFrame({"y": [1.0, 2.0], "x": [0.5, 0.1]}, index=[101, 102])
    >>> key = factors_key(values, "y", drivers=["x"])
    >>> key == factors_key(values.copy(), "y", drivers=["x"])
    True
    >>> key == factors_key(values.assign(x=[0.5, 0.2]), "y", drivers=["x"])
    False
    """
    digest = hashlib.sha256()
    digest.update(_frame_digest(indicators).encode())
    if catalog is not None:
        columns = [c for c in CATALOG_COLUMNS if c in catalog.columns]
        digest.update(_frame_digest(catalog[columns].astype(str)).encode())
    described = {
        "outcome": outcome,
        "options": {name: options[name] for name in sorted(options)},
        "raices": __version__,
        "scikit-learn": metadata.version("scikit-learn"),
    }
    digest.update(json.dumps(described, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:24]


def load_model(folder: Path) -> AssociationModel | None:
    """The model stored in ``folder``, or ``None`` when there is none (or it is unreadable)."""
    meta_path = folder / META_FILE
    if not meta_path.is_file():
        return None
    from analysis.causes.drivers import AssociationModel

    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        model = AssociationModel(**meta["parameters"])
        for name in FRAMES:
            setattr(model, name, pd.read_parquet(folder / f"{name.rstrip('_')}.parquet"))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a damaged folder is refitted and overwritten
    model.best_model_ = str(meta["best_model"])
    model.warnings_ = list(meta["warnings"])
    model.outcome_ = str(meta["outcome"])
    model.features_ = list(meta["features"])
    return model


def save_model(model: AssociationModel, folder: Path) -> Path:
    """Write the fitted tables of ``model`` to ``folder`` (atomically: a sibling folder
    renamed into place) and return it."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        for name in FRAMES:
            getattr(model, name).to_parquet(staging / f"{name.rstrip('_')}.parquet")
        meta = {
            "parameters": {name: getattr(model, name) for name in PARAMETERS},
            "best_model": model.best_model_,
            "warnings": list(getattr(model, "warnings_", [])),
            "outcome": model.outcome_,
            "features": list(model.features_),
        }
        (staging / META_FILE).write_text(
            json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8"
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


def stored_factors(
    indicators: pd.DataFrame,
    outcome: str,
    *,
    folder: Path | None = None,
    catalog: pd.DataFrame | None = None,
    **options: Any,
) -> AssociationModel:
    """:func:`~analysis.causes.drivers.associated_factors`, read from disk when the same
    inputs were fitted before, fitted and stored otherwise.

    Parameters
    ----------
    indicators, outcome, catalog, **options
        As for :func:`~analysis.causes.drivers.associated_factors` (``groups`` is not
        accepted: the departamento blocks are always used).
    folder
        Where models are kept; default :func:`default_folder`. When it cannot be written
        (a read-only deployment) the model is fitted and returned without being stored.
    """
    root = folder or default_folder()
    target = root / factors_key(indicators, outcome, catalog=catalog, **options)
    model = load_model(target)
    if model is not None:
        return model
    from analysis.causes.drivers import associated_factors

    model = associated_factors(indicators, outcome, catalog=catalog, **options)
    try:
        save_model(model, target)
        _prune(root, MAX_STORED)
    except OSError:
        pass  # read-only data folder: the model is still returned, just not kept
    return model
