"""Leave-one-out sensitivity (analysis/priority/leave_one_out.py)."""

import pytest

from analysis.priority.leave_one_out import drop_one, sensitivity
from analysis.priority.scenario import Scenario
from tests.priority.synthetic_index import CATALOG, fitted, synthetic_data


def test_drop_one():
    data = synthetic_data()
    model = fitted(data)
    table = drop_one(model, data, CATALOG, k=5)
    assert set(table["kind"]) == {"indicator", "theme"}
    assert len(table) == 4 + 3
    assert (table["mean_abs_rank_change"] >= 0).all()
    assert table["top_k_kept"].between(0, 5).all()
    # leaving out the only migration indicator is the same as leaving out the theme
    by_item = table.set_index("item")["mean_abs_rank_change"]
    assert by_item["deportados"] == pytest.approx(by_item["migracion"])


def test_sensitivity_table(small):
    result = sensitivity(Scenario(), small, k=2)
    table = result.table
    assert not table.attrs
    assert set(table["item"]) == {"pobreza", "tasa_deportados", "pobreza_economia", "migracion"}
    assert table["mean_abs_rank_change"].is_monotonic_decreasing
    assert result.scenario_hash == Scenario().resolve(small.catalog).hash()
