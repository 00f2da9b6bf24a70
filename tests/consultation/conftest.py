"""Small hand-made index inputs for the consultation tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.priority.run import IndexData


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
    codes = pd.Index([101, 102, 201, 202, 301], name="code")
    indicators = pd.DataFrame(
        {"pobreza": [0.9, 0.8, 0.1, 0.2, 0.5], "tasa_deportados": [0.0, 5.0, 40.0, 30.0, 20.0]},
        index=codes,
    )
    territories = pd.DataFrame(
        {
            "name": ["A", "B", "C", "D", "E"],
            "dept_code": [1, 1, 2, 2, 3],
            "dept_name": ["Uno", "Uno", "Dos", "Dos", "Tres"],
            "poblacion": [1e4] * 5,
            "mayoria_indigena": [True, False, True, False, True],
        },
        index=codes,
    )
    return IndexData("municipio", indicators, catalog, territories, None)
