"""The records themselves, to read: the 5W list of actions, the headline figures of the
accountability page, the drafts waiting for publication and the member institutions.

Pure functions on :class:`analysis.monitoring.frames.MonitoringRecords`; nothing here
reads a store or draws a widget. Tables keep stable column ids (``title``, ``where``,
``people`` …); the screen puts its own headings on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.formatting import format_number
from analysis.monitoring.frames import MonitoringRecords, people_per_action, responding
from analysis.monitoring.labels import labels_of, ticks

DRAFT_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("actions", "action_id", "title"),
    ("indicators", "indicator_id", "name"),
    ("measurements", "measurement_id", "value"),
    ("meetings", "meeting_id", "title"),
    ("agreements", "agreement_id", "text"),
)
"""Kinds of record the secretariat publishes: (frame, id column, column shown)."""

DRAFT_TEXT_LENGTH = 80
"""Characters of a draft's text shown in the list of drafts."""

CONTACT_COLUMNS: tuple[str, ...] = ("contact_name", "contact_email", "contact_phone")


@dataclass(frozen=True)
class Headline:
    """Headline figures of a set of records, written for the reader (see :func:`headline`).

    Attributes
    ----------
    actions
        Actions, whatever their status.
    institutions
        Institutions leading or partnering in them.
    people
        People reached by the actions that count as response.
    executed
        Budget executed by those actions (quetzales).
    """

    actions: str
    institutions: str
    people: str
    executed: str


def joined(keys: Iterable[Any], values: Iterable[object]) -> dict[int, str]:
    """``{key: "a, b"}``: the values of each key joined, in order (empty values skipped).

    Plain Python on purpose: thousands of small groups are much faster than a pandas
    group-by with a Python function.

    Examples
    --------
    >>> joined([1, 1, 2], ["a", "b", None])
    {1: 'a, b'}
    """
    grouped: dict[int, list[str]] = {}
    for key, value in zip(keys, values, strict=True):
        if value is not None and value == value:  # NaN is not equal to itself
            grouped.setdefault(int(key), []).append(str(value))
    return {key: ", ".join(items) for key, items in grouped.items()}


def action_places(
    places: pd.DataFrame,
    *,
    municipio_names: Mapping[int, str],
    departamento_names: Mapping[int, str],
) -> dict[int, str]:
    """Names of each action's territories, comma-separated, by action id (a departamento
    is marked «(dpto.)»).

    Examples
    --------
    >>> places = pd.DataFrame({"action_id": [7, 7], "level": ["municipio", "departamento"],
    ...                        "code": [1301, 13]})
    >>> action_places(places, municipio_names={1301: "Huehuetenango"},
    ...               departamento_names={13: "Huehuetenango"})
    {7: 'Huehuetenango, Huehuetenango (dpto.)'}
    """
    names = [
        str(municipio_names.get(int(code), code))
        if level == "municipio"
        else f"{departamento_names.get(int(code), code)} (dpto.)"
        for level, code in zip(places["level"], places["code"], strict=True)
    ]
    return joined(places["action_id"], names)


def actions_listing(
    records: MonitoringRecords,
    *,
    municipio_names: Mapping[int, str],
    departamento_names: Mapping[int, str],
    language: str = "es",
    with_published: bool = False,
) -> pd.DataFrame:
    """The actions, one row each, as people read them (index ``id``: the action id).

    Parameters
    ----------
    records
        The records to list.
    municipio_names, departamento_names
        Territory names by code (for ``where``).
    language
        Language of the theme, type and status labels.
    with_published
        Add a ``published`` column (never for the public, who sees published records only).

    Returns
    -------
    DataFrame
        ``title``, ``institution``, ``partners`` (acronyms, else names), ``theme``,
        ``type``, ``status``, ``where``, ``start``, ``end``, ``planned``, ``executed``,
        ``people``, ``pilot`` and, when asked, ``published``.
    """
    actions = records.actions
    institutions = records.institutions.set_index("institution_id")
    short = institutions["acronym"].where(institutions["acronym"].notna(), institutions["name"])
    partner_list = records.partners.sort_values(["action_id", "institution_id"])
    partners = joined(partner_list["action_id"], partner_list["institution_id"].map(short))
    people = people_per_action(records.reached, actions.get("people_reached"))
    where = action_places(
        records.places, municipio_names=municipio_names, departamento_names=departamento_names
    )
    # a new index: naming it must not rename the records' own
    table = pd.DataFrame(index=actions.index.rename("id"))
    table["title"] = actions["title"].astype(str)
    table["institution"] = actions["institution"]
    table["partners"] = [partners.get(int(i), "") for i in actions.index]
    table["theme"] = labels_of("theme", actions["theme"], language)
    table["type"] = labels_of("type", actions["action_type"], language)
    table["status"] = labels_of("status", actions["status"], language)
    table["where"] = [where.get(int(i), "") for i in actions.index]
    table["start"] = actions["start_date"]
    table["end"] = actions["end_date"]
    table["planned"] = actions["budget_planned"]
    table["executed"] = actions["budget_executed"]
    table["people"] = people.reindex(actions.index)
    table["pilot"] = ticks(actions["in_pilot"])
    if with_published:
        table["published"] = ticks(actions["published"])
    return table


def headline(records: MonitoringRecords, *, language: str = "es") -> Headline:
    """Headline figures of ``records``, formatted in ``language``.

    Examples
    --------
    >>> from analysis.monitoring.frames import empty_records
    >>> headline(empty_records()).actions
    '0'
    """
    actions = records.actions
    kept = responding(actions)
    people = people_per_action(records.reached, actions.get("people_reached"))
    institutions = set(actions["institution_id"]) | set(records.partners["institution_id"])
    return Headline(
        actions=format_number(len(actions), language, decimals=0),
        institutions=format_number(len(institutions), language, decimals=0),
        people=format_number(people.reindex(kept.index).sum(), language, decimals=0),
        executed=format_number(kept["budget_executed"].sum(), language, decimals=0),
    )


def drafts(records: MonitoringRecords) -> pd.DataFrame:
    """Unpublished records: ``table``, ``id``, ``version``, ``text`` (its first
    :data:`DRAFT_TEXT_LENGTH` characters).

    Examples
    --------
    >>> from dataclasses import replace
    >>> from analysis.monitoring.frames import empty_records
    >>> records = replace(empty_records(), meetings=pd.DataFrame({"meeting_id": [3, 4],
    ...     "title": ["Plenaria", "Otra"], "published": [False, True], "version": [2, 1]}))
    >>> drafts(records).values.tolist()
    [['meetings', 3, 2, 'Plenaria']]
    """
    rows = []
    for table, id_column, text_column in DRAFT_SOURCES:
        frame: pd.DataFrame = getattr(records, table)
        if table == "actions":
            frame = frame.reset_index()
        pending = frame[~frame["published"].astype(bool)]
        for row in pending.itertuples(index=False):
            rows.append(
                {
                    "table": table,
                    "id": int(getattr(row, id_column)),
                    "version": int(row.version),
                    "text": str(getattr(row, text_column))[:DRAFT_TEXT_LENGTH],
                }
            )
    return pd.DataFrame(rows, columns=["table", "id", "version", "text"])


def drafts_table(table: pd.DataFrame, *, table_labels: Mapping[str, str]) -> pd.DataFrame:
    """:func:`drafts` to read: ``table`` (its name for the reader), ``id``, ``text``,
    ``version``.

    Parameters
    ----------
    table
        :func:`drafts`.
    table_labels
        Name of each kind of record (the screen's words).

    Examples
    --------
    >>> pending = pd.DataFrame({"table": ["meetings"], "id": [3], "version": [2],
    ...                         "text": ["Plenaria"]})
    >>> drafts_table(pending, table_labels={"meetings": "Reunión"}).values.tolist()[0]
    ['Reunión', 3, 'Plenaria', 2]
    """
    return pd.DataFrame(
        {
            "table": [table_labels.get(t, t) for t in table["table"]],
            "id": table["id"],
            "text": table["text"],
            "version": table["version"],
        }
    )


def institutions_table(table: pd.DataFrame, *, language: str = "es") -> pd.DataFrame:
    """Member institutions to read: ``id``, ``name``, ``acronym``, ``sector`` (label),
    ``official`` («✓») and the contacts when the frame carries them.

    Examples
    --------
    >>> inst = pd.DataFrame({"institution_id": [1], "name": ["Uno"], "acronym": ["U"],
    ...                      "sector": ["estado"], "official": [True]})
    >>> institutions_table(inst, language="en").values.tolist()[0]
    [1, 'Uno', 'U', 'State', '✓']
    """
    shown = pd.DataFrame({"id": table["institution_id"]})
    shown["name"] = table["name"]
    shown["acronym"] = table["acronym"]
    shown["sector"] = labels_of("sector", table["sector"], language)
    shown["official"] = ticks(table["official"])
    for column in CONTACT_COLUMNS:
        if column in table:
            shown[column] = table[column]
    return shown


__all__ = [
    "CONTACT_COLUMNS",
    "DRAFT_SOURCES",
    "DRAFT_TEXT_LENGTH",
    "Headline",
    "action_places",
    "actions_listing",
    "drafts",
    "drafts_table",
    "headline",
    "institutions_table",
    "joined",
]
