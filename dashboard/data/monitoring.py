"""Cached calls for the monitoring pages (the "seguimiento" section of :mod:`dashboard.data`).

Every computation lives in :mod:`analysis.monitoring` (``need``, ``progress``,
``coordination``, ``functioning``, ``listings``, ``labels``); each function here calls one
of them on cached inputs and puts the screen's headings (:mod:`dashboard.i18n`) on the
tables it returns.

The operational store changes while the app runs, so nothing read from it is cached by
time: every cached reader takes the store's *revision* (the id of its newest audit row,
which every change writes) as part of its key. A save bumps the revision, so the next
rerun reads fresh records, and an unchanged store is read once. Caches are keyed by the
principal's *visibility* (public, one institution's editor, secretariat), never by the
principal object, and hold no personal data for the public.

The engine is a process-wide connection pool (``st.cache_resource``): sessions share the
pool, not any record. Writes are in :mod:`dashboard.data.monitoring_writes` (never cached).
"""

from __future__ import annotations

import os
from datetime import date

import pandas as pd
import streamlit as st

from analysis.monitoring import coordination as coordination_view
from analysis.monitoring import functioning as functioning_view
from analysis.monitoring import labels, listings, need
from analysis.monitoring import progress as progress_view
from analysis.monitoring.frames import COMMISSION_THEMES, MonitoringRecords
from analysis.priority.run import pilot_set
from dashboard import data
from dashboard.data import base
from dashboard.i18n import STRINGS, translate

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
def frames(key: Visibility, store_revision: tuple[str, int]) -> MonitoringRecords:
    """Every record ``key`` may see (published only for the public; no contact data but
    for allowed principals): :func:`analysis.monitoring.frames.load_frames`."""
    from analysis.monitoring.frames import load_frames

    del store_revision  # part of the cache key only
    return load_frames(engine(), principal_from(key))


def current_frames(principal) -> MonitoringRecords:
    """:func:`frames` for ``principal`` at the store's current revision."""
    return frames(visibility(principal), revision())


def is_empty(records: MonitoringRecords) -> bool:
    """Whether there is nothing to show yet (no institution and no action)."""
    return records.empty


def _headed(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """``table`` with the screen's headings: each column id (and the index name) that has
    a ``seguimiento.col.<id>`` string takes it; an index named ``code`` reads «Código INE»."""

    def heading(name: object) -> object:
        key = f"seguimiento.col.{name}"
        return translate(key, language) if key in STRINGS else name

    name = table.index.name
    if name == "code":
        name = translate("common.code", language)
    elif name is not None:
        name = heading(name)
    # rename_axis: a new index, so the cached table keeps its own name
    return table.rename(columns=heading).rename_axis(name)


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
    return need.need_of(_run(scenario_text))


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
def need_result(
    key: Visibility, store_revision: tuple[str, int], scenario_text: str, few: int = 1
) -> need.NeedResponse:
    """:func:`analysis.monitoring.need.need_against_response` on the records ``key`` sees."""
    records = frames(key, store_revision)
    level = data.parse_scenario(scenario_text).level
    return need.need_against_response(
        need_table(scenario_text),
        records.actions,
        records.places,
        data.territories(level),
        reached=records.reached,
        level=level,
        few=few,
    )


@st.cache_data(show_spinner=False, max_entries=16)
def gaps(
    key: Visibility, store_revision: tuple[str, int], scenario_text: str, top: int, few: int
) -> pd.DataFrame:
    """High-priority territories per theme with no or few actions on the theme."""
    records = frames(key, store_revision)
    level = data.parse_scenario(scenario_text).level
    return need.gaps_by_theme(
        theme_scores(scenario_text),
        records.actions,
        records.places,
        data.territories(level),
        names=data.territory_names(level),
        top=top,
        few=few,
        theme_of=COMMISSION_THEMES,
        level=level,
    )


@st.cache_data(show_spinner=False, max_entries=8)
def pilot_codes(scenario_text: str) -> list[int]:
    """Pilot territories of a scenario (:func:`analysis.priority.run.pilot_set`)."""
    return list(pilot_set(_run(scenario_text)).codes)


@st.cache_data(show_spinner=False, max_entries=16)
def pilot_coverage(
    key: Visibility, store_revision: tuple[str, int], scenario_text: str, language: str = "es"
) -> need.PilotCoverage:
    """Actions per (pilot territory, theme), the themes left uncovered and their labels."""
    records = frames(key, store_revision)
    level = data.parse_scenario(scenario_text).level
    return need.pilot_coverage(
        pilot_codes(scenario_text),
        list(theme_scores(scenario_text).columns),
        records.actions,
        records.places,
        data.territories(level),
        names=data.territory_names(level),
        theme_of=COMMISSION_THEMES,
        language=language,
        level=level,
    )


@st.cache_data(show_spinner=False, max_entries=16)
def need_map_frame(
    key: Visibility, store_revision: tuple[str, int], scenario_text: str, few: int, language: str
) -> pd.DataFrame:
    """Need × response per municipio, ready for the bivariate map: ``name``, ``category``
    (``"<band>-<response>"``) and the hover ``detail``."""
    return need.need_map_frame(
        need_result(key, store_revision, scenario_text, few),
        detail=translate("seguimiento.need.detail", language),
    )


def need_map_labels(language: str) -> dict[str, str]:
    """Legend text of each need × response category."""
    return {
        f"{band}-{response}": translate(f"seguimiento.band.{band}", language)
        + " · "
        + translate(f"seguimiento.response.{response}", language)
        for band in need.PRIORITY_BANDS
        for response in need.RESPONSES
    }


@st.cache_data(show_spinner=False, max_entries=16)
def need_display(
    key: Visibility, store_revision: tuple[str, int], scenario_text: str, few: int, language: str
) -> pd.DataFrame:
    """The need-against-response table with readable headings (most need first)."""
    bands = (*need.PRIORITY_BANDS, need.NO_BAND)
    table = need.need_table(
        need_result(key, store_revision, scenario_text, few),
        band_labels={b: translate(f"seguimiento.band.{b}", language) for b in bands},
        response_labels={
            r: translate(f"seguimiento.response.{r}", language) for r in need.RESPONSES
        },
    )
    return _headed(table, language)


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
    table = need.gaps_table(gaps(key, store_revision, scenario_text, top, few), language=language)
    return _headed(table, language)


def pilot_table(coverage: need.PilotCoverage, language: str) -> pd.DataFrame:
    """The pilot coverage table with readable headings."""
    return _headed(need.pilot_table(coverage), language)


# --------------------------------------------------------------------------- progress
@st.cache_data(show_spinner=False, max_entries=16)
def progress(key: Visibility, store_revision: tuple[str, int]) -> progress_view.Progress:
    """Actions by status and institution, budget by institution and by theme, results."""
    return progress_view.progress(frames(key, store_revision))


@st.cache_data(show_spinner=False, max_entries=16)
def reach(key: Visibility, store_revision: tuple[str, int]) -> pd.DataFrame:
    """People reached by group beside the population share of the same municipios."""
    records = frames(key, store_revision)
    return progress_view.reach_against_population(
        records.reached, records.places, base.indicators("municipio")
    )


def status_display(table: pd.DataFrame, language: str, totals: bool = True) -> pd.DataFrame:
    """Actions by institution and status with readable headings (and the totals)."""
    return _headed(progress_view.status_table(table, language=language, totals=totals), language)


def budget_display(table: pd.DataFrame, by: str, language: str) -> pd.DataFrame:
    """Budget by ``by`` (institution or theme) with readable headings, execution as text."""
    return _headed(progress_view.budget_table(table, by=by, language=language), language)


def budget_chart(table: pd.DataFrame, by: str, language: str) -> pd.DataFrame:
    """Budget by ``by`` with its rows named for the reader (the chart's input)."""
    return progress_view.labelled_budget(table, by=by, language=language)


def reach_display(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """People reached by group against the population, readable."""
    return _headed(progress_view.reach_table(table, language=language), language)


def results_display(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """Results indicators against baseline and target, readable."""
    return _headed(progress_view.results_table(table, language=language), language)


# --------------------------------------------------------------------------- coordination
@st.cache_data(show_spinner=False, max_entries=16)
def coordination(
    key: Visibility, store_revision: tuple[str, int]
) -> coordination_view.Coordination:
    """Pairs of institutions acting together (and where) and the matrix of joint actions."""
    return coordination_view.coordination(
        frames(key, store_revision), territory_names=_place_names()
    )


def _place_names() -> dict[int, str]:
    names = dict(data.territory_names("municipio"))
    names.update(data.territory_names("departamento"))
    return {int(k): str(v) for k, v in names.items()}


def pairs_display(pairs: pd.DataFrame, language: str) -> pd.DataFrame:
    """Institutions acting together and where, readable."""
    return _headed(coordination_view.pairs_table(pairs), language)


# --------------------------------------------------------------------------- MMM functioning
@st.cache_data(show_spinner=False, max_entries=16)
def functioning(
    key: Visibility, store_revision: tuple[str, int], as_of: str
) -> functioning_view.Functioning:
    """Meetings, attendance by sector and agreements fulfilled on time (as of a date)."""
    return functioning_view.functioning(
        frames(key, store_revision), as_of=date.fromisoformat(as_of)
    )


def sector_names(attendance: pd.DataFrame, language: str) -> list[str]:
    """Labels of the sectors of an attendance table (the chart's bars)."""
    return functioning_view.sector_labels(attendance, language=language)


def attendance_display(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """Attendance by sector, readable."""
    return _headed(functioning_view.attendance_table(table, language=language), language)


def agreements_display(
    table: pd.DataFrame, institutions: pd.DataFrame, language: str
) -> pd.DataFrame:
    """Agreements with their fulfilment, readable (text shown as plain text)."""
    shown = functioning_view.agreements_table(
        table,
        institutions,
        timeliness_labels={
            t: translate(f"seguimiento.agreement.{t}", language)
            for t in functioning_view.TIMELINESS
        },
        language=language,
    )
    return _headed(shown, language)


def meetings_display(
    meetings: pd.DataFrame, attendance: pd.DataFrame, language: str
) -> pd.DataFrame:
    """Meetings held with the number of institutions attending."""
    return _headed(
        functioning_view.meetings_table(meetings, attendance, language=language), language
    )


# --------------------------------------------------------------------------- records to read
@st.cache_data(show_spinner=False, max_entries=16)
def actions_table(key: Visibility, store_revision: tuple[str, int], language: str) -> pd.DataFrame:
    """Actions ``key`` sees, one row each, with readable headings (index: action id)."""
    table = listings.actions_listing(
        frames(key, store_revision),
        municipio_names=data.territory_names("municipio").to_dict(),
        departamento_names=data.territory_names("departamento").to_dict(),
        language=language,
        with_published=key[0] != "public",
    )
    return _headed(table, language)


@st.cache_data(show_spinner=False, max_entries=16)
def public_summary(
    key: Visibility, store_revision: tuple[str, int], language: str = "es"
) -> listings.Headline:
    """Headline figures of the records ``key`` sees (formatted for the metrics)."""
    return listings.headline(frames(key, store_revision), language=language)


def drafts(records: MonitoringRecords) -> pd.DataFrame:
    """Unpublished records among ``records``: ``table``, ``id``, ``version``, ``text``."""
    return listings.drafts(records)


def drafts_display(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """Drafts waiting for publication, readable."""
    names = {
        name: translate(f"seguimiento.table.{name}", language)
        for name, _, _ in listings.DRAFT_SOURCES
    }
    return _headed(listings.drafts_table(table, table_labels=names), language)


def institutions_display(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """Member institutions, readable (contacts only when the frame carries them)."""
    return _headed(listings.institutions_table(table, language=language), language)


# --------------------------------------------------------------------------- vocabularies
def vocabulary_label(kind: str, code: object, language: str = "es") -> str:
    """Label of a vocabulary code (:func:`analysis.monitoring.labels.vocabulary_label`)."""
    return labels.vocabulary_label(kind, code, language)


def vocabulary_codes(kind: str) -> list[str]:
    """Codes of a vocabulary in their declared order
    (:func:`analysis.monitoring.labels.vocabulary_codes`)."""
    return labels.vocabulary_codes(kind)


def share_text(value: object, language: str) -> str:
    """A share written as a percentage for a metric («—» when unknown)."""
    return labels.share_text(value, language)


def dimension_label(dimension: str, language: str) -> str:
    """Name of a disaggregation (sex, age group, people)."""
    return labels.dimension_label(dimension, language)


def group_labels(dimension: str, language: str) -> dict[str, str]:
    """Labels of the groups of one disaggregation."""
    return labels.group_labels(dimension, language)


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
        from analysis.monitoring.actions import action_types

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


# --------------------------------------------------------------------------- configuration
def action_type_choices() -> dict[str, tuple[str, str]]:
    """Configured types of action (code → Spanish, English)."""
    from analysis.monitoring.actions import action_types
    from analysis.records.database import session_scope

    with session_scope(engine(), readonly=True) as session:
        return action_types(session)
