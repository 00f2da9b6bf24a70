"""Need against response: the priority index beside the actions present, per territory,
the high-priority territories left without action on a cause, and the causes covered in
each pilot territory (the board's first view).

Pure functions on the frames of :class:`analysis.monitoring.frames.MonitoringRecords`;
nothing here reads a store or draws a widget. Every numeric policy (which statuses count as
response, what "few" actions means, how a departamento-wide action counts for its
municipios, the share of ranks in the high band) is a keyword parameter with a documented
default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.monitoring.frames import NOT_RESPONSE_STATUSES, people_per_action, responding
from analysis.monitoring.labels import labels_of, vocabulary_label

if TYPE_CHECKING:
    from analysis.priority.run import ScenarioRun

PRIORITY_BANDS: tuple[str, ...] = ("alta", "media", "baja")
"""Priority bands, most need first (plus «sin dato» for a territory without a rank)."""

NO_BAND = "sin dato"
"""Band of a territory without a rank (no score: too few data)."""

RESPONSES: tuple[str, ...] = ("sin", "poca", "con")
"""Response classes: no action, at most ``few`` actions, more."""


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
    located
        Territories with at least one action located in them (not only department-wide).
    """

    table: pd.DataFrame
    high_priority: int
    uncovered_high: int
    located: int


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


def _present_responses(
    actions: pd.DataFrame,
    places: pd.DataFrame,
    territories: pd.DataFrame,
    *,
    columns: Sequence[str],
    level: str,
    exclude: Sequence[str],
    departamento_covers_municipios: bool,
    theme_of: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Where each action that counts as response is present (:func:`territory_actions`),
    with the action's ``columns``; ``theme_of`` reads a ``theme`` column as index themes
    (values it lacks are kept as they are)."""
    kept = responding(actions, exclude)
    present = territory_actions(
        places[places["action_id"].isin(kept.index)],
        territories,
        level=level,
        departamento_covers_municipios=departamento_covers_municipios,
    )
    present = present.join(kept[list(columns)], on="action_id")
    if theme_of is not None:
        present["theme"] = present["theme"].map(lambda t: theme_of.get(t, t))
    return present


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
    return pd.Series(np.where(rank.isna(), NO_BAND, bands), index=rank.index)


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
        See :class:`analysis.monitoring.frames.MonitoringRecords`.
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
    >>> result.table["actions"].tolist(), result.uncovered_high, result.located
    ([0, 1], 1, 1)
    """
    present = _present_responses(
        actions,
        places,
        territories,
        columns=["institution_id", "budget_planned", "budget_executed"],
        level=level,
        exclude=exclude,
        departamento_covers_municipios=departamento_covers_municipios,
    )
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
    declared = actions.get("people_reached")  # joined below to the responding actions only
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
        located=int((table["actions_local"] > 0).sum()),
    )


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
    level: str = "municipio",
) -> pd.DataFrame:
    """High-priority territories, by theme, with no or few actions on that theme.

    Parameters
    ----------
    theme_scores
        Index ``code``, one column per theme (higher = more need).
    actions, places
        See :class:`analysis.monitoring.frames.MonitoringRecords`; ``actions["theme"]``
        says what each action addresses.
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
    level
        Level of ``theme_scores``; a departamento counts the actions of its municipios.

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
    present = _present_responses(
        actions,
        places,
        territories,
        columns=["theme"],
        level=level,
        exclude=exclude,
        departamento_covers_municipios=departamento_covers_municipios,
        theme_of=theme_of,
    )
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


@dataclass(frozen=True)
class PilotCoverage:
    """Causes covered in each pilot territory (see :func:`pilot_coverage`).

    Attributes
    ----------
    table
        Index ``code`` (the pilot territories, in the order given); ``name``, one integer
        column per theme (actions on it), ``covered`` (themes with at least one action)
        and ``missing`` (the themes with none, comma-separated ids).
    themes
        Theme ids, in the index's order.
    theme_labels
        Label of each theme in the reader's language.
    """

    table: pd.DataFrame
    themes: tuple[str, ...]
    theme_labels: dict[str, str]


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
    language: str = "es",
    level: str = "municipio",
) -> PilotCoverage:
    """Which causes are covered in each pilot territory: actions per (territory, theme),
    with the themes' labels in ``language``. ``level`` is the pilot's; a departamento
    counts the actions of its municipios.

    Examples
    --------
    >>> acts = pd.DataFrame({"theme": ["pobreza"], "status": ["en_curso"]},
    ...                     index=pd.Index([1], name="action_id"))
    >>> plc = pd.DataFrame({"action_id": [1], "level": ["municipio"], "code": [101]})
    >>> result = pilot_coverage([101, 102], ["pobreza", "migracion"], acts, plc,
    ...     pd.DataFrame({"dept_code": [1, 1]}, index=[101, 102]), language="en")
    >>> result.table[["pobreza", "covered", "missing"]].values.tolist()
    [[1, 1, 'migracion'], [0, 0, 'pobreza, migracion']]
    >>> result.theme_labels["migracion"]
    'Migration'
    """
    present = _present_responses(
        actions,
        places,
        territories,
        columns=["theme"],
        level=level,
        exclude=exclude,
        departamento_covers_municipios=departamento_covers_municipios,
        theme_of=theme_of,
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
    labels = {t: vocabulary_label("theme", t, language) for t in themes}
    return PilotCoverage(table=table, themes=tuple(themes), theme_labels=labels)


# --------------------------------------------------------------------------- from a run
def need_of(run: ScenarioRun) -> pd.DataFrame:
    """The need side of a scenario run: ``name``, ``score``, ``rank`` (index ``code``)."""
    return run.table[["name", "score", "rank"]].copy()


# --------------------------------------------------------------------------- readable tables
def need_table(
    result: NeedResponse,
    *,
    band_labels: Mapping[str, str],
    response_labels: Mapping[str, str],
) -> pd.DataFrame:
    """The need-against-response table to read, most need first.

    Parameters
    ----------
    result
        :func:`need_against_response`'s result.
    band_labels, response_labels
        Words for each priority band and response class (the screen's own, from its
        language layer); a code without a word is shown as it is.

    Returns
    -------
    DataFrame
        Index ``code``; ``rank``, ``territory``, ``score`` (one decimal), ``band``,
        ``actions``, ``actions_local``, ``actions_wide``, ``institutions``, ``people``,
        ``response``.
    """
    table = result.table
    shown = pd.DataFrame(index=table.index.rename("code"))
    shown["rank"] = table["rank"].astype("Int64")
    shown["territory"] = table["name"]
    shown["score"] = table["score"].round(1)
    shown["band"] = [band_labels.get(b, b) for b in table["priority_band"]]
    for column in ("actions", "actions_local", "actions_wide", "institutions", "people"):
        shown[column] = table[column]
    shown["response"] = [response_labels.get(r, r) for r in table["response"]]
    return shown


def need_map_frame(result: NeedResponse, *, detail: str) -> pd.DataFrame:
    """Need × response per territory, ready for a bivariate map.

    Parameters
    ----------
    result
        :func:`need_against_response`'s result.
    detail
        Hover text with the placeholders ``{rank}`` and ``{actions}`` (the screen's words).

    Returns
    -------
    DataFrame
        Index ``code``; ``name``, ``category`` (``"<band>-<response>"``), ``actions`` and
        ``detail``.

    Examples
    --------
    >>> need = pd.DataFrame({"name": ["A"], "score": [80.0], "rank": [1]},
    ...                     index=pd.Index([101], name="code"))
    >>> actions = pd.DataFrame({"institution_id": [1], "status": ["en_curso"],
    ...     "budget_planned": [10.0], "budget_executed": [5.0]},
    ...     index=pd.Index([7], name="action_id"))
    >>> places = pd.DataFrame({"action_id": [7], "level": ["municipio"], "code": [101]})
    >>> result = need_against_response(need, actions, places, pd.DataFrame({"dept_code": [1]},
    ...                                index=[101]))
    >>> need_map_frame(result, detail="#{rank}: {actions}")[["category", "detail"]].values.tolist()
    [['baja-poca', '#1: 1']]
    """
    table = result.table
    frame = pd.DataFrame({"name": table["name"]})
    frame["category"] = table["priority_band"] + "-" + table["response"]
    frame["actions"] = table["actions"]
    frame["detail"] = [
        detail.format(rank="–" if pd.isna(rank) else int(rank), actions=int(actions))
        for rank, actions in zip(table["rank"], table["actions"], strict=True)
    ]
    return frame


def gaps_table(gaps: pd.DataFrame, *, language: str = "es") -> pd.DataFrame:
    """:func:`gaps_by_theme`'s gaps to read: ``theme`` (its label), ``territory``,
    ``INE``, ``theme_rank``, ``theme_score`` (one decimal), ``on_theme``, ``any_theme``.

    Examples
    --------
    >>> gaps = pd.DataFrame({"theme": ["migracion"], "code": [101], "name": ["A"],
    ...     "theme_rank": [1], "theme_score": [90.04], "actions_on_theme": [0],
    ...     "actions_any": [2]})
    >>> gaps_table(gaps, language="en")[["theme", "territory"]].values.tolist()
    [['Migration', 'A']]
    """
    return pd.DataFrame(
        {
            "theme": labels_of("theme", gaps["theme"], language),
            "territory": gaps["name"],
            "INE": gaps["code"],
            "theme_rank": gaps["theme_rank"],
            "theme_score": gaps["theme_score"].round(1),
            "on_theme": gaps["actions_on_theme"],
            "any_theme": gaps["actions_any"],
        }
    )


def pilot_table(coverage: PilotCoverage) -> pd.DataFrame:
    """The pilot coverage to read: ``territory``, one column per theme headed by its
    label, ``covered`` and ``missing`` (the labels of the themes without action).

    Examples
    --------
    >>> table = pd.DataFrame({"name": ["A"], "migracion": [0], "covered": [0],
    ...     "missing": ["migracion"]}, index=pd.Index([101], name="code"))
    >>> pilot_table(PilotCoverage(table, ("migracion",), {"migracion": "Migración"})).columns.tolist()
    ['territory', 'Migración', 'covered', 'missing']
    """
    labels = coverage.theme_labels
    table = coverage.table
    shown = table[["name", *coverage.themes, "covered"]].rename(
        columns={"name": "territory", **labels}
    )
    shown["missing"] = [
        ", ".join(labels.get(t.strip(), t) for t in text.split(",") if t.strip())
        for text in table["missing"]
    ]
    return shown


__all__ = [
    "NO_BAND",
    "PRIORITY_BANDS",
    "RESPONSES",
    "NeedResponse",
    "PilotCoverage",
    "gaps_by_theme",
    "gaps_table",
    "need_against_response",
    "need_map_frame",
    "need_of",
    "need_table",
    "pilot_coverage",
    "pilot_table",
    "priority_band",
    "territory_actions",
]
