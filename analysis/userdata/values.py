"""User-indicator values for callers outside the store: the user layer's files joined to
what the database knows (population for weighted departamento values, the gazetteer for
complete departamentos).

:mod:`analysis.store` calls :func:`analysis.userdata.layer.load_user_indicators` itself with
those inputs; this module is the one that reads them from the store, so that the store and
the user layer never import each other.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import store
from analysis.errors import RaicesError
from analysis.userdata import layer
from analysis.userdata.names import load_gazetteer


def load_user_indicators(
    level: str = "municipio",
    *,
    user_dir: str | Path | None = None,
    population: pd.Series | None = None,
    db_path: str | Path | None = None,
) -> pd.DataFrame:
    """Values of every user indicator at ``level`` (see
    :func:`analysis.userdata.layer.load_user_indicators`), with the population and the
    gazetteer read from the database (``db_path``, the default one when ``None``) when
    it exists."""
    territories = None
    if level == "departamento":
        if population is None:
            try:
                population = store.load_indicators("municipio", ["poblacion"], db_path=db_path)[
                    "poblacion"
                ]
            except (RaicesError, KeyError):
                population = None
        try:
            territories = load_gazetteer(db_path).index
        except RaicesError:
            territories = None
    return layer.load_user_indicators(
        level, user_dir=user_dir, population=population, territories=territories
    )
