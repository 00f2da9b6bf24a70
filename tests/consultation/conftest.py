"""Small hand-made index inputs for the consultation tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.priority.run import IndexData
from tests.priority.synthetic_index import FIVE_CODES, five_territories


@pytest.fixture
def small_data() -> IndexData:
    """Five municipios in three departamentos, two themes (poverty and migration)."""
    catalog = pd.DataFrame(
        {
            "theme": ["pobreza_economia", "migracion"],
            "direction": [1, 1],
            "in_default": [1, 1],
            "levels": ["municipio;departamento"] * 2,
            "range_min": [0.0, 0.0],
            "range_max": [1.0, np.nan],
        },
        index=["pobreza", "tasa_deportados"],
    )
    codes = FIVE_CODES
    indicators = pd.DataFrame(
        {"pobreza": [0.9, 0.8, 0.1, 0.2, 0.5], "tasa_deportados": [0.0, 5.0, 40.0, 30.0, 20.0]},
        index=codes,
    )
    territories = five_territories()
    return IndexData("municipio", indicators, catalog, territories, None)


@pytest.fixture
def round_store(built_db, tmp_path, monkeypatch):
    """An operational store of its own with one open budget round and one AHP round,
    and the dashboard's caches emptied so that AppTest reads this build and this store."""
    import streamlit as st

    from analysis.consultation import service
    from analysis.consultation.spec import RoundSpec
    from analysis.records.database import session_scope
    from analysis.records.users import console_principal

    url = f"sqlite:///{tmp_path / 'consulta.sqlite'}"
    monkeypatch.setenv("RAICES_SEGUIMIENTO_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    engine = service.open_store(url)
    themes = ("migracion", "pobreza_economia", "violencia_inseguridad")
    with session_scope(engine) as session:
        budget = service.open_round(
            session, console_principal(), RoundSpec(name="Taller Sololá", items=themes)
        )
        ahp = service.open_round(
            session, console_principal(), RoundSpec(name="Taller AHP", method="ahp", items=themes)
        )
    engine.dispose()
    return {"url": url, "budget": budget, "ahp": ahp}
