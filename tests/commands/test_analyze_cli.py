"""`raices analyze` sub-commands on the session's real build: they write the promised CSVs."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.cli import main


@pytest.fixture(scope="module")
def out(built_db, tmp_path_factory):
    return tmp_path_factory.mktemp("analisis")


def test_spatial_writes_moran_and_lisa(out, capsys):
    code = main(
        ["analyze", "spatial", "--indicator", "pobreza", "--permutations", "999", "--out", str(out)]
    )
    assert code == 0
    moran = pd.read_csv(out / "espacial_pobreza_moran.csv")
    assert moran.loc[0, "n"] == 340
    assert moran.loc[0, "moran_i"] > 0.3
    lisa = pd.read_csv(out / "espacial_pobreza_lisa.csv")
    assert {"code", "name", "cluster", "p_sim"} <= set(lisa.columns)
    assert "I de Moran" in capsys.readouterr().out


def test_spatial_split_by_lens_writes_one_row_per_group(out, capsys):
    code = main(
        ["analyze", "spatial", "--indicator", "pobreza", "--lens", "area", "--split"]
        + ["--permutations", "99", "--out", str(out)]
    )
    assert code == 0
    table = pd.read_csv(out / "espacial_pobreza_por_area.csv")
    assert table["grupo"].tolist() == ["rural", "urbana"]
    assert table["n"].sum() == 340
    assert "rural" in capsys.readouterr().out


def test_spatial_with_lens_and_smoothing(out):
    code = main(
        [
            "analyze",
            "spatial",
            "--indicator",
            "tasa_delitos",
            "--smooth",
            "global",
            "--lens",
            "etnia",
            "--group",
            "mayoría indígena",
            "--permutations",
            "999",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    lisa = pd.read_csv(out / "espacial_tasa_delitos_etnia_mayoria_indigena_lisa.csv")
    # person-level indigenous share (issue 9): Jalapa and Conguaco join the 153 of the
    # household-mean measure
    assert len(lisa) == 155
    assert (lisa["value"] != lisa["raw_value"]).any()


def test_typology_writes_groups_and_criterion(out):
    assert main(["analyze", "typology", "--zscores", "--out", str(out)]) == 0
    groups = pd.read_csv(out / "tipologia_grupos.csv")
    criterion = pd.read_csv(out / "tipologia_criterio.csv")
    assert groups["n"].sum() == 340
    assert criterion["chosen"].sum() == 1
    assert len(groups) == criterion.loc[criterion["chosen"], "k"].item()


def test_typology_missing_policy_drops_and_says_so_or_refuses(out, capsys):
    args = ["analyze", "typology", "--indicators", "gini,pobreza", "--out", str(out)]
    assert main(args) == 0  # drop, the default: the 5 municipios without a Gini are left out
    assert "5 territorio(s) sin todos los valores quedan fuera" in capsys.readouterr().out
    assert main([*args, "--missing", "refuse"]) == 2
    assert "gini" in capsys.readouterr().err


def test_typology_missing_choices_are_the_engines():
    from analysis.causes.typology import DEFAULT_MISSING, MISSING_POLICIES
    from analysis.cli import build_parser

    action = next(
        a
        for sub in build_parser()._subparsers._group_actions  # argparse keeps them here
        for name, parser in sub.choices.items()
        if name == "analyze"
        for analyze in parser._subparsers._group_actions
        for kind, typology in analyze.choices.items()
        if kind == "typology"
        for a in typology._actions
        if a.dest == "missing"
    )
    assert tuple(action.choices) == MISSING_POLICIES and action.default == DEFAULT_MISSING


def test_trends_accepts_an_analyst_series(out, tmp_path):
    extra = tmp_path / "homicidios_pnc.csv"
    extra.write_text("code,year,value\n101,2021,300\n101,2022,330\n", encoding="utf-8")
    assert main(["analyze", "trends", "--add", str(extra), "--out", str(out)]) == 0
    growth = pd.read_csv(out / "tendencias_crecimiento.csv")
    row = growth[(growth["series"] == "homicidios_pnc") & (growth["code"] == 101)].iloc[0]
    assert row["annual_growth_pct"] == pytest.approx(10.0)


def test_errors_are_one_line_messages(out, capsys):
    assert main(["analyze", "spatial", "--indicator", "no_existe", "--out", str(out)]) == 2
    assert "no_existe" in capsys.readouterr().err
    assert main(["analyze", "factors", "--outcome", "no_existe", "--out", str(out)]) == 2


def test_lens_needs_a_group_and_missing_files_are_named(out, capsys):
    assert main(["analyze", "spatial", "--lens", "area", "--out", str(out)]) == 2
    assert "--group" in capsys.readouterr().err
    assert main(["analyze", "trends", "--add", "/no/existe.csv", "--out", str(out)]) == 2
    assert "/no/existe.csv" in capsys.readouterr().err
    assert main(["analyze"]) == 1


def test_factors_refuse_a_driver_modelled_with_the_outcome(out, capsys):
    args = ["analyze", "factors", "--drivers", "pobreza,consumo_pc", "--repeats", "2"]
    assert main([*args, "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "consumo_pc" in error and "tab1_consumo" in error and error.count("\n") == 1
    assert main([*args, "--allow-modelled-drivers", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Advertencia" in printed and "agrupados por departamento" in printed
    table = pd.read_csv(out / "factores_emigracion_hogar_coeficientes.csv")
    assert {"std_error", "std_error_classical", "p_value_classical"} <= set(table.columns)
