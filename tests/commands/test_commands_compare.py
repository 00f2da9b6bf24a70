"""``raices compare`` compares decisions: constraints, pilot sets and fingerprints."""

import re

from analysis.cli import main
from analysis.priority.scenario import load_preset


def test_constrained_and_unconstrained_scenarios_show_different_pilots(built_db, tmp_path, capsys):
    free = tmp_path / "libre.toml"
    bound = tmp_path / "con_cupo.toml"
    base = load_preset().to_toml()
    free.write_text(base.replace('name = "Pesos iguales"', 'name = "Libre"'), encoding="utf-8")
    bound.write_text(
        base.replace('name = "Pesos iguales"', 'name = "Con cupo"')
        + "\n[pilot]\nk = 15\nmax_per_dept = 2\n",
        encoding="utf-8",
    )
    assert main(["compare", str(free), str(bound), "--k", "15"]) == 0
    printed = capsys.readouterr().out
    # same weights: the rankings agree…
    assert "Spearman 1.000" in printed
    # …but the decisions differ, and the output says how
    match = re.search(r"A eligió (\d+) de los 15 de B\.", printed)
    assert match and int(match.group(1)) < 15
    assert "Entran en B: " in printed and "Salen en B: " in printed
    assert "sin piloto definido" in printed
    assert "máximo por departamento = 2" in printed
    hashes = re.findall(r"\(([0-9a-f]{12})\)", printed)
    assert len(set(hashes)) == 2  # each scenario keeps its own fingerprint
    pilots = [line for line in printed.splitlines() if "Piloto de " in line]
    assert len(pilots) == 2 and pilots[0].split(":", 1)[1] != pilots[1].split(":", 1)[1]


def test_identical_scenarios_have_the_same_pilot(built_db, capsys):
    assert main(["compare", "pesos_iguales", "pesos_iguales"]) == 0
    printed = capsys.readouterr().out
    assert "A eligió 15 de los 15 de B." in printed
    assert "Los dos pilotos son iguales." in printed
