"""Fixtures shared by the tests of the priority engine."""

import numpy as np
import pandas as pd
import pytest

from analysis.priority.run import IndexData
from tests.priority.synthetic_index import FIVE_CODES, five_territories


@pytest.fixture
def small() -> IndexData:
    catalog = pd.DataFrame(
        {
            "theme": ["pobreza_economia", "migracion", "demografia_exclusion"],
            "direction": [1, 1, 0],
            "in_default": [1, 1, 0],
            "levels": ["municipio;departamento"] * 3,
            "range_min": [0.0, 0.0, 0.0],
            "range_max": [1.0, np.nan, np.nan],
        },
        index=["pobreza", "tasa_deportados", "poblacion"],
    )
    codes = FIVE_CODES
    indicators = pd.DataFrame(
        {
            "pobreza": [0.2, 0.9, 0.5, 0.7, 0.3],
            "tasa_deportados": [5.0, 40.0, 10.0, 30.0, 0.0],
            "poblacion": [1e4] * 5,
        },
        index=codes,
    )
    territories = five_territories()
    se = pd.DataFrame(np.nan, index=codes, columns=indicators.columns)
    se["pobreza"] = 0.05
    return IndexData("municipio", indicators, catalog, territories, se)
