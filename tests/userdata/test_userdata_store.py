"""A user indicator joins the catalogue, the municipal and departamento tables and scenarios."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import store
from analysis.records.users import Principal, Role
from analysis.userdata import import_indicator, remove_user_indicator
from analysis.userdata.layer import UserIndicatorMeta

EDITOR = Principal(user_id=1, username="editora", role=Role.EDITOR, institution_id=1)


@pytest.fixture
def imported(built_db, fixture_path, tmp_path, monkeypatch):
    monkeypatch.setenv("RAICES_DATA", str(tmp_path))
    meta = UserIndicatorMeta(
        indicator="retornados_prueba",
        label_es="Retornados por 100 000 hab. (prueba)",
        theme="migracion",
        direction=1,
        unit_es="por 100 000 hab.",
        year="2024",
        source="tabla de prueba escrita a mano",
        dept_method="pop_weighted",
    )
    import_indicator(
        fixture_path("names_latin1.csv"),
        meta,
        value_column="Tasa",
        name_columns=("Departamento", "Municipio"),
        principal=EDITOR,
    )
    yield "retornados_prueba"


def test_user_indicator_is_in_catalogue_and_tables(imported, built_db):
    catalog = store.load_catalog(db_path=built_db)
    assert catalog.at[imported, "origin"] == "user"
    assert (catalog.loc[catalog["origin"] != "user", "source_id"] != "usuario").all()
    municipal = store.load_indicators("municipio", [imported], db_path=built_db)[imported]
    assert municipal.notna().sum() == 5 and municipal.loc[706] == 12.5
    departments = store.load_indicators("departamento", [imported], db_path=built_db)[imported]
    # Sololá has one municipio with a value: the weighted mean is that value.
    assert departments.loc[7] == pytest.approx(12.5)
    remove_user_indicator(imported, principal=EDITOR)
    assert imported not in store.load_catalog(db_path=built_db).index


def test_user_indicator_enters_a_scenario(imported, built_db):
    from analysis.priority.run import IndexData, rank_territories
    from analysis.priority.scenario import Scenario

    data = IndexData.from_store("municipio", db_path=built_db)
    scenario = Scenario.from_dict(
        {
            "name": "con indicador propio",
            "level": "municipio",
            "indicators": {imported: 1.0, "pobreza": 1.0},
        }  # fmt: skip
    )
    ranking = rank_territories(scenario, data, draws=0).table
    assert ranking["contrib_migracion"].loc[706] > 0
    assert (
        pd.isna(ranking["contrib_migracion"].loc[101]) or ranking["contrib_migracion"].loc[101] == 0
    )
