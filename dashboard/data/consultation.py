"""Cached calls for the consultation pages (the participant form and the secretariat's results).

The operational store changes while the app runs: every cached reader takes the store's
*revision* (id of its newest audit row, bumped by every submission) in its key, as the
monitoring pages do, and uses the same process-wide engine
(:func:`dashboard.data.monitoring.engine`). Keys are small: round ids, the revision, a
rule name, a language — never a user's text. Writes go straight to
:mod:`analysis.consultation.service` and are never cached.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd
import streamlit as st

from analysis.consultation import service
from analysis.consultation.results import RoundResult, analyse_round
from analysis.consultation.spec import RoundSpec
from analysis.records.database import session_scope
from dashboard import data
from dashboard.data.monitoring import engine, revision

__all__ = ["engine", "revision"]


def _with_labels(spec: RoundSpec, language: str = "es") -> RoundSpec:
    labels = dict(data.theme_labels(language))
    catalog = data.catalog()
    column = "label_en" if language == "en" else "label_es"
    for item in spec.items:
        if item not in labels and item in catalog.index and column in catalog:
            labels[item] = str(catalog.at[item, column])
    return dataclasses.replace(spec, labels={i: str(labels.get(i, i)) for i in spec.items})


@st.cache_data(show_spinner=False, max_entries=8)
def rounds(store_revision: int) -> pd.DataFrame:
    """Every round with its number of submissions (newest first)."""
    del store_revision  # part of the cache key only
    with session_scope(engine(), readonly=True) as session:
        return service.list_rounds(session)


@st.cache_data(show_spinner=False, max_entries=32)
def round_spec(round_id: int, store_revision: int, language: str = "es") -> RoundSpec:
    """A round by id, with its items' labels in ``language``."""
    del store_revision
    with session_scope(engine(), readonly=True) as session:
        return _with_labels(service.get_round(session, int(round_id)), language)


def round_by_link(link: str, language: str = "es") -> RoundSpec:
    """The round behind a link id (not cached: the key would be the visitor's text)."""
    with session_scope(engine(), readonly=True) as session:
        return _with_labels(service.round_by_link(session, link), language)


@st.cache_data(show_spinner=False, max_entries=2)
def weighable_themes(level: str) -> list[str]:
    """Themes a round can weigh at ``level``: those with indicators in the default scenario."""
    from analysis.consultation.consequences import weighable_themes as themes_with_indicators
    from analysis.priority.scenario import load_preset

    base = dataclasses.replace(load_preset(), level=level)
    return themes_with_indicators(base, data.catalog())


def territory_options(level: str) -> pd.Series:
    """INE code -> name of the territories a participant may choose, sorted by name."""
    return data.territory_names(level).sort_values()


def submit(link: str, answer: dict[str, Any], replaces: str | None = None) -> service.Receipt:
    """Store a participant's answer (the public principal; see :func:`service.submit`)."""
    spec = round_by_link(link)
    valid = [int(c) for c in data.territory_names(spec.level).index]
    with session_scope(engine()) as session:
        return service.submit(session, link, answer, territories=valid, replaces=replaces)


def open_round(principal, spec: RoundSpec) -> RoundSpec:
    """Open a round (the store checks that ``principal`` is the secretariat)."""
    with session_scope(engine()) as session:
        return service.open_round(session, principal, spec)


def set_status(principal, round_id: int, status: str) -> RoundSpec:
    """Close or reopen a round (secretariat only, checked by the store)."""
    with session_scope(engine()) as session:
        return service.set_round_status(session, principal, int(round_id), status)


def save_consensus(principal, round_id: int, scenario_toml: str) -> str:
    """Keep the consensus scenario in the store (secretariat only); returns its fingerprint."""
    with session_scope(engine()) as session:
        return service.save_consensus(session, principal, int(round_id), scenario_toml)


def import_workshop(principal, round_id: int, name: str, content: bytes, language: str = "es"):
    """Check an uploaded workshop spreadsheet and store it whole, or return its problems.

    Returns the :class:`analysis.consultation.importer.WorkshopImport`; its ``problems``
    are empty when every row was stored.
    """
    import tempfile
    from pathlib import Path

    from analysis.consultation.importer import read_workshop
    from analysis.export.safety import safe_filename

    spec = round_spec(int(round_id), revision(), language)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / safe_filename(name, default="planilla.xlsx")
        path.write_bytes(content)
        with session_scope(engine(), readonly=True) as session:
            taken = service.existing_codes(session, int(round_id))
        workshop = read_workshop(path, spec, data.territory_names(spec.level), existing_codes=taken)
    workshop.file = name
    if workshop.ok:
        with session_scope(engine()) as session:
            service.import_workshop(session, principal, int(round_id), workshop)
    return workshop


@st.cache_data(show_spinner=False, max_entries=8)
def template_bytes(round_id: int, store_revision: int) -> bytes:
    """The workshop spreadsheet of a round (XLSX)."""
    from analysis.consultation.template import template_bytes as build

    spec = round_spec(int(round_id), store_revision, "es")
    return build(spec, data.territory_names(spec.level))


@st.cache_data(show_spinner=False, max_entries=4)
def round_result(
    round_id: int, store_revision: int, rule: str | None = None, language: str = "es"
) -> RoundResult:
    """Everything the results page shows for a round (computed once per store revision)."""
    spec = round_spec(int(round_id), store_revision, language)
    with session_scope(engine(), readonly=True) as session:
        responses = service.round_responses(session, int(round_id))
    return analyse_round(
        spec,
        responses,
        data.index_data(spec.level),
        data.territory_names("departamento"),
        rule=rule,
    )


@st.cache_data(show_spinner=False, max_entries=4)
def report_pdf(round_id: int, store_revision: int, rule: str | None = None) -> bytes:
    """The consultation report (Spanish PDF) of a round."""
    import tempfile
    from pathlib import Path

    from analysis.consultation.report import write_report

    result = round_result(int(round_id), store_revision, rule, "es")
    with tempfile.TemporaryDirectory() as folder:
        path = write_report(
            result,
            Path(folder) / "informe.pdf",
            names=data.territory_names(result.spec.level),
            departamentos=data.territory_names("departamento"),
        )
        return path.read_bytes()


def consensus_toml(result: RoundResult) -> str:
    """The consensus scenario as TOML (for the scenario pages and the download)."""
    return result.consensus.to_toml()
