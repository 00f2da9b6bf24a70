import numpy as np
import pandas as pd
import pytest

from analysis.errors import RaicesError
from analysis.index import CompositeIndex, compute_index
from analysis.index.composite import rank_scores


def test_known_answer_two_themes(tiny_data, tiny_catalog):
    model = CompositeIndex(outliers="none").fit(tiny_data, tiny_catalog)
    # pobreza → 0, 33.3, 66.7, 100; agua (reversed) → 0, 50, 50, 100; deportados → 33.3, 0, 100, 66.7
    np.testing.assert_allclose(model.theme_scores_["pobreza_economia"], [0, 125 / 3, 175 / 3, 100])
    np.testing.assert_allclose(model.scores_, [50 / 3, 125 / 6, 475 / 6, 250 / 3])
    assert model.ranks_.tolist() == [4.0, 3.0, 2.0, 1.0]
    np.testing.assert_allclose(model.contributions_.sum(axis=1), model.scores_)
    np.testing.assert_allclose(model.indicator_contributions_.sum(axis=1), model.scores_)
    assert model.within_weights_.tolist() == [0.5, 0.5, 1.0]


def test_indicator_and_theme_weights(tiny_data, tiny_catalog):
    model = CompositeIndex(
        outliers="none", indicator_weights={"pobreza": 3.0}, theme_weights={"migracion": 0.0}
    ).fit(tiny_data, tiny_catalog)
    # only pobreza_economia counts: 0.75·pobreza + 0.25·agua
    np.testing.assert_allclose(
        model.scores_, [0, 0.75 * 100 / 3 + 12.5, 0.75 * 200 / 3 + 12.5, 100]
    )


def test_coverage_threshold_excludes_territory(tiny_data, tiny_catalog):
    data = tiny_data.copy()
    data.loc[101, ["pobreza", "agua"]] = np.nan
    model = CompositeIndex(outliers="none").fit(data, tiny_catalog)
    assert np.isnan(model.scores_[101]) and np.isnan(model.ranks_[101])
    assert model.coverage_.loc[101, "coverage"] == pytest.approx(1 / 3)
    lenient = CompositeIndex(outliers="none", coverage_threshold=0.3).fit(data, tiny_catalog)
    # with re-normalised weights the only value left (deportados 33.3) is the score
    assert lenient.scores_[101] == pytest.approx(100 / 3)


def test_group_mean_policy_imputes_and_reports(tiny_data, tiny_catalog):
    data = tiny_data.copy()
    data.loc[102, "pobreza"] = np.nan
    groups = pd.Series({101: 1, 102: 1, 201: 2, 202: 2})
    model = CompositeIndex(outliers="none", missing="group_mean").fit(
        data, tiny_catalog, groups=groups
    )
    assert model.filled_[1, 0] == pytest.approx(0.2)
    assert model.coverage_.loc[102, "share_imputed"] == pytest.approx(1 / 3)
    assert model.coverage_.loc[102, "coverage"] == pytest.approx(2 / 3)


def test_ties_policy():
    scores = pd.Series([50.0, 50.0, 10.0], index=[1, 2, 3])
    assert rank_scores(scores).tolist() == [1.0, 1.0, 3.0]
    assert rank_scores(scores, ties="average").tolist() == [1.5, 1.5, 3.0]
    assert rank_scores(scores, ties="dense").tolist() == [1.0, 1.0, 2.0]
    assert rank_scores(scores, ties="first").tolist() == [1.0, 2.0, 3.0]


def test_cv_from_standard_errors(tiny_data, tiny_catalog):
    se = pd.DataFrame({"pobreza": [0.02, 0.2, 0.0, np.nan]}, index=tiny_data.index)
    model = CompositeIndex(outliers="none").fit(tiny_data, tiny_catalog, standard_errors=se)
    assert model.coverage_["max_cv"].tolist()[:2] == pytest.approx([0.1, 0.5])
    assert np.isnan(model.coverage_["max_cv"].iloc[2])


def test_table_sorted_by_rank(tiny_data, tiny_catalog):
    table = compute_index(tiny_data, tiny_catalog, outliers="none")
    assert table.index.tolist() == [202, 201, 102, 101]
    assert {"score", "rank", "coverage", "reliability", "contrib_migracion"} <= set(table.columns)


def test_params_round_trip():
    model = CompositeIndex(normalisation="rank")
    assert CompositeIndex(**model.get_params()).get_params() == model.get_params()
    with pytest.raises(RaicesError):
        model.set_params(colour="red")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d, c: (d.rename(columns={"agua": "lluvia"}), c), "desconocido"),
        (lambda d, c: (d, c.assign(direction=[1, 0, 1])), "contexto"),
        (lambda d, c: (d.set_axis([101, 101, 201, 202]), c), "más de una vez"),
        (lambda d, c: (d.assign(agua=["a", "b", "c", "d"]), c), "numéricos"),
        (lambda d, c: (d.iloc[:, :0], c), "al menos un indicador"),
    ],
)
def test_bad_input_gets_a_clear_error(tiny_data, tiny_catalog, change, message):
    data, catalog = change(tiny_data, tiny_catalog)
    with pytest.raises(RaicesError, match=message):
        CompositeIndex().fit(data, catalog)


@pytest.mark.parametrize(
    "params",
    [
        {"normalisation": "log"},
        {"aggregation_across": "max"},
        {"missing": "drop"},
        {"coverage_threshold": 2},
    ],
)
def test_bad_parameters_rejected(tiny_data, tiny_catalog, params):
    with pytest.raises(RaicesError):
        CompositeIndex(**params).fit(tiny_data, tiny_catalog)


def test_zero_weight_theme_rejected(tiny_data, tiny_catalog):
    with pytest.raises(RaicesError, match="peso 0"):
        CompositeIndex(indicator_weights={"deportados": 0}).fit(tiny_data, tiny_catalog)


def test_goalposts_from_catalogue_and_scenario(tiny_data, tiny_catalog):
    model = CompositeIndex(normalisation="goalposts").fit(tiny_data, tiny_catalog)
    # pobreza uses the catalogue range 0–1; agua has none → observed range
    np.testing.assert_allclose(model.normalised_["pobreza"], [20, 40, 60, 80])
    np.testing.assert_allclose(model.normalised_["agua"], [0, 50, 50, 100])
    np.testing.assert_allclose(model.normalised_["deportados"], [100 / 3, 0, 100, 200 / 3])
    override = CompositeIndex(normalisation="goalposts", goalposts={"deportados": (0, 60)})
    np.testing.assert_allclose(
        override.fit(tiny_data, tiny_catalog).normalised_["deportados"], [50 / 3, 0, 50, 100 / 3]
    )
    # the catalogue range is kept apart from the scenario's goalposts
    assert np.isnan(override.ranges_[2, 1])
    with pytest.raises(RaicesError, match="menor"):
        CompositeIndex(normalisation="goalposts", goalposts={"pobreza": (1, 0)}).fit(
            tiny_data, tiny_catalog
        )
