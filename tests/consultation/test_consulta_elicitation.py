"""Known answers for one participant's weights: Saaty's textbook matrix, budgets."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.consultation.elicitation import (
    RANDOM_INDEX,
    ahp_weights,
    budget_weights,
    check_budget,
    nearest_scale_value,
    parse_judgement,
)
from analysis.errors import RaicesError

THEMES = ["a", "b", "c"]


def test_saaty_three_by_three_textbook_example():
    # A = [[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]]: w ≈ (0.637, 0.258, 0.105),
    # λmax ≈ 3.0385, CI ≈ 0.0193, CR = CI / 0.58 ≈ 0.033 (consistent).
    result = ahp_weights(THEMES, {("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 3})
    np.testing.assert_allclose(result.weights.to_numpy(), [0.6370, 0.2583, 0.1047], atol=5e-4)
    assert result.lambda_max == pytest.approx(3.0385, abs=1e-4)
    assert result.consistency_index == pytest.approx(0.01926, abs=1e-4)
    assert result.consistency_ratio == pytest.approx(0.0332, abs=1e-3)
    assert result.consistent and result.to_revise() == ()


def test_consistent_matrix_recovers_its_weights_exactly():
    # a_ij = w_i / w_j for w = (4, 2, 1)/7: λmax = n and CR = 0.
    result = ahp_weights(THEMES, {("a", "b"): 2, ("a", "c"): 4, ("b", "c"): 2})
    np.testing.assert_allclose(result.weights.to_numpy(), [4 / 7, 2 / 7, 1 / 7], atol=1e-12)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-12)


def test_inconsistent_judgements_are_named_for_revision():
    # a > b (9), b > c (9) but c > a (9): an intransitive cycle.
    result = ahp_weights(THEMES, {("a", "b"): 9, ("b", "c"): 9, ("a", "c"): 1 / 9})
    assert result.consistency_ratio > 0.10
    assert not result.consistent
    revise = result.to_revise(1)
    assert len(revise) == 1
    assert revise[0].discrepancy == max(j.discrepancy for j in result.judgements)
    # judgements stated in reverse order are accepted and give the same matrix
    again = ahp_weights(THEMES, {("b", "a"): 1 / 9, ("b", "c"): 9, ("c", "a"): 9})
    np.testing.assert_allclose(again.weights, result.weights)


def test_order_of_pairs_does_not_change_weights():
    one = ahp_weights(THEMES, {("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 3})
    two = ahp_weights(THEMES, {("c", "b"): 1 / 3, ("c", "a"): 1 / 5, ("b", "a"): 1 / 3})
    np.testing.assert_allclose(one.weights, two.weights)


@pytest.mark.parametrize(
    ("judgements", "column"),
    [
        ({("a", "b"): 12, ("a", "c"): 5, ("b", "c"): 3}, "a / b"),
        ({("a", "b"): 0.05, ("a", "c"): 5, ("b", "c"): 3}, "a / b"),
        ({("a", "b"): 3, ("b", "c"): 3}, "a / c"),
        ({("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 3, ("c", "b"): 3}, "c / b"),
        ({("a", "x"): 3, ("a", "c"): 5, ("b", "c"): 3}, "a / x"),
    ],
)
def test_bad_judgements_are_refused_naming_the_pair(judgements, column):
    with pytest.raises(RaicesError) as error:
        ahp_weights(THEMES, judgements)
    assert error.value.column == column


def test_random_index_is_saatys():
    assert RANDOM_INDEX[3] == 0.58 and RANDOM_INDEX[4] == 0.90 and RANDOM_INDEX[9] == 1.45


def test_budget_must_sum_to_100_and_is_never_rescaled():
    assert budget_weights({"a": 50, "b": 25, "c": 25}, THEMES).tolist() == [0.5, 0.25, 0.25]
    with pytest.raises(RaicesError, match="suman 90"):
        check_budget({"a": 40, "b": 25, "c": 25}, THEMES)
    with pytest.raises(RaicesError, match="negativos"):
        check_budget({"a": 110, "b": -10, "c": 0}, THEMES)
    with pytest.raises(RaicesError) as error:
        check_budget({"a": 50, "b": 50}, THEMES)
    assert error.value.column == "c"


def test_scale_helpers():
    assert parse_judgement("1/7") == pytest.approx(1 / 7)
    assert parse_judgement(" 4 ") == 4.0
    with pytest.raises(ValueError):
        parse_judgement("mucho")
    assert nearest_scale_value(1.1) == 1.0
    assert nearest_scale_value(0.113) == pytest.approx(1 / 9)
