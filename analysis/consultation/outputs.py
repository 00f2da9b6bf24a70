"""A round's results as files: the tables behind the page, in CSV, and the consensus TOML.

:func:`result_tables` gives every table of a :class:`~analysis.consultation.results.RoundResult`
by file name; :func:`write_result` writes them (formula-safe CSV, atomically) with the
consensus scenario and, optionally, the PDF report.

Files
-----
``acuerdo.csv``
    Kendall's W first, then its chi-square test, participants and themes.
``pesos_combinados.csv``
    Combined weight per theme with the spread of individual weights (quartiles, IQR).
``pesos_por_grupo.csv``
    The same per sector, territory and pueblo.
``correlacion_grupos.csv``, ``temas_que_dividen.csv``
    Rank correlation between sectors; divisive themes.
``clasificacion_por_participante.csv``
    One row per territory, one rank column per participant (anonymous code).
``piloto_entre_voces.csv``
    Per territory: median, best and worst rank across voices, share of voices putting it
    in the top k, share selecting it in the constrained pilot, strong signal (≥ 80 %).
``participacion.csv``
    Submissions by sector, departamento, pueblo, sex and age group (zeros included).
``escenario_consenso.toml``
    The consensus scenario.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.consultation.results import RoundResult
from analysis.export.safety import path_within, write_csv


def result_tables(result: RoundResult, names: pd.Series | None = None) -> dict[str, pd.DataFrame]:
    """Every table of a round's results, by file name (without extension)."""
    spec = result.spec
    w = result.concordance
    agreement = pd.DataFrame(
        {
            "medida": [
                "w_kendall",
                "chi2",
                "grados_libertad",
                "p_valor",
                "participantes",
                "temas",
            ],
            "valor": [w.w, w.chi2, w.dof, w.p_value, w.participants, w.themes],
        }
    )
    combined = result.combined.spread.copy()
    combined.insert(0, "weight", result.combined.weights)
    combined.insert(0, "label", [spec.label(str(t)) for t in combined.index])
    combined["rule"] = result.combined.rule
    combined["n"] = result.combined.n
    by_group = pd.concat(
        [frame.assign(grouping=group) for group, frame in result.by_group.items()],
        ignore_index=True,
    )
    by_group = by_group[["grouping", *[c for c in by_group.columns if c != "grouping"]]]
    participation = pd.concat(
        [
            frame.assign(dimension=dimension)
            for dimension, frame in result.participation.counts.items()
        ],
        ignore_index=True,
    )[["dimension", "value", "n", "share"]]
    tables = {
        "acuerdo": agreement,
        "pesos_combinados": combined.reset_index(),
        "pesos_por_grupo": by_group,
        "correlacion_grupos": result.group_correlation,
        "temas_que_dividen": result.dividing.reset_index(),
        "participacion": participation,
    }
    consequences = result.consequences
    if consequences is not None:
        ranks = consequences.ranks.T
        ranks.index.name = "code"
        if names is not None:
            ranks.insert(0, "name", names.reindex(ranks.index))
        tables["clasificacion_por_participante"] = ranks.reset_index()
        tables["piloto_entre_voces"] = consequences.summary(names).reset_index()
    return tables


def write_result(
    result: RoundResult,
    folder: str | Path,
    *,
    names: pd.Series | None = None,
    departamentos: pd.Series | None = None,
    pdf: bool = False,
) -> list[Path]:
    """Write :func:`result_tables`, ``escenario_consenso.toml`` and optionally the PDF.

    ``names`` maps the ranking's territory codes to names, ``departamentos`` the
    departamento codes (for the report's participation section).
    """
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in result_tables(result, names).items():
        written.append(write_csv(frame, path_within(root, f"{name}.csv"), lineterminator="\n"))
    scenario = path_within(root, "escenario_consenso.toml")
    temporary = scenario.with_name(scenario.name + ".tmp")
    temporary.write_text(result.consensus.to_toml(), encoding="utf-8")
    temporary.replace(scenario)
    written.append(scenario)
    if pdf:
        from analysis.consultation.report import write_report

        written.append(
            write_report(
                result,
                path_within(root, "informe_consulta.pdf"),
                names=names,
                departamentos=departamentos,
            )
        )
    return written
