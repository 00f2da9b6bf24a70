"""One territory against its departamento and the country: its profile, the fragility of
its data, its priority in the base scenario and its one-page context report.

Cached calls of :mod:`analysis.profile` and :mod:`analysis.report.context`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

from analysis import profile
from analysis.errors import RaicesError
from analysis.formatting import format_number
from analysis.priority import explain
from dashboard.data.base import (
    LEVELS,
    catalog,
    indicators,
    national_values,
    quality_issues,
    standard_errors,
    territory_names,
    theme_labels,
)
from dashboard.data.exports import figure_bytes, stamp
from dashboard.data.scenarios import base_scenario_text, parse_scenario, scenario_run
from dashboard.i18n import translate

__all__ = [
    "ContextReport",
    "TerritoryPriority",
    "context_report",
    "need_percentiles",
    "profile_display",
    "profile_table",
    "reliability_notes",
    "territory_priority",
]


@st.cache_data(show_spinner=False, max_entries=len(LEVELS))
def need_percentiles(level: str = "municipio") -> pd.DataFrame:
    """Percentile (0–100) of each territory for each indicator, 100 = most need."""
    return profile.need_percentiles(indicators(level), catalog())


@st.cache_data(show_spinner=False, max_entries=64)
def profile_table(level: str, code: int, language: str = "es") -> pd.DataFrame:
    """One row per indicator: value here, in the departamento, nationally, percentile, SE
    (:func:`analysis.profile.profile_table`), with the theme's label."""
    try:
        frame = profile.profile_table(
            code,
            values=indicators(level),
            catalog=catalog(),
            national=national_values(),
            language=language,
            department_values=indicators("departamento") if level == "municipio" else None,
            standard_errors=standard_errors(level),
            percentiles=need_percentiles(level),
        )
    except KeyError:
        raise RaicesError(
            f"el territorio {code} no existe a nivel {level}", column="code"
        ) from None
    frame.insert(2, "theme_label", frame["theme"].map(theme_labels(language)))
    return frame


def profile_display(table: pd.DataFrame, language: str = "es") -> pd.DataFrame:
    """The profile for people: headers in ``language`` and numbers written for its reader."""

    def written(column: str) -> list[str]:
        return [format_number(v, language) for v in table[column]]

    shown = pd.DataFrame(
        {
            translate("common.indicator", language): table["label"],
            translate("perfil.col.territory", language): written("value"),
        }
    )
    if "department" in table:
        shown[translate("perfil.col.department", language)] = written("department")
    shown[translate("perfil.col.national", language)] = written("national")
    shown[translate("perfil.col.percentile", language)] = table["percentile"].round(0)
    shown[translate("common.unit", language)] = table["unit"]
    shown[translate("common.theme", language)] = table["theme_label"]
    return shown.reset_index(drop=True)


def reliability_notes(level: str, code: int, language: str = "es") -> list[str]:
    """Plain-language notes on what makes this territory's data fragile."""
    notes = profile.reliability_notes(profile_table(level, code, language), quality_issues(), code)
    out = []
    for note in notes:
        if note.kind == "high_cv":
            out.append(
                translate(
                    "perfil.reliability.high_cv",
                    language,
                    label=note.labels[0],
                    cv=format_number(note.cv, language, percent=True, decimals=0),
                    limit=format_number(profile.CV_LIMIT, language, percent=True, decimals=0),
                )
            )
        elif note.kind == "se_unknown":
            out.append(
                explain.se_flag_note(
                    territory_names(level).get(code, str(code)), note.labels, language=language
                )
            )
        elif note.kind == "missing":
            out.append(
                translate("perfil.reliability.missing", language, labels=", ".join(note.labels))
            )
        else:
            out.append(note.detail)
    return out


@dataclass(frozen=True)
class TerritoryPriority:
    """Rank, statistical band, score, coverage and theme contributions of one territory
    under the base scenario."""

    rank: int
    n: int
    score: float
    coverage: float
    rank_low: int
    rank_high: int
    contributions: pd.Series
    hash: str


def territory_priority(level: str, code: int) -> TerritoryPriority | None:
    """Where ``code`` stands in the base scenario (``None`` when it has no rank)."""
    run = scenario_run(base_scenario_text(level)).run
    table = run.table
    if code not in table.index or pd.isna(table.at[code, "rank"]):
        return None
    rank = int(table.at[code, "rank"])
    low, high = table.at[code, "rank_p05"], table.at[code, "rank_p95"]
    return TerritoryPriority(
        rank=rank,
        n=int(table["rank"].notna().sum()),
        score=float(table.at[code, "score"]),
        coverage=float(table.at[code, "coverage"]),
        rank_low=int(low) if pd.notna(low) else rank,
        rank_high=int(high) if pd.notna(high) else rank,
        contributions=run.model.contributions_.loc[code],
        hash=run.hash,
    )


@dataclass(frozen=True)
class ContextReport:
    """Deferred makers of the one-page context analysis: ``pdf`` (municipios only) and
    ``png``; each a no-argument callable, so a file is made only when its button is
    clicked."""

    pdf: Callable[[], bytes] | None
    png: Callable[[], bytes]


def context_report(level: str, code: int, language: str = "es") -> ContextReport:
    """The context analysis of one territory (:mod:`analysis.report.context`, base
    scenario): PDF for municipios, and the first page as PNG (or the offline percentile
    chart)."""
    run_hash = scenario_run(base_scenario_text(level)).run.hash
    chart = partial(_profile_png, level, int(code), language, stamp(run_hash, language))
    if level == "municipio":
        return ContextReport(
            partial(_context_pdf, int(code)), partial(_context_png, int(code), chart)
        )
    return ContextReport(None, chart)


def _context_png(code: int, fallback) -> bytes:
    """First page of the context PDF as PNG (``pdftoppm``), or the offline percentile
    chart when poppler is not installed."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    if shutil.which("pdftoppm") is None:
        return fallback()
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "perfil.pdf"
        pdf.write_bytes(_context_pdf(code))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
             str(pdf), str(Path(folder) / "page")],
            check=True,
            capture_output=True,
            timeout=60,
        )  # fmt: skip
        return (Path(folder) / "page.png").read_bytes()


@st.cache_data(show_spinner=False, max_entries=16)
def _context_pdf(code: int) -> bytes:
    import tempfile
    from pathlib import Path

    from analysis.report.context import prepare, write_report

    text = base_scenario_text("municipio")
    report = prepare(parse_scenario(text), run=scenario_run(text).run)
    with tempfile.TemporaryDirectory() as folder:
        return write_report(Path(folder) / "perfil.pdf", codes=[code], data=report).read_bytes()


@st.cache_data(show_spinner=False, max_entries=16)
def _profile_png(level: str, code: int, language: str, stamp_text: str) -> bytes:
    from analysis import plotting

    table = profile_table(level, code, language)
    figure = plotting.contribution_bars(
        table.set_index("label")["percentile"].dropna(),
        title=territory_names(level)[code],
        xlabel=translate("perfil.percentile_axis", language),
        decimals=0,
        footer=stamp_text,
        figsize=(7.5, max(3.6, 0.22 * len(table) + 1.2)),
    )
    return figure_bytes(figure, "png")
