"""Progress: actions by status, budget planned and executed, people reached against the
population they come from, and the results framework against its targets (the board's
second view).

Pure functions on the frames of :class:`analysis.monitoring.frames.MonitoringRecords`;
nothing here reads a store or draws a widget.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analysis.monitoring.frames import STATUSES, MonitoringRecords
from analysis.monitoring.labels import (
    dimension_label,
    group_labels,
    labels_of,
    share_text,
    vocabulary_label,
)

POPULATION_SHARES: dict[tuple[str, str], str] = {
    ("pueblo", "maya"): "poblacion_maya",
    ("pueblo", "garifuna"): "poblacion_garifuna",
    ("pueblo", "xinka"): "poblacion_xinka",
    ("pueblo", "ladino"): "poblacion_ladina",
}
"""Build indicator holding the population share of each (dimension, group).

Only pueblo has municipal population shares in the build (ACNUR A2SIT). The build has no
population split by sex or by the age groups institutions report, so those groups are
shown without a population reference rather than against an invented one."""

OTHER_GROUP = "otro"
"""Group that receives the remainder of the known shares (e.g. pueblo «otro»)."""


BUDGET_EXCLUDED_STATUSES: tuple[str, ...] = ("cancelada",)
"""Statuses left out of the budget tables (a cancelled action spends nothing more)."""

TOTAL = "total"
"""Row and column of :func:`actions_by_status` holding the totals."""


@dataclass(frozen=True)
class Progress:
    """The progress view's tables (see :func:`progress`).

    Attributes
    ----------
    status
        :func:`actions_by_status` (institution × status, with totals).
    budget_institution, budget_theme
        :func:`budget_by` institution and by theme, cancelled actions left out.
    results
        :func:`results_progress`.
    """

    status: pd.DataFrame
    budget_institution: pd.DataFrame
    budget_theme: pd.DataFrame
    results: pd.DataFrame


def progress(
    records: MonitoringRecords,
    *,
    statuses: Sequence[str] = STATUSES,
    exclude: Sequence[str] = BUDGET_EXCLUDED_STATUSES,
) -> Progress:
    """Actions by status and institution, budget by institution and by theme, results.

    Parameters
    ----------
    records
        The records to summarise.
    statuses
        Status columns, in order.
    exclude
        Statuses left out of the budget tables (default: cancelled).

    Returns
    -------
    Progress

    Examples
    --------
    >>> from analysis.monitoring.frames import empty_records
    >>> int(progress(empty_records()).status.loc["total", "total"])
    0
    """
    actions = records.actions
    return Progress(
        status=actions_by_status(actions, list(statuses)),
        budget_institution=budget_by(actions, "institution", exclude=exclude),
        budget_theme=budget_by(actions, "theme", exclude=exclude),
        results=results_progress(records.indicators, records.measurements),
    )


def actions_by_status(actions: pd.DataFrame, statuses: Sequence[str] | None = None) -> pd.DataFrame:
    """Count of actions by institution (rows) and status (columns), with a total row.

    Examples
    --------
    >>> acts = pd.DataFrame({"institution": ["A", "A", "B"],
    ...                      "status": ["en_curso", "completada", "en_curso"]})
    >>> actions_by_status(acts, ["en_curso", "completada"]).loc["total"].tolist()
    [2, 1, 3]
    """
    order = list(statuses) if statuses is not None else sorted(actions["status"].dropna().unique())
    table = (
        pd.crosstab(actions["institution"], actions["status"])
        .reindex(columns=order, fill_value=0)
        .astype("int64")
        if len(actions)
        else pd.DataFrame(columns=order, dtype="int64")
    )
    table["total"] = table.sum(axis=1).astype("int64")
    table.loc["total"] = table.sum(axis=0)
    table.index.name = "institution"
    return table.astype("int64")


def budget_by(
    actions: pd.DataFrame, by: str = "institution", *, exclude: Sequence[str] = ()
) -> pd.DataFrame:
    """Planned and executed budget (quetzales) grouped by ``by``, with execution rate.

    A missing executed amount is not read as zero: ``reported`` counts the actions that
    report one, and the execution rate compares executed with the planned amount *of those
    same actions*.

    Examples
    --------
    >>> acts = pd.DataFrame({"institution": ["A", "A"], "status": ["en_curso"] * 2,
    ...                      "budget_planned": [100.0, 50.0], "budget_executed": [40.0, None]})
    >>> budget_by(acts).loc["A", ["planned", "executed", "execution"]].tolist()
    [150.0, 40.0, 0.4]
    """
    kept = actions[~actions["status"].isin(list(exclude))]
    planned = pd.to_numeric(kept["budget_planned"], errors="coerce")
    executed = pd.to_numeric(kept["budget_executed"], errors="coerce")
    frame = pd.DataFrame(
        {
            by: kept[by].to_numpy(),
            "planned": planned.to_numpy(),
            "executed": executed.to_numpy(),
            "planned_reported": planned.where(executed.notna()).to_numpy(),
            "reported": executed.notna().to_numpy(),
        }
    )
    table = frame.groupby(by).agg(
        actions=("planned", "size"),
        planned=("planned", lambda s: s.sum(min_count=1)),
        executed=("executed", lambda s: s.sum(min_count=1)),
        planned_reported=("planned_reported", lambda s: s.sum(min_count=1)),
        reported=("reported", "sum"),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        table["execution"] = table["executed"] / table["planned_reported"]
    table.loc[~np.isfinite(table["execution"]), "execution"] = np.nan
    table["reported"] = table["reported"].astype("int64")
    return table.drop(columns="planned_reported").sort_values("planned", ascending=False)


def reach_by_group(reached: pd.DataFrame, actions: pd.DataFrame | None = None) -> pd.DataFrame:
    """People reached by dimension and group, with the share of the dimension's total.

    Parameters
    ----------
    reached
        Long frame (``action_id``, ``dimension``, ``group``, ``people``).
    actions
        When given, only these actions are counted (e.g. the published ones).

    Examples
    --------
    >>> reached = pd.DataFrame({"action_id": [1, 1], "dimension": ["sexo", "sexo"],
    ...                         "group": ["mujer", "hombre"], "people": [30, 10]})
    >>> reach_by_group(reached)["share"].tolist()
    [0.75, 0.25]
    """
    if actions is not None:
        reached = reached[reached["action_id"].isin(actions.index)]
    table = reached.groupby(["dimension", "group"], as_index=False)["people"].sum()
    totals = table.groupby("dimension")["people"].transform("sum")
    table["share"] = np.where(totals > 0, table["people"] / totals.where(totals > 0, 1), np.nan)
    return table.sort_values(["dimension", "people"], ascending=[True, False]).reset_index(
        drop=True
    )


def reach_against_population(
    reached: pd.DataFrame,
    places: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    shares: Mapping[tuple[str, str], str] = POPULATION_SHARES,
    population: str = "poblacion",
) -> pd.DataFrame:
    """Share of people reached in each group beside that group's share of the population
    of the same territories.

    The reference is the population-weighted share over the municipios where the actions
    reporting that dimension take place (each municipio once, however many actions).

    Parameters
    ----------
    reached, places
        See :class:`analysis.monitoring.frames.MonitoringRecords` (only municipio
        places are used for the reference).
    indicators
        Municipal build values, index ``code``: ``population`` and the columns named in
        ``shares``.
    shares
        (dimension, group) → indicator holding that group's share of the population. The
        group :data:`OTHER_GROUP` of a dimension with references gets the remainder.
    population
        Column of ``indicators`` with the population count (the weights).

    Returns
    -------
    DataFrame
        ``dimension``, ``group``, ``people``, ``share`` (of people reached in the
        dimension), ``population_share`` (NaN where the build has no reference) and
        ``difference`` (``share - population_share``, in share points).

    Examples
    --------
    >>> reached = pd.DataFrame({"action_id": [1, 1], "dimension": ["pueblo", "pueblo"],
    ...                         "group": ["maya", "ladino"], "people": [60, 40]})
    >>> places = pd.DataFrame({"action_id": [1, 1], "level": ["municipio"] * 2,
    ...                        "code": [101, 102]})
    >>> values = pd.DataFrame({"poblacion": [100.0, 300.0], "poblacion_maya": [0.9, 0.5],
    ...                        "poblacion_ladina": [0.1, 0.5]}, index=[101, 102])
    >>> table = reach_against_population(reached, places, values,
    ...     shares={("pueblo", "maya"): "poblacion_maya", ("pueblo", "ladino"): "poblacion_ladina"})
    >>> table.set_index("group")["population_share"].round(2).to_dict()
    {'maya': 0.6, 'ladino': 0.4}
    """
    table = reach_by_group(reached)
    table["population_share"] = np.nan
    munis = places[places["level"] == "municipio"]
    for dimension in table["dimension"].unique():
        mapped = {g: c for (d, g), c in shares.items() if d == dimension and c in indicators}
        if not mapped:
            continue
        actions_here = reached.loc[reached["dimension"] == dimension, "action_id"].unique()
        codes = munis.loc[munis["action_id"].isin(actions_here), "code"].astype("int64").unique()
        values = indicators.reindex(codes)
        weights = pd.to_numeric(values[population], errors="coerce")
        rows = table["dimension"] == dimension
        known = 0.0
        for group, column in mapped.items():
            share = pd.to_numeric(values[column], errors="coerce")
            usable = share.notna() & weights.notna()
            if not usable.any() or weights[usable].sum() <= 0:
                continue
            value = float(np.average(share[usable], weights=weights[usable]))
            known += value
            table.loc[rows & (table["group"] == group), "population_share"] = value
        if OTHER_GROUP in set(table.loc[rows, "group"]) and known > 0:
            table.loc[rows & (table["group"] == OTHER_GROUP), "population_share"] = max(
                0.0, 1.0 - known
            )
    table["difference"] = table["share"] - table["population_share"]
    return table


def results_progress(
    indicators: pd.DataFrame, measurements: pd.DataFrame, *, as_of: date | None = None
) -> pd.DataFrame:
    """Each results indicator's latest measurement against its baseline and target.

    ``progress`` is the share of the way from baseline to target (0 = at baseline, 1 =
    target reached; it can be negative or exceed 1), NaN when baseline equals target or
    either is missing.

    Examples
    --------
    >>> ind = pd.DataFrame({"indicator_id": [1], "name": ["x"], "baseline": [10.0],
    ...                     "target": [20.0]})
    >>> meas = pd.DataFrame({"indicator_id": [1, 1], "measured_on": ["2026-01-01", "2026-06-01"],
    ...                      "value": [12.0, 15.0]})
    >>> results_progress(ind, meas)[["latest", "progress", "measurements"]].values.tolist()
    [[15.0, 0.5, 2.0]]
    """
    table = indicators.set_index("indicator_id").copy()
    measured = measurements.copy()
    measured["measured_on"] = pd.to_datetime(measured["measured_on"], errors="coerce")
    if as_of is not None:
        measured = measured[measured["measured_on"] <= pd.Timestamp(as_of)]
    measured = measured.sort_values("measured_on")
    last = measured.groupby("indicator_id").tail(1).set_index("indicator_id")
    table["latest"] = pd.to_numeric(last["value"], errors="coerce").reindex(table.index)
    table["latest_on"] = last["measured_on"].reindex(table.index)
    table["measurements"] = (
        measured.groupby("indicator_id").size().reindex(table.index).fillna(0).astype("int64")
    )
    baseline = pd.to_numeric(table["baseline"], errors="coerce")
    target = pd.to_numeric(table["target"], errors="coerce")
    span = target - baseline
    with np.errstate(divide="ignore", invalid="ignore"):
        progress = (table["latest"] - baseline) / span
    table["progress"] = progress.where(span.abs() > 0)
    return table.reset_index()


# --------------------------------------------------------------------------- readable tables
def status_table(table: pd.DataFrame, *, language: str = "es", totals: bool = True) -> pd.DataFrame:
    """:func:`actions_by_status` to read: status labels as columns, «Total» for the totals
    (without them when ``totals=False``, e.g. for a stacked chart), index named
    ``institution``.

    Examples
    --------
    >>> acts = pd.DataFrame({"institution": ["A"], "status": ["en_curso"]})
    >>> shown = status_table(actions_by_status(acts, ["en_curso"]), language="en")
    >>> shown.columns.tolist(), shown.index.tolist()
    (['In progress', 'Total'], ['A', 'Total'])
    """
    if not totals:
        table = table.drop(index=TOTAL, columns=TOTAL, errors="ignore")
    shown = table.rename(
        columns=lambda s: vocabulary_label("status", s, language) if s != TOTAL else "Total"
    )
    shown.index = pd.Index(
        [str(i) if i != TOTAL else "Total" for i in shown.index], name="institution"
    )
    return shown


def budget_table(table: pd.DataFrame, *, by: str, language: str = "es") -> pd.DataFrame:
    """:func:`budget_by` to read: ``actions``, ``planned``, ``executed``, ``execution``
    (a percentage), ``reported``; index named ``by``, themes by their labels.

    Examples
    --------
    >>> acts = pd.DataFrame({"theme": ["migracion"], "status": ["en_curso"],
    ...     "budget_planned": [100.0], "budget_executed": [25.0]})
    >>> shown = budget_table(budget_by(acts, "theme"), by="theme", language="en")
    >>> shown.index.tolist(), shown["execution"].tolist()
    (['Migration'], ['25\\xa0%'])
    """
    return pd.DataFrame(
        {
            "actions": table["actions"].to_numpy(),
            "planned": table["planned"].to_numpy(),
            "executed": table["executed"].to_numpy(),
            "execution": [share_text(v, language) for v in table["execution"]],
            "reported": table["reported"].to_numpy(),
        },
        index=pd.Index(budget_labels(table, by=by, language=language), name=by),
    )


def budget_labels(table: pd.DataFrame, *, by: str, language: str = "es") -> list[object]:
    """Row names of a :func:`budget_by` table: theme labels, or the institutions as they are."""
    if by == "theme":
        return list(labels_of("theme", table.index, language))
    return list(table.index)


def labelled_budget(table: pd.DataFrame, *, by: str, language: str = "es") -> pd.DataFrame:
    """A :func:`budget_by` table with its rows named for the reader (for a chart).

    Examples
    --------
    >>> table = pd.DataFrame({"planned": [1.0]}, index=pd.Index(["migracion"], name="theme"))
    >>> labelled_budget(table, by="theme", language="en").index.tolist()
    ['Migration']
    """
    return table.set_axis(pd.Index(budget_labels(table, by=by, language=language), name=by))


def reach_table(table: pd.DataFrame, *, language: str = "es") -> pd.DataFrame:
    """:func:`reach_against_population` to read: ``dimension`` and ``group`` labels,
    ``people``, ``share`` and ``population_share`` as percentages.

    Examples
    --------
    >>> reach = pd.DataFrame({"dimension": ["sexo"], "group": ["mujer"], "people": [3],
    ...     "share": [1.0], "population_share": [float("nan")]})
    >>> reach_table(reach, language="en").values.tolist()[0]
    ['Sex', 'Women', 3, '100\\xa0%', '—']
    """
    groups = {d: group_labels(d, language) for d in table["dimension"].unique()}
    return pd.DataFrame(
        {
            "dimension": [dimension_label(d, language) for d in table["dimension"]],
            "group": [
                groups[d].get(g, g) for d, g in zip(table["dimension"], table["group"], strict=True)
            ],
            "people": table["people"].to_numpy(),
            "share": [share_text(v, language) for v in table["share"]],
            "population_share": [share_text(v, language) for v in table["population_share"]],
        }
    )


def results_table(table: pd.DataFrame, *, language: str = "es") -> pd.DataFrame:
    """:func:`results_progress` to read: ``indicator``, ``kind`` (label), ``unit``,
    ``baseline``, ``target``, ``latest``, ``latest_on`` (the day, «—» when never measured),
    ``progress`` (a percentage) and ``measurements``.

    Examples
    --------
    >>> ind = pd.DataFrame({"indicator_id": [1], "name": ["x"], "kind": ["producto"],
    ...     "unit": ["%"], "baseline": [10.0], "target": [20.0]})
    >>> meas = pd.DataFrame({"indicator_id": [1], "measured_on": ["2026-06-01"],
    ...     "value": [15.0]})
    >>> results_table(results_progress(ind, meas), language="en")[
    ...     ["kind", "latest_on", "progress"]].values.tolist()[0]
    ['Output', '2026-06-01', '50\\xa0%']
    """
    return pd.DataFrame(
        {
            "indicator": table["name"].astype(str),
            "kind": [vocabulary_label("kind", k, language) for k in table["kind"]],
            "unit": table["unit"],
            "baseline": table["baseline"],
            "target": table["target"],
            "latest": table["latest"],
            "latest_on": table["latest_on"]
            .astype(str)
            .str[:10]
            .where(table["latest_on"].notna(), "—"),
            "progress": [share_text(v, language) for v in table["progress"]],
            "measurements": table["measurements"],
        }
    )


__all__ = [
    "BUDGET_EXCLUDED_STATUSES",
    "OTHER_GROUP",
    "POPULATION_SHARES",
    "TOTAL",
    "Progress",
    "actions_by_status",
    "budget_by",
    "budget_labels",
    "budget_table",
    "labelled_budget",
    "progress",
    "reach_against_population",
    "reach_by_group",
    "reach_table",
    "results_progress",
    "results_table",
    "status_table",
]
