"""Cached calls for the monitoring pages (the "seguimiento" section of :mod:`dashboard.data`).

The operational store changes while the app runs, so nothing read from it is cached by
time: every cached reader takes the store's *revision* (the id of its newest audit row,
which every change writes) as part of its key. A save bumps the revision, so the next
rerun reads fresh records, and an unchanged store is read once. Caches are keyed by the
principal's *visibility* (public, one institution's editor, secretariat), never by the
principal object, and hold no personal data for the public.

The engine is a process-wide connection pool (``st.cache_resource``): sessions share the
pool, not any record. Writes go straight to the service functions (never cached).
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd
import streamlit as st

from analysis.errors import RaicesError
from dashboard import data
from dashboard.data import base

#: How a principal's visibility is keyed: ("public", None), ("editor", id), ("secretaria", None).
Visibility = tuple[str, int | None]


# --------------------------------------------------------------------------- store
def store_url() -> str | None:
    """The store's URL from ``RAICES_SEGUIMIENTO_URL`` (``None`` = the embedded default)."""
    return os.environ.get("RAICES_SEGUIMIENTO_URL", "").strip() or None


@st.cache_resource(show_spinner=False, max_entries=4)
def _engine(url: str | None):
    from analysis.records.database import engine_for, upgrade

    engine = engine_for(url)
    upgrade(engine)  # a fresh install starts with an empty, current store
    return engine


def engine():
    """Engine of the operational store (schema brought up to date once per process)."""
    return _engine(store_url())


def revision() -> tuple[str, int]:
    """The store's URL and the id of its newest audit row, which changes whenever any
    record changes: the cache key of everything read from the store."""
    from sqlalchemy import func, select

    from analysis.records.audit import AuditEntry
    from analysis.records.database import session_scope

    with session_scope(engine(), readonly=True) as session:
        return (store_url() or "", int(session.scalar(select(func.max(AuditEntry.id))) or 0))


def visibility(principal) -> Visibility:
    """Cache key of what ``principal`` may see."""
    role = getattr(principal.role, "value", principal.role)
    if role is None:
        return ("public", None)
    if role == "editor":
        return ("editor", principal.institution_id)
    return (str(role), None)


def principal_from(key: Visibility, username: str | None = None):
    """A principal that sees what ``key`` says (used by cached readers; never stored)."""
    from analysis.records.users import PUBLIC, Principal, Role

    role, institution = key
    if role == "public":
        return PUBLIC
    return Principal(user_id=None, username=username, role=Role(role), institution_id=institution)


# --------------------------------------------------------------------------- sign-in
def authenticate(username: str, password: str):
    """Check a user name and password against the store (raises ``AuthenticationError``)."""
    from analysis.records.users import authenticate as check

    return check(engine(), username, password)


def principal_for_username(username: str):
    """Principal of an active local account named ``username`` (for an identity provider
    that has already proved who the person is), or ``None``.

    The provider's e-mail is first looked up in the deployment's mapping
    ``[seguimiento.cuentas_oidc]`` of ``secrets.toml`` (``"ana@example.org" = "ana.lopez"``),
    then used as the user name itself.
    """
    from sqlalchemy import select

    from analysis.records.database import session_scope
    from analysis.records.models import User
    from analysis.records.users import normalise_username, principal_of

    name = normalise_username(username)
    try:
        mapping = st.secrets.get("seguimiento", {}).get("cuentas_oidc", {})
    except Exception:
        mapping = {}
    mapped = {str(k).strip().lower(): str(v) for k, v in dict(mapping or {}).items()}
    name = normalise_username(mapped.get(name, name))
    with session_scope(engine(), readonly=True) as session:
        user = session.scalar(select(User).where(User.username == name))
        if user is None or not user.active:
            return None
        return principal_of(user)


# --------------------------------------------------------------------------- records
@st.cache_data(show_spinner=False, max_entries=16)
def frames(key: Visibility, store_revision: tuple[str, int]) -> dict[str, pd.DataFrame]:
    """Every record ``key`` may see, as the frames :mod:`analysis.monitoring.analytics`
    reads (published only for the public; no contact data but for allowed principals)."""
    from analysis.monitoring.frames import load_frames

    del store_revision  # part of the cache key only
    return load_frames(engine(), principal_from(key))


def current_frames(principal) -> dict[str, pd.DataFrame]:
    """:func:`frames` for ``principal`` at the store's current revision."""
    return frames(visibility(principal), revision())


def is_empty(records: dict[str, pd.DataFrame]) -> bool:
    """Whether there is nothing to show yet (no institution and no action)."""
    return records["institutions"].empty and records["actions"].empty


# --------------------------------------------------------------------------- need vs response
def adopted_scenario_text(level: str = "municipio") -> str:
    """The scenario the monitoring pages compare the response with (the base preset)."""
    return data.base_scenario_text(level)


def _run(scenario_text: str):
    """The scenario's run without Monte Carlo (shared with the other pages' cache)."""
    return data.scenario_run(scenario_text, draws=0).run


@st.cache_data(show_spinner=False, max_entries=8)
def need_table(scenario_text: str) -> pd.DataFrame:
    """Priority of each territory under a scenario: ``name``, ``score``, ``rank``."""
    return _run(scenario_text).table[["name", "score", "rank"]].copy()


@st.cache_data(show_spinner=False, max_entries=8)
def scenario_stamp(scenario_text: str) -> tuple[str, str]:
    """Name and fingerprint of a scenario (for the note under the map)."""
    run = _run(scenario_text)
    return str(run.scenario.name), str(run.hash)


@st.cache_data(show_spinner=False, max_entries=8)
def theme_scores(scenario_text: str) -> pd.DataFrame:
    """Theme scores of a scenario (index code, one column per theme)."""
    return _run(scenario_text).model.theme_scores_.copy()


@st.cache_data(show_spinner=False, max_entries=16)
def need_response(
    key: Visibility, store_revision: tuple[str, int], scenario_text: str, few: int = 1
) -> dict[str, Any]:
    """:func:`analysis.monitoring.analytics.need_against_response` on the records ``key``
    sees; ``table`` plus the two counts."""
    from analysis.monitoring.analytics import need_against_response

    records = frames(key, store_revision)
    level = data.parse_scenario(scenario_text).level
    result = need_against_response(
        need_table(scenario_text),
        records["actions"],
        records["places"],
        data.territories(level),
        reached=records["reached"],
        level=level,
        few=few,
    )
    return {
        "table": result.table,
        "high_priority": result.high_priority,
        "uncovered_high": result.uncovered_high,
    }


@st.cache_data(show_spinner=False, max_entries=16)
def gaps(
    key: Visibility, store_revision: tuple[str, int], scenario_text: str, top: int, few: int
) -> pd.DataFrame:
    """High-priority territories per theme with no or few actions on the theme."""
    from analysis.monitoring.analytics import gaps_by_theme
    from analysis.monitoring.frames import COMMISSION_THEMES

    records = frames(key, store_revision)
    level = data.parse_scenario(scenario_text).level
    return gaps_by_theme(
        theme_scores(scenario_text),
        records["actions"],
        records["places"],
        data.territories(level),
        names=data.territory_names(level),
        top=top,
        few=few,
        theme_of=COMMISSION_THEMES,
    )


@st.cache_data(show_spinner=False, max_entries=8)
def pilot_codes(scenario_text: str) -> list[int]:
    """Pilot territories of a scenario: its constrained selection, else its first k."""
    run = _run(scenario_text)
    if run.selection is not None and len(run.selection.selected):
        return [int(c) for c in run.selection.selected]
    ranked = run.table.dropna(subset=["rank"]).sort_values("rank")
    return [int(c) for c in ranked.index[: run.k]]


@st.cache_data(show_spinner=False, max_entries=16)
def pilot_coverage(
    key: Visibility, store_revision: tuple[str, int], scenario_text: str
) -> pd.DataFrame:
    """Actions per (pilot territory, theme) and the themes left uncovered."""
    from analysis.monitoring.analytics import pilot_coverage as coverage
    from analysis.monitoring.frames import COMMISSION_THEMES

    records = frames(key, store_revision)
    level = data.parse_scenario(scenario_text).level
    themes = list(theme_scores(scenario_text).columns)
    return coverage(
        pilot_codes(scenario_text),
        themes,
        records["actions"],
        records["places"],
        data.territories(level),
        names=data.territory_names(level),
        theme_of=COMMISSION_THEMES,
    )


# --------------------------------------------------------------------------- progress
@st.cache_data(show_spinner=False, max_entries=16)
def progress(key: Visibility, store_revision: tuple[str, int]) -> dict[str, pd.DataFrame]:
    """Actions by status and institution, budget by institution and by theme, results."""
    from analysis.monitoring import analytics
    from analysis.monitoring.frames import STATUSES

    records = frames(key, store_revision)
    actions = records["actions"]
    return {
        "status": analytics.actions_by_status(actions, list(STATUSES)),
        "budget_institution": analytics.budget_by(actions, "institution", exclude=("cancelada",)),
        "budget_theme": analytics.budget_by(actions, "theme", exclude=("cancelada",)),
        "results": analytics.results_progress(records["indicators"], records["measurements"]),
    }


@st.cache_data(show_spinner=False, max_entries=16)
def reach(key: Visibility, store_revision: tuple[str, int]) -> pd.DataFrame:
    """People reached by group beside the population share of the same municipios."""
    from analysis.monitoring.analytics import reach_against_population

    records = frames(key, store_revision)
    return reach_against_population(
        records["reached"], records["places"], base.indicators("municipio")
    )


@st.cache_data(show_spinner=False, max_entries=16)
def coordination(key: Visibility, store_revision: tuple[str, int]) -> dict[str, pd.DataFrame]:
    """Pairs of institutions acting together (and where) and the matrix of joint actions."""
    from analysis.monitoring.analytics import coordination_matrix, coordination_pairs

    records = frames(key, store_revision)
    institutions = records["institutions"]
    names = dict(
        zip(
            institutions["institution_id"],
            institutions["acronym"].fillna(institutions["name"]),
            strict=True,
        )
    )
    pairs = coordination_pairs(
        records["actions"],
        records["partners"],
        records["places"],
        names=names,
        territory_names=_place_names(),
    )
    return {"pairs": pairs, "matrix": coordination_matrix(pairs)}


def _place_names() -> dict[int, str]:
    names = dict(data.territory_names("municipio"))
    names.update(data.territory_names("departamento"))
    return {int(k): str(v) for k, v in names.items()}


@st.cache_data(show_spinner=False, max_entries=16)
def functioning(key: Visibility, store_revision: tuple[str, int], as_of: str) -> dict[str, Any]:
    """Meetings, attendance by sector and agreements fulfilled on time (as of a date)."""
    from datetime import date

    from analysis.monitoring import analytics

    records = frames(key, store_revision)
    day = date.fromisoformat(as_of)
    return {
        "meetings": records["meetings"],
        "attendance": analytics.attendance_by_sector(
            records["meetings"], records["attendance"], records["institutions"]
        ),
        "agreements": analytics.agreements_status(records["agreements"], as_of=day),
        "summary": analytics.agreements_summary(records["agreements"], as_of=day),
    }


# --------------------------------------------------------------------------- downloads
def template_bytes() -> bytes:
    """The Excel 5W template institutions fill in (as ``raices seguimiento plantilla``
    writes it: the configured types of action and the registered institutions)."""
    import tempfile
    from pathlib import Path

    from analysis.monitoring.template import write_template
    from analysis.records.database import session_scope
    from analysis.records.institutions import list_institutions
    from analysis.records.users import PUBLIC

    with session_scope(engine(), readonly=True) as session:
        from analysis.monitoring.service import action_types

        types = action_types(session)
        members = list_institutions(session, PUBLIC)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "plantilla_5w.xlsx"
        write_template(target, action_types=types, institutions=members)
        return target.read_bytes()


def open_data_csv(key: Visibility, store_revision: tuple[str, int]) -> bytes:
    """The public 5W table (HXL) as CSV bytes: published records only, whoever asks."""
    from analysis.export.safety import csv_bytes
    from analysis.monitoring.opendata import five_w_table

    del key  # open data is the public view, whoever downloads it
    records = frames(("public", None), store_revision)
    table = five_w_table(records, hxl=True)
    return csv_bytes(table, lineterminator="\n")


def raise_if_missing(records: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """The frame ``name`` of ``records`` (a clear error rather than a ``KeyError``)."""
    if name not in records:
        raise RaicesError(f"el almacén de seguimiento no tiene la tabla «{name}»")
    return records[name]


# --------------------------------------------------------------------------- display tables
def vocabulary_label(kind: str, code: object, language: str = "es") -> str:
    """Label of a vocabulary code (``kind``: theme, status, type, sector, meeting, kind,
    agreement, or ``group:<dimension>``) in ``language``; the code itself when unknown."""
    from analysis.monitoring import models
    from analysis.records.institutions import SECTORS

    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return "—"
    vocabularies = {
        "theme": {**models.THEMES, **models.COMMISSIONS},
        "commission": models.COMMISSIONS,
        "status": models.ACTION_STATUSES,
        "type": models.DEFAULT_ACTION_TYPES,
        "sector": SECTORS,
        "meeting": models.MEETING_KINDS,
        "kind": models.INDICATOR_KINDS,
        "agreement": models.AGREEMENT_STATUSES,
    }
    if kind.startswith("group:"):
        vocabulary = models.REACH_GROUPS.get(kind.split(":", 1)[1], {})
    else:
        vocabulary = vocabularies.get(kind, {})
    return models.label(vocabulary, code, language)


def _joined(keys, values) -> dict[int, str]:
    """``{key: "a, b"}``: the values of each key joined (plain Python: thousands of small
    groups are much faster than a pandas group-by with a Python function)."""
    grouped: dict[int, list[str]] = {}
    for k, v in zip(keys, values, strict=True):
        if v is not None and v == v:
            grouped.setdefault(int(k), []).append(str(v))
    return {k: ", ".join(v) for k, v in grouped.items()}


def _where(places: pd.DataFrame) -> dict[int, str]:
    """Names of each action's territories, comma-separated (by action id)."""
    municipios = data.territory_names("municipio").to_dict()
    departamentos = data.territory_names("departamento").to_dict()
    names = [
        str(municipios.get(int(code), code))
        if level == "municipio"
        else f"{departamentos.get(int(code), code)} (dpto.)"
        for level, code in zip(places["level"], places["code"], strict=True)
    ]
    return _joined(places["action_id"], names)


def _labels(kind: str, values: pd.Series, language: str) -> list[str]:
    """Vocabulary labels of a column (each distinct code looked up once)."""
    lookup = {code: vocabulary_label(kind, code, language) for code in values.dropna().unique()}
    return [lookup.get(v, "—") for v in values]


@st.cache_data(show_spinner=False, max_entries=16)
def actions_table(key: Visibility, store_revision: tuple[str, int], language: str) -> pd.DataFrame:
    """Actions ``key`` sees, one row each, with readable headings (index: action id)."""
    from analysis.monitoring.analytics import people_per_action
    from dashboard.i18n import translate

    records = frames(key, store_revision)
    actions = records["actions"]
    institutions = records["institutions"].set_index("institution_id")
    short = institutions["acronym"].where(institutions["acronym"].notna(), institutions["name"])
    partner_list = records["partners"].sort_values(["action_id", "institution_id"])
    partners = _joined(partner_list["action_id"], partner_list["institution_id"].map(short))
    people = people_per_action(records["reached"], actions.get("people_reached"))

    def t(name: str) -> str:
        return translate(f"seguimiento.col.{name}", language)

    table = pd.DataFrame(index=actions.index)
    table[t("title")] = actions["title"].astype(str)
    table[t("institution")] = actions["institution"]
    table[t("partners")] = [partners.get(int(i), "") for i in actions.index]
    table[t("theme")] = _labels("theme", actions["theme"], language)
    table[t("type")] = _labels("type", actions["action_type"], language)
    table[t("status")] = _labels("status", actions["status"], language)
    where = _where(records["places"])
    table[t("where")] = [where.get(int(i), "") for i in actions.index]
    table[t("start")] = actions["start_date"]
    table[t("end")] = actions["end_date"]
    table[t("planned")] = actions["budget_planned"]
    table[t("executed")] = actions["budget_executed"]
    table[t("people")] = people.reindex(actions.index)
    table[t("pilot")] = actions["in_pilot"].map({True: "✓", False: ""})
    if key[0] != "public":
        table[t("published")] = actions["published"].map({True: "✓", False: ""})
    table.index.name = "id"
    return table


@st.cache_data(show_spinner=False, max_entries=16)
def need_map_frame(
    key: Visibility, store_revision: tuple[str, int], scenario_text: str, few: int, language: str
) -> pd.DataFrame:
    """Need × response per municipio, ready for the bivariate map: ``name``, ``category``
    (``"<band>-<response>"``) and the hover ``detail``."""
    from dashboard.i18n import translate

    table = need_response(key, store_revision, scenario_text, few)["table"]
    frame = pd.DataFrame({"name": table["name"]})
    frame["category"] = table["priority_band"] + "-" + table["response"]
    frame["actions"] = table["actions"]
    frame["detail"] = [
        translate(
            "seguimiento.need.detail",
            language,
            rank="–" if pd.isna(rank) else int(rank),
            actions=int(actions),
        )
        for rank, actions in zip(table["rank"], table["actions"], strict=True)
    ]
    return frame


def need_map_labels(language: str) -> dict[str, str]:
    """Legend text of each need × response category."""
    from dashboard.i18n import translate

    labels = {}
    for band in ("alta", "media", "baja"):
        for response in ("sin", "poca", "con"):
            labels[f"{band}-{response}"] = (
                translate(f"seguimiento.band.{band}", language)
                + " · "
                + translate(f"seguimiento.response.{response}", language)
            )
    return labels


@st.cache_data(show_spinner=False, max_entries=16)
def need_display(
    key: Visibility, store_revision: tuple[str, int], scenario_text: str, few: int, language: str
) -> pd.DataFrame:
    """The need-against-response table with readable headings (most need first)."""
    from dashboard.i18n import translate

    table = need_response(key, store_revision, scenario_text, few)["table"]

    def t(name: str) -> str:
        return translate(f"seguimiento.col.{name}", language)

    shown = pd.DataFrame(index=table.index)
    shown[t("rank")] = table["rank"].astype("Int64")
    shown[t("territory")] = table["name"]
    shown[t("score")] = table["score"].round(1)
    shown[t("band")] = [
        translate(f"seguimiento.band.{b}", language) for b in table["priority_band"]
    ]
    shown[t("actions")] = table["actions"]
    shown[t("actions_local")] = table["actions_local"]
    shown[t("actions_wide")] = table["actions_wide"]
    shown[t("institutions")] = table["institutions"]
    shown[t("people")] = table["people"]
    shown[t("response")] = [
        translate(f"seguimiento.response.{r}", language) for r in table["response"]
    ]
    shown.index.name = translate("common.code", language)
    return shown


@st.cache_data(show_spinner=False, max_entries=16)
def public_summary(
    key: Visibility, store_revision: tuple[str, int], language: str = "es"
) -> dict[str, str]:
    """Headline figures of the records ``key`` sees (formatted for the metrics)."""
    from analysis.formatting import format_number
    from analysis.monitoring.analytics import people_per_action, responding

    records = frames(key, store_revision)
    actions = records["actions"]
    kept = responding(actions)
    people = people_per_action(records["reached"], actions.get("people_reached"))
    institutions = set(actions["institution_id"]) | set(records["partners"]["institution_id"])
    return {
        "actions": format_number(len(actions), language, decimals=0),
        "institutions": format_number(len(institutions), language, decimals=0),
        "people": format_number(people.reindex(kept.index).sum(), language, decimals=0),
        "executed": format_number(kept["budget_executed"].sum(), language, decimals=0),
    }


def _heading(name: str, language: str) -> str:
    from dashboard.i18n import translate

    return translate(f"seguimiento.col.{name}", language)


def share_text(value: object, language: str) -> str:
    """A share written as a percentage for a metric («—» when unknown)."""
    from analysis.formatting import format_number

    return format_number(value, language, percent=True, decimals=0, missing="—")


def dimension_label(dimension: str, language: str) -> str:
    """Name of a disaggregation (sex, age group, people)."""
    names = {"sexo": ("Sexo", "Sex"), "edad": ("Grupo de edad", "Age group"),
             "pueblo": ("Pueblo", "People")}  # fmt: skip
    pair = names.get(dimension, (dimension, dimension))
    return pair[1] if language == "en" else pair[0]


def group_labels(dimension: str, language: str) -> dict[str, str]:
    """Labels of the groups of one disaggregation."""
    from analysis.monitoring.models import REACH_GROUPS, label

    return {
        g: label(REACH_GROUPS.get(dimension, {}), g, language)
        for g in REACH_GROUPS.get(dimension, {})
    }


@st.cache_data(show_spinner=False, max_entries=16)
def gaps_display(
    key: Visibility,
    store_revision: tuple[str, int],
    scenario_text: str,
    top: int,
    few: int,
    language: str,
) -> pd.DataFrame:
    """Gaps by theme with readable headings."""
    table = gaps(key, store_revision, scenario_text, top, few)
    return pd.DataFrame(
        {
            _heading("theme", language): [
                vocabulary_label("theme", t, language) for t in table["theme"]
            ],
            _heading("territory", language): table["name"],
            "INE": table["code"],
            _heading("theme_rank", language): table["theme_rank"],
            _heading("theme_score", language): table["theme_score"].round(1),
            _heading("on_theme", language): table["actions_on_theme"],
            _heading("any_theme", language): table["actions_any"],
        }
    )


def pilot_display(
    key: Visibility, store_revision: tuple[str, int], scenario_text: str, language: str
) -> tuple[pd.DataFrame, list[str], dict[str, str]]:
    """Pilot coverage table, its theme columns and their labels."""
    table = pilot_coverage(key, store_revision, scenario_text)
    themes = list(theme_scores(scenario_text).columns)
    labels = {t: vocabulary_label("theme", t, language) for t in themes}
    return table, themes, labels


def pilot_table(
    table: pd.DataFrame, themes: list[str], labels: dict[str, str], language: str
) -> pd.DataFrame:
    """The pilot coverage table with readable headings."""
    shown = table[["name", *themes, "covered"]].rename(
        columns={
            "name": _heading("territory", language),
            "covered": _heading("covered", language),
            **labels,
        }  # fmt: skip
    )
    shown[_heading("missing", language)] = [
        ", ".join(labels.get(t.strip(), t) for t in text.split(",") if t.strip())
        for text in table["missing"]
    ]
    return shown


def status_display(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """Actions by institution and status with readable headings."""
    shown = table.rename(
        columns=lambda s: vocabulary_label("status", s, language) if s != "total" else "Total"
    )
    shown.index = [str(i) if i != "total" else "Total" for i in shown.index]
    shown.index.name = _heading("institution", language)
    return shown


def budget_display(table: pd.DataFrame, name: str, language: str) -> pd.DataFrame:
    """Budget by institution or theme with readable headings and the execution as text."""
    index = (
        [vocabulary_label("theme", t, language) for t in table.index]
        if name == "budget_theme"
        else list(table.index)
    )
    return pd.DataFrame(
        {
            _heading("actions", language): table["actions"].to_numpy(),
            _heading("planned", language): table["planned"].to_numpy(),
            _heading("executed", language): table["executed"].to_numpy(),
            _heading("execution", language): [share_text(v, language) for v in table["execution"]],
            _heading("reported", language): table["reported"].to_numpy(),
        },
        index=pd.Index(
            index, name=_heading("theme" if name == "budget_theme" else "institution", language)
        ),
    )


def reach_display(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """People reached by group against the population, readable."""
    return pd.DataFrame(
        {
            _heading("dimension", language): [
                dimension_label(d, language) for d in table["dimension"]
            ],
            _heading("group", language): [
                group_labels(d, language).get(g, g)
                for d, g in zip(table["dimension"], table["group"], strict=True)
            ],
            _heading("people", language): table["people"].to_numpy(),
            _heading("share", language): [share_text(v, language) for v in table["share"]],
            _heading("population_share", language): [
                share_text(v, language) for v in table["population_share"]
            ],
        }
    )


def results_display(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """Results indicators against baseline and target, readable."""
    return pd.DataFrame(
        {
            _heading("indicator", language): table["name"].astype(str),
            _heading("kind", language): [
                vocabulary_label("kind", k, language) for k in table["kind"]
            ],
            _heading("unit", language): table["unit"],
            _heading("baseline", language): table["baseline"],
            _heading("target", language): table["target"],
            _heading("latest", language): table["latest"],
            _heading("latest_on", language): table["latest_on"]
            .astype(str)
            .str[:10]
            .where(table["latest_on"].notna(), "—"),
            _heading("progress", language): [share_text(v, language) for v in table["progress"]],
            _heading("measurements", language): table["measurements"],
        }
    )


def pairs_display(pairs: pd.DataFrame, language: str) -> pd.DataFrame:
    """Institutions acting together and where, readable."""
    return pd.DataFrame(
        {
            _heading("pair_a", language): pairs["name_a"],
            _heading("pair_b", language): pairs["name_b"],
            _heading("joint", language): pairs["actions"],
            _heading("territories", language): pairs["territories"],
            _heading("where", language): pairs["where"],
        }
    ).sort_values(_heading("joint", language), ascending=False)


def attendance_display(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """Attendance by sector, readable."""
    return pd.DataFrame(
        {
            _heading("institutions", language): table["institutions"].to_numpy(),
            _heading("attended", language): table["attended"].to_numpy(),
            _heading("meetings", language): table["meetings"].to_numpy(),
            _heading("rate", language): [share_text(v, language) for v in table["rate"]],
        },
        index=pd.Index(
            [vocabulary_label("sector", s, language) for s in table.index],
            name=_heading("sector", language),
        ),
    )


def agreements_display(
    table: pd.DataFrame, institutions: pd.DataFrame, language: str
) -> pd.DataFrame:
    """Agreements with their fulfilment, readable (text shown as plain text)."""
    from dashboard.i18n import translate

    names = institutions.set_index("institution_id")["name"]
    return pd.DataFrame(
        {
            _heading("agreement", language): table["text"].astype(str),
            _heading("institution", language): table["institution_id"].map(names),
            _heading("due", language): table["due_on"]
            .astype(str)
            .where(table["due_on"].notna(), "—"),
            _heading("status", language): [
                vocabulary_label("agreement", s, language) for s in table["status"]
            ],
            _heading("timeliness", language): [
                translate(f"seguimiento.agreement.{v}", language) for v in table["timeliness"]
            ],
        }
    )


def meetings_display(
    meetings: pd.DataFrame, attendance: pd.DataFrame, language: str
) -> pd.DataFrame:
    """Meetings held with the number of institutions attending."""
    counts = attendance.groupby("meeting_id").size()
    return pd.DataFrame(
        {
            _heading("date", language): meetings["held_on"].astype(str),
            _heading("meeting_kind", language): [
                vocabulary_label("meeting", k, language) for k in meetings["kind"]
            ],
            _heading("title", language): meetings["title"].fillna("").astype(str),
            _heading("institutions", language): meetings["meeting_id"]
            .map(counts)
            .fillna(0)
            .astype(int)
            .to_numpy(),
        }
    )


# --------------------------------------------------------------------------- writes
# Never cached: each call opens one transaction, and the service checks every rule.
def _write(work):
    from analysis.records.database import session_scope

    with session_scope(engine()) as session:
        return work(session)


def editable_action(principal, action_id: int) -> dict[str, Any]:
    """An action's current fields and version, as the form opens it (the service refuses
    one the principal may not read)."""
    from analysis.monitoring import service
    from analysis.records.database import session_scope

    with session_scope(engine(), readonly=True) as session:
        action = service.get_action(session, principal, action_id)
        state = service.action_state(action)
        state["version"] = int(action.version)
        state["published"] = bool(action.published)
        return state


def save_action(
    principal, values: dict[str, Any], action_id: int | None, expected_version: int | None
) -> tuple[int, int]:
    """Create (``action_id=None``) or update an action; returns its id and new version.

    Raises ``ConflictError`` when ``expected_version`` is stale, ``PermissionDenied`` when
    the principal may not edit that institution's records, ``RaicesError`` naming every
    field that cannot be saved.
    """
    from analysis.monitoring import service

    def work(session):
        if action_id is None:
            action = service.create_action(session, principal, values)
        else:
            action, _ = service.update_action(
                session, principal, action_id, values, expected_version=expected_version
            )
        session.flush()
        return int(action.id), int(action.version)

    return _write(work)


def save_indicator(principal, values: dict[str, Any]) -> int:
    """Create a results indicator (draft)."""
    from analysis.monitoring import service

    return _write(lambda session: int(service.create_indicator(session, principal, values).id))


def save_measurement(principal, indicator_id: int, measured_on, value) -> int:
    """Record a measurement of an indicator (draft)."""
    from analysis.monitoring import service

    return _write(
        lambda session: int(
            service.add_measurement(
                session, principal, indicator_id, measured_on=measured_on, value=value
            ).id
        )
    )


def save_meeting(
    principal,
    values: dict[str, Any],
    attending: list[int],
    meeting_id: int | None = None,
    expected_version: int | None = None,
) -> tuple[int, int]:
    """Record a meeting and the institutions present, or change one (secretariat);
    returns its id and new version."""
    from analysis.monitoring import service

    def work(session):
        if meeting_id is None:
            meeting = service.create_meeting(session, principal, values, attending)
        else:
            meeting = service.update_meeting(
                session,
                principal,
                meeting_id,
                values,
                attending=attending,
                expected_version=expected_version,
            )
        session.flush()
        return int(meeting.id), int(meeting.version)

    return _write(work)


def save_agreement(
    principal, values: dict[str, Any], agreement_id: int | None, expected_version: int | None
) -> tuple[int, int]:
    """Create or update an agreement; returns its id and new version."""
    from analysis.monitoring import service

    def work(session):
        if agreement_id is None:
            agreement = service.create_agreement(session, principal, values)
        else:
            agreement = service.update_agreement(
                session, principal, agreement_id, values, expected_version=expected_version
            )
        session.flush()
        return int(agreement.id), int(agreement.version)

    return _write(work)


def publish(principal, items: list[tuple[str, int, int]]) -> int:
    """Publish records ``(table, id, version)`` (secretariat); returns how many."""
    from analysis.monitoring import service

    def work(session):
        for table, record_id, version in items:
            service.set_published(
                session, principal, table, record_id, True, expected_version=version
            )
        return len(items)

    return _write(work)


def create_institution(principal, values: dict[str, Any]) -> int:
    """Add a member institution (secretariat)."""
    from analysis.records.institutions import create_institution as create

    return _write(lambda session: int(create(session, principal, **values).id))


def action_type_choices() -> dict[str, tuple[str, str]]:
    """Configured types of action (code → Spanish, English)."""
    from analysis.monitoring import service
    from analysis.records.database import session_scope

    with session_scope(engine(), readonly=True) as session:
        return service.action_types(session)


def drafts(records: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Unpublished records among ``records``: ``table``, ``id``, ``version``, ``text``."""
    rows = []
    sources = (
        ("actions", records["actions"].reset_index(), "action_id", "title"),
        ("indicators", records["indicators"], "indicator_id", "name"),
        ("measurements", records["measurements"], "measurement_id", "value"),
        ("meetings", records["meetings"], "meeting_id", "title"),
        ("agreements", records["agreements"], "agreement_id", "text"),
    )
    for table, frame, id_column, text_column in sources:
        pending = frame[~frame["published"].astype(bool)]
        for row in pending.itertuples(index=False):
            rows.append(
                {
                    "table": table,
                    "id": int(getattr(row, id_column)),
                    "version": int(row.version),
                    "text": str(getattr(row, text_column))[:80],
                }
            )
    return pd.DataFrame(rows, columns=["table", "id", "version", "text"])


def vocabulary_codes(kind: str) -> list[str]:
    """Codes of a vocabulary, in their declared order (see :func:`vocabulary_label`)."""
    from analysis.monitoring import models
    from analysis.records.institutions import SECTORS

    vocabularies = {
        "theme": models.THEMES,
        "commission": models.COMMISSIONS,
        "status": models.ACTION_STATUSES,
        "type": models.DEFAULT_ACTION_TYPES,
        "sector": SECTORS,
        "meeting": models.MEETING_KINDS,
        "kind": models.INDICATOR_KINDS,
        "agreement": models.AGREEMENT_STATUSES,
    }
    return list(vocabularies[kind])


def drafts_display(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """Drafts waiting for publication, readable."""
    from dashboard.i18n import translate

    return pd.DataFrame(
        {
            _heading("table", language): [
                translate(f"seguimiento.table.{t}", language) for t in table["table"]
            ],
            "id": table["id"],
            _heading("text", language): table["text"],
            _heading("version", language): table["version"],
        }
    )


def institutions_display(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """Member institutions, readable (contacts only when the frame carries them)."""
    shown = pd.DataFrame({"id": table["institution_id"]})
    shown[_heading("name", language)] = table["name"]
    shown[_heading("acronym", language)] = table["acronym"]
    shown[_heading("sector", language)] = [
        vocabulary_label("sector", s, language) for s in table["sector"]
    ]
    shown[_heading("official", language)] = table["official"].map({True: "✓", False: ""})
    for column in ("contact_name", "contact_email", "contact_phone"):
        if column in table:
            shown[_heading(column, language)] = table[column]
    return shown
