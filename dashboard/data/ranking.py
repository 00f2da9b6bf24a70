"""What pages show of a scenario run: the score map, the ranked table, the band chart's
rows, the constraint costs, the theme maps and the comparison of scenarios.

Everything here reads a :class:`~analysis.priority.run.ScenarioRun` (from
:func:`dashboard.data.scenarios.scenario_run`) and shapes it for people; nothing
recomputes it. Columns the engine adds later (method range, P(in pilot)…) are shown when
present.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.defaults import DEFAULT_K
from analysis.errors import RaicesError
from analysis.formatting import format_number
from analysis.priority import explain
from analysis.priority.comparison import compare_rankings
from analysis.priority.run import ScenarioRun, pilot_set
from dashboard.data.base import territory_names
from dashboard.data.indicators import rank_texts
from dashboard.data.scenarios import (
    base_scenario_text,
    preset_name,
    preset_toml,
    presets,
    scenario_run,
)
from dashboard.i18n import translate

__all__ = [
    "ComparisonView",
    "CostSummary",
    "band_rows",
    "ranking_export",
    "scenario_pdf",
    "theme_headers",
    "uncertainty_sentences",
    "methods_notes",
    "compare_scenarios",
    "comparison_choices",
    "constraint_costs",
    "pilot_codes",
    "ranking_display",
    "score_map_frame",
    "theme_map_frame",
    "top_priorities",
]


def methods_notes(language: str = "es") -> list[str]:
    """The engine's own plain-language account of the two bands, the standard-error rule
    and the robust pilot (:mod:`analysis.priority.explain`), for the methods page."""
    return [
        explain.bands_text(k=DEFAULT_K, language=language),
        explain.se_rule_text(language=language),
        explain.robust_pilot_text(language=language),
    ]


def pilot_codes(run: ScenarioRun) -> list[int]:
    """Codes of the pilot set, best rank first (:func:`analysis.priority.run.pilot_set`:
    the constrained selection, else the first k ranks)."""
    return list(pilot_set(run).codes)


def _band_text(low: object, high: object) -> str:
    return f"{int(low)}–{int(high)}" if pd.notna(low) and pd.notna(high) else "–"


def score_map_frame(run: ScenarioRun, language: str = "es") -> pd.DataFrame:
    """Priority score of a run ready to map: name, value, rank text (with its band),
    coverage."""
    frame = pd.DataFrame({"name": territory_names(run.level)})
    table = run.table.reindex(frame.index)
    frame["value"] = table["score"]
    frame["rank"] = table["rank"].astype("Int64")
    texts = rank_texts(table["rank"], language)
    if table["rank_p05"].notna().any():
        texts = [
            f"{text} ({_band_text(low, high)})" if pd.notna(low) else text
            for text, low, high in zip(texts, table["rank_p05"], table["rank_p95"], strict=True)
        ]
    frame["rank_text"] = texts
    frame["coverage"] = table["coverage"]
    frame["coverage_text"] = [
        format_number(c, language, percent=True, decimals=0) for c in table["coverage"]
    ]
    return frame


def ranking_display(run: ScenarioRun, language: str = "es") -> pd.DataFrame:
    """The ranked table for people: «Piloto» first, then rank, territory, score, the
    statistical band, the range across methods, P(top k), P(in pilot), coverage."""
    table = run.table
    k = run.k
    shown = pd.DataFrame(index=table.index)
    if run.selection is not None:
        shown[translate("prior.col.pilot", language)] = table.get(
            "selected", pd.Series(False, index=table.index)
        ).astype(bool)
    shown[translate("common.rank", language)] = table["rank"].astype("Int64")
    shown[translate("common.territory", language)] = table["name"]
    shown[translate("common.score", language)] = table["score"].round(1)
    if table["rank_p05"].notna().any():
        shown[translate("prior.col.band", language)] = [
            _band_text(a, b) for a, b in zip(table["rank_p05"], table["rank_p95"], strict=True)
        ]
    if "method_rank_min" in table and table["method_rank_min"].notna().any():
        shown[translate("prior.col.method_range", language)] = [
            _band_text(a, b)
            for a, b in zip(table["method_rank_min"], table["method_rank_max"], strict=True)
        ]
    if table["p_top_k"].notna().any():
        shown[translate("prior.p_top", language, k=k)] = table["p_top_k"]
    if "p_in_pilot" in table and table["p_in_pilot"].notna().any():
        shown[translate("prior.col.p_pilot", language)] = table["p_in_pilot"]
    if "uncertainty_driver" in table and table["uncertainty_driver"].notna().any():
        shown[translate("prior.col.driver", language)] = [
            explain.driver_label(d, language) for d in table["uncertainty_driver"]
        ]
    shown[translate("common.coverage", language)] = [
        format_number(c, language, percent=True, decimals=0) for c in table["coverage"]
    ]
    shown.index.name = translate("common.code", language)
    return shown


def band_rows(run: ScenarioRun, extra: int = 10) -> pd.DataFrame:
    """Rows of the band chart: the first ``k + extra`` ranks and every pilot territory,
    whatever its rank (a constraint can pull a territory from far down)."""
    table = run.table
    wanted = table["rank"] <= run.k + extra
    if "selected" in table:
        wanted |= table["selected"].astype(bool)
    columns = [c for c in ("name", "rank", "rank_p05", "rank_p95", "method_rank_min",
                           "method_rank_max", "selected") if c in table]  # fmt: skip
    return table.loc[wanted, columns].rename(
        columns={"rank_p05": "rank_low", "rank_p95": "rank_high"}
    )


@dataclass(frozen=True)
class CostSummary:
    """What the pilot's constraints cost: one row per constraint (alone, all others kept)
    and the engine's sentence on the joint cost of all of them together."""

    table: pd.DataFrame
    note: str


def constraint_costs(run: ScenarioRun, language: str = "es") -> CostSummary | None:
    """The cost of each active constraint in points of total priority and in percent."""
    selection = run.selection
    if selection is None or selection.costs is None or selection.costs.empty:
        return None
    total = float(selection.unconstrained_objective or float("nan"))
    lines = explain.constraint_costs(
        selection, run.scenario.pilot, language, territory_names(run.level).to_dict()
    )
    table = pd.DataFrame(
        {
            translate("prior.cost.constraint", language): [text for text, _ in lines],
            translate("prior.cost.points", language): [
                format_number(cost, language, decimals=2) for _, cost in lines
            ],
            translate("prior.cost.share", language): [
                format_number(cost / total, language, percent=True) if total else "–"
                for _, cost in lines
            ],
        }
    )
    return CostSummary(table, explain.costs_note(selection, language))


def uncertainty_sentences(run: ScenarioRun, language: str = "es") -> list[str]:
    """The engine's plain sentences (:mod:`analysis.priority.explain`) for this run: how
    stable the pilot is over the draws, and what the two bands mean."""
    out = []
    if run.robust is not None and run.selection is not None:
        out.append(explain.robust_pilot_sentence(run.robust, pilot_codes(run), language=language))
    if run.draws > 0:
        out.append(explain.bands_text(k=run.k, language=language))
    return out


def ranking_export(run: ScenarioRun, language: str = "es") -> pd.DataFrame:
    """The run's table for download (machine names; headers are written on export).

    Ranks are whole numbers and the source of uncertainty is written in ``language``
    («elección del método», not the engine's id ``metodo``)."""
    wanted = [c for c in ("selected", "rank", "name", "dept_name", "score", "rank_p05",
                          "rank_p95", "p_top_k", "method_rank_min", "method_rank_max",
                          "p_in_pilot", "uncertainty_driver", "coverage", "reliability",
                          "se_imputed") if c in run.table]  # fmt: skip
    contributions = [c for c in run.table.columns if c.startswith("contrib_")]
    out = run.table[wanted + contributions].copy()
    for column in ("rank", "rank_p05", "rank_p95", "method_rank_min", "method_rank_max"):
        if column in out:
            out[column] = out[column].round().astype("Int64")
    if "uncertainty_driver" in out:
        out["uncertainty_driver"] = [
            explain.driver_label(d, language) for d in out["uncertainty_driver"]
        ]
    return out


def theme_headers(language: str = "es") -> dict[str, str]:
    """Export headers for theme ids (``contrib_<theme>`` columns read «aporte: <tema>»)."""
    from dashboard.data.base import theme_labels

    return {str(k): str(v) for k, v in theme_labels(language).items()}


def _preset_in_language(run: ScenarioRun, language: str) -> ScenarioRun:
    """``run`` with a shipped preset's name and description in ``language`` (the report
    of «Equal weights» is not titled «Pesos iguales»); a user's own name is kept. Name and
    description are not part of the fingerprint, so the hash is unchanged."""
    import dataclasses

    from dashboard.data.scenarios import preset_description, preset_name, presets

    own = presets()
    for preset in own.index:
        if str(own.at[preset, "name"]) == run.scenario.name:
            scenario = dataclasses.replace(
                run.scenario,
                name=preset_name(str(preset), language),
                description=preset_description(str(preset), language),
            )
            return dataclasses.replace(run, scenario=scenario)
    return run


@st.cache_data(show_spinner=False, max_entries=8)
def scenario_pdf(scenario_text: str, language: str = "es") -> bytes:
    """The one-click scenario report (:func:`analysis.report.scenario.scenario_report`)."""
    from analysis.report.scenario import scenario_report
    from dashboard.data.base import indicator_labels, theme_labels
    from dashboard.data.exports import stamp

    run = scenario_run(scenario_text, robust=True).run
    run = _preset_in_language(run, language)
    methods = {
        option: translate(f"method.{option}", language)
        for option in ("minmax", "zscore", "rank", "goalposts", "arithmetic", "geometric",
                       "penalised", "renormalise", "group_mean", "winsorise", "log", "none")
    }  # fmt: skip
    methods.update(
        {f"smooth_rates.{o}": translate(f"method.smooth.{o}", language) for o in ("none", "global")}
    )
    return scenario_report(
        run,
        stamp=stamp(run.hash, language),
        language=language,
        theme_labels=theme_labels(language).to_dict(),
        indicator_labels=indicator_labels(language).to_dict(),
        method_labels=methods,
        level_label=translate(f"common.level.{run.level}", language),
    )


def top_priorities(language: str = "es", n: int = 15, level: str = "municipio") -> pd.DataFrame:
    """The first ``n`` territories of the base scenario (rank, name, score; no bands, so
    that the overview answers at once)."""
    table = scenario_run(base_scenario_text(level), 0).run.table.head(n)
    return pd.DataFrame(
        {
            translate("common.rank", language): table["rank"].astype("Int64").to_numpy(),
            translate("common.territory", language): table["name"].to_numpy(),
            translate("common.score", language): table["score"].round(1).to_numpy(),
        }
    )


def theme_map_frame(level: str, theme: str, language: str = "es") -> tuple[pd.DataFrame, str]:
    """Theme score of the base scenario ready to map, and the scenario hash."""
    run = scenario_run(base_scenario_text(level), 0).run  # scores only: no bands needed
    scores = run.model.theme_scores_
    if theme not in scores:
        raise RaicesError(
            f"el tema «{theme}» no tiene indicadores en el escenario base", column=theme
        )
    series = scores[theme]
    frame = pd.DataFrame({"name": territory_names(level), "value": series})
    frame["rank"] = series.rank(ascending=False, method="min").astype("Int64")
    frame["rank_text"] = rank_texts(frame["rank"], language)
    coverage = run.model.coverage_["coverage"].reindex(frame.index)
    frame["coverage"] = coverage
    frame["coverage_text"] = [
        format_number(c, language, percent=True, decimals=0) for c in coverage
    ]
    return frame, run.hash


def comparison_choices(kept: dict[str, str], language: str = "es") -> dict[str, tuple[str, str]]:
    """Scenarios on offer for comparison: id -> (display name, TOML). Kept ones first,
    under the name the user gave them (or «… (modificado)»)."""
    choices = {f"kept:{name}": (name, text) for name, text in kept.items()}
    for preset in presets().index:
        choices[f"preset:{preset}"] = (preset_name(str(preset), language), preset_toml(str(preset)))
    return choices


@dataclass(frozen=True)
class ComparisonView:
    """Scenarios compared for the page: the summary against the first scenario, the ranks
    side by side (index code), the biggest movers between the first two, each hash."""

    summary: pd.DataFrame
    ranks: pd.DataFrame
    movers: pd.DataFrame
    hashes: tuple[str, ...]


@st.cache_data(show_spinner=False, max_entries=32)
def compare_scenarios(
    texts: tuple[str, ...], names: tuple[str, ...], k: int = DEFAULT_K, language: str = "es"
) -> ComparisonView:
    """Compare scenarios with :func:`analysis.priority.comparison.compare_rankings`.

    The summary gives each scenario against the first: Spearman, Kendall, top-k overlap,
    Jaccard, entering and leaving territories.
    """
    runs = [scenario_run(text, 0).run for text in texts]
    levels = {run.level for run in runs}
    if len(levels) > 1:
        raise RaicesError(
            "solo se pueden comparar escenarios del mismo nivel territorial", column="level"
        )
    level = levels.pop()
    labels = territory_names(level)
    ranks = pd.DataFrame({"name": labels})
    for name, run in zip(names, runs, strict=True):
        ranks[name] = run.table["rank"].reindex(ranks.index)
    ranks.index.name = "code"
    rows = []
    first = ranks[names[0]]
    for name in names[1:]:
        comparison = compare_rankings(first, ranks[name], k=k)
        rows.append(
            {
                translate("comp.col.pair", language): f"{names[0]} → {name}",
                "Spearman": format_number(comparison.spearman, language, decimals=3),
                "Kendall": format_number(comparison.kendall, language, decimals=3),
                translate("comp.col.overlap", language): f"{comparison.top_k_overlap} / {k}",
                "Jaccard": format_number(comparison.jaccard, language, decimals=2),
                translate("comp.col.entered", language): ", ".join(
                    labels.get(c, str(c)) for c in comparison.entered
                ),
                translate("comp.col.left", language): ", ".join(
                    labels.get(c, str(c)) for c in comparison.left
                ),
            }
        )
    movers = compare_rankings(first, ranks[names[1]], k=k).movers.head(20).copy()
    movers.insert(0, "name", labels.reindex(movers.index))
    movers = movers.rename(
        columns={
            "name": translate("common.territory", language),
            "rank_a": names[0],
            "rank_b": names[1],
            "change": translate("comp.col.change", language),
        }
    ).rename_axis(translate("common.code", language))
    return ComparisonView(
        pd.DataFrame(rows), ranks.sort_values(names[0]), movers, tuple(run.hash for run in runs)
    )
