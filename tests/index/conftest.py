"""Tiny hand-made index inputs: 2 themes, 3 indicators, 4 territories."""

from __future__ import annotations

import pandas as pd
import pytest


@pytest.fixture
def tiny_catalog() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "theme": ["pobreza_economia", "pobreza_economia", "migracion"],
            "direction": [1, -1, 1],
            "range_min": [0.0, float("nan"), 0.0],
            "range_max": [1.0, float("nan"), float("nan")],
            "year": ["2023", "2018", "no documentado (≈2018–2023)"],
            "in_default": [1, 1, 1],
            "levels": ["municipio;departamento"] * 3,
        },
        index=pd.Index(["pobreza", "agua", "deportados"], name="indicator"),
    )


@pytest.fixture
def tiny_data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pobreza": [0.2, 0.4, 0.6, 0.8],
            "agua": [0.9, 0.5, 0.5, 0.1],
            "deportados": [10.0, 0.0, 30.0, 20.0],
        },
        index=pd.Index([101, 102, 201, 202], name="code"),
    )
