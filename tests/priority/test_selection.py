import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import RaicesError
from analysis.priority.selection import (
    MIP_GAP,
    InfeasibleSelectionError,
    SelectionConstraints,
    select_over_draws,
    select_pilot,
)


@pytest.fixture
def territories() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "dept_code": [1, 1, 1, 2, 2, 3],
            "poblacion": [100, 200, 300, 400, 500, 600],
            "mayoria_indigena": [False, False, True, False, True, True],
        },
        index=[101, 102, 103, 201, 202, 301],
    )


@pytest.fixture
def priority(territories) -> pd.Series:
    return pd.Series([90.0, 80.0, 70.0, 60.0, 50.0, 40.0], index=territories.index)


def test_unconstrained_is_top_k(priority, territories):
    result = select_pilot(priority, territories, SelectionConstraints(k=3))
    assert result.selected == [101, 102, 103]
    assert result.objective == result.unconstrained_objective == 240.0


def test_max_per_dept_and_its_cost(priority, territories):
    result = select_pilot(priority, territories, SelectionConstraints(k=3, max_per_dept=1))
    assert result.selected == [101, 201, 301]
    assert result.objective == 190.0
    cost = result.costs.set_index("constraint").loc["max_per_dept", "cost"]
    assert cost == pytest.approx(50.0)


def test_indigenous_share_and_population(priority, territories):
    c = SelectionConstraints(k=2, min_indigenous_share=1.0, max_population=800)
    result = select_pilot(priority, territories, c)
    assert result.selected == [103, 202]
    assert result.table["mayoria_indigena"].all()
    assert result.table["poblacion"].sum() <= 800


def test_min_population(priority, territories):
    result = select_pilot(priority, territories, SelectionConstraints(k=2, min_population=1000))
    assert result.table["poblacion"].sum() >= 1000
    # only 201 + 301 (1000) and 202 + 301 (1100) reach 1000 inhabitants
    assert result.selected == [201, 301] and result.objective == 100.0


def test_must_include_and_exclude(priority, territories):
    c = SelectionConstraints(k=2, must_include=(301,), must_exclude=(101,))
    assert select_pilot(priority, territories, c).selected == [102, 301]


def test_min_per_dept_mapping(priority, territories):
    c = SelectionConstraints(k=3, min_per_dept={3: 1, 2: 1})
    assert select_pilot(priority, territories, c).selected == [101, 201, 301]


def test_no_adjacent_on_a_line(priority, territories):
    # 101 – 102 – 103 – 201 – 202 – 301 in a row
    codes = list(territories.index)
    adjacency = {a: [] for a in codes}
    for a, b in itertools.pairwise(codes):
        adjacency[a].append(b)
        adjacency[b].append(a)
    result = select_pilot(
        priority, territories, SelectionConstraints(k=3, no_adjacent=True), adjacency=adjacency
    )
    assert result.selected == [101, 103, 202]
    with pytest.raises(RaicesError, match="vecinos"):
        select_pilot(priority, territories, SelectionConstraints(k=3, no_adjacent=True))


def test_territories_without_score_are_not_eligible(priority, territories):
    priority = priority.copy()
    priority[101] = np.nan
    assert 101 not in select_pilot(priority, territories, SelectionConstraints(k=3)).selected
    with pytest.raises(InfeasibleSelectionError):
        select_pilot(priority, territories, SelectionConstraints(k=6))


def test_infeasibility_names_the_conflicting_constraints(priority, territories):
    c = SelectionConstraints(
        k=3, max_per_dept=1, min_indigenous_share=1.0, must_include=(101,), max_population=5000
    )
    with pytest.raises(InfeasibleSelectionError) as caught:
        select_pilot(priority, territories, c)
    # 101 is not indigenous, so "all indigenous" and "include 101" clash; population is innocent
    assert set(caught.value.conflicts) == {"k", "min_indigenous_share", "must_include"}
    assert "mayoría indígena" in str(caught.value) and "obligatorios" in str(caught.value)
    assert "población" not in str(caught.value)


def test_min_per_dept_for_every_department_conflicts_with_k(priority, territories):
    with pytest.raises(InfeasibleSelectionError) as caught:
        select_pilot(priority, territories, SelectionConstraints(k=2, min_per_dept=1))
    assert set(caught.value.conflicts) == {"k", "min_per_dept"}


def test_unknown_code_and_missing_column(priority, territories):
    with pytest.raises(RaicesError, match="desconocidos"):
        select_pilot(priority, territories, SelectionConstraints(k=2, must_include=(999,)))
    with pytest.raises(RaicesError, match="mayoria_indigena"):
        select_pilot(
            priority,
            territories.drop(columns="mayoria_indigena"),
            SelectionConstraints(k=2, min_indigenous_share=0.5),
        )


# ---------------------------------------------------------------- property: exact and valid
@st.composite
def problems(draw):
    n = draw(st.integers(4, 9))
    frame = pd.DataFrame(
        {
            "dept_code": draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)),
            "poblacion": draw(st.lists(st.integers(1, 100), min_size=n, max_size=n)),
            "mayoria_indigena": draw(st.lists(st.booleans(), min_size=n, max_size=n)),
        },
        index=range(1, n + 1),
    )
    priority = pd.Series(
        draw(st.lists(st.floats(0, 100), min_size=n, max_size=n)), index=frame.index
    )
    k = draw(st.integers(1, min(4, n)))
    constraints = SelectionConstraints(
        k=k,
        max_per_dept=draw(st.one_of(st.none(), st.integers(1, 3))),
        min_indigenous_share=draw(st.one_of(st.none(), st.sampled_from([0.25, 0.5, 1.0]))),
        max_population=draw(st.one_of(st.none(), st.integers(50, 300))),
        must_exclude=tuple(
            draw(st.lists(st.sampled_from(list(frame.index)), max_size=2, unique=True))
        ),
        no_adjacent=draw(st.booleans()),
    )
    pairs = list(itertools.combinations(frame.index, 2))
    edges = draw(st.lists(st.sampled_from(pairs), max_size=n, unique=True))
    adjacency: dict[int, list[int]] = {code: [] for code in frame.index}
    for a, b in edges:
        adjacency[a].append(b)
        adjacency[b].append(a)
    return frame, priority, constraints, adjacency


def satisfies(
    frame: pd.DataFrame, chosen: list[int], c: SelectionConstraints, adjacency: dict
) -> bool:
    part = frame.loc[list(chosen)]
    return (
        len(chosen) == c.k
        and not (c.no_adjacent and any(b in chosen for a in chosen for b in adjacency[a]))
        and (c.max_per_dept is None or part["dept_code"].value_counts().max() <= c.max_per_dept)
        and (
            c.min_indigenous_share is None
            or part["mayoria_indigena"].sum() >= math.ceil(c.min_indigenous_share * c.k - 1e-9)
        )
        and (c.max_population is None or part["poblacion"].sum() <= c.max_population)
        and not set(chosen) & set(c.must_exclude)
    )


@settings(max_examples=60, deadline=None)
@given(problems())
def test_selection_is_valid_and_optimal_against_brute_force(problem):
    frame, priority, c, adjacency = problem
    feasible = [
        combo
        for combo in itertools.combinations(frame.index, c.k)
        if satisfies(frame, list(combo), c, adjacency)
    ]
    if not feasible:
        with pytest.raises(InfeasibleSelectionError):
            select_pilot(priority, frame, c, adjacency=adjacency, with_costs=False)
        return
    result = select_pilot(priority, frame, c, adjacency=adjacency)
    assert satisfies(frame, result.selected, c, adjacency)
    best = max(priority[list(combo)].sum() for combo in feasible)
    assert result.objective == pytest.approx(best, abs=1e-6)
    assert (result.costs["cost"] >= 0).all()
    assert result.objective <= result.unconstrained_objective + 1e-9
    # leave-one-out costs never exceed the joint cost of all constraints together
    assert (result.costs["cost"] <= result.joint_cost + 1e-6).all()


def test_joint_cost_is_the_total_forgone(priority, territories):
    c = SelectionConstraints(k=3, max_per_dept=1)
    result = select_pilot(priority, territories, c)
    assert result.joint_cost == pytest.approx(result.unconstrained_objective - result.objective)
    assert result.joint_cost > 0


# ------------------------------------------------------------------ robust pilot
def test_select_over_draws_each_draw_selects_exactly_k(territories):
    rng = np.random.default_rng(0)
    draws = pd.DataFrame(rng.normal(50, 15, size=(60, len(territories))), columns=territories.index)
    c = SelectionConstraints(k=3, max_per_dept=2, min_indigenous_share=0.34)
    out = select_over_draws(draws, territories, c)
    assert out.draws == 60 and out.infeasible == 0
    assert (out.selected.sum(axis=1) == 3).all()
    assert out.p_selected.sum() == pytest.approx(3)
    # each draw is the exact optimum of its own scores
    for row in (0, 17, 59):
        alone = select_pilot(draws.iloc[row], territories, c, with_costs=False)
        assert sorted(out.selected.columns[out.selected.iloc[row]]) == sorted(alone.selected)
    assert out.stable(0.0) == len(territories)
    assert out.stable(1.01) == 0


def test_select_over_draws_counts_infeasible_draws(territories):
    draws = pd.DataFrame([[1.0] * 6, [np.nan] * 5 + [1.0]], columns=territories.index)
    out = select_over_draws(draws, territories, SelectionConstraints(k=2))
    assert out.infeasible == 1 and out.draws == 2
    assert not out.selected.iloc[1].any()
    assert out.p_selected.sum() == pytest.approx(2)


def test_identical_draws_give_a_certain_pilot(priority, territories):
    draws = pd.DataFrame([priority.to_numpy()] * 5, columns=territories.index)
    c = SelectionConstraints(k=3, max_per_dept=1)
    out = select_over_draws(draws, territories, c)
    chosen = select_pilot(priority, territories, c).selected
    assert out.stable(1.0, among=chosen) == 3
    assert set(out.p_selected[out.p_selected == 1].index) == set(chosen)


def test_milp_gap_is_set_to_zero(priority, territories, monkeypatch):
    from analysis.priority import selection

    seen = []
    real = selection.milp

    def spy(*args, **kwargs):
        seen.append(kwargs.get("options"))
        return real(*args, **kwargs)

    monkeypatch.setattr(selection, "milp", spy)
    select_pilot(priority, territories, SelectionConstraints(k=2, max_per_dept=1))
    assert MIP_GAP == 0.0
    assert seen and all(options == {"mip_rel_gap": 0.0} for options in seen)


def test_top_k_that_breaks_no_constraint_needs_no_solver(priority, territories, monkeypatch):
    from analysis.priority import selection

    calls = []
    real = selection.milp

    def spy(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(selection, "milp", spy)
    # the three best (101, 102, 103) are in one department and one is indigenous
    loose = select_pilot(
        priority, territories, SelectionConstraints(k=3, max_per_dept=3, min_indigenous_share=0.3),
        with_costs=False,
    )  # fmt: skip
    assert loose.selected == [101, 102, 103] and calls == []
    quota = select_pilot(
        priority, territories, SelectionConstraints(k=3, min_indigenous_share=0.6),
        with_costs=False,
    )  # fmt: skip
    assert quota.selected == [101, 103, 202] and calls
