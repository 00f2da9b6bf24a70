"""What the MMM's records show: need against response, gaps, progress, coordination and
the inputs of the self-assessment.

Pure functions on DataFrames; nothing here reads a store or draws a widget. The frames
follow one vocabulary (:func:`analysis.monitoring.frames.load_frames` builds them from the
operational store, tests build them by hand):

``actions``
    One row per action, index ``action_id``: ``institution_id``, ``institution`` (name
    shown), ``sector``, ``title``, ``theme``, ``action_type``, ``status``, ``start_date``,
    ``end_date``, ``budget_planned``, ``budget_executed`` (quetzales), ``funding_source``,
    ``in_pilot`` (bool), ``scenario_hash``.
``places``
    Where each action happens, one row per (action, territory): ``action_id``, ``level``
    (``"municipio"`` or ``"departamento"``), ``code`` (INE code).
``partners``
    Partner institutions (the lead is not repeated): ``action_id``, ``institution_id``.
``reached``
    People reached, long form, one row per (action, dimension, group): ``action_id``,
    ``dimension`` (``"sexo"``, ``"edad"``, ``"pueblo"``), ``group``, ``people``. Each
    dimension is a separate disaggregation of the same people (institutions report
    marginal totals, not cross-tabulations).
``indicators`` / ``measurements``
    Results framework: ``indicator_id``, ``name``, ``kind``, ``unit``, ``baseline``,
    ``target`` / ``indicator_id``, ``measured_on``, ``value``.
``meetings`` / ``attendance`` / ``agreements`` / ``institutions``
    MMM functioning: ``meeting_id``, ``held_on``, ``kind`` / ``meeting_id``,
    ``institution_id`` / ``agreement_id``, ``institution_id``, ``due_on``, ``status``,
    ``completed_on`` / ``institution_id``, ``name``, ``sector``.

Every numeric policy (which statuses count as response, what "few" actions means, how a
departamento-wide action counts for its municipios) is a keyword parameter with a
documented default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

import numpy as np
import pandas as pd

NOT_RESPONSE_STATUSES: tuple[str, ...] = ("cancelada",)
"""Statuses that do not count as a response (a cancelled action reached nobody)."""

COMPLETED_STATUSES: tuple[str, ...] = ("cumplido",)
"""Agreement statuses that mean "fulfilled"."""

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


@dataclass(frozen=True)
class NeedResponse:
    """Priority beside response, per territory (see :func:`need_against_response`).

    Attributes
    ----------
    table
        Index ``code``; ``name``, ``score``, ``rank`` (1 = most need), ``actions``
        (actions present), ``actions_local`` (located in the territory itself),
        ``actions_wide`` (covering it from the departamento), ``institutions``,
        ``budget_planned``, ``budget_executed``, ``people``, ``priority_band``
        (``"alta"``/``"media"``/``"baja"``) and ``response`` (``"sin"``/``"poca"``/``"con"``).
    high_priority
        Number of territories in the high band.
    uncovered_high
        High-band territories with no action.
    """

    table: pd.DataFrame
    high_priority: int
    uncovered_high: int


# --------------------------------------------------------------------------- helpers
def empty_frames() -> dict[str, pd.DataFrame]:
    """Empty frames with the columns of each input (an empty store, a first run).

    Examples
    --------
    >>> sorted(empty_frames())[:3]
    ['actions', 'agreements', 'attendance']
    >>> empty_frames()["actions"].index.name
    'action_id'
    """
    columns = {
        "actions": [
            "institution_id", "institution", "sector", "external_id", "title", "description",
            "theme", "commission", "action_type", "status", "start_date", "end_date",
            "target_segments", "people_reached", "returnees_included", "budget_planned",
            "budget_executed", "funding_source", "in_pilot", "scenario_hash", "notes",
            "evidence_links", "published", "version",
        ],
        "places": ["action_id", "level", "code"],
        "partners": ["action_id", "institution_id"],
        "reached": ["action_id", "dimension", "group", "people"],
        "indicators": ["indicator_id", "name", "kind", "unit", "baseline", "target", "level",
                       "code", "institution_id", "action_id", "published", "version"],
        "measurements": ["measurement_id", "indicator_id", "measured_on", "value",
                         "institution_id", "published", "version"],
        "institutions": ["institution_id", "name", "acronym", "sector", "official", "version"],
        "meetings": ["meeting_id", "held_on", "kind", "commission", "title", "published",
                     "version"],
        "attendance": ["meeting_id", "institution_id"],
        "agreements": ["agreement_id", "meeting_id", "text", "institution_id", "due_on",
                       "status", "completed_on", "published", "version"],
    }  # fmt: skip
    frames = {name: pd.DataFrame(columns=cols) for name, cols in columns.items()}
    frames["actions"].index.name = "action_id"
    return frames


def responding(
    actions: pd.DataFrame, exclude: Sequence[str] = NOT_RESPONSE_STATUSES
) -> pd.DataFrame:
    """Actions that count as response: every status but ``exclude``."""
    return actions[~actions["status"].isin(list(exclude))]


def territory_actions(
    places: pd.DataFrame,
    territories: pd.DataFrame,
    *,
    level: str = "municipio",
    departamento_covers_municipios: bool = True,
) -> pd.DataFrame:
    """One row per (action, territory at ``level``) the action is present in.

    Parameters
    ----------
    places
        ``action_id``, ``level``, ``code``.
    territories
        Index ``code`` at ``level``; for municipios a ``dept_code`` column.
    level
        ``"municipio"`` or ``"departamento"``.
    departamento_covers_municipios
        A departamento-wide action is present in each of its municipios (flagged
        ``local=False``) — default ``True``; with ``False`` it is left out of municipal
        counts.

    Returns
    -------
    DataFrame
        ``action_id``, ``code``, ``local`` (bool: located in the territory itself).

    Examples
    --------
    >>> places = pd.DataFrame({"action_id": [1, 2], "level": ["municipio", "departamento"],
    ...                        "code": [1301, 13]})
    >>> munis = pd.DataFrame({"dept_code": [13, 13, 1]}, index=[1301, 1302, 101])
    >>> territory_actions(places, munis).sort_values(["action_id", "code"]).values.tolist()
    [[1, 1301, True], [2, 1301, False], [2, 1302, False]]
    """
    places = places.astype({"code": "int64"}) if len(places) else places
    if level == "departamento":
        local = places[places["level"] == "departamento"][["action_id", "code"]]
        from_munis = places[places["level"] == "municipio"][["action_id", "code"]].copy()
        from_munis["code"] = from_munis["code"] // 100
        # an action in a municipio is present (locally) in its departamento
        rows = pd.concat([local.assign(local=True), from_munis.assign(local=True)])
        rows = rows.drop_duplicates(["action_id", "code"])
    else:
        local = places[places["level"] == "municipio"][["action_id", "code"]].assign(local=True)
        rows = local
        if departamento_covers_municipios:
            wide = places[places["level"] == "departamento"][["action_id", "code"]]
            munis = pd.DataFrame(
                {"muni": territories.index.astype("int64"), "dept": territories["dept_code"]}
            )
            spread = wide.merge(munis, left_on="code", right_on="dept")
            spread = spread[["action_id", "muni"]].rename(columns={"muni": "code"})
            rows = pd.concat([local, spread.assign(local=False)])
            # an action both local and wide in the same municipio counts once, as local
            rows = rows.sort_values("local", ascending=False).drop_duplicates(["action_id", "code"])
    rows = rows[rows["code"].isin(territories.index)]
    return rows.reset_index(drop=True)[["action_id", "code", "local"]]


def priority_band(rank: pd.Series, *, high: float = 0.2, medium: float = 0.6) -> pd.Series:
    """«alta» for the top ``high`` share of ranks, «media» up to ``medium``, else «baja».

    Same bands as the reports (:func:`analysis.report.common.priority_band`).

    Examples
    --------
    >>> priority_band(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, np.nan])).tolist()
    ['alta', 'media', 'media', 'baja', 'baja', 'sin dato']
    """
    total = int(rank.notna().sum()) or 1
    share = rank / total
    bands = np.where(share <= high, "alta", np.where(share <= medium, "media", "baja"))
    return pd.Series(np.where(rank.isna(), "sin dato", bands), index=rank.index)


# --------------------------------------------------------------------------- need vs response
def need_against_response(
    need: pd.DataFrame,
    actions: pd.DataFrame,
    places: pd.DataFrame,
    territories: pd.DataFrame,
    *,
    reached: pd.DataFrame | None = None,
    level: str = "municipio",
    few: int = 1,
    high: float = 0.2,
    exclude: Sequence[str] = NOT_RESPONSE_STATUSES,
    departamento_covers_municipios: bool = True,
) -> NeedResponse:
    """The priority index beside the actions present, per territory (OCHA's "need
    versus response").

    Parameters
    ----------
    need
        Index ``code``; ``name``, ``score`` and ``rank`` (1 = most need) of the adopted
        scenario.
    actions, places, reached
        See the module docstring.
    territories
        Index ``code`` at ``level`` (``dept_code`` for municipios).
    few
        A territory with at most this many actions has «poca» response (default 1).
    high
        Share of ranks in the high-priority band (default the top fifth).
    exclude
        Statuses that do not count as response.
    departamento_covers_municipios
        See :func:`territory_actions`.

    Returns
    -------
    NeedResponse

    Examples
    --------
    >>> need = pd.DataFrame({"name": ["A", "B"], "score": [80.0, 20.0], "rank": [1, 2]},
    ...                     index=pd.Index([101, 102], name="code"))
    >>> actions = pd.DataFrame({"institution_id": [1], "status": ["en_curso"],
    ...     "budget_planned": [10.0], "budget_executed": [5.0]},
    ...     index=pd.Index([7], name="action_id"))
    >>> places = pd.DataFrame({"action_id": [7], "level": ["municipio"], "code": [102]})
    >>> result = need_against_response(need, actions, places, pd.DataFrame(
    ...     {"dept_code": [1, 1]}, index=[101, 102]), high=0.5)
    >>> result.table["actions"].tolist(), result.uncovered_high
    ([0, 1], 1)
    """
    kept = responding(actions, exclude)
    present = territory_actions(
        places[places["action_id"].isin(kept.index)],
        territories,
        level=level,
        departamento_covers_municipios=departamento_covers_municipios,
    )
    present = present.join(kept[["institution_id", "budget_planned", "budget_executed"]],
                           on="action_id")  # fmt: skip
    grouped = present.groupby("code")
    table = need[["name", "score", "rank"]].copy()
    table["actions"] = grouped["action_id"].nunique().reindex(table.index).fillna(0)
    table["actions_local"] = (
        present[present["local"]].groupby("code")["action_id"].nunique().reindex(table.index)
    ).fillna(0)
    table["actions_wide"] = table["actions"] - table["actions_local"]
    table["institutions"] = grouped["institution_id"].nunique().reindex(table.index).fillna(0)
    # An action's budget is not split among its territories (no basis to split it): the
    # columns are the budget of the actions present, not money spent in the territory.
    table["budget_planned"] = grouped["budget_planned"].sum(min_count=1).reindex(table.index)
    table["budget_executed"] = grouped["budget_executed"].sum(min_count=1).reindex(table.index)
    declared = kept.get("people_reached")
    if (reached is not None and len(reached)) or declared is not None:
        people = people_per_action(
            reached
            if reached is not None
            else pd.DataFrame(columns=["action_id", "dimension", "group", "people"]),
            declared,
        )
        local = present[present["local"]]
        table["people"] = (
            local.join(people, on="action_id").groupby("code")["people"].sum().reindex(table.index)
        )
    else:
        table["people"] = np.nan
    for column in ("actions", "actions_local", "actions_wide", "institutions"):
        table[column] = table[column].astype("int64")
    table["priority_band"] = priority_band(table["rank"], high=high)
    table["response"] = np.where(
        table["actions"] == 0, "sin", np.where(table["actions"] <= few, "poca", "con")
    )
    table = table.sort_values(["rank", "score"], ascending=[True, False], na_position="last")
    is_high = table["priority_band"] == "alta"
    return NeedResponse(
        table=table,
        high_priority=int(is_high.sum()),
        uncovered_high=int((is_high & (table["actions"] == 0)).sum()),
    )


def people_per_action(reached: pd.DataFrame, declared: pd.Series | None = None) -> pd.Series:
    """People reached by each action.

    The total the institution declared (``declared``, e.g. ``actions["people_reached"]``)
    wins; otherwise the largest total over the action's disaggregations — each dimension
    disaggregates the same people, so one dimension's total is the action's total, and the
    largest is taken when an institution filled them unevenly.

    Examples
    --------
    >>> reached = pd.DataFrame({"action_id": [1, 1, 1, 2], "dimension": ["sexo", "sexo", "edad",
    ...     "sexo"], "group": ["mujer", "hombre", "adultez", "mujer"], "people": [3, 4, 5, 9]})
    >>> people_per_action(reached).to_dict()
    {1: 7, 2: 9}
    >>> people_per_action(reached, pd.Series({2: 20.0, 3: 4.0})).to_dict()
    {1: 7.0, 2: 20.0, 3: 4.0}
    """
    if reached.empty:
        from_groups = pd.Series(dtype="float64")
    else:
        totals = reached.groupby(["action_id", "dimension"])["people"].sum()
        from_groups = totals.groupby(level="action_id").max()
    if declared is not None:
        declared = pd.to_numeric(declared, errors="coerce").dropna()
        if len(declared):
            from_groups = declared.combine_first(from_groups.astype("float64"))
    from_groups.index.name = "action_id"
    return from_groups.rename("people")


def gaps_by_theme(
    theme_scores: pd.DataFrame,
    actions: pd.DataFrame,
    places: pd.DataFrame,
    territories: pd.DataFrame,
    *,
    names: pd.Series | None = None,
    top: int = 20,
    few: int = 0,
    theme_of: Mapping[str, str] | None = None,
    exclude: Sequence[str] = NOT_RESPONSE_STATUSES,
    departamento_covers_municipios: bool = True,
) -> pd.DataFrame:
    """High-priority territories, by theme, with no or few actions on that theme.

    Parameters
    ----------
    theme_scores
        Index ``code``, one column per theme (higher = more need).
    actions, places
        See the module docstring; ``actions["theme"]`` says what each action addresses.
    territories
        Index ``code`` (``dept_code`` for municipios).
    names
        Territory names by code (shown in the table).
    top
        How many territories count as high priority in each theme (default 20).
    few
        A territory is a gap when it has at most this many actions on the theme
        (default 0: no action at all).
    theme_of
        Maps an action's ``theme`` value to an index theme (e.g. an MMM commission to the
        theme it works on); values absent from the mapping are used as they are.

    Returns
    -------
    DataFrame
        One row per gap: ``theme``, ``code``, ``name``, ``theme_rank`` (1 = most need in
        the theme), ``theme_score``, ``actions_on_theme``, ``actions_any`` (actions on any
        theme); sorted by theme, then rank.

    Examples
    --------
    >>> scores = pd.DataFrame({"pobreza": [90.0, 10.0]}, index=[101, 102])
    >>> acts = pd.DataFrame({"theme": ["pobreza"], "status": ["en_curso"]},
    ...                     index=pd.Index([1], name="action_id"))
    >>> plc = pd.DataFrame({"action_id": [1], "level": ["municipio"], "code": [102]})
    >>> gaps_by_theme(scores, acts, plc, pd.DataFrame({"dept_code": [1, 1]}, index=[101, 102]),
    ...               top=2)["code"].tolist()
    [101]
    """
    kept = responding(actions, exclude)
    present = territory_actions(
        places[places["action_id"].isin(kept.index)],
        territories,
        level="departamento" if "dept_code" not in territories else "municipio",
        departamento_covers_municipios=departamento_covers_municipios,
    )
    themes_of_actions = kept["theme"].map(lambda t: (theme_of or {}).get(t, t))
    present = present.join(themes_of_actions.rename("theme"), on="action_id")
    any_count = present.groupby("code")["action_id"].nunique()
    rows = []
    for theme in theme_scores.columns:
        scores = theme_scores[theme].dropna()
        ranks = scores.rank(ascending=False, method="min")
        leaders = ranks[ranks <= top].sort_values()
        on_theme = present[present["theme"] == theme].groupby("code")["action_id"].nunique()
        for code, rank in leaders.items():
            count = int(on_theme.get(code, 0))
            if count <= few:
                rows.append(
                    {
                        "theme": theme,
                        "code": int(code),
                        "name": None if names is None else names.get(code),
                        "theme_rank": int(rank),
                        "theme_score": float(scores[code]),
                        "actions_on_theme": count,
                        "actions_any": int(any_count.get(code, 0)),
                    }
                )
    columns = ["theme", "code", "name", "theme_rank", "theme_score", "actions_on_theme",
               "actions_any"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def pilot_coverage(
    pilot: Sequence[int],
    themes: Sequence[str],
    actions: pd.DataFrame,
    places: pd.DataFrame,
    territories: pd.DataFrame,
    *,
    names: pd.Series | None = None,
    theme_of: Mapping[str, str] | None = None,
    exclude: Sequence[str] = NOT_RESPONSE_STATUSES,
    departamento_covers_municipios: bool = True,
) -> pd.DataFrame:
    """Which causes are covered in each pilot territory: actions per (territory, theme).

    Returns
    -------
    DataFrame
        Index ``code`` (the pilot territories, in the order given); ``name``, one integer
        column per theme (actions on it), ``covered`` (themes with at least one action)
        and ``missing`` (the themes with none, comma-separated ids).

    Examples
    --------
    >>> acts = pd.DataFrame({"theme": ["pobreza"], "status": ["en_curso"]},
    ...                     index=pd.Index([1], name="action_id"))
    >>> plc = pd.DataFrame({"action_id": [1], "level": ["municipio"], "code": [101]})
    >>> table = pilot_coverage([101, 102], ["pobreza", "clima"], acts, plc,
    ...                        pd.DataFrame({"dept_code": [1, 1]}, index=[101, 102]))
    >>> table[["pobreza", "covered", "missing"]].values.tolist()
    [[1, 1, 'clima'], [0, 0, 'pobreza, clima']]
    """
    kept = responding(actions, exclude)
    present = territory_actions(
        places[places["action_id"].isin(kept.index)],
        territories,
        departamento_covers_municipios=departamento_covers_municipios,
    )
    present = present.join(
        kept["theme"].map(lambda t: (theme_of or {}).get(t, t)).rename("theme"), on="action_id"
    )
    counts = (
        present.groupby(["code", "theme"])["action_id"].nunique().unstack(fill_value=0)
        if len(present)
        else pd.DataFrame()
    )
    codes = [int(c) for c in pilot]
    table = pd.DataFrame(index=pd.Index(codes, name="code"))
    table["name"] = None if names is None else [names.get(c) for c in codes]
    for theme in themes:
        column = counts[theme] if theme in counts else pd.Series(dtype="int64")
        table[theme] = column.reindex(codes).fillna(0).astype("int64").to_numpy()
    table["covered"] = (table[list(themes)] > 0).sum(axis=1).astype("int64")
    table["missing"] = [", ".join(t for t in themes if row[t] == 0) for _, row in table.iterrows()]
    return table


# --------------------------------------------------------------------------- progress
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
        See the module docstring (only municipio places are used for the reference).
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


# --------------------------------------------------------------------------- coordination
def coordination_pairs(
    actions: pd.DataFrame,
    partners: pd.DataFrame,
    places: pd.DataFrame | None = None,
    *,
    names: Mapping[int, str] | None = None,
    territory_names: Mapping[int, str] | None = None,
) -> pd.DataFrame:
    """Which institutions act together, and where: one row per pair of institutions.

    An action's institutions are its lead and its partners; every pair among them acts
    together once per action.

    Returns
    -------
    DataFrame
        ``institution_a``, ``institution_b`` (ids, a < b), ``name_a``, ``name_b``,
        ``actions`` (joint actions), ``territories`` (distinct territory codes of those
        actions) and ``where`` (their names, comma-separated).

    Examples
    --------
    >>> acts = pd.DataFrame({"institution_id": [1, 1]}, index=pd.Index([10, 11], name="action_id"))
    >>> parts = pd.DataFrame({"action_id": [10, 10, 11], "institution_id": [2, 3, 2]})
    >>> coordination_pairs(acts, parts)[["institution_a", "institution_b", "actions"]].values.tolist()
    [[1, 2, 2], [1, 3, 1], [2, 3, 1]]
    """
    members = pd.concat(
        [
            pd.DataFrame({"action_id": actions.index, "institution_id": actions["institution_id"]}),
            partners[partners["action_id"].isin(actions.index)][["action_id", "institution_id"]],
        ]
    ).drop_duplicates()
    where: dict[int, list[int]] = {}
    if places is not None and len(places):
        for action_id, codes in places.groupby("action_id")["code"]:
            where[int(action_id)] = [int(c) for c in codes]
    pairs: dict[tuple[int, int], dict[str, object]] = {}
    for action_id, group in members.groupby("action_id"):
        ids = sorted(int(i) for i in group["institution_id"].dropna().unique())
        for a, b in combinations(ids, 2):
            entry = pairs.setdefault((a, b), {"actions": 0, "codes": set()})
            entry["actions"] = int(entry["actions"]) + 1  # type: ignore[call-overload]
            entry["codes"].update(where.get(int(action_id), []))  # type: ignore[attr-defined]
    rows = []
    for (a, b), entry in sorted(pairs.items()):
        codes = sorted(entry["codes"])  # type: ignore[call-overload]
        rows.append(
            {
                "institution_a": a,
                "institution_b": b,
                "name_a": (names or {}).get(a, str(a)),
                "name_b": (names or {}).get(b, str(b)),
                "actions": entry["actions"],
                "territories": len(codes),
                "where": ", ".join(str((territory_names or {}).get(c, c)) for c in codes),
            }
        )
    columns = ["institution_a", "institution_b", "name_a", "name_b", "actions", "territories",
               "where"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def coordination_matrix(pairs: pd.DataFrame) -> pd.DataFrame:
    """Symmetric institution × institution matrix of joint actions (names as labels).

    Examples
    --------
    >>> pairs = pd.DataFrame({"name_a": ["A"], "name_b": ["B"], "actions": [2]})
    >>> coordination_matrix(pairs).loc["B", "A"]
    np.int64(2)
    """
    labels = sorted(set(pairs["name_a"]) | set(pairs["name_b"]))
    matrix = pd.DataFrame(0, index=labels, columns=labels, dtype="int64")
    for row in pairs.itertuples():
        matrix.loc[row.name_a, row.name_b] += int(row.actions)
        matrix.loc[row.name_b, row.name_a] += int(row.actions)
    return matrix


# --------------------------------------------------------------------------- MMM functioning
def attendance_by_sector(
    meetings: pd.DataFrame,
    attendance: pd.DataFrame,
    institutions: pd.DataFrame,
    *,
    since: date | None = None,
    until: date | None = None,
) -> pd.DataFrame:
    """Attendance at MMM meetings by sector.

    ``rate`` = institution-meetings attended / (institutions of the sector × meetings held),
    counting every institution registered in the sector.

    Examples
    --------
    >>> meetings = pd.DataFrame({"meeting_id": [1, 2], "held_on": ["2026-01-10", "2026-02-10"]})
    >>> att = pd.DataFrame({"meeting_id": [1, 1, 2], "institution_id": [1, 2, 1]})
    >>> inst = pd.DataFrame({"institution_id": [1, 2], "sector": ["estado", "estado"]})
    >>> attendance_by_sector(meetings, att, inst).loc["estado", "rate"]
    np.float64(0.75)
    """
    held = _between(meetings, "held_on", since, until)
    n_meetings = len(held)
    attended = attendance[attendance["meeting_id"].isin(held["meeting_id"])].merge(
        institutions[["institution_id", "sector"]], on="institution_id", how="left"
    )
    table = pd.DataFrame(
        {"institutions": institutions.groupby("sector")["institution_id"].nunique()}
    )
    table["attended"] = (
        attended.drop_duplicates(["meeting_id", "institution_id"])
        .groupby("sector")
        .size()
        .reindex(table.index)
        .fillna(0)
        .astype("int64")
    )
    table["meetings"] = n_meetings
    possible = table["institutions"] * n_meetings
    table["rate"] = (table["attended"] / possible.where(possible > 0)).astype("float64")
    table.index.name = "sector"
    return table


def agreements_status(
    agreements: pd.DataFrame,
    *,
    as_of: date,
    completed: Sequence[str] = COMPLETED_STATUSES,
) -> pd.DataFrame:
    """Each agreement classified on ``as_of``: «a_tiempo» (fulfilled by its due date),
    «tarde» (fulfilled after it), «vencido» (not fulfilled, due date passed), «pendiente»
    (not fulfilled, not yet due) or «sin_fecha» (no due date, not fulfilled).

    Examples
    --------
    >>> agr = pd.DataFrame({"agreement_id": [1, 2, 3], "status": ["cumplido", "pendiente",
    ...     "pendiente"], "due_on": ["2026-01-31", "2026-01-31", "2026-12-31"],
    ...     "completed_on": ["2026-01-20", None, None]})
    >>> agreements_status(agr, as_of=date(2026, 6, 1))["timeliness"].tolist()
    ['a_tiempo', 'vencido', 'pendiente']
    """
    table = agreements.copy()
    due = pd.to_datetime(table["due_on"], errors="coerce")
    done_on = pd.to_datetime(table["completed_on"], errors="coerce")
    done = table["status"].isin(list(completed))
    today = pd.Timestamp(as_of)
    table["timeliness"] = np.select(
        [
            done & (due.isna() | done_on.isna() | (done_on <= due)),
            done,
            due.isna(),
            due < today,
        ],
        ["a_tiempo", "tarde", "sin_fecha", "vencido"],
        default="pendiente",
    )
    return table


def agreements_summary(agreements: pd.DataFrame, *, as_of: date) -> dict[str, float]:
    """Counts by timeliness and the share fulfilled on time among those due by ``as_of``.

    Examples
    --------
    >>> agr = pd.DataFrame({"agreement_id": [1, 2], "status": ["cumplido", "pendiente"],
    ...     "due_on": ["2026-01-31", "2026-01-31"], "completed_on": ["2026-01-20", None]})
    >>> agreements_summary(agr, as_of=date(2026, 6, 1))["on_time_share"]
    0.5
    """
    table = agreements_status(agreements, as_of=as_of)
    counts = table["timeliness"].value_counts()
    result: dict[str, float] = {
        key: int(counts.get(key, 0))
        for key in ("a_tiempo", "tarde", "vencido", "pendiente", "sin_fecha")
    }
    result["total"] = len(table)
    due = result["a_tiempo"] + result["tarde"] + result["vencido"]
    result["on_time_share"] = result["a_tiempo"] / due if due else float("nan")
    return result


def _between(frame: pd.DataFrame, column: str, since: date | None, until: date | None):
    days = pd.to_datetime(frame[column], errors="coerce")
    keep = pd.Series(True, index=frame.index)
    if since is not None:
        keep &= days >= pd.Timestamp(since)
    if until is not None:
        keep &= days <= pd.Timestamp(until)
    return frame[keep]


def actions_between(actions: pd.DataFrame, since: date | None, until: date | None) -> pd.DataFrame:
    """Actions whose period [start, end] overlaps [``since``, ``until``] (open ends allowed).

    An action without dates is kept (its period is unknown, not outside the range).

    Examples
    --------
    >>> acts = pd.DataFrame({"start_date": ["2026-01-01", "2025-01-01", None],
    ...                      "end_date": ["2026-03-01", "2025-02-01", None]})
    >>> len(actions_between(acts, date(2026, 2, 1), date(2026, 12, 31)))
    2
    """
    start = pd.to_datetime(actions["start_date"], errors="coerce")
    end = pd.to_datetime(actions["end_date"], errors="coerce")
    keep = pd.Series(True, index=actions.index)
    if until is not None:
        keep &= start.isna() | (start <= pd.Timestamp(until))
    if since is not None:
        keep &= end.isna() | (end >= pd.Timestamp(since))
    return actions[keep]


def count_by(values: Iterable[object]) -> dict[str, int]:
    """Plain ``{value: count}`` (for snapshots and summaries), sorted by value."""
    series = pd.Series(list(values), dtype="object").dropna().astype(str)
    return {str(k): int(v) for k, v in series.value_counts().sort_index().items()}
