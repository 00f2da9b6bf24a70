"""Stored factor models: fitted once, read back identical, refitted when an input changes."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.causes import model_store
from analysis.causes.model_store import factors_key, load_model, stored_factors


def planted(seed: int = 0, n_groups: int = 5, per_group: int = 8) -> pd.DataFrame:
    """Small synthetic fixture: outcome = 2·signal + noise, five departamentos."""
    rng = np.random.default_rng(seed)
    n = n_groups * per_group
    codes = [(g + 1) * 100 + i + 1 for g in range(n_groups) for i in range(per_group)]
    frame = pd.DataFrame(
        {"signal": rng.normal(size=n), "noise": rng.normal(size=n)},
        index=pd.Index(codes, name="code"),
    )
    frame["outcome"] = 2 * frame["signal"] + rng.normal(0, 0.3, n)
    return frame


OPTIONS = {"drivers": ["signal", "noise"], "n_repeats": 2, "flexible": "random_forest"}


@pytest.fixture
def first(tmp_path):
    return stored_factors(planted(), "outcome", folder=tmp_path, **OPTIONS)


def test_second_call_reads_the_stored_model_without_fitting(first, tmp_path, monkeypatch):
    def refit(*args, **kwargs):
        raise AssertionError("the model was fitted again")

    monkeypatch.setattr("analysis.causes.drivers.associated_factors", refit)
    again = stored_factors(planted(), "outcome", folder=tmp_path, **OPTIONS)
    for name in model_store.FRAMES:
        pd.testing.assert_frame_equal(getattr(again, name), getattr(first, name))
    assert again.best_model_ == first.best_model_
    assert again.flexible == "random_forest"
    pd.testing.assert_frame_equal(again.top_factors(2), first.top_factors(2))


def test_changed_values_or_options_give_a_new_key(first, tmp_path):
    data = planted()
    key = factors_key(data, "outcome", **OPTIONS)
    assert (tmp_path / key / model_store.META_FILE).is_file()
    changed = data.assign(noise=data["noise"] + 1)
    assert factors_key(changed, "outcome", **OPTIONS) != key
    assert factors_key(data, "outcome", **{**OPTIONS, "n_repeats": 3}) != key
    catalog = pd.DataFrame({"in_default": [1, 1], "theme": ["a", "b"]}, index=["signal", "noise"])
    assert factors_key(data, "outcome", catalog=catalog, **OPTIONS) != key


def test_damaged_folder_is_refitted(first, tmp_path):
    folder = tmp_path / factors_key(planted(), "outcome", **OPTIONS)
    (folder / "importance.parquet").write_bytes(b"not parquet")
    assert load_model(folder) is None
    again = stored_factors(planted(), "outcome", folder=tmp_path, **OPTIONS)
    pd.testing.assert_frame_equal(again.importance_, first.importance_)
    assert load_model(folder) is not None  # rewritten


def test_meta_file_is_plain_json(first, tmp_path):
    folder = tmp_path / factors_key(planted(), "outcome", **OPTIONS)
    meta = json.loads((folder / model_store.META_FILE).read_text(encoding="utf-8"))
    assert meta["outcome"] == "outcome"
    assert meta["parameters"]["n_repeats"] == 2


def test_old_models_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(model_store, "MAX_STORED", 1)
    stored_factors(planted(0), "outcome", folder=tmp_path, **OPTIONS)
    stored_factors(planted(1), "outcome", folder=tmp_path, **OPTIONS)
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 1


def test_unwritable_folder_still_returns_a_model(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    model = stored_factors(planted(), "outcome", folder=blocker / "sub", **OPTIONS)
    assert set(model.cv_scores_["model"]) == {"lineal", "random_forest"}


def grid() -> tuple[pd.Series, object]:
    """A 4 × 4 lattice of squares with a high corner (test fixture)."""
    import geopandas as gpd
    from shapely.geometry import box

    codes = [101 + row * 4 + column for row in range(4) for column in range(4)]
    shapes = [box(column, row, column + 1, row + 1) for row in range(4) for column in range(4)]
    values = pd.Series(
        [1.0 if (row < 2 and column < 2) else 0.0 for row in range(4) for column in range(4)],
        index=codes,
        name="valor",
    )
    return values, gpd.GeoDataFrame(geometry=shapes, index=codes)


def test_spatial_patterns_are_stored_and_read_back(tmp_path, monkeypatch):
    from analysis.causes.model_store import stored_spatial_patterns
    from analysis.causes.spatial.autocorrelation import GlobalMoran
    from analysis.causes.spatial.patterns import SpatialPattern, spatial_patterns

    values, boundaries = grid()
    reads = []

    def load():
        reads.append(1)
        return boundaries

    first = stored_spatial_patterns(
        values, load, build="b1", folder=tmp_path, permutations=99, seed=1
    )
    assert reads == [1]
    assert isinstance(first, SpatialPattern) and isinstance(first.moran, GlobalMoran)
    direct = spatial_patterns(values, boundaries, permutations=99, seed=1)
    assert first.moran == direct.moran
    pd.testing.assert_frame_equal(first.summary(), direct.summary())
    monkeypatch.setattr(
        "analysis.causes.spatial.patterns.spatial_patterns",
        lambda *a, **k: (_ for _ in ()).throw(AssertionError("computed again")),
    )
    again = stored_spatial_patterns(
        values, load, build="b1", folder=tmp_path, permutations=99, seed=1
    )
    assert reads == [1]  # neither the boundaries nor the statistics were needed again
    pd.testing.assert_frame_equal(again.clusters, first.clusters)
    assert again.moran == first.moran
    assert isinstance(again.moran.moran_i, float) and again.moran.moran_i > 0
    assert isinstance(again.moran.n, int)
    assert again.dropped == [] and again.attached_islands == []
    assert again.smoothed == "none"
    # another build is another key
    with pytest.raises(AssertionError, match="computed again"):
        stored_spatial_patterns(values, load, build="b2", folder=tmp_path, permutations=99)


def test_spatial_pattern_of_an_older_layout_is_recomputed_never_misread(tmp_path):
    from analysis.causes.model_store import (
        SPATIAL_FORMAT,
        StoredTables,
        save_tables,
        spatial_key,
        stored_spatial_patterns,
    )

    values, boundaries = grid()
    from analysis import __version__

    key = spatial_key(values, build="b1", permutations=99, seed=1)
    layout_1 = {"build": "b1", "options": {"permutations": 99, "seed": 1}, "raices": __version__}
    assert key != model_store.digest(values, "", layout_1)  # the key of layout 1
    # a folder under the current key whose meta lacks the format (written by hand, damaged)
    stale = StoredTables(
        {"clusters": pd.DataFrame({"cluster": ["alto-alto"]}, index=[101])},
        {"moran": {"moran_i": 9.0}, "dropped": []},
    )
    save_tables(tmp_path / key, stale)
    result = stored_spatial_patterns(
        values, lambda: boundaries, build="b1", folder=tmp_path, permutations=99, seed=1
    )
    assert result.moran.moran_i < 1.0
    assert len(result.clusters) == 16
    assert SPATIAL_FORMAT >= 2
