"""Coordination: which institutions act together, and where (the board's third view).

Pure functions on the frames of :class:`analysis.monitoring.frames.MonitoringRecords`;
nothing here reads a store or draws a widget.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from analysis.monitoring.frames import MonitoringRecords


@dataclass(frozen=True)
class Coordination:
    """The coordination view's tables (see :func:`coordination`).

    Attributes
    ----------
    pairs
        :func:`coordination_pairs`.
    matrix
        :func:`coordination_matrix` of those pairs.
    """

    pairs: pd.DataFrame
    matrix: pd.DataFrame


def institution_names(institutions: pd.DataFrame) -> dict[int, str]:
    """Short name of each institution: its acronym, else its name.

    Examples
    --------
    >>> institution_names(pd.DataFrame({"institution_id": [1, 2], "name": ["Uno", "Dos"],
    ...                                 "acronym": ["U", None]}))
    {1: 'U', 2: 'Dos'}
    """
    short = institutions["acronym"].where(institutions["acronym"].notna(), institutions["name"])
    return {int(k): str(v) for k, v in zip(institutions["institution_id"], short, strict=True)}


def coordination(
    records: MonitoringRecords, *, territory_names: Mapping[int, str] | None = None
) -> Coordination:
    """Pairs of institutions acting together (named by acronym), where, and the matrix.

    Parameters
    ----------
    records
        The records to read (actions, partners, places, institutions).
    territory_names
        Name of each territory code (municipios and departamentos) for the ``where``
        column; codes are shown as they are without it.

    Returns
    -------
    Coordination

    Examples
    --------
    >>> from analysis.monitoring.frames import empty_records
    >>> coordination(empty_records()).pairs.empty
    True
    """
    pairs = coordination_pairs(
        records.actions,
        records.partners,
        records.places,
        names=institution_names(records.institutions),
        territory_names=territory_names,
    )
    return Coordination(pairs=pairs, matrix=coordination_matrix(pairs))


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


def pairs_table(pairs: pd.DataFrame) -> pd.DataFrame:
    """:func:`coordination_pairs` to read, most joint actions first: ``pair_a``,
    ``pair_b``, ``joint``, ``territories``, ``where``.

    Examples
    --------
    >>> pairs = pd.DataFrame({"name_a": ["A", "A"], "name_b": ["B", "C"], "actions": [1, 3],
    ...                       "territories": [1, 2], "where": ["x", "x, y"]})
    >>> pairs_table(pairs)["pair_b"].tolist()
    ['C', 'B']
    """
    return pd.DataFrame(
        {
            "pair_a": pairs["name_a"],
            "pair_b": pairs["name_b"],
            "joint": pairs["actions"],
            "territories": pairs["territories"],
            "where": pairs["where"],
        }
    ).sort_values("joint", ascending=False)


__all__ = [
    "Coordination",
    "coordination",
    "coordination_matrix",
    "coordination_pairs",
    "institution_names",
    "pairs_table",
]
