"""Ranking of territories for a scenario: score, rank, uncertainty band, coverage, pilot.

:func:`rank_territories` is the one call the CLI and the dashboard make. It takes a
:class:`~analysis.priority.scenario.Scenario` and an :class:`IndexData` bundle (built from the
database with :meth:`IndexData.from_store`, or by hand in tests) and returns one table,
best rank first.

Python API
----------
::

    from analysis.priority.run import IndexData, ScenarioRun, fit_index, rank_territories
    from analysis.priority.scenario import Scenario, list_presets, load_preset, load_scenario

    data = IndexData.from_store("municipio")          # cache (st.cache_resource: read-only)
    scenario = load_preset("pesos_iguales")            # or Scenario.from_dict / .load(path)
    run = rank_territories(scenario, data, draws=0)    # ≈ 10–20 ms, no bands
    run = rank_territories(scenario, data)             # + Monte Carlo (scenario.uncertainty.draws)
    run.table, run.hash, run.selection, run.model, run.k

    # weight sliders: fit once per method/indicator set, then only re-aggregate
    resolved, model = fit_index(scenario, data)
    moved = resolved.with_weights(indicators={...}, themes={...})
    run = rank_territories(moved, data, draws=0,
                           model=model.reweight(indicator_weights={...}, theme_weights={...}))

    # explain a score: run.model.contributions_ (themes), .indicator_contributions_,
    # .normalised_, .coverage_, .treatment_.report_ (outliers treated)

Every expected problem (unknown indicator, invalid scenario field, infeasible constraints)
raises :class:`~analysis.errors.RaicesError` with a Spanish message naming the field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import RaicesError
from analysis.index.composite import CompositeIndex
from analysis.index.weights import resolve_weights
from analysis.priority.scenario import Scenario
from analysis.priority.selection import (
    DrawSelection,
    SelectionResult,
    adjacency_from_boundaries,
    select_over_draws,
    select_pilot,
)
from analysis.priority.sensitivity import (
    MethodSensitivity,
    classify_drivers,
    method_sensitivity,
)
from analysis.priority.standard_errors import StandardErrorImputation, impute_standard_errors
from analysis.priority.uncertainty import RankUncertainty


@dataclass
class IndexData:
    """Everything a ranking reads, for one level.

    Attributes
    ----------
    level
        ``"municipio"`` or ``"departamento"``.
    indicators
        Index = code, one float column per indicator.
    catalog
        Indicator catalogue indexed by indicator.
    territories
        Index = code; ``name``, ``dept_code``, ``dept_name`` and, for pilot constraints,
        ``poblacion`` and ``mayoria_indigena``.
    standard_errors
        Same shape as ``indicators``, NaN where no standard error; optional.
    boundaries
        GeoDataFrame indexed by code, only needed for the ``no_adjacent`` constraint; or
        a function returning it, called the first time the neighbours are needed (no
        geometry is prepared for rankings that never ask for them).
    """

    level: str
    indicators: pd.DataFrame
    catalog: pd.DataFrame
    territories: pd.DataFrame
    standard_errors: pd.DataFrame | None = None
    boundaries: pd.DataFrame | Callable[[], pd.DataFrame] | None = None
    _adjacency: dict[int, list[int]] | None = field(default=None, repr=False)
    _se_imputation: tuple[pd.DataFrame, pd.DataFrame, StandardErrorImputation] | None = field(
        default=None, repr=False
    )
    _labels: tuple[pd.Index, dict[str, np.ndarray]] | None = field(default=None, repr=False)

    @classmethod
    def from_store(
        cls, level: str = "municipio", *, db_path: Path | str | None = None
    ) -> IndexData:
        """Read the built database (``raices build``) through :mod:`analysis.store`."""
        from analysis import store

        territories = store.load_territories(level, db_path=db_path).copy()
        if "name" not in territories:
            for candidate in ("muni_name", "dept_name"):
                if candidate in territories:
                    territories["name"] = territories[candidate]
                    break
        if "dept_code" not in territories:
            territories["dept_code"] = territories.index
        if "mayoria_indigena" not in territories and "poblacion_indigena" in territories:
            # Departamentos carry no census "majority people" flag: a departamento counts
            # as majority indigenous when its indigenous share is above one half.
            share = territories["poblacion_indigena"]
            territories["mayoria_indigena"] = (share > 0.5).where(share.notna(), False).astype(bool)
        if (
            "poblacion" not in territories
            and "poblacion" in store.load_catalog(db_path=db_path).index
        ):
            territories["poblacion"] = store.load_indicators(level, ["poblacion"], db_path=db_path)[
                "poblacion"
            ]
        return cls(
            level=level,
            indicators=store.load_indicators(level, db_path=db_path),
            catalog=store.load_catalog(db_path=db_path),
            territories=territories,
            standard_errors=store.load_standard_errors(level, db_path=db_path),
        )

    def labels(self, codes: pd.Index) -> dict[str, np.ndarray]:
        """``name``, ``dept_code`` and ``dept_name`` of ``codes`` as arrays (cached per codes)."""
        cached = self._labels
        if cached is None or not cached[0].equals(codes):
            columns = [c for c in ("name", "dept_code", "dept_name") if c in self.territories]
            aligned = self.territories[columns].reindex(codes)
            cached = (codes, {c: aligned[c].to_numpy() for c in columns})
            self._labels = cached
        return cached[1]

    def se_imputation(self) -> StandardErrorImputation | None:
        """Published standard errors with the unknown (near-zero) ones imputed, once.

        See :func:`analysis.priority.standard_errors.impute_standard_errors` for the rule;
        ``None`` when the data carry no standard errors.
        """
        if self.standard_errors is None:
            return None
        cached = self._se_imputation
        # keyed on the frames themselves, so that a copy made with dataclasses.replace and
        # new indicators or standard errors never reuses a stale imputation
        if (
            cached is None
            or cached[0] is not self.standard_errors
            or cached[1] is not self.indicators
        ):
            result = impute_standard_errors(self.standard_errors, self.indicators)
            cached = (self.standard_errors, self.indicators, result)
            self._se_imputation = cached
        return cached[2]

    def adjacency(self) -> dict[int, list[int]]:
        """Queen-contiguity neighbours, computed once from the boundaries."""
        if self._adjacency is None:
            boundaries = self.boundaries() if callable(self.boundaries) else self.boundaries
            if boundaries is None:
                from analysis import store

                boundaries = store.load_boundaries(self.level)
            self._adjacency = adjacency_from_boundaries(boundaries)
        return self._adjacency


def rate_indicators(catalog: pd.DataFrame) -> list[str]:
    """Indicators expressed per 100 000 inhabitants (the ones rate smoothing applies to)."""
    units = catalog.get("unit_es", pd.Series(dtype=str)).fillna("").astype(str)
    return units.index[units.str.contains("por 100 000")].tolist()


def index_inputs(scenario: Scenario, data: IndexData, names: list[str]) -> pd.DataFrame:
    """The indicator columns the index is fitted on, after the scenario's rate smoothing.

    With ``method.smooth_rates = "global"`` every rate per 100 000 inhabitants among
    ``names`` is replaced by its empirical-Bayes estimate with the census population as
    base, so that a municipio of a few thousand people with two reported cases does not
    top (or bottom) the ranking on noise alone. Territories without population keep
    their rate missing (the smoothing policy).
    """
    frame = data.indicators[names]
    if scenario.method.smooth_rates == "none":
        return frame
    from analysis.causes.spatial.smoothing import smooth_rate

    population = data.territories.get("poblacion")
    if population is None:
        raise RaicesError(
            "para suavizar tasas hace falta la población de cada territorio",
            column="method.smooth_rates",
        )
    frame = frame.copy()
    for name in rate_indicators(data.catalog):
        if name in frame:
            frame[name] = smooth_rate(frame[name], population.reindex(frame.index))
    return frame


def fit_index(scenario: Scenario, data: IndexData) -> tuple[Scenario, CompositeIndex]:
    """Resolve ``scenario`` against the catalogue and fit its index on ``data``.

    Returns the resolved scenario (explicit indicators and theme weights, whose
    :meth:`~analysis.priority.scenario.Scenario.hash` names the result) and the fitted index.
    """
    if scenario.level != data.level:
        raise RaicesError(
            f"el escenario es de nivel «{scenario.level}» pero los datos son de nivel «{data.level}»",
            column="level",
        )
    resolved = scenario.resolve(data.catalog)
    names = list(resolved.indicators or {})
    missing = [name for name in names if name not in data.indicators.columns]
    if missing:
        raise RaicesError(
            f"no hay datos del indicador a nivel {data.level}",
            column=missing[0],
            hint="ejecute `raices build` o quite el indicador del escenario",
        )
    groups = data.territories.get("dept_code")
    imputation = data.se_imputation()
    model = resolved.estimator().fit(
        index_inputs(resolved, data, names),
        data.catalog,
        groups=groups,
        # imputed (conservative) errors, so that reliability is lowered where the
        # published error is unknown instead of counting it as exact
        standard_errors=imputation.standard_errors if imputation is not None else None,
    )
    return resolved, model


def _check_model(resolved: Scenario, model: CompositeIndex) -> None:
    """Refuse a fitted index that does not belong to ``resolved``."""
    if not hasattr(model, "scores_"):
        raise RaicesError("el índice debe calcularse (fit) antes de clasificar", column="model")
    indicators = dict(resolved.indicators or {})
    expected = resolved.estimator().get_params()
    actual = model.get_params()
    same = list(model.indicators_) == list(indicators) and all(
        expected[key] == actual[key] for key in expected if not key.endswith("_weights")
    )
    if same:
        within, across = resolve_weights(
            list(indicators),
            model.theme_of_.to_dict(),
            indicator_weights=indicators,
            theme_weights=resolved.themes,
        )
        same = np.allclose(model.within_weights_.to_numpy(), within.to_numpy()) and np.allclose(
            model.theme_weights_.reindex(across.index).to_numpy(), across.to_numpy()
        )
    if not same:
        raise RaicesError(
            "el índice calculado no corresponde al escenario (indicadores, pesos o métodos distintos)",
            column="model",
        )


@dataclass(frozen=True)
class ScenarioRun:
    """One scenario computed on one level: what every page, export and report reads.

    A run is produced once (per rerun of the dashboard, per CLI call) by
    :func:`rank_territories` and passed on; nothing recomputes it.

    Attributes
    ----------
    scenario
        The resolved scenario (explicit indicators, weights and methods).
    model
        The fitted :class:`~analysis.index.composite.CompositeIndex`.
    table
        Index ``code``, best rank first; columns ``name``, ``dept_code``, ``dept_name``,
        ``score`` (0–100), ``rank``; the *statistical* band under the scenario's own
        method (weights ±25 %, standard errors): ``rank_median``, ``rank_p05``,
        ``rank_p95``, ``p_top_k``, ``score_p05``, ``score_p95``; the *method*
        sensitivity: ``method_rank_min``, ``method_rank_max`` (best and worst rank
        across the alternative methods) and ``uncertainty_driver`` (``"estable"``,
        ``"estadistica"``, ``"metodo"`` or ``"ambas"``) — all NaN/None without draws;
        ``se_imputed`` (a published standard error was unknown and imputed),
        ``coverage``, ``reliability``, ``max_cv``, one ``contrib_<theme>`` per theme and,
        when a pilot was chosen, ``selected`` (bool) and, with draws, ``p_in_pilot``
        (share of draws in which the re-solved pilot includes the territory).
    selection
        The pilot selection, or ``None`` when the scenario has no ``pilot`` section.
    uncertainty
        The fitted Monte Carlo (statistical band), or ``None`` when ``draws == 0``.
    k, draws, level
        Size of the "top k" used for ``p_top_k``; Monte-Carlo draws; territorial level.
    robust
        The pilot re-solved on ``uncertainty.pilot_draws`` Monte-Carlo draws, or ``None``.
    methods
        The method sensitivity, or ``None`` when ``draws == 0``.
    standard_errors
        The standard-error rule applied (imputed values and flags), or ``None``.
    """

    scenario: Scenario
    model: CompositeIndex
    table: pd.DataFrame
    selection: SelectionResult | None
    uncertainty: RankUncertainty | None
    k: int
    draws: int
    level: str
    robust: DrawSelection | None = None
    methods: MethodSensitivity | None = None
    standard_errors: StandardErrorImputation | None = None

    @property
    def hash(self) -> str:
        """Fingerprint of the resolved scenario; every export and stamp carries it."""
        return self.scenario.hash()

    @property
    def name(self) -> str:
        """Name of the scenario."""
        return self.scenario.name


@dataclass(frozen=True)
class PilotSet:
    """The pilot territories of a run (see :func:`pilot_set`).

    Attributes
    ----------
    codes
        Territory codes, best rank first.
    constrained
        ``True`` when they are the scenario's constrained selection; ``False`` when the
        scenario has no pilot section (or its selection is empty) and they are the first
        ``k`` ranks instead.
    """

    codes: tuple[int, ...]
    constrained: bool


def pilot_set(run: ScenarioRun) -> PilotSet:
    """The pilot of a run: the one rule every page, report and monitoring view uses.

    The pilot is the scenario's constrained selection (``run.selection``) when there is
    one and it is not empty; otherwise it is the first ``run.k`` ranked territories, so
    that a scenario without a ``pilot`` section still has a pilot to plan and monitor.
    Either way the codes are listed best rank first (ties keep the table's order;
    territories without a rank, e.g. too few data, are never in the fallback, and a
    selected one without a rank comes last), whatever score the selection maximised.

    Parameters
    ----------
    run
        :class:`ScenarioRun` (only ``table["rank"]``, ``selection`` and ``k`` are read).

    Returns
    -------
    PilotSet

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> table = pd.DataFrame({"rank": [2.0, 1.0, None, 3.0]}, index=[101, 102, 103, 104])
    >>> run = SimpleNamespace(table=table, k=2, selection=SimpleNamespace(selected=[104, 101]))
    >>> pilot_set(run)
    PilotSet(codes=(101, 104), constrained=True)
    >>> pilot_set(SimpleNamespace(table=table, k=2, selection=None))
    PilotSet(codes=(102, 101), constrained=False)
    """
    ranked = run.table["rank"].dropna().sort_values(kind="stable")
    if run.selection is not None and len(run.selection.selected):
        chosen = [int(c) for c in run.selection.selected]
        members = set(chosen)
        in_rank_order = [int(c) for c in ranked.index if int(c) in members]
        placed = set(in_rank_order)
        unranked = [c for c in chosen if c not in placed]
        return PilotSet(codes=tuple(in_rank_order + unranked), constrained=True)
    return PilotSet(codes=tuple(int(c) for c in ranked.index[: run.k]), constrained=False)


def rank_territories(
    scenario: Scenario,
    data: IndexData,
    *,
    draws: int | None = None,
    seed: int | None = None,
    k: int | None = None,
    select: bool = True,
    model: CompositeIndex | None = None,
    pilot_draws: int | None = None,
    method_models: Mapping[str, CompositeIndex] | None = None,
) -> ScenarioRun:
    """Rank the territories of ``data`` under ``scenario``.

    Parameters
    ----------
    scenario
        What to compute (see :class:`~analysis.priority.scenario.Scenario`).
    data
        The inputs (see :class:`IndexData`).
    draws
        Monte-Carlo draws; default ``scenario.uncertainty.draws``. ``0`` skips the
        uncertainty analysis, the method sensitivity and the robust pilot (their columns
        are then NaN) — the fast path for sliders.
    seed, k
        Override ``scenario.uncertainty.seed`` / ``.k``.
    select
        Run the pilot selection when the scenario has a ``pilot`` section; with draws,
        also re-solve it on the first ``uncertainty.pilot_draws`` draws (robust pilot).
        With ``uncertainty.pilot_objective = "expected"`` (and draws) the pilot
        maximises the mean score over the draws instead of the observed score (without
        draws it falls back to the observed score; ``selection.basis`` says which).
    model
        An index already fitted for exactly this scenario, typically
        ``fit_index(base, data)[1].reweight(...)`` when only weights changed (the slider
        fast path); it must match the scenario's indicators, weights and methods.
    pilot_draws
        Override ``scenario.uncertainty.pilot_draws`` (draws over which the pilot is
        re-solved, each a MILP of some 10 ms; ``0`` skips the robust pilot, e.g. while a
        page recomputes on every slider change).
    method_models
        Indexes fitted on the same structure with each alternative normalisation of the
        method sensitivity (any weights): re-weighted instead of re-fitted (see
        :func:`~analysis.priority.sensitivity.method_sensitivity`).

    Returns
    -------
    ScenarioRun
        The table, the selection, the fitted model and Monte Carlo, and the hash.
    """
    if model is None:
        resolved, model = fit_index(scenario, data)
    else:
        resolved = scenario.resolve(data.catalog)
        _check_model(resolved, model)
    spec = resolved.uncertainty
    draws = spec.draws if draws is None else int(draws)
    k = spec.k if k is None else int(k)
    imputation = data.se_imputation()
    # Built in one go, already sorted, from arrays: inserting or sorting columns of a
    # frame with a string column index costs more than the whole index computation.
    scores = model.scores_.to_numpy()
    ranks = model.ranks_.to_numpy()
    order = np.lexsort((-np.nan_to_num(scores, nan=-np.inf), np.nan_to_num(ranks, nan=np.inf)))
    index = model.index_[order]
    text = {column: values[order] for column, values in data.labels(model.index_).items()}
    numeric = {"score": scores, "rank": ranks}
    band_columns = ["rank_median", "rank_p05", "rank_p95", "p_top_k", "score_p05", "score_p95"]
    mc: RankUncertainty | None = None
    methods: MethodSensitivity | None = None
    if draws > 0:
        # The statistical band: the scenario's own method only (method choice is the
        # separate, deterministic sensitivity below).
        mc = RankUncertainty(
            draws=draws,
            seed=spec.seed if seed is None else int(seed),
            weight_spread=spec.weight_spread,
            standard_errors=spec.standard_errors,
            k=k,
        ).fit(model, imputation.standard_errors if imputation is not None else None)
        for column in band_columns:
            numeric[column] = mc.summary_[column].to_numpy()
        methods = method_sensitivity(
            model,
            index_inputs(resolved, data, list(model.indicators_)),
            data.catalog,
            normalisations=spec.normalisations,
            aggregations=spec.aggregations,
            groups=data.territories.get("dept_code"),
            fitted=method_models,
        )
        numeric["method_rank_min"] = methods.rank_min.to_numpy()
        numeric["method_rank_max"] = methods.rank_max.to_numpy()
        text["uncertainty_driver"] = classify_drivers(
            mc.summary_["rank_p05"],
            mc.summary_["rank_p95"],
            methods.rank_min,
            methods.rank_max,
            k=k,
        ).to_numpy()[order]
    else:
        for column in [*band_columns, "method_rank_min", "method_rank_max"]:
            numeric[column] = np.full(len(order), np.nan)
        text["uncertainty_driver"] = np.full(len(order), None, dtype=object)
    flagged = (
        imputation.flagged(model.indicators_).reindex(model.index_, fill_value=False).to_numpy()
        if imputation is not None
        else np.zeros(len(order), dtype=bool)
    )
    text["se_imputed"] = flagged.astype(bool)[order]
    coverage = model.coverage_
    for column in ("coverage", "reliability", "max_cv"):
        numeric[column] = coverage[column].to_numpy()
    contributions = model.contributions_.to_numpy()
    for j, theme in enumerate(model.themes_):
        numeric[f"contrib_{theme}"] = contributions[:, j]
    block = np.column_stack(list(numeric.values()))[order]
    table = pd.DataFrame(block, index=index, columns=list(numeric))
    table = pd.concat([pd.DataFrame(text, index=index), table], axis=1)
    table.index.name = "code"
    selection: SelectionResult | None = None
    robust: DrawSelection | None = None
    if select and resolved.pilot is not None:
        adjacency = data.adjacency() if resolved.pilot.no_adjacent else None
        priority = model.scores_
        basis = "observed"
        if spec.pilot_objective == "expected" and mc is not None:
            # The objective is linear, so the set of highest expected total priority
            # over the draws is the optimum for the mean draw score.
            priority = pd.Series(mc.scores_.mean(axis=0, dtype=float), index=model.index_)
            basis = "expected"
        selection = select_pilot(priority, data.territories, resolved.pilot, adjacency=adjacency)
        selection = dataclasses.replace(selection, basis=basis)
        table["selected"] = table.index.isin(selection.selected)
        pilot_draws = min(spec.pilot_draws if pilot_draws is None else int(pilot_draws), draws)
        if mc is not None and pilot_draws > 0:
            robust = select_over_draws(
                pd.DataFrame(mc.scores_[:pilot_draws].astype(float), columns=model.index_),
                data.territories,
                resolved.pilot,
                adjacency=adjacency,
            )
            table["p_in_pilot"] = robust.p_selected.reindex(table.index).to_numpy()
    return ScenarioRun(
        scenario=resolved,
        model=model,
        table=table,
        selection=selection,
        uncertainty=mc,
        k=k,
        draws=draws,
        level=data.level,
        robust=robust,
        methods=methods,
        standard_errors=imputation,
    )
