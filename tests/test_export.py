"""Open-data bundle on the real build, and output safety on hand-made frames."""

from __future__ import annotations

import json

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest

from analysis.errors import RaicesError
from analysis.export.bundle import export_bundle, hxl_tag, validate_package
from analysis.export.safety import neutralise_frame, neutralise_text, path_within, safe_filename


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_prefix_is_neutralised(prefix):
    assert neutralise_text(prefix + "1+1") == "'" + prefix + "1+1"


def test_neutralise_frame_keeps_numbers_and_safe_text():
    frame = pd.DataFrame({"texto": ["=cmd|' /C calc'!A0", "Sololá", "-x"], "n": [-1.5, 2.0, 3.0]})
    safe = neutralise_frame(frame)
    assert safe["texto"].tolist() == ["'=cmd|' /C calc'!A0", "Sololá", "'-x"]
    assert safe["n"].tolist() == [-1.5, 2.0, 3.0]
    assert frame.loc[0, "texto"].startswith("=")  # the input is not modified


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Windows\\x.csv", "x.csv"),
        ("Informe Quiché 2024.pdf", "Informe_Quiche_2024.pdf"),
        ("..", "archivo"),
        ("a" * 300 + ".csv", "a" * 76 + ".csv"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_path_within_refuses_escapes(tmp_path):
    assert path_within(tmp_path, "sub/ok.csv") == tmp_path.resolve() / "sub" / "ok.csv"
    for bad in ("../fuera.csv", "/etc/passwd", "a/../../b.csv", ""):
        with pytest.raises(RaicesError):
            path_within(tmp_path, bad)
    outside = tmp_path.parent / "fuera"
    outside.mkdir(exist_ok=True)
    (tmp_path / "enlace").symlink_to(outside)
    with pytest.raises(RaicesError, match="fuera de la carpeta"):
        path_within(tmp_path, "enlace/x.csv")


def test_hxl_tags():
    assert hxl_tag("code", "municipio") == "#adm2+code+ine"
    assert hxl_tag("name", "departamento") == "#adm1+name"
    assert hxl_tag("tasa_delitos", "municipio") == "#indicator+num+tasa_delitos"


@pytest.fixture(scope="module")
def bundle(built_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bundle")
    return export_bundle(folder, db_path=built_db)


def test_bundle_files_stay_in_the_folder(bundle):
    names = sorted(p.name for p in bundle.folder.iterdir())
    assert names == sorted(p.name for p in bundle.files)
    assert {"datapackage.json", "raices.gpkg", "municipios.geojson", "LEEME.md"} <= set(names)
    assert not [n for n in names if n.endswith(".tmp")]


def test_datapackage_is_valid_and_describes_units(bundle):
    assert validate_package(bundle.descriptor) == []
    descriptor = json.loads(bundle.descriptor.read_text(encoding="utf-8"))
    municipios = next(r for r in descriptor["resources"] if r["name"] == "municipios")
    fields = {f["name"]: f for f in municipios["schema"]["fields"]}
    assert fields["pobreza"]["unit"] and fields["pobreza"]["type"] == "number"
    assert fields["pcode"]["constraints"]["pattern"]
    assert municipios["schema"]["primaryKey"] == ["code"]
    assert descriptor["licenses"] and len(descriptor["sources"]) >= 5
    hxl = next(r for r in descriptor["resources"] if r["name"] == "municipios-hxl")
    assert hxl["dialect"] == {"commentRows": [2]}


def test_csv_and_hxl_have_340_municipios_with_pcodes(bundle):
    table = pd.read_csv(bundle.folder / "municipios.csv")
    assert len(table) == 340 and table["code"].is_unique
    assert (table["pcode"] == table["code"].map(lambda c: f"GT{c:04d}")).all()
    hxl = pd.read_csv(bundle.folder / "municipios_hxl.csv")
    assert hxl.iloc[0]["pcode"] == "#adm2+code"
    assert hxl.iloc[0]["pobreza"] == "#indicator+num+pobreza"
    assert len(hxl) == 341


def test_long_values_keep_standard_errors(bundle):
    long = pd.read_csv(bundle.folder / "valores_largos.csv")
    assert set(long["level"]) == {"municipio", "departamento", "nacional"}
    national = long[long["level"] == "nacional"]
    assert (national["pcode"] == "GT").all() and national["indicator"].is_unique
    poverty = long[(long["level"] == "municipio") & (long["indicator"] == "pobreza")]
    assert len(poverty) == 340 and poverty["se"].notna().all()
    assert long.loc[long["level"] == "departamento", "pcode"].str.match(r"^GT\d{2}$").all()
    wide = pd.read_csv(bundle.folder / "municipios.csv").set_index("code")["pobreza"]
    assert (poverty.set_index("code")["value"] - wide).abs().max() < 1e-9


def test_xlsx_reads_back(bundle):
    book = openpyxl.load_workbook(bundle.folder / "raices_datos_abiertos.xlsx", read_only=True)
    assert book.sheetnames[:3] == ["LEEME", "municipios", "departamentos"]
    rows = list(book["municipios"].iter_rows(values_only=True))
    assert len(rows) == 341 and rows[0][0] == "code"
    book.close()


def test_geopackage_and_geojson_read_back(bundle):
    table = pd.read_csv(bundle.folder / "municipios.csv")
    layer = gpd.read_file(bundle.folder / "raices.gpkg", layer="municipios")
    assert len(layer) == len(table) == 340
    assert layer.geometry.notna().sum() == 340 and layer.geometry.is_valid.all()
    assert sorted(layer["code"]) == sorted(table["code"])
    assert layer.crs.to_epsg() == 4326
    departments = gpd.read_file(bundle.folder / "departamentos.geojson")
    assert len(departments) == 22
    merged = layer.set_index("code")["pobreza"].sub(table.set_index("code")["pobreza"]).abs()
    assert merged.max() < 1e-9


def test_user_indicators_only_with_flag(built_db, tmp_path, monkeypatch):
    from analysis.records.users import Principal, Role
    from analysis.userdata import UserIndicatorMeta, save_user_indicator

    monkeypatch.setenv("RAICES_DATA", str(tmp_path / "data"))
    meta = UserIndicatorMeta(
        indicator="texto_peligroso",
        label_es='=HYPERLINK("http://x")',
        theme="migracion",
        direction=1,
        unit_es="@unidad",
        year="2024",
        source="+fuente de prueba",
    )
    editor = Principal(user_id=1, username="editora", role=Role.EDITOR, institution_id=1)
    save_user_indicator(meta, pd.Series({101: 1.0, 1301: 2.0}), principal=editor)
    public = export_bundle(tmp_path / "pub", formats=["csv"], db_path=built_db)
    assert "texto_peligroso" not in pd.read_csv(public.folder / "municipios.csv").columns
    private = export_bundle(
        tmp_path / "priv", formats=["csv", "xlsx"], include_user=True, db_path=built_db
    )
    table = pd.read_csv(private.folder / "municipios.csv").set_index("code")
    assert table.loc[1301, "texto_peligroso"] == 2.0
    catalog = pd.read_csv(private.folder / "catalogo_indicadores.csv").set_index("indicator")
    assert catalog.loc["texto_peligroso", "label_es"].startswith("'=")
    book = openpyxl.load_workbook(private.folder / "raices_datos_abiertos.xlsx")
    sheet = book["catalogo_indicadores"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert cells and all(c.data_type == "s" and str(c.value).startswith("'") for c in cells)


def test_bundle_with_scenario_ranking(built_db, tmp_path):
    from analysis.priority.scenario import load_preset

    result = export_bundle(
        tmp_path, formats=["csv"], db_path=built_db, scenario="migracion", draws=20
    )
    assert validate_package(result.descriptor) == []
    ranking = pd.read_csv(tmp_path / "clasificacion.csv")
    assert len(ranking) == 340 and ranking["rank"].min() == 1
    assert ranking["pcode"].str.match(r"^GT\d{4}$").all()
    from analysis import store

    expected = load_preset("migracion").resolve(store.load_catalog(db_path=built_db)).hash()
    assert set(ranking["scenario_hash"]) == {expected}
    assert "[themes]" in (tmp_path / "escenario.toml").read_text(encoding="utf-8")
    descriptor = json.loads(result.descriptor.read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "clasificacion")
    assert expected in resource["description"]
