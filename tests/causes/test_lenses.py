"""Disaggregation lenses: groups, filters, split-apply."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.causes.lenses import (
    filter_codes,
    filter_frame,
    lens_groups,
    lens_indicators,
    split_apply,
)
from analysis.errors import RaicesError


def territories() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "mayoria_indigena": [True, True, False, False, False, True],
            "pueblo_mayoritario": [
                "Maya",
                "Maya",
                "Ladino/mestizo",
                "Ladino/mestizo",
                "Xinka",
                "Maya",
            ],
            "area_predominante": ["rural", "rural", "urbana", "rural", "urbana", "rural"],
            "dept_name": ["Huehuetenango"] * 2 + ["Guatemala"] * 3 + ["Quiché"],
        },
        index=pd.Index([1301, 1302, 101, 102, 103, 1401], name="code"),
    )


def test_groups_per_lens():
    assert lens_groups(territories(), "etnia").loc[1301] == "mayoría indígena"
    assert lens_groups(territories(), "etnia").loc[101] == "mayoría no indígena"
    assert lens_groups(territories(), "area").value_counts()["rural"] == 4
    assert lens_groups(territories(), "departamento").loc[1401] == "Quiché"


def test_filter_keeps_only_the_group():
    values = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], index=territories().index)
    rural_indigenous = filter_frame(values, territories(), lens="etnia", group="mayoría indígena")
    assert sorted(rural_indigenous.index) == [1301, 1302, 1401]
    assert len(filter_codes(territories(), None, None)) == 6


def test_split_apply_stacks_and_skips_small_groups():
    values = pd.DataFrame({"x": [1.0, 3.0, 10.0, 20.0, 30.0, 5.0]}, index=territories().index)
    result = split_apply(
        lambda frame: frame.mean().to_frame().T, values, territories(), "area", min_size=2
    )
    assert result.table.set_index("grupo").loc["rural", "x"] == pytest.approx(29 / 4)
    assert result.skipped == []
    small = split_apply(
        lambda frame: frame.mean().to_frame().T, values, territories(), "pueblo", min_size=2
    )
    assert small.table["grupo"].tolist() == ["Maya", "Ladino/mestizo"]
    assert small.skipped == ["Xinka"]
    assert not small.table.attrs  # nothing hidden beside the table


def test_errors():
    with pytest.raises(RaicesError, match="lente desconocido"):
        lens_groups(territories(), "edad")
    with pytest.raises(RaicesError, match="no existe"):
        filter_codes(territories(), "area", "periurbana")


def test_lens_indicators_from_catalogue():
    catalog = pd.DataFrame(
        {"lens": ["genero", None, "edad", "genero"]},
        index=["jefatura_femenina", "pobreza", "menores_15", "tasa_violencia_mujer"],
    )
    assert lens_indicators(catalog, "genero") == ["jefatura_femenina", "tasa_violencia_mujer"]
