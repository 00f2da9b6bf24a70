"""``raices rank`` and ``raices compare`` on the real build."""

import pandas as pd

from analysis.cli import main


def test_rank_writes_csv(built_db, tmp_path, capsys):
    out = tmp_path / "ranking.csv"
    scenario_file = tmp_path / "escenario.toml"
    code = main(
        [
            "rank",
            "--draws",
            "200",
            "--pilot",
            "10",
            "--max-per-dept",
            "2",
            "--out",
            str(out),
            "--save-scenario",
            str(scenario_file),
        ]
    )
    assert code == 0
    table = pd.read_csv(out)
    assert len(table) == 340
    assert {
        "code",
        "name",
        "departamento",
        "score",
        "rank",
        "rank_p05",
        "rank_p95",
        "p_top_k",
        "coverage",
        "selected",
        "scenario_hash",
    } <= set(table.columns)
    assert table["selected"].sum() == 10
    assert table["scenario_hash"].nunique() == 1
    printed = capsys.readouterr().out
    assert "costo de" in printed and table["scenario_hash"][0] in printed
    # the saved scenario reproduces the same hash
    assert main(["rank", str(scenario_file), "--draws", "0", "--out", str(tmp_path / "b.csv")]) == 0
    again = pd.read_csv(tmp_path / "b.csv")
    assert again["scenario_hash"][0] == table["scenario_hash"][0]
    assert again["selected"].sum() == 10


def test_compare_presets(built_db, tmp_path, capsys):
    out = tmp_path / "movers.csv"
    assert (
        main(["compare", "pesos_iguales", "inform_geometrico", "--k", "15", "--out", str(out)]) == 0
    )
    printed = capsys.readouterr().out
    assert "Spearman" in printed and "Kendall" in printed
    movers = pd.read_csv(out)
    assert len(movers) == 340 and {"rank_a", "rank_b", "change"} <= set(movers.columns)


def test_bad_scenario_is_a_clear_error(built_db, tmp_path, capsys):
    bad = tmp_path / "malo.toml"
    bad.write_text('[method]\nnormalisation = "softmax"\n', encoding="utf-8")
    assert main(["rank", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "softmax" in err and "Traceback" not in err
    assert main(["rank", "no_existe"]) == 2


def test_infeasible_pilot_is_explained(built_db, capsys):
    code = main(
        ["rank", "--draws", "0", "--pilot", "15", "--min-per-dept", "1", "--include", "101,1301"]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "mínimo por departamento" in err and "tamaño del piloto" in err
    assert "Traceback" not in err
