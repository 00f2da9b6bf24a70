"""Constrained pilot selection: the k territories of highest total priority that respect
the plenary's constraints, solved exactly as a 0–1 integer programme (``scipy.optimize.milp``,
HiGHS).

Every constraint is a named group of linear rows. That makes two things possible:

- the **cost** of each constraint: the priority forgone because of it, i.e. the optimum
  without that group minus the optimum with every group (leave-one-out). These costs do
  not add up to the total forgone: two constraints can cost little each and much
  together, or overlap. The **joint cost** of all constraints together (plain top k minus
  the constrained optimum) is reported next to them;
- an **explanation** of infeasibility: a deletion filter removes groups one by one while the
  problem stays infeasible, leaving an irreducible set of groups that conflict, which is
  reported by name.

HiGHS is asked for a relative MIP gap of exactly 0 (:data:`MIP_GAP`), so every optimum is
proven, not approximate. When the k highest priorities already satisfy every row they are
the optimum, and the solver is not called (a pilot limited by k alone, for instance).
:func:`select_over_draws` re-solves the selection for many score
draws (or many participants' scores) and reports how often each territory is chosen.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix

from analysis.defaults import DEFAULT_K
from analysis.errors import RaicesError
from analysis.formatting import format_number

#: Relative MIP gap asked of HiGHS: 0 = the optimum is proven (the default would stop
#: within 0.01 % of it).
MIP_GAP = 0.0

CONSTRAINT_LABELS: dict[str, tuple[str, str]] = {
    "k": ("tamaño del piloto", "pilot size"),
    "max_per_dept": ("máximo por departamento", "maximum per department"),
    "min_per_dept": ("mínimo por departamento", "minimum per department"),
    "min_indigenous_share": (
        "proporción mínima de municipios de mayoría indígena",
        "minimum share of majority-Indigenous municipalities",
    ),
    "max_population": ("población total máxima", "maximum total population"),
    "min_population": ("población total mínima", "minimum total population"),
    "must_include": ("territorios obligatorios", "territories that must be included"),
    "must_exclude": ("territorios excluidos", "excluded territories"),
    "no_adjacent": (
        "sin territorios vecinos seleccionados",
        "no neighbouring territories selected",
    ),
}
"""Each constraint group in words, (Spanish, English), in the order groups are solved."""


@dataclass(frozen=True)
class SelectionConstraints:
    """The plenary's constraints on the pilot set.

    Parameters
    ----------
    k
        Number of territories to select.
    max_per_dept, min_per_dept
        At most / at least this many per departamento: one number for every departamento
        or ``{dept_code: n}`` for some. ``min_per_dept`` as a number applies to every
        departamento (so it needs ``k ≥ 22 × n`` at municipal level).
    min_indigenous_share
        Minimum share (0–1) of the k selected that are majority Maya, Garífuna or Xinka
        (``mayoria_indigena``); the count required is ``ceil(share × k)``.
    max_population, min_population
        Limits on the total population of the selected territories.
    must_include, must_exclude
        Codes forced in or out.
    no_adjacent
        If true, no two selected territories may share a border (spread).
    """

    k: int = DEFAULT_K
    max_per_dept: int | Mapping[int, int] | None = None
    min_per_dept: int | Mapping[int, int] | None = None
    min_indigenous_share: float | None = None
    max_population: float | None = None
    min_population: float | None = None
    must_include: tuple[int, ...] = ()
    must_exclude: tuple[int, ...] = ()
    no_adjacent: bool = False

    def active(self) -> list[str]:
        """Names of the constraint groups in use (always ``"k"``)."""
        names = ["k"]
        for name in CONSTRAINT_LABELS:
            value = getattr(self, name, None)
            if name != "k" and value not in (None, (), False, {}):
                names.append(name)
        return names

    def describe(
        self, name: str, language: str = "es", names: Mapping[int, str] | None = None
    ) -> str:
        """One constraint group in words with its value, in ``language`` (``names`` shows
        listed territories by name instead of code): error messages, cost tables, reports.

        >>> c = SelectionConstraints(k=15, min_indigenous_share=0.5, max_per_dept=2)
        >>> c.describe("min_indigenous_share", "en")
        'minimum share of majority-Indigenous municipalities = 50 % (≥ 8 of 15)'
        >>> c.describe("max_per_dept")
        'máximo por departamento = 2'
        """
        english = language == "en"
        label = CONSTRAINT_LABELS[name][int(english)]
        value = getattr(self, name)
        if name == "no_adjacent":
            return label
        if name in ("must_include", "must_exclude"):
            shown = ", ".join((names or {}).get(int(v), str(v)) for v in value)
        elif name == "min_indigenous_share":
            count = math.ceil(float(value) * self.k - 1e-9)
            share = format_number(value, language, percent=True, decimals=0).replace("\u00a0", " ")
            shown = f"{share} (≥ {count} {'of' if english else 'de'} {self.k})"
        elif isinstance(value, Mapping):
            shown = ", ".join(
                f"{'dept.' if english else 'depto'} {d}: {n}" for d, n in value.items()
            )
        elif isinstance(value, float):
            shown = format_number(value, language, decimals=0)
        else:
            shown = str(value)
        return f"{label} = {shown}"


@dataclass(frozen=True)
class SelectionResult:
    """Outcome of :func:`select_pilot`.

    Attributes
    ----------
    selected
        Codes selected, by decreasing priority.
    objective
        Total priority of the selected set.
    unconstrained_objective
        Total priority of the plain top k (no constraints but eligibility).
    table
        The selected territories with priority, dept_code, population and indigenous flag.
    costs
        One row per active constraint: ``constraint``, ``description``,
        ``objective_without`` and ``cost`` (priority forgone because of that constraint
        alone, all others kept: leave-one-out). They do not add up to ``joint_cost``.
    joint_cost
        Priority forgone because of all constraints together:
        ``unconstrained_objective − objective``.
    basis
        What the priority was: ``"observed"`` (the index score) or ``"expected"`` (the
        mean score over the Monte-Carlo draws).
    """

    selected: list[int]
    objective: float
    unconstrained_objective: float
    table: pd.DataFrame
    costs: pd.DataFrame = field(default_factory=pd.DataFrame)
    joint_cost: float = 0.0
    basis: str = "observed"


@dataclass(frozen=True)
class DrawSelection:
    """Outcome of :func:`select_over_draws`.

    Attributes
    ----------
    p_selected
        Index code: share of the feasible draws in which the territory is in the pilot
        (sums to k).
    selected
        Boolean, draws × codes; each feasible row sums to k, an infeasible one is all false.
    draws
        Number of draws (rows) solved.
    infeasible
        Draws whose constraints could not hold (counted, never dropped silently).
    """

    p_selected: pd.Series
    selected: pd.DataFrame
    draws: int
    infeasible: int

    def stable(self, threshold: float = 0.8, among: Sequence[int] | None = None) -> int:
        """How many territories (of ``among``, default all) are selected in ≥ ``threshold``
        of the draws.

        Examples
        --------
        >>> import pandas as pd
        >>> s = pd.DataFrame([[True, False], [True, False], [False, True]], columns=[1, 2])
        >>> DrawSelection(s.mean(), s, 3, 0).stable(0.6)
        1
        """
        p = self.p_selected if among is None else self.p_selected.reindex(list(among))
        return int((p >= threshold - 1e-12).sum())


#: One group of constraint rows as ``scipy.optimize.milp`` takes it: (matrix, lower, upper).
_Rows = tuple[Any, np.ndarray, np.ndarray]


def milp(*args: Any, **kwargs: Any) -> Any:
    """``scipy.optimize.milp``, imported when a programme is first solved.

    SciPy's optimisation package takes about 0.7 s to import, and a pilot that its k best
    territories already satisfy (k alone, the usual first view) needs no solver at all.
    """
    from scipy.optimize import milp as solve

    return solve(*args, **kwargs)


class InfeasibleSelectionError(RaicesError):
    """The constraints cannot all hold; ``conflicts`` names the groups that clash."""

    def __init__(self, message: str, *, conflicts: list[str]) -> None:
        self.conflicts = conflicts
        super().__init__(message, column="pilot", hint="relaje o quite alguna de ellas")


class _Problem:
    """Rows of each constraint group over the territories' 0–1 variables."""

    def __init__(
        self,
        priority: np.ndarray,
        dept: np.ndarray,
        population: np.ndarray,
        indigenous: np.ndarray,
        codes: pd.Index,
        constraints: SelectionConstraints,
        adjacency: Mapping[int, Iterable[int]] | None,
    ) -> None:
        self.priority = priority
        self.codes = codes
        self.eligible = np.isfinite(priority)
        self.indigenous = indigenous
        self.n = len(codes)
        self.constraints = constraints
        c = constraints
        pos = {code: i for i, code in enumerate(codes)}
        self.rows: dict[
            str, tuple[list[tuple[np.ndarray, np.ndarray]], list[float], list[float]]
        ] = {}
        self._matrices: dict[tuple[str, ...], list[_Rows]] = {}
        self.bounds: dict[str, tuple[np.ndarray, float]] = {}
        ones = np.ones(self.n)
        everyone = np.arange(self.n)
        self._add("k", [(everyone, ones)], [c.k], [c.k])
        departments = np.unique(dept)
        for name, is_max in (("max_per_dept", True), ("min_per_dept", False)):
            value = getattr(c, name)
            if value is None:
                continue
            limits = value if isinstance(value, Mapping) else {d: value for d in departments}
            rows, lows, highs = [], [], []
            for d, limit in limits.items():
                members = np.flatnonzero(dept == int(d))
                rows.append((members, np.ones(len(members))))
                lows.append(-np.inf if is_max else float(limit))
                highs.append(float(limit) if is_max else np.inf)
            self.rows[name] = (rows, lows, highs)
        if c.min_indigenous_share is not None:
            need = math.ceil(float(c.min_indigenous_share) * c.k - 1e-9)
            members = np.flatnonzero(indigenous)
            self._add("min_indigenous_share", [(members, np.ones(len(members)))], [need], [np.inf])
        if c.max_population is not None:
            self._add("max_population", [(everyone, population)], [-np.inf], [c.max_population])
        if c.min_population is not None:
            self._add("min_population", [(everyone, population)], [c.min_population], [np.inf])
        for name, value in (("must_include", 1.0), ("must_exclude", 0.0)):
            codes_listed = getattr(c, name)
            unknown = [code for code in codes_listed if code not in pos]
            if unknown:
                raise RaicesError(
                    f"códigos desconocidos en {CONSTRAINT_LABELS[name][0]}: {', '.join(map(str, unknown))}",
                    column=name,
                )
            if codes_listed:
                self.bounds[name] = (np.array([pos[code] for code in codes_listed]), value)
        if c.no_adjacent:
            if adjacency is None:
                raise RaicesError(
                    "la restricción de vecindad necesita la tabla de vecinos (límites territoriales)",
                    column="no_adjacent",
                )
            rows = []
            for a, neighbours in adjacency.items():
                for b in neighbours:
                    if a in pos and b in pos and pos[a] < pos[b]:
                        rows.append((np.array([pos[a], pos[b]]), np.ones(2)))
            self.rows["no_adjacent"] = (rows, [-np.inf] * len(rows), [1.0] * len(rows))

    def _add(self, name: str, rows: list, lows: list, highs: list) -> None:
        self.rows[name] = (rows, [float(v) for v in lows], [float(v) for v in highs])

    def _constraints(self, groups: tuple[str, ...]) -> list[_Rows]:
        """The sparse rows of ``groups`` (built once per set of groups)."""
        if groups in self._matrices:
            return self._matrices[groups]
        row_i, col_i, vals, lows, highs = [], [], [], [], []
        r = 0
        for name in groups:
            if name not in self.rows:
                continue
            rows, lo, hi = self.rows[name]
            for (cols, coefs), low, high in zip(rows, lo, hi, strict=True):
                row_i.append(np.full(len(cols), r))
                col_i.append(cols)
                vals.append(coefs)
                lows.append(low)
                highs.append(high)
                r += 1
        constraints = []
        if r:
            matrix = coo_matrix(
                (np.concatenate(vals), (np.concatenate(row_i), np.concatenate(col_i))),
                shape=(r, self.n),
            ).tocsr()
            constraints.append((matrix, np.asarray(lows), np.asarray(highs)))
        self._matrices[groups] = constraints
        return constraints

    def solve(
        self, groups: Iterable[str], *, objective: bool = True
    ) -> tuple[int, np.ndarray | None]:
        """Solve with only ``groups`` active; return (scipy status, x or None)."""
        groups = list(groups)
        constraints = self._constraints(tuple(groups))
        lower = np.zeros(self.n)
        upper = np.where(self.eligible, 1.0, 0.0)
        for name in groups:
            if name in self.bounds:
                cols, value = self.bounds[name]
                if value == 1.0:
                    lower[cols] = 1.0
                else:
                    upper[cols] = 0.0
        if np.any(lower > upper):
            return 2, None
        if objective and "k" in groups:
            shortcut = self._top_k_if_feasible(constraints, lower, upper)
            if shortcut is not None:
                return 0, shortcut
        cost = -np.nan_to_num(self.priority) if objective else np.zeros(self.n)
        result = milp(
            cost,
            constraints=constraints,
            integrality=np.ones(self.n),
            bounds=(lower, upper),
            options={"mip_rel_gap": MIP_GAP},
        )
        if result.status != 0 or result.x is None:
            return int(result.status), None
        return 0, np.round(result.x).astype(bool)

    def _top_k_if_feasible(
        self, constraints: list[_Rows], lower: np.ndarray, upper: np.ndarray
    ) -> np.ndarray | None:
        """The k highest priorities among the allowed territories, if they break no row.

        Without the other rows, the k highest priorities are the optimum of the programme;
        when they satisfy every row they are therefore its optimum with the rows too, and
        the solver is not needed (the usual case of a pilot limited by k alone). Ties are
        broken by position, so the answer is deterministic.
        """
        k = self.constraints.k
        allowed = np.flatnonzero(upper > 0)
        if len(allowed) < k:
            return None
        values = np.nan_to_num(self.priority[allowed], nan=-np.inf)
        best = allowed[np.argsort(-values, kind="stable")[:k]]
        chosen = np.zeros(self.n)
        chosen[best] = 1.0
        if np.any(chosen < lower):
            return None
        for matrix, lows, highs in constraints:
            totals = matrix @ chosen
            if np.any(totals < lows - 1e-9) or np.any(totals > highs + 1e-9):
                return None
        return chosen.astype(bool)


def _build_problem(
    values: np.ndarray,
    territories: pd.DataFrame,
    constraints: SelectionConstraints,
    adjacency: Mapping[int, Iterable[int]] | None,
) -> _Problem:
    """Check the inputs and build the constraint rows once."""
    if constraints.k < 1:
        raise RaicesError("el tamaño del piloto (k) debe ser al menos 1", column="k")
    codes = territories.index
    missing_cols = [
        col
        for col, used in (
            ("dept_code", True),
            (
                "poblacion",
                constraints.max_population is not None or constraints.min_population is not None,
            ),
            ("mayoria_indigena", constraints.min_indigenous_share is not None),
        )
        if used and col not in territories
    ]
    if missing_cols:
        raise RaicesError(
            "faltan columnas en la tabla de territorios", column=", ".join(missing_cols)
        )
    population = (
        pd.to_numeric(territories["poblacion"], errors="coerce").fillna(0).to_numpy(dtype=float)
        if "poblacion" in territories
        else np.zeros(len(codes))
    )
    indigenous = (
        territories["mayoria_indigena"].fillna(False).astype(bool).to_numpy()
        if "mayoria_indigena" in territories
        else np.zeros(len(codes), dtype=bool)
    )
    return _Problem(
        values,
        territories["dept_code"].to_numpy(dtype=int),
        population,
        indigenous,
        codes,
        constraints,
        adjacency,
    )


def select_over_draws(
    score_draws: pd.DataFrame,
    territories: pd.DataFrame,
    constraints: SelectionConstraints,
    *,
    adjacency: Mapping[int, Sequence[int]] | None = None,
) -> DrawSelection:
    """Re-solve the constrained selection once per row of ``score_draws``.

    Parameters
    ----------
    score_draws
        Rows = draws (Monte-Carlo draws of the index, or participants of a consultation),
        columns = territory codes; NaN = not eligible in that row.
    territories, constraints, adjacency
        As :func:`select_pilot` takes them; the constraint rows are built once.

    Returns
    -------
    DrawSelection
        Per territory, the share of draws in which it is selected, and the selections.
        A row whose constraints cannot hold is counted in ``infeasible`` and left out of
        the shares (which therefore sum to k over the feasible rows).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"dept_code": [1, 1, 2]}, index=[101, 102, 201])
    >>> draws = pd.DataFrame([[9.0, 8.0, 1.0], [8.0, 9.0, 1.0]], columns=t.index)
    >>> out = select_over_draws(draws, t, SelectionConstraints(k=2, max_per_dept=1))
    >>> out.p_selected.tolist(), out.stable(1.0)
    ([0.5, 0.5, 1.0], 1)
    """
    codes = territories.index
    values = score_draws.reindex(columns=codes).to_numpy(dtype=float)
    if not len(values):
        raise RaicesError("no hay simulaciones sobre las que elegir el piloto", column="draws")
    problem = _build_problem(values[0], territories, constraints, adjacency)
    active = constraints.active()
    chosen = np.zeros(values.shape, dtype=bool)
    infeasible = 0
    for row, priority in enumerate(values):
        problem.priority = priority
        problem.eligible = np.isfinite(priority)
        if constraints.k > int(problem.eligible.sum()):
            infeasible += 1
            continue
        _, x = problem.solve(active)
        if x is None:
            infeasible += 1
            continue
        chosen[row] = x
    feasible = len(values) - infeasible
    shares = chosen.sum(axis=0) / feasible if feasible else np.full(len(codes), np.nan)
    selected = pd.DataFrame(chosen, index=score_draws.index, columns=codes)
    return DrawSelection(
        p_selected=pd.Series(shares, index=codes, name="p_selected"),
        selected=selected,
        draws=len(values),
        infeasible=infeasible,
    )


def select_pilot(
    priority: pd.Series,
    territories: pd.DataFrame,
    constraints: SelectionConstraints,
    *,
    adjacency: Mapping[int, Iterable[int]] | None = None,
    with_costs: bool = True,
) -> SelectionResult:
    """Choose the pilot set maximising total priority under ``constraints``.

    Parameters
    ----------
    priority
        Priority per territory code (e.g. the index score); ``NaN`` = not eligible.
    territories
        Indexed by code with ``dept_code`` and, when the matching constraints are used,
        ``poblacion`` and ``mayoria_indigena``.
    constraints
        See :class:`SelectionConstraints`.
    adjacency
        ``{code: neighbour codes}`` for ``no_adjacent`` (see :func:`adjacency_from_boundaries`).
    with_costs
        Also compute the cost of each constraint (one extra solve per constraint).

    Raises
    ------
    InfeasibleSelectionError
        When the constraints cannot all hold; the message names the conflicting ones.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"dept_code": [1, 1, 2]}, index=[101, 102, 201])
    >>> p = pd.Series([90.0, 80.0, 10.0], index=t.index)
    >>> select_pilot(p, t, SelectionConstraints(k=2, max_per_dept=1)).selected
    [101, 201]
    """
    values = priority.reindex(territories.index).to_numpy(dtype=float)
    problem = _build_problem(values, territories, constraints, adjacency)
    indigenous = problem.indigenous
    if constraints.k > int(problem.eligible.sum()):
        raise InfeasibleSelectionError(
            f"se piden {constraints.k} territorios pero sólo {int(problem.eligible.sum())} tienen puntaje",
            conflicts=["k"],
        )
    active = constraints.active()
    status, chosen = problem.solve(active)
    if chosen is None:
        conflicts = _conflicting_groups(problem, active) if status == 2 else active
        details = []
        for name in conflicts:
            text = constraints.describe(name)
            if name == "min_per_dept" and not isinstance(constraints.min_per_dept, Mapping):
                departments = territories["dept_code"].nunique()
                text += f" en cada uno de {departments} departamentos (al menos {departments * constraints.min_per_dept} en total)"
            elif name == "min_indigenous_share":
                text += (
                    f"; hay {int(indigenous[problem.eligible].sum())} elegibles de mayoría indígena"
                )
            elif name == "max_per_dept" and not isinstance(constraints.max_per_dept, Mapping):
                departments = territories.loc[problem.eligible, "dept_code"].nunique()
                text += f" con {departments} departamentos elegibles (a lo sumo {departments * constraints.max_per_dept})"
            details.append(text)
        described = "; ".join(details)
        raise InfeasibleSelectionError(
            f"las restricciones del piloto no pueden cumplirse a la vez: {described}",
            conflicts=conflicts,
        )
    objective = float(np.nan_to_num(values)[chosen].sum())
    top = np.sort(np.nan_to_num(values[problem.eligible]))[::-1][: constraints.k]
    rows = []
    if with_costs:
        for name in active[1:]:
            _, alt = problem.solve([g for g in active if g != name])
            without = float(np.nan_to_num(values)[alt].sum()) if alt is not None else np.nan
            rows.append(
                {
                    "constraint": name,
                    "description": constraints.describe(name),
                    "objective_without": without,
                    "cost": max(without - objective, 0.0),
                }
            )
    table = pd.DataFrame({"priority": values}, index=territories.index)
    for col in ("dept_code", "poblacion", "mayoria_indigena"):
        if col in territories:
            table[col] = territories[col]
    table = table[chosen].sort_values("priority", ascending=False)
    return SelectionResult(
        selected=[int(c) for c in table.index],
        objective=objective,
        unconstrained_objective=float(top.sum()),
        table=table,
        costs=pd.DataFrame(
            rows, columns=["constraint", "description", "objective_without", "cost"]
        ),
        joint_cost=max(float(top.sum()) - objective, 0.0),
    )


def _conflicting_groups(problem: _Problem, groups: list[str]) -> list[str]:
    """Deletion filter: an irreducible subset of ``groups`` that is still infeasible.

    The pilot size ``k`` is tried last, so that among several irreducible sets the one
    reported keeps the size the plenary asked for and names the other constraints.
    """
    keep = list(groups)
    for name in [g for g in groups if g != "k"] + ["k"]:
        trial = [g for g in keep if g != name]
        status, _ = problem.solve(trial, objective=False)
        if status == 2:
            keep = trial
    return keep


def adjacency_from_boundaries(boundaries: pd.DataFrame) -> dict[int, list[int]]:
    """Queen-contiguity neighbours ``{code: [codes]}`` from a GeoDataFrame indexed by code.

    Uses :func:`analysis.causes.spatial.weights.contiguity_weights` with ``islands="keep"``: a
    territory without neighbours simply has no adjacency constraint.
    """
    from analysis.causes.spatial.weights import contiguity_weights

    weights = contiguity_weights(boundaries, kind="queen", islands="keep", transform="b")  # type: ignore[arg-type]
    return {
        int(code): [int(n) for n in weights.neighbors.get(code, [])] for code in boundaries.index
    }
