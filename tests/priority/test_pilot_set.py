"""The one pilot rule (analysis.priority.run.pilot_set) that the Priorización map, the
reports and the monitoring views share: the constrained selection, else the first k
ranks, always best rank first."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from analysis.priority.run import PilotSet, pilot_set

TABLE = pd.DataFrame({"rank": [2.0, 1.0, None, 3.0, 3.0]}, index=[101, 102, 103, 104, 105])


def _run(selected: list[int] | None, k: int = 2) -> SimpleNamespace:
    selection = None if selected is None else SimpleNamespace(selected=selected)
    return SimpleNamespace(table=TABLE, k=k, selection=selection)


def test_the_selection_is_the_pilot_listed_best_rank_first():
    assert pilot_set(_run([104, 101, 102])) == PilotSet(codes=(102, 101, 104), constrained=True)


def test_without_a_selection_the_pilot_is_the_first_k_ranks():
    assert pilot_set(_run(None, k=2)) == PilotSet(codes=(102, 101), constrained=False)


def test_an_empty_selection_falls_back_to_the_first_k_ranks():
    assert pilot_set(_run([], k=3)) == PilotSet(codes=(102, 101, 104), constrained=False)


def test_unranked_territories_never_fill_the_fallback_and_come_last_when_selected():
    assert pilot_set(_run(None, k=10)).codes == (102, 101, 104, 105)
    assert pilot_set(_run([103, 104])).codes == (104, 103)


def test_tied_ranks_keep_the_table_order():
    assert pilot_set(_run([105, 104])).codes == (104, 105)
    assert pilot_set(_run(None, k=4)).codes == (102, 101, 104, 105)
