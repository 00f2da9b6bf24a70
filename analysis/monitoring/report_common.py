"""What the MMM's two reports share: the priority they compare with, the period in words,
the output file names and the result record (labels of codes:
:mod:`analysis.monitoring.labels`).

The periodic report is :mod:`analysis.monitoring.periodic_report`; the self-assessment is
:mod:`analysis.monitoring.self_assessment`. Both read **published** records only (they are
published on CONAMIGUA's portal) and never print personal data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.errors import RaicesError
from analysis.report.bulletin import spanish_date


@dataclass(frozen=True)
class PriorityContext:
    """What the reports compare the response with: one scenario's priority.

    Attributes
    ----------
    need
        Index code; ``name``, ``score``, ``rank``.
    theme_scores
        Index code; one column per theme.
    pilot
        Codes of the pilot territories (:func:`analysis.priority.run.pilot_set`).
    territories
        Municipal territories (``name``, ``dept_code``, ``dept_name``, population shares).
    departamentos
        Departmental names (index code).
    scenario_name, scenario_hash, data_vintage
        For the stamp.
    """

    need: pd.DataFrame
    theme_scores: pd.DataFrame
    pilot: list[int]
    territories: pd.DataFrame
    departamentos: pd.DataFrame
    scenario_name: str
    scenario_hash: str
    data_vintage: str = ""


@dataclass
class ReportResult:
    """Files written by ``write_periodic_report`` / ``write_self_assessment``."""

    pdf: Path
    snapshot: Path | None = None
    previous: Path | None = None
    changes: list[str] = field(default_factory=list)


def priority_context(
    scenario: object = None, *, db_path: str | Path | None = None
) -> PriorityContext:
    """Priority of the municipios under ``scenario`` (the default preset when ``None``),
    without Monte Carlo (the reports need the ranking, not its bands)."""
    from analysis import store
    from analysis.priority.run import IndexData, pilot_set, rank_territories
    from analysis.priority.scenario import Scenario, load_preset, load_scenario

    if scenario is None:
        scenario = load_preset()
    elif not isinstance(scenario, Scenario):
        scenario = load_scenario(str(scenario))
    data = IndexData.from_store("municipio", db_path=db_path)
    run = rank_territories(scenario, data, draws=0)
    info = store.build_info(db_path=db_path)
    return PriorityContext(
        need=run.table[["name", "score", "rank"]].copy(),
        theme_scores=run.model.theme_scores_.copy(),
        pilot=list(pilot_set(run).codes),
        territories=store.load_territories("municipio", db_path=db_path),
        departamentos=store.load_territories("departamento", db_path=db_path)[["name"]],
        scenario_name=run.scenario.name,
        scenario_hash=run.hash,
        data_vintage=str(info.get("data_vintage", "")),
    )


def spanish_period(since: date | None, until: date | None) -> str:
    """The period in words.

    Examples
    --------
    >>> spanish_period(date(2026, 1, 1), date(2026, 3, 31))
    'del 1 de enero de 2026 al 31 de marzo de 2026'
    >>> spanish_period(None, None)
    'desde el primer registro hasta hoy'
    """
    if since and until:
        return f"del {spanish_date(since)} al {spanish_date(until)}"
    if since:
        return f"desde el {spanish_date(since)}"
    if until:
        return f"hasta el {spanish_date(until)}"
    return "desde el primer registro hasta hoy"


def check_period(since: date | None, until: date | None) -> None:
    """Raise one clear error when the period starts after it ends."""
    if since and until and since > until:
        raise RaicesError("la fecha inicial es posterior a la final", column="--desde")


def file_stem(prefix: str, since: date | None, until: date | None) -> str:
    """``<prefix>_<desde>_<hasta>``: ``inicio`` for an open start, today for an open end.

    Examples
    --------
    >>> file_stem("informe", date(2026, 1, 1), date(2026, 3, 31))
    'informe_2026-01-01_2026-03-31'
    """
    start = since.isoformat() if since else "inicio"
    end = (until or date.today()).isoformat()
    return f"{prefix}_{start}_{end}"
