import pandas as pd
import pytest

from analysis.errors import RaicesError
from analysis.priority.comparison import compare_rankings


def test_identical_and_reversed():
    a = pd.Series([1, 2, 3, 4, 5], index=[1, 2, 3, 4, 5])
    same = compare_rankings(a, a, k=2)
    assert same.spearman == pytest.approx(1) and same.kendall == pytest.approx(1)
    assert same.top_k_overlap == 2 and same.jaccard == 1.0 and same.entered == same.left == []
    rev = compare_rankings(a, 6 - a, k=2)
    assert rev.spearman == pytest.approx(-1) and rev.kendall == pytest.approx(-1)
    assert rev.top_k_overlap == 0 and rev.entered == [4, 5] and rev.left == [1, 2]


def test_movers_and_unranked():
    a = pd.Series([1, 2, 3, 4, None], index=[10, 20, 30, 40, 50])
    b = pd.Series([4, 2, 3, 1, 5], index=[10, 20, 30, 40, 50])
    result = compare_rankings(a, b, k=1)
    assert result.n_common == 4
    assert result.movers.index[:2].tolist() == [10, 40]
    assert result.movers.loc[40, "change"] == 3  # moves up three places
    assert result.summary()["top_k_overlap"] == 0


def test_too_few_common():
    with pytest.raises(RaicesError):
        compare_rankings(pd.Series([1], index=[1]), pd.Series([1], index=[2]))
