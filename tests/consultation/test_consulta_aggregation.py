"""Known answers for combined weights and agreement."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.consultation.aggregation import (
    combine,
    combine_by_group,
    geometric_mean_judgements,
)
from analysis.consultation.agreement import (
    concordance,
    dividing_themes,
    group_correlation,
    kendalls_w,
)
from analysis.consultation.consensus import consensus_scenario
from analysis.consultation.elicitation import ahp_weights
from analysis.consultation.responses import responses_from_answers
from analysis.errors import RaicesError
from analysis.priority.scenario import Scenario

THEMES = ["a", "b", "c"]


def _ahp(*rows):
    return responses_from_answers(
        "ahp",
        THEMES,
        [
            {"id": f"p{i}", "judgements": {("a", "b"): ab, ("a", "c"): ac, ("b", "c"): bc}}
            for i, (ab, ac, bc) in enumerate(rows, 1)
        ],
    )


def test_geometric_mean_of_judgements_known_answer():
    responses = _ahp((9, 1, 1), (1, 9, 1 / 9), (1, 1, 1))
    means = geometric_mean_judgements(responses)
    assert means[("a", "b")] == pytest.approx(9 ** (1 / 3))
    assert means[("a", "c")] == pytest.approx(9 ** (1 / 3))
    assert means[("b", "c")] == pytest.approx((1 / 9) ** (1 / 3))
    combined = combine(responses)
    assert combined.rule == "media_geometrica"
    expected = ahp_weights(THEMES, means).weights
    np.testing.assert_allclose(combined.weights, expected)
    assert combined.weights.sum() == pytest.approx(1.0)
    # the geometric mean keeps the combined matrix reciprocal: reversing every judgement
    # of every participant swaps a's and c's weights exactly
    reversed_ = _ahp((1 / 9, 1, 1), (1, 1 / 9, 9), (1, 1, 1))
    assert combine(reversed_).weights["a"] == pytest.approx(
        ahp_weights(THEMES, {k: 1 / v for k, v in means.items()}).weights["a"]
    )


def test_budget_mean_median_and_iqr():
    responses = responses_from_answers(
        "presupuesto",
        THEMES,
        [
            {"id": 1, "sector": "estado", "points": {"a": 60, "b": 30, "c": 10}},
            {"id": 2, "sector": "estado", "points": {"a": 40, "b": 40, "c": 20}},
            {"id": 3, "sector": "osc", "points": {"a": 20, "b": 20, "c": 60}},
        ],
    )
    mean = combine(responses, rule="media")
    np.testing.assert_allclose(mean.weights, [0.4, 0.3, 0.3])
    median = combine(responses, rule="mediana")
    # medians 0.4, 0.3, 0.2 rescaled to sum 1
    np.testing.assert_allclose(median.weights, np.array([0.4, 0.3, 0.2]) / 0.9)
    # IQR of a: percentiles 25 and 75 of (0.2, 0.4, 0.6) = 0.3 and 0.5
    assert mean.spread.loc["a", "iqr"] == pytest.approx(0.2)
    by = combine_by_group(responses, "sector")
    estado = by[by["group"] == "estado"].set_index("theme")
    assert estado.loc["a", "weight"] == pytest.approx(0.5) and estado["n"].iloc[0] == 2
    assert set(by["group"]) == {"estado", "osc"}
    with pytest.raises(RaicesError):
        combine(responses, rule="media_geometrica")


def test_missing_group_is_named():
    responses = responses_from_answers(
        "presupuesto", ["a", "b"], [{"id": 1, "points": {"a": 50, "b": 50}}]
    )
    assert combine_by_group(responses, "pueblo")["group"].tolist() == ["sin dato", "sin dato"]


def test_kendalls_w_is_one_for_identical_submissions():
    ranks = pd.DataFrame([[1, 2, 3, 4]] * 5, columns=list("abcd"))
    assert kendalls_w(ranks).w == pytest.approx(1.0)
    responses = responses_from_answers(
        "presupuesto", THEMES, [{"id": i, "points": {"a": 50, "b": 30, "c": 20}} for i in range(4)]
    )
    assert concordance(responses).w == pytest.approx(1.0)


def test_kendalls_w_hand_computed():
    # rank sums (4, 6, 8), mean 6, S = 8; W = 12·8 / (3²·(3³ − 3)) = 96 / 216
    ranks = pd.DataFrame([[1, 2, 3], [1, 3, 2], [2, 1, 3]], columns=THEMES)
    result = kendalls_w(ranks)
    assert result.w == pytest.approx(96 / 216)
    assert result.chi2 == pytest.approx(3 * 2 * 96 / 216)
    assert result.dof == 2


def test_kendalls_w_tie_correction_hand_computed():
    # rank sums (3, 6.5, 8.5): S = 9 + 0.25 + 6.25 = 15.5; one tie of size 2: T = 6
    # W = 12·15.5 / (9·24 − 3·6) = 186 / 198
    ranks = pd.DataFrame([[1, 2.5, 2.5], [1, 2, 3], [1, 2, 3]], columns=THEMES)
    assert kendalls_w(ranks).w == pytest.approx(186 / 198)


def test_kendalls_w_of_opposite_orders_is_zero():
    ranks = pd.DataFrame([[1, 2, 3], [3, 2, 1]], columns=THEMES)
    assert kendalls_w(ranks).w == pytest.approx(0.0)


def test_groups_and_dividing_themes():
    responses = responses_from_answers(
        "presupuesto",
        THEMES,
        [
            {"id": 1, "sector": "estado", "points": {"a": 70, "b": 20, "c": 10}},
            {"id": 2, "sector": "estado", "points": {"a": 60, "b": 25, "c": 15}},
            {"id": 3, "sector": "osc", "points": {"a": 10, "b": 25, "c": 65}},
            {"id": 4, "sector": "osc", "points": {"a": 20, "b": 20, "c": 60}},
        ],
    )
    table = group_correlation(responses, "sector")
    assert table.loc[0, "spearman"] == pytest.approx(-1.0)
    divided = dividing_themes(responses)
    assert divided.index[-1] == "b"  # everybody gives b 20–25 points
    assert bool(divided.loc["a", "divides"]) and not bool(divided.loc["b", "divides"])
    assert divided.loc["a", "group_gap"] == pytest.approx(0.65 - 0.15)


@settings(max_examples=60, deadline=None)
@given(
    points=st.lists(st.integers(min_value=0, max_value=100), min_size=2, max_size=6).filter(
        lambda p: sum(p) > 0
    ),
    voices=st.integers(min_value=1, max_value=40),
    rule=st.sampled_from(["media", "mediana"]),
)
def test_equal_budget_submissions_give_exactly_that_scenario(points, voices, rule):
    themes = [
        "migracion",
        "pobreza_economia",
        "violencia_inseguridad",
        "clima_alimentacion",
        "servicios_educacion",
        "demografia_exclusion",
    ][: len(points)]
    # a valid allocation: scale to 100 with the remainder on the first theme
    scaled = [p * 100 // sum(points) for p in points]
    scaled[0] += 100 - sum(scaled)
    allocation = dict(zip(themes, scaled, strict=True))
    responses = responses_from_answers(
        "presupuesto", themes, [{"id": i, "points": allocation} for i in range(voices)]
    )
    base = Scenario()
    consensus = consensus_scenario(base, combine(responses, rule=rule), round_name="r")
    expected = base.with_weights(themes={t: float(v) for t, v in allocation.items()})
    assert dict(consensus.themes) == dict(expected.themes)
    assert consensus.hash() == expected.hash()
