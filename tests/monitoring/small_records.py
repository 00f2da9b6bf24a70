"""Small hand-written monitoring frames with known answers, shared by the tests of the
board's views (need, progress, coordination, functioning)."""

from __future__ import annotations

import numpy as np
import pandas as pd

MUNIS = pd.DataFrame(
    {"dept_code": [1, 1, 13, 13, 13], "name": ["A", "B", "C", "D", "E"]},
    index=pd.Index([101, 102, 1301, 1302, 1303], name="code"),
)
NEED = pd.DataFrame(
    {"name": MUNIS["name"], "score": [90.0, 70.0, 50.0, 30.0, 10.0], "rank": [1, 2, 3, 4, 5]},
    index=MUNIS.index,
)


def actions_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows).set_index("action_id")
    for column, default in (("budget_planned", np.nan), ("budget_executed", np.nan)):
        if column not in frame:
            frame[column] = default
    return frame


ACTIONS = actions_frame(
    [
        {"action_id": 1, "institution_id": 10, "institution": "X", "theme": "pobreza",
         "status": "en_curso", "budget_planned": 100.0, "budget_executed": 50.0},
        {"action_id": 2, "institution_id": 20, "institution": "Y", "theme": "clima",
         "status": "completada", "budget_planned": 200.0, "budget_executed": None},
        {"action_id": 3, "institution_id": 20, "institution": "Y", "theme": "pobreza",
         "status": "cancelada", "budget_planned": 999.0, "budget_executed": 0.0},
        {"action_id": 4, "institution_id": 30, "institution": "Z", "theme": "clima",
         "status": "planificada", "budget_planned": 10.0, "budget_executed": 10.0},
    ]
)  # fmt: skip
PLACES = pd.DataFrame(
    {
        "action_id": [1, 1, 2, 3, 4],
        "level": ["municipio", "municipio", "departamento", "municipio", "municipio"],
        "code": [102, 1301, 13, 101, 1301],
    }
)
