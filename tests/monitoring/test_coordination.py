"""Coordination on small hand-written frames: which institutions act together, where, and
the tables people read."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analysis.monitoring import coordination
from analysis.monitoring.frames import empty_records
from tests.monitoring.small_records import actions_frame


def test_coordination_pairs_and_matrix():
    actions = actions_frame(
        [{"action_id": 1, "institution_id": 1}, {"action_id": 2, "institution_id": 2},
         {"action_id": 3, "institution_id": 3}]
    )  # fmt: skip
    partners = pd.DataFrame({"action_id": [1, 1, 2], "institution_id": [2, 3, 1]})
    places = pd.DataFrame({"action_id": [1, 2], "level": ["municipio"] * 2, "code": [101, 102]})
    pairs = coordination.coordination_pairs(
        actions, partners, places, names={1: "A", 2: "B", 3: "C"},
        territory_names={101: "Guatemala", 102: "Mixco"},
    )  # fmt: skip
    first = pairs.set_index(["institution_a", "institution_b"]).loc[(1, 2)]
    assert first["actions"] == 2 and first["where"] == "Guatemala, Mixco"
    assert len(pairs) == 3  # A-B, A-C, B-C (action 3 alone makes no pair)
    matrix = coordination.coordination_matrix(pairs)
    assert matrix.loc["A", "B"] == matrix.loc["B", "A"] == 2
    assert matrix.loc["A", "A"] == 0


def test_coordination_names_institutions_by_acronym_and_places_by_name():
    actions = pd.DataFrame(
        {"institution_id": [1, 1], "status": ["en_curso"] * 2},
        index=pd.Index([10, 11], name="action_id"),
    )
    records = replace(
        empty_records(),
        actions=actions,
        partners=pd.DataFrame({"action_id": [10, 11], "institution_id": [2, 2]}),
        places=pd.DataFrame({"action_id": [10, 11], "level": ["municipio", "departamento"],
                             "code": [1301, 13]}),
        institutions=pd.DataFrame({"institution_id": [1, 2], "name": ["Uno", "Dos"],
                                   "acronym": ["U", None]}),
    )  # fmt: skip
    result = coordination.coordination(records, territory_names={1301: "Huehue", 13: "Dpto"})
    assert result.pairs[["name_a", "name_b", "actions", "territories"]].values.tolist() == [
        ["U", "Dos", 2, 2]
    ]
    assert result.pairs.loc[0, "where"] == "Dpto, Huehue"
    assert result.matrix.loc["Dos", "U"] == 2 and result.matrix.loc["U", "U"] == 0
    shown = coordination.pairs_table(result.pairs)
    assert list(shown.columns) == ["pair_a", "pair_b", "joint", "territories", "where"]


def test_pairs_table_puts_most_joint_actions_first():
    pairs = pd.DataFrame(
        {"name_a": ["A", "B"], "name_b": ["B", "C"], "actions": [1, 4], "territories": [0, 1],
         "where": ["", "x"]}
    )  # fmt: skip
    assert coordination.pairs_table(pairs)["joint"].tolist() == [4, 1]
