"""Open data of the monitoring store: published records only, no personal data, HXL tags
following the 3W conventions, CSV and XLSX that open, formula-safe text."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from analysis.monitoring import opendata
from analysis.records.database import engine_for, session_scope, upgrade
from analysis.records.users import console_principal
from tests.monitoring.monitoring_seed import seed_store

PRIVATE_TEXT = ("ficticia.example", "+502 0000 0000", "Contacto", "nota interna", "consola:",
                "FIC-0")  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seguimiento_opendata")
    url = f"sqlite:///{folder / 'raices.sqlite'}"
    engine = engine_for(url)
    upgrade(engine)
    seeded = seed_store(engine, actions=12)
    from analysis.monitoring.actions import create_action
    from analysis.monitoring.lifecycle import set_published

    with session_scope(engine) as session:
        action = create_action(
            session,
            console_principal(),
            {
                "institution_id": seeded.institutions[0],
                "title": '=HYPERLINK("http://ejemplo.invalid","clic")',
                "theme": "migracion",
                "action_type": "informacion",
                "status": "en_curso",
                "territories": [("municipio", 1301)],
            },
        )
        set_published(
            session, console_principal(), "actions", action.id, True, expected_version=None
        )
        seeded.actions.append(action.id)
    engine.dispose()
    return url, seeded


@pytest.fixture(scope="module")
def written(store, tmp_path_factory, built_db):
    url, _ = store
    folder = tmp_path_factory.mktemp("opendata")
    return opendata.write_open_data(folder, url=url, db_path=built_db)


def test_only_published_actions_enter(store, written):
    _, seeded = store
    table = pd.read_csv(next(p for p in written if p.name == "seguimiento_5w.csv"))
    published = set(seeded.actions) - set(seeded.unpublished)
    assert set(table["action_id"]) == published
    assert not set(table["action_id"]) & set(seeded.unpublished)


def test_no_personal_data_in_any_file(written):
    for path in written:
        if path.suffix == ".csv":
            text = path.read_text(encoding="utf-8")
        else:
            sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
            text = "\n".join(frame.to_csv() for frame in sheets.values())
        for private in PRIVATE_TEXT:
            assert private not in text, (path.name, private)


def test_hxl_row_follows_3w_conventions(written):
    path = next(p for p in written if p.name == "seguimiento_5w_hxl.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    tags = lines[1].split(",")
    for wanted in ("#org+name+lead", "#sector", "#activity+type", "#adm1+code", "#adm2+code",
                   "#status", "#date+start", "#reached+f", "#reached+m", "#reached+youth"):  # fmt: skip
        assert wanted in tags, wanted
    assert all(tag.startswith("#") for tag in tags)
    table = pd.read_csv(path, skiprows=[1])
    municipal = table[table["level"] == "municipio"]
    assert municipal["adm2_code"].str.fullmatch(r"GT\d{4}").all()
    assert (municipal["adm2_code"].str[2:].astype(int) == municipal["adm2_ine"]).all()
    assert municipal["adm2_name"].notna().all()  # names from the build


def test_totals_repeat_per_place_and_sum_once_per_action(store, written, built_db):
    url, seeded = store
    table = pd.read_csv(next(p for p in written if p.name == "seguimiento_5w.csv"))
    per_action = table.groupby("action_id").agg(
        rows=("places", "size"), places=("places", "first"), reached=("reached_total", "first")
    )
    assert (per_action["rows"] == per_action["places"]).all()
    women = table.drop_duplicates("action_id")["reached_sexo_mujer"].fillna(0)
    men = table.drop_duplicates("action_id")["reached_sexo_hombre"].fillna(0)
    assert (women + men).sum() == table.drop_duplicates("action_id")["reached_total"].fillna(
        0
    ).sum()


def test_formula_text_is_neutralised(written):
    for name in ("seguimiento_5w.csv", "seguimiento_5w_hxl.csv"):
        text = next(p for p in written if p.name == name).read_text(encoding="utf-8")
        assert "'=HYPERLINK" in text
        assert ',"=HYPERLINK' not in text and ",=HYPERLINK" not in text


def test_xlsx_has_hxl_row_and_dictionary(written):
    path = next(p for p in written if p.suffix == ".xlsx")
    sheets = pd.read_excel(io.BytesIO(path.read_bytes()), sheet_name=None, engine="openpyxl")
    assert set(sheets) == {"5W_HXL", "resultados_HXL", "diccionario"}
    assert sheets["5W_HXL"].iloc[0]["adm2_code"] == "#adm2+code"
    dictionary = sheets["diccionario"]
    five_w = sheets["5W_HXL"].columns
    described = set(dictionary.loc[dictionary["file"] == "seguimiento_5w.csv", "column"])
    assert set(five_w) <= described
    results = sheets["resultados_HXL"]
    assert results.iloc[0]["value"] == "#indicator+value+num"
    assert results.iloc[1:]["reported_by"].eq("Institución Ficticia Alfa").all()


def test_missing_store_gives_empty_tables_and_creates_nothing(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'no_existe.sqlite'}"
    tables = opendata.open_data_tables(url=url)
    assert not (tmp_path / "no_existe.sqlite").exists()
    assert tables["seguimiento_5w"].empty
    assert "adm2_code" in tables["seguimiento_5w"].columns
    assert len(tables["seguimiento_5w_hxl"]) == 1  # the tag row alone
    assert not tables["seguimiento_diccionario"].empty


def test_open_data_bundle_carries_the_5w_tables(store, built_db, tmp_path, monkeypatch):
    from analysis.export.bundle import export_bundle

    url, seeded = store
    monkeypatch.setenv("RAICES_SEGUIMIENTO_URL", url)
    result = export_bundle(tmp_path, formats=("csv", "xlsx"), db_path=built_db, validate=True)
    names = {path.name for path in result.files}
    for wanted in ("seguimiento_5w.csv", "seguimiento_5w_hxl.csv", "seguimiento_resultados.csv",
                   "seguimiento_diccionario.csv"):  # fmt: skip
        assert wanted in names
    table = pd.read_csv(tmp_path / "seguimiento_5w.csv")
    assert set(table["action_id"]) == set(seeded.actions) - set(seeded.unpublished)
    workbook = pd.read_excel(tmp_path / "raices_datos_abiertos.xlsx", sheet_name=None,
                             engine="openpyxl")  # fmt: skip
    assert workbook["seguimiento_5w_hxl"].iloc[0]["adm1_code"] == "#adm1+code"
    text = "\n".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("seguimiento_*.csv"))
    assert "ficticia.example" not in text
