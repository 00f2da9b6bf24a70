"""Everything a round shows, computed once: what the page, the command and the report read.

:func:`analyse_round` takes the round, its answers and the index inputs and returns a
frozen :class:`RoundResult`: participation, combined weights overall and by group,
agreement (Kendall's W first), divisive themes, the consequences under every voice and the
consensus scenario.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from analysis.consultation.aggregation import GROUPS, CombinedWeights, combine, combine_by_group
from analysis.consultation.agreement import (
    Concordance,
    concordance,
    dividing_themes,
    group_correlation,
)
from analysis.consultation.consensus import consensus_scenario
from analysis.consultation.consequences import VoiceConsequences, round_scenario, voice_consequences
from analysis.consultation.responses import Responses
from analysis.consultation.spec import AGE_GROUPS, PUEBLOS, SECTORS, SEXES, RoundSpec
from analysis.errors import RaicesError
from analysis.priority.run import IndexData, ScenarioRun, rank_territories
from analysis.priority.scenario import DEFAULT_PRESET, Scenario, load_preset
from analysis.priority.selection import SelectionConstraints

DEFAULT_PILOT_SIZE: dict[str, int] = {"municipio": 15, "departamento": 5}
"""Pilot size used when a round's base scenario has no pilot section, per level."""


@dataclass(frozen=True)
class Participation:
    """Who took part.

    Attributes
    ----------
    total
        Submissions.
    counts
        Per profile column (``sector``, ``departamento``, ``territory``, ``pueblo``, ``sex``,
        ``age_group``): a table ``value``, ``n``, ``share``, every listed value included
        (zero when nobody of it answered).
    missing_sectors
        Sectors with no submission.
    missing_departamentos
        Departamento codes with no submission.
    inconsistent
        AHP submissions whose consistency ratio is above 0.10 (kept, flagged).
    """

    total: int
    counts: dict[str, pd.DataFrame]
    missing_sectors: list[str]
    missing_departamentos: list[int]
    inconsistent: int


def participation(
    responses: Responses, departamentos: pd.Series, *, level: str = "departamento"
) -> Participation:
    """Counts by sector, departamento, territory, pueblo, sex and age group, and the gaps.

    ``departamentos`` maps departamento code -> name (all 22); municipio answers are
    counted under their departamento (``code // 100``).
    """
    profile = responses.profile
    total = len(profile)
    counts: dict[str, pd.DataFrame] = {}

    def table(values: pd.Series, listed: list[object]) -> pd.DataFrame:
        observed = values.dropna().value_counts()
        keys = list(dict.fromkeys(listed + [k for k in observed.index if k not in listed]))
        if values.isna().any():
            keys.append(None)  # the people who did not answer, counted apart
        n = [int(observed.get(k, 0)) if k is not None else int(values.isna().sum()) for k in keys]
        frame = pd.DataFrame({"value": keys, "n": n})
        frame["share"] = frame["n"] / total if total else 0.0
        return frame

    territory = pd.to_numeric(profile["territory"], errors="coerce")
    dept = territory if level == "departamento" else territory // 100
    counts["sector"] = table(profile["sector"], list(SECTORS))
    counts["departamento"] = table(dept.astype("Int64").astype(object), list(departamentos.index))
    counts["territory"] = table(territory.astype("Int64").astype(object), [])
    counts["pueblo"] = table(profile["pueblo"], list(PUEBLOS))
    counts["sex"] = table(profile["sex"], list(SEXES))
    counts["age_group"] = table(profile["age_group"], list(AGE_GROUPS))
    seen_depts = set(int(d) for d in dept.dropna())
    inconsistent = int((~profile["consistent"].astype(bool)).sum()) if total else 0
    return Participation(
        total=total,
        counts=counts,
        missing_sectors=[s for s in SECTORS if s not in set(profile["sector"].dropna())],
        missing_departamentos=[int(d) for d in departamentos.index if int(d) not in seen_depts],
        inconsistent=inconsistent,
    )


@dataclass(frozen=True)
class RoundResult:
    """What a round shows (see the module docstring)."""

    spec: RoundSpec
    responses: Responses
    participation: Participation
    combined: CombinedWeights
    by_group: dict[str, pd.DataFrame]
    concordance: Concordance
    group_correlation: pd.DataFrame
    dividing: pd.DataFrame
    consequences: VoiceConsequences | None
    base: Scenario
    consensus: Scenario
    consensus_run: ScenarioRun | None = None


def base_scenario(spec: RoundSpec, catalog: pd.DataFrame) -> Scenario:
    """The round's base scenario restricted to its items, with a pilot section.

    The round's own base scenario when it has one; otherwise the default preset at the
    round's level with a pilot of :data:`DEFAULT_PILOT_SIZE` and no other constraint.
    """
    if spec.scenario_toml:
        base = Scenario.from_toml_text(spec.scenario_toml, source="escenario base de la ronda")
    else:
        base = dataclasses.replace(load_preset(DEFAULT_PRESET), level=spec.level)
    if base.pilot is None:
        base = dataclasses.replace(
            base, pilot=SelectionConstraints(k=DEFAULT_PILOT_SIZE[spec.level])
        )
    return round_scenario(base, spec.items, catalog, target=spec.target)


def analyse_round(
    spec: RoundSpec,
    responses: Responses,
    data: IndexData | None,
    departamentos: pd.Series,
    *,
    rule: str | None = None,
    select: bool = True,
    group_for_correlation: str = "sector",
) -> RoundResult:
    """Compute everything a round shows.

    Parameters
    ----------
    spec, responses
        The round and its answers.
    data
        Index inputs at the round's level (for the consequences); ``None`` skips them.
    departamentos
        Departamento code -> name, for the participation gaps.
    rule
        Combination rule (default: the method's first, see
        :data:`analysis.consultation.aggregation.RULES`).
    select
        Also select the constrained pilot under each voice.
    group_for_correlation
        Profile column whose groups are correlated pairwise.
    """
    combined = combine(responses, rule=rule)
    by_group = {group: combine_by_group(responses, group, rule=rule) for group in GROUPS}
    base = base_scenario(spec, data.catalog) if data is not None else Scenario(level=spec.level)
    consequences = (
        voice_consequences(responses, base, data, target=spec.target, select=select)
        if data is not None
        else None
    )
    consensus = consensus_scenario(
        base, combined, round_name=spec.name, round_date=spec.date, target=spec.target
    )
    consensus_run = None
    if data is not None:
        try:
            consensus_run = rank_territories(consensus, data, draws=0, select=select)
        except RaicesError:  # constraints that cannot hold: ranked without the pilot
            consensus_run = rank_territories(consensus, data, draws=0, select=False)
    return RoundResult(
        spec=spec,
        responses=responses,
        participation=participation(responses, departamentos, level=spec.level),
        combined=combined,
        by_group=by_group,
        concordance=concordance(responses),
        group_correlation=group_correlation(responses, group_for_correlation, rule=rule),
        dividing=dividing_themes(responses, by=group_for_correlation, rule=rule),
        consequences=consequences,
        base=base,
        consensus=consensus,
        consensus_run=consensus_run,
    )
