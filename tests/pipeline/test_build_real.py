"""The real pipeline on the real mirrored sources: facts the published data must reproduce."""

from __future__ import annotations

import duckdb
import pytest

from analysis import store
from analysis.sources import boundaries


@pytest.fixture(scope="module")
def con(built_db):
    with duckdb.connect(str(built_db), read_only=True) as connection:
        yield connection


def test_layers_have_every_territory(con):
    assert con.execute("select count(*) from municipios").fetchone()[0] == 340
    assert con.execute("select count(*) from departamentos").fetchone()[0] == 22
    codes = {row[0] for row in con.execute("select muni_code from municipios").fetchall()}
    assert min(codes) == 101 and max(codes) == 2217


def test_duplicate_names_land_in_their_departments(con):
    rows = con.execute(
        "select muni_name, dept_name from municipios "
        "where muni_name in ('San Lorenzo', 'Santa Bárbara', 'La Libertad') order by muni_code"
    ).fetchall()
    assert rows == [
        ("San Lorenzo", "Suchitepéquez"),
        ("Santa Bárbara", "Suchitepéquez"),
        ("San Lorenzo", "San Marcos"),
        ("Santa Bárbara", "Huehuetenango"),
        ("La Libertad", "Huehuetenango"),
        ("La Libertad", "Petén"),
    ]


def test_poverty_map_values_and_standard_errors(con):
    value, se = con.execute(
        "select value, se from indicator_values where level='municipio' and code=101 and indicator='pobreza'"
    ).fetchone()
    assert value == pytest.approx(0.140656, abs=1e-6)
    assert se == pytest.approx(0.030791, abs=1e-6)
    # departmental poverty comes from the departmental FH estimate, not a mean of municipios
    alta_verapaz = con.execute("select pobreza from departamentos where dept_code = 16").fetchone()[
        0
    ]
    assert alta_verapaz == pytest.approx(0.903, abs=0.001)


def test_national_values_are_published_estimates_or_weighted(con):
    national = dict(
        con.execute(
            "select indicator, value from indicator_values where level = 'nacional'"
        ).fetchall()
    )
    assert national["pobreza"] == pytest.approx(0.5604, abs=1e-4)  # INE's published 56.0 %
    census = con.execute(
        "select sum(emigracion_hogar * hogares) / sum(hogares), sum(poblacion) from municipios"
    ).fetchone()
    assert national["emigracion_hogar"] == pytest.approx(census[0])
    assert national["poblacion"] == census[1]


def test_encovi_2014_reproduces_official_national_poverty(con):
    poor, extreme = (
        con.execute(
            "select value from indicator_values where level = 'nacional' and indicator = ?", [name]
        ).fetchone()[0]
        for name in ("pobreza_2014", "pobreza_extrema_2014")
    )
    assert poor == pytest.approx(0.593, abs=0.0005)
    assert extreme == pytest.approx(0.234, abs=0.0005)
    guatemala = con.execute(
        "select pobreza_2014 from departamentos where dept_code = 1"
    ).fetchone()[0]
    assert guatemala == pytest.approx(0.333, abs=0.001)


def test_department_values_use_explicit_weights(con):
    # household-weighted census mean for Huehuetenango recomputed by hand
    municipal = con.execute(
        "select m.emigracion_hogar, m.hogares from municipios m where m.dept_code = 13"
    ).fetchdf()
    expected = (municipal["emigracion_hogar"] * municipal["hogares"]).sum() / municipal[
        "hogares"
    ].sum()
    plain_mean = municipal["emigracion_hogar"].mean()
    got = con.execute("select emigracion_hogar from departamentos where dept_code = 13").fetchone()[
        0
    ]
    assert got == pytest.approx(expected)
    assert abs(got - plain_mean) > 1e-4
    # summed counts: departmental census population is the sum of its municipios
    total = con.execute("select sum(poblacion) from municipios where dept_code = 1").fetchone()[0]
    assert (
        con.execute("select poblacion from departamentos where dept_code = 1").fetchone()[0]
        == total
    )
    # persons in households: a little below the census total of 14,901,286, which also counts
    # people living in collective dwellings
    national = con.execute("select sum(poblacion) from departamentos").fetchone()[0]
    assert 14_800_000 < national < 14_901_286


def test_out_of_range_values_are_missing_and_reported(con):
    assert con.execute("select max(gini) from municipios").fetchone()[0] <= 1
    notes = con.execute(
        "select count(*) from quality_issues "
        "where issue like 'Gini =%' and action like 'error de la fuente%'"
    ).fetchone()[0]
    nulls = con.execute("select count(*) from municipios where gini is null").fetchone()[0]
    assert notes == nulls == 5


def test_population_duplicate_code_is_repaired(con):
    years = con.execute(
        "select count(*) from series where series='poblacion_proyectada' and code = 1015"
    ).fetchone()[0]
    assert years == 9  # 2012–2020; 2010–2011 excluded as erratic
    assert (
        con.execute(
            "select count(*) from quality_issues where issue like 'código 1310 duplicado%'"
        ).fetchone()[0]
        == 1
    )


def test_series_enrolment_and_returnees(con):
    national = con.execute(
        "select value from series where series='matricula_primaria' and level='nacional' and year=2016"
    ).fetchone()[0]
    # about 2.3 million primary pupils in 2016 (all sectors), not the double-counted sheet total
    assert 2.0e6 < national < 2.8e6
    returnees = dict(
        con.execute(
            "select year, value from series where series='retornados' order by year"
        ).fetchall()
    )
    assert returnees[2023] == 79697 and returnees[2018] == 94306


def test_pcodes_and_municipal_finance(con):
    assert (
        con.execute("select pcode from municipios where muni_code = 1301").fetchone()[0] == "GT1301"
    )
    guatemala, rural = con.execute(
        "select max(ingresos_propios_pc) filter (where muni_code = 101), median(ingresos_propios_pc) from municipios"
    ).fetchone()
    assert guatemala > 5 * rural  # the capital raises far more own revenue per person


def test_store_api_reads_the_build(built_db):
    territories = store.load_territories("municipio")
    assert territories.index.is_unique and len(territories) == 340
    assert territories.loc[1310, "dept_name"] == "Huehuetenango"
    se = store.load_standard_errors("municipio")
    assert se["pobreza"].notna().all() and se["tasa_delitos"].isna().all()
    assert list(se.columns) == list(store.load_indicators("municipio").columns)
    shapes = store.load_boundaries("municipio")
    assert len(shapes) == 340 and shapes.crs.to_epsg() == 4326
    catalog = store.load_catalog()
    assert set(catalog["theme"]) == set(store.load_themes().index)
    assert catalog.loc["pobreza", "has_se"]
    info = store.build_info()
    assert info["data_vintage"] == "pobreza 2023 · censo 2018 · A2SIT ≈2018–2023 · ENCOVI 2014"
    assert info["data_vintage_en"].startswith("poverty 2023 · census 2018")


def test_boundary_layers_are_small_and_keep_shared_borders(built_db):
    municipal = store.load_boundaries("municipio")
    assert len(municipal.to_json().encode()) <= 1_500_000
    assert municipal.geometry.is_valid.all()
    assert set(municipal.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    # shared borders stay shared: the pieces add up to their union (no overlaps) and the
    # simplified country keeps the original's area (no gaps opened between neighbours)
    projected = municipal.to_crs(32615).geometry  # UTM 15N, metres
    pieces = projected.area.sum()
    union = projected.union_all().area
    assert pieces == pytest.approx(union, rel=1e-6)
    # one source polygon is invalid (a free hole); compare with its repaired form
    original = boundaries.read_municipal_boundaries().to_crs(32615).geometry.make_valid().area.sum()
    assert union == pytest.approx(original, rel=1e-3)


def test_unreported_teacher_counts_are_missing_not_zero(con):
    zeros = con.execute(
        "select count(*) from series as t join series as p using (level, code, year) "
        "where t.series = 'docentes_primaria' and p.series = 'matricula_primaria' "
        "and t.value = 0 and p.value > 0"
    ).fetchone()[0]
    assert zeros == 0
    note = con.execute(
        "select issue from quality_issues where source_id = 'mineduc_matricula' and field = 'DOCENTES'"
    ).fetchone()[0]
    assert "0 docentes" in note


def test_indigenous_share_is_person_level(con):
    # census 2018: 43.6 % of persons are Maya, Garífuna or Xinka (household mean gave 38.3 %)
    national = con.execute(
        "select value, year from indicator_values "
        "where level = 'nacional' and indicator = 'poblacion_indigena'"
    ).fetchone()
    assert national[0] == pytest.approx(0.436, abs=0.005)
    assert national[1] == 2018
    flags = dict(
        con.execute(
            "select muni_code, mayoria_indigena from municipios where muni_code in (2101, 2213)"
        ).fetchall()
    )
    assert flags == {2101: True, 2213: True}  # Jalapa and Conguaco, just above one half
    weighted = con.execute(
        "select sum(poblacion_indigena * poblacion) / sum(poblacion) from municipios"
    ).fetchone()[0]
    assert weighted == pytest.approx(national[0])


def test_household_mean_indicators_say_so(built_db):
    catalog = store.load_catalog()
    assert "promedio por hogar" in catalog.loc["menores_15", "label_es"]
    assert "household mean" in catalog.loc["menores_15", "label_en"]
    assert "Ninguna fuente" in catalog.loc["menores_15", "note_es"]


def test_default_index_leaves_double_counted_and_mislabelled_indicators_out(built_db):
    from pathlib import Path

    from analysis.priority.presets import __file__ as presets_init
    from analysis.priority.scenario import load_preset

    catalog = store.load_catalog()
    context = [
        "severidad_pobreza",
        "desempleo",
        "asistencia_escolar",
        "jefatura_femenina",
        "exposicion_desastres",
        "inseguridad_alimentaria",
    ]
    assert not catalog.loc[context, "in_default"].any()
    assert (catalog.loc[context, "note_es"].str.len() > 40).all()
    assert (catalog.loc[context, "note_en"].str.len() > 40).all()
    assert "sequía" in catalog.loc["exposicion_desastres", "description_es"]
    for preset in sorted(Path(presets_init).parent.glob("*.toml")):
        scenario = load_preset(preset.stem).resolve(catalog)
        assert scenario.indicators and not set(scenario.indicators) & set(context)


def test_pupils_per_teacher_is_a_ratio_of_sums(con):
    teachers = con.execute(
        "select code, arg_max(value, year) as docentes from series "
        "where series = 'docentes_primaria' and level = 'municipio' and value > 0 group by code"
    ).fetchdf()
    municipal = (
        con.execute(
            "select muni_code as code, alumnos_docente, poblacion from municipios where dept_code = 13"
        )
        .fetchdf()
        .merge(teachers, on="code")
    )
    pupils = (municipal["alumnos_docente"] * municipal["docentes"]).sum()
    expected = pupils / municipal["docentes"].sum()
    got = con.execute("select alumnos_docente from departamentos where dept_code = 13").fetchone()[
        0
    ]
    assert got == pytest.approx(expected)
    population_weighted = (municipal["alumnos_docente"] * municipal["poblacion"]).sum() / municipal[
        "poblacion"
    ].sum()
    assert abs(got - population_weighted) > 1e-6


def test_zeros_that_mean_missing_are_missing_and_logged(con):
    for indicator, column, count in (
        ("participacion_comunitaria", "ParticipComm", 79),
        ("servicios_publicos_municipales", "ServPub", 23),
    ):
        zeros = con.execute(f"select count(*) from municipios where {indicator} = 0").fetchone()[0]
        nulls = con.execute(
            f"select count(*) from municipios where {indicator} is null"
        ).fetchone()[0]
        logged = con.execute(
            "select count(*) from quality_issues where field = ? and action like 'regla declarada%'",
            [column],
        ).fetchone()[0]
        assert zeros == 0 and nulls == logged == count


def test_national_poverty_levels_are_explained(con):
    note = store.load_catalog().loc["pobreza", "note_es"]
    assert "0.560" in note and "0.549" in note
    aggregated = con.execute(
        "select sum(m.pobreza * w.poblacion) / sum(w.poblacion) from municipios m "
        "join (select muni_code, poblacion from municipios) w using (muni_code)"
    ).fetchone()[0]
    assert aggregated == pytest.approx(0.549, abs=0.0005)
    assert (
        con.execute("select count(*) from series where series like '%pobreza%'").fetchone()[0] == 0
    )
