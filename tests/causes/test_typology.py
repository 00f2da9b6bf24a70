"""Typologies: theme scores, stable labels, names, choice of k."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.causes.typology import (
    DEFAULT_MISSING,
    TypologyResult,
    complete_rows,
    describe_group,
    stable_labels,
    theme_scores,
    typology,
)
from analysis.errors import RaicesError


def blobs(seed: int = 0, *, shuffle: bool = False) -> pd.DataFrame:
    """Three well-separated groups of 30 in two features (test fixture)."""
    rng = np.random.default_rng(seed)
    centres = {"high": (3.0, 3.0), "middle": (0.0, 0.0), "low": (-3.0, -3.0)}
    frames = []
    for offset, (_, (a, b)) in enumerate(centres.items()):
        frames.append(
            pd.DataFrame(
                {
                    "migracion": rng.normal(a, 0.3, 30),
                    "pobreza_economia": rng.normal(b, 0.3, 30),
                },
                index=range(offset * 100 + 101, offset * 100 + 131),
            )
        )
    frame = pd.concat(frames)
    return frame.sample(frac=1.0, random_state=seed) if shuffle else frame


@pytest.mark.parametrize("method", ["kmeans", "ward"])
def test_recovers_three_blobs_and_chooses_k_3(method):
    result = typology(blobs(), method=method, k_range=(2, 6))
    assert result.k_ == 3
    assert result.scores_.loc[result.scores_["chosen"], "k"].item() == 3
    assert result.silhouette_ > 0.7
    # Group 1 is the highest-need blob, group 3 the lowest.
    assert (result.labels_.loc[101:130] == 1).all()
    assert (result.labels_.loc[201:230] == 2).all()
    assert (result.labels_.loc[301:330] == 3).all()


def test_labels_stable_across_runs_and_row_order():
    first = typology(blobs(), n_groups=3)
    second = typology(blobs(), n_groups=3)
    shuffled = typology(blobs(shuffle=True), n_groups=3)
    pd.testing.assert_series_equal(first.labels_, second.labels_)
    pd.testing.assert_series_equal(first.labels_, shuffled.labels_.loc[first.labels_.index])
    assert first.groups_["name"].tolist() == shuffled.groups_["name"].tolist()


def test_group_names_and_profiles_read_from_centroids():
    result = typology(blobs(), n_groups=3)
    names = result.groups_.set_index("group")["name"]
    # Both features are ±1.2 DE; the order among them follows the larger |z|.
    assert set(names[1].lower().split(" · ")) == {"migración muy alta", "pobreza muy alta"}
    assert set(names[3].lower().split(" · ")) == {"migración muy baja", "pobreza muy baja"}
    profile = result.groups_.set_index("group").loc[1, "profile"]
    assert profile.startswith("30 territorios")
    assert "migración +1,2 DE" in profile
    table = result.assignments()
    assert table.loc[101, "group_name"] == names[1]


def test_describe_group_thresholds():
    assert describe_group(pd.Series({"migracion": 0.49})) == "Cerca del promedio nacional"
    assert describe_group(pd.Series({"migracion": 0.5})) == "Migración alta"
    assert describe_group(pd.Series({"x": -1.2}), {"x": "tasa de delitos"}) == (
        "Tasa de delitos muy baja"
    )


def test_fixed_k_and_bad_requests():
    assert typology(blobs(), n_groups=4).k_ == 4
    with pytest.raises(RaicesError, match="grupos"):
        typology(blobs().head(3), n_groups=5)
    with_missing = blobs()
    with_missing.iloc[4, 1] = np.nan
    with pytest.raises(RaicesError, match="faltantes"):
        typology(with_missing, missing="refuse")
    with pytest.raises(RaicesError, match="política"):
        typology(blobs(), missing="impute")  # type: ignore[arg-type]
    with pytest.raises(RaicesError, match="método"):
        typology(blobs(), method="dbscan")


def small_catalog() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "theme": ["pobreza_economia", "pobreza_economia", "servicios_educacion", "migracion"],
            "direction": [1, -1, -1, 0],
            "in_default": [1, 1, 1, 1],
        },
        index=pd.Index(["pobreza", "consumo_pc", "agua_entubada", "poblacion"], name="indicator"),
    )


def test_theme_scores_align_direction_and_average():
    values = pd.DataFrame(
        {
            "pobreza": [0.2, 0.5, 0.8],
            "consumo_pc": [3000.0, 2000.0, 1000.0],
            "agua_entubada": [0.9, np.nan, 0.9],
            "poblacion": [1e5, 2e4, 5e3],
        },
        index=[101, 102, 103],
    )
    scores = theme_scores(values, small_catalog())
    assert list(scores.columns) == ["pobreza_economia", "servicios_educacion"]  # context skipped
    # Poverty up and consumption down both mean more need: the two z-scores agree.
    z = (0.8 - 0.5) / np.std([0.2, 0.5, 0.8])
    assert scores.loc[103, "pobreza_economia"] == pytest.approx(z)
    assert scores.loc[101, "pobreza_economia"] == pytest.approx(-z)
    # Constant indicator → 0; missing value → missing theme score (only indicator).
    assert scores.loc[101, "servicios_educacion"] == 0
    assert np.isnan(scores.loc[102, "servicios_educacion"])


def test_theme_scores_errors():
    values = pd.DataFrame({"pobreza": [0.1, 0.2]})
    with pytest.raises(RaicesError, match="catálogo"):
        theme_scores(values, small_catalog(), selection=["desconocido"])
    with pytest.raises(RaicesError, match="sin datos"):
        theme_scores(values, small_catalog(), selection=["consumo_pc"])


def test_automatic_k_is_capped_for_few_territories():
    small = blobs().iloc[::5]  # 18 territories
    result = typology(small, k_range=(3, 8))
    assert result.scores_["k"].max() == 18 // 4


def test_names_and_profiles_in_english_without_refitting():
    result = typology(blobs(), n_groups=3)
    english = result.describe("en").set_index("group")
    assert set(english.loc[1, "name"].lower().split(" · ")) == {
        "very high migration",
        "very high poverty",
    }
    assert english.loc[1, "profile"].startswith("30 territories; against the national average")
    assert "+1.2 SD" in english.loc[1, "profile"]
    assert result.assignments("en").loc[101, "group_name"] == english.loc[1, "name"]
    # the Spanish table is untouched
    assert result.groups_.set_index("group").loc[1, "name"].startswith(("Migración", "Pobreza"))
    with pytest.raises(RaicesError, match="idioma"):
        result.describe("fr")


def test_stable_labels_order_by_centroid_then_size():
    matrix = np.array([[0.0], [0.0], [0.0], [0.0], [0.0], [3.0]])
    raw = np.array([5, 5, 9, 9, 9, 2])
    # the high group first; of the two equal centroids, the larger group comes first
    assert stable_labels(raw, matrix).tolist() == [3, 3, 2, 2, 2, 1]


def test_result_holds_copies_with_names_first_in_the_language():
    fitted = typology(blobs(), n_groups=3, language="en")
    names = pd.Series({code: f"T{code}" for code in range(102, 331)})  # 101 has no name
    result = fitted.result(names)
    assert isinstance(result, TypologyResult)
    assert (result.k, result.silhouette) == (3, fitted.silhouette_)
    assert list(result.assignments.columns) == ["name", "group", "group_name"]
    assert pd.isna(result.assignments.loc[101, "name"])
    assert result.assignments.loc[205, "name"] == "T205"
    assert result.assignments.loc[205, "group_name"] == result.groups.loc[1, "name"]
    assert result.groups.loc[1, "name"] == "Near the national average"  # English names
    pd.testing.assert_frame_equal(result.centroids, fitted.centroids_)
    result.groups.loc[0, "name"] = "changed"  # a copy: the typology keeps its own
    assert fitted.groups_.loc[0, "name"] != "changed"
    assert "name" not in fitted.result().assignments.columns


def test_missing_values_are_dropped_by_default_counted_and_left_unassigned():
    assert DEFAULT_MISSING == "drop"
    complete = typology(blobs(), n_groups=3)
    features = blobs()
    features.loc[[101, 205], "migracion"] = np.nan
    features.loc[302, "pobreza_economia"] = np.nan
    fitted = typology(features, n_groups=3)
    assert fitted.dropped_.tolist() == [101, 205, 302]
    result = fitted.result()
    assert result.n_dropped == 3 and complete.result().n_dropped == 0
    assert len(result.assignments) == 87
    assert not result.assignments.index.isin([101, 205, 302]).any()
    assert result.groups["n"].sum() == 87
    # the territories kept are grouped as the complete ones are (well-separated blobs)
    kept = complete.labels_.drop([101, 205, 302])
    pd.testing.assert_series_equal(fitted.labels_, kept)


def test_complete_rows_refuses_with_the_column_and_the_territories():
    features = pd.DataFrame({"a": [1.0, 2.0], "b": [np.nan, 1.0]}, index=[1301, 1302])
    kept, dropped = complete_rows(features)
    assert kept.index.tolist() == [1302] and dropped.tolist() == [1301]
    with pytest.raises(RaicesError, match=r"1 territorio\(s\), p. ej. \[1301\]") as refused:
        complete_rows(features, "refuse")
    assert refused.value.column == "b"
