"""Real boundaries and indicators for spatial tests, from the session's build."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest


@pytest.fixture(scope="session")
def municipio_boundaries(built_db) -> gpd.GeoDataFrame:
    from analysis import store

    return store.load_boundaries("municipio", db_path=built_db)


@pytest.fixture(scope="session")
def departamento_boundaries(built_db) -> gpd.GeoDataFrame:
    from analysis import store

    return store.load_boundaries("departamento", db_path=built_db)


@pytest.fixture(scope="session")
def real_indicators(built_db) -> pd.DataFrame:
    from analysis import store

    return store.load_indicators("municipio", db_path=built_db)
