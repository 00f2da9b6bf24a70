"""Small synthetic inputs shared by the tests: an index for the Monte Carlo and the
sensitivity, and five municipios in three departamentos for hand-made ranking data."""

import numpy as np
import pandas as pd

from analysis.index import CompositeIndex

CATALOG = pd.DataFrame(
    {
        "theme": ["pobreza_economia", "pobreza_economia", "migracion", "violencia_inseguridad"],
        "direction": [1, -1, 1, 1],
        "range_min": [0.0, np.nan, 0.0, 0.0],
        "range_max": [1.0, np.nan, np.nan, np.nan],
    },
    index=["pobreza", "agua", "deportados", "delitos"],
)


def synthetic_data() -> pd.DataFrame:
    """40 territories, 4 indicators in 3 themes; one dominates, one value is missing."""
    rng = np.random.default_rng(7)
    n = 40
    frame = pd.DataFrame(
        {
            "pobreza": rng.uniform(0.1, 0.9, n),
            "agua": rng.uniform(0, 1, n),
            "deportados": rng.gamma(2, 10, n),
            "delitos": rng.gamma(2, 50, n),
        },
        index=pd.Index(range(1001, 1001 + n), name="code"),
    )
    frame.iloc[0] = [0.99, 0.0, 200.0, 900.0]  # dominates everyone
    frame.iloc[1, 3] = np.nan
    return frame


def fitted(data, **params) -> CompositeIndex:
    return CompositeIndex(**params).fit(data, CATALOG)


FIVE_CODES = pd.Index([101, 102, 201, 202, 301], name="code")


def five_territories() -> pd.DataFrame:
    """Five municipios in three departamentos, three of them of indigenous majority."""
    return pd.DataFrame(
        {
            "name": ["A", "B", "C", "D", "E"],
            "dept_code": [1, 1, 2, 2, 3],
            "dept_name": ["Uno", "Uno", "Dos", "Dos", "Tres"],
            "poblacion": [1e4] * 5,
            "mayoria_indigena": [True, False, True, False, True],
        },
        index=FIVE_CODES,
    )
