"""Plain-language sentences (Spanish, English) about a ranking's uncertainty and its pilot.

Pages, reports and the command line show these texts as they are; they compute nothing
but read the typed results of :func:`analysis.priority.run.rank_territories` and
:func:`analysis.priority.comparison.compare`. Every function takes ``language`` (``"es"``,
the default, or ``"en"``); numbers go through :func:`analysis.formatting.format_number`.

Examples
--------
>>> row = {"name": "Tajumulco", "rank_p05": 1, "rank_p95": 6, "p_top_k": 1.0,
...        "method_rank_min": 2, "method_rank_max": 108, "uncertainty_driver": "metodo"}
>>> text = driver_sentence(row, k=15)
>>> text.startswith("Lo que mueve a Tajumulco es la elección del método")
True
>>> "va del puesto 2 al 108" in text
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from analysis.defaults import SE_EXACT_THRESHOLD
from analysis.errors import RaicesError
from analysis.formatting import format_number
from analysis.priority.comparison import ScenarioComparison
from analysis.priority.selection import (
    CONSTRAINT_LABELS,
    DrawSelection,
    SelectionConstraints,
    SelectionResult,
)
from analysis.priority.standard_errors import SE_IMPUTATION_QUANTILE

LANGUAGES: tuple[str, ...] = ("es", "en")

#: Label of each ``uncertainty_driver`` value.
DRIVER_LABELS: dict[str, tuple[str, str]] = {
    "estable": ("estable respecto del corte", "stable across the cut-off"),
    "estadistica": ("incertidumbre estadística", "statistical uncertainty"),
    "metodo": ("elección del método", "choice of method"),
    "ambas": ("ambas", "both"),
}


def _check(language: str) -> int:
    if language not in LANGUAGES:
        raise RaicesError(f"idioma «{language}» no válido; use «es» o «en»", column="language")
    return LANGUAGES.index(language)


def _int(value: Any, language: str) -> str:
    return format_number(value, language, decimals=0)


def _pct(value: Any, language: str) -> str:
    return format_number(value, language, percent=True, decimals=0)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(value: float) -> str:
    """``1e-06`` written for a reader: ``10⁻⁶`` (or ``2×10⁻⁶``).

    >>> _power_of_ten(1e-6), _power_of_ten(2.5e-7)
    ('10⁻⁶', '2.5×10⁻⁷')
    """
    if value <= 0:
        return "0"
    mantissa, exponent = f"{value:e}".split("e")
    m = float(mantissa)
    power = "10" + str(int(exponent)).translate(_SUPERSCRIPT)
    return power if m == 1 else f"{m:g}×{power}"


def driver_label(driver: str | None, language: str = "es") -> str:
    """Short label of an ``uncertainty_driver`` value (``None`` = not computed)."""
    i = _check(language)
    if driver is None or (isinstance(driver, float) and pd.isna(driver)):
        return ("sin simulaciones", "no simulations")[i]
    return DRIVER_LABELS[driver][i]


def driver_sentence(row: Mapping[str, Any] | pd.Series, *, k: int, language: str = "es") -> str:
    """Which kind of uncertainty moves one territory, in one sentence.

    ``row`` is a row of ``ScenarioRun.table`` (with its ``name``): ``rank_p05``,
    ``rank_p95``, ``p_top_k``, ``method_rank_min``, ``method_rank_max`` and
    ``uncertainty_driver``.
    """
    i = _check(language)
    name = str(row.get("name", ""))
    driver = row.get("uncertainty_driver")
    if driver is None or (isinstance(driver, float) and pd.isna(driver)):
        return (
            f"Sin simulaciones no se puede decir qué mueve a {name}.",
            f"Without simulations it cannot be said what moves {name}.",
        )[i]
    low, high = _int(row["rank_p05"], language), _int(row["rank_p95"], language)
    best, worst = _int(row["method_rank_min"], language), _int(row["method_rank_max"], language)
    p = _pct(row["p_top_k"], language)
    stat = (
        f"con los pesos y los errores estándar queda entre los puestos {low} y {high} "
        f"(probabilidad de estar entre los {k} primeros: {p})",
        f"under the weights and standard errors it stays between ranks {low} and {high} "
        f"(probability of being in the top {k}: {p})",
    )[i]
    method = (
        f"según el método va del puesto {best} al {worst}",
        f"depending on the method it goes from rank {best} to {worst}",
    )[i]
    if driver == "metodo":
        return (
            f"Lo que mueve a {name} es la elección del método: {stat}, pero {method}.",
            f"What moves {name} is the choice of method: {stat}, but {method}.",
        )[i]
    if driver == "estadistica":
        return (
            f"Lo que mueve a {name} es la incertidumbre estadística: {stat}; en cambio, {method}.",
            f"What moves {name} is statistical uncertainty: {stat}; by contrast, {method}.",
        )[i]
    if driver == "ambas":
        stat_width = float(row["rank_p95"]) - float(row["rank_p05"])
        method_width = float(row["method_rank_max"]) - float(row["method_rank_min"])
        more = (
            ("sobre todo el método", "the method above all")
            if method_width > stat_width
            else ("sobre todo la incertidumbre estadística", "statistical uncertainty above all")
        )[i]
        return (
            f"A {name} lo mueven las dos cosas, {more}: {stat}, y {method}.",
            f"{name} is moved by both, {more}: {stat}, and {method}.",
        )[i]
    return (
        f"{name} queda del mismo lado del corte de los {k} primeros con las dos fuentes: "
        f"{stat}, y {method}.",
        f"{name} stays on the same side of the top-{k} line under both sources: {stat}, "
        f"and {method}.",
    )[i]


def bands_text(*, k: int, language: str = "es") -> str:
    """What the statistical band and the method sensitivity are (methods page, README)."""
    i = _check(language)
    return (
        "Dos preguntas distintas, dos cifras distintas. La banda estadística dice cuánto puede "
        "moverse un territorio con el método elegido por el escenario si los pesos varían "
        "±25 % y las estimaciones de pobreza varían según sus errores estándar: el puesto "
        f"queda entre los percentiles 5 y 95 de las simulaciones, y P(top {k}) es la parte de "
        f"las simulaciones en que está entre los {k} primeros. La sensibilidad al método dice "
        "otra cosa: el mejor y el peor puesto del territorio cuando se calcula el índice con "
        "cada combinación de normalización (min-max o rango) y agregación (aritmética o "
        "geométrica). El método es una decisión que se toma una vez, no un azar, por eso no "
        "se mezcla en las probabilidades. Decimos que una fuente mueve al territorio cuando con "
        f"ella puede quedar tanto dentro como fuera de los {k} primeros.",
        "Two different questions, two different figures. The statistical band says how far a "
        "territory can move under the scenario's own method when the weights vary by ±25 % "
        "and the poverty estimates vary by their standard errors: the rank stays between the "
        f"5th and 95th percentiles of the simulations, and P(top {k}) is the share of "
        f"simulations in which it is among the first {k}. Method sensitivity says something "
        "else: the territory's best and worst rank when the index is computed with each "
        "combination of normalisation (min-max or rank) and aggregation (arithmetic or "
        "geometric). A method is a decision taken once, not chance, so it is never mixed into "
        "the probabilities. We say a source moves a territory when under it the territory can "
        f"be both inside and outside the first {k}.",
    )[i]


def se_rule_text(
    *,
    threshold: float = SE_EXACT_THRESHOLD,
    quantile: float = SE_IMPUTATION_QUANTILE,
    language: str = "es",
) -> str:
    """The standard-error rule, for the methods text."""
    i = _check(language)
    q = _int(quantile * 100, language)
    t = _power_of_ten(threshold)
    return (
        f"Un error estándar publicado menor que {t} no significa que la estimación sea exacta "
        "sino que no se conoce. Se reemplaza por uno prudente: el coeficiente de variación del "
        f"percentil {q} entre los municipios con error estándar válido, multiplicado por la "
        "estimación (si la estimación es 0, el percentil "
        f"{q} de los errores estándar válidos). Esos municipios quedan marcados y su "
        "fiabilidad baja en consecuencia.",
        f"A published standard error below {t} does not mean the estimate is exact but that it "
        "is unknown. It is replaced by a conservative one: the coefficient of variation at the "
        f"{q}th percentile among the municipalities with a valid standard error, times the "
        f"estimate (when the estimate is 0, the {q}th percentile of the valid standard "
        "errors). Those municipalities are flagged and their reliability is lowered accordingly.",
    )[i]


def se_flag_note(name: str, indicators: Sequence[str] = (), *, language: str = "es") -> str:
    """Reliability note for a territory whose standard error was imputed."""
    i = _check(language)
    which = ", ".join(indicators)
    which_es = f" ({which})" if which else ""
    return (
        f"{name}: el error estándar publicado{which_es} es prácticamente cero, lo que no "
        "significa precisión sino falta de información; se usa uno prudente y su fiabilidad "
        "baja.",
        f"{name}: the published standard error{which_es} is practically zero, which means "
        "missing information, not precision; a conservative one is used and its reliability "
        "is lowered.",
    )[i]


def robust_pilot_sentence(
    robust: DrawSelection,
    selected: Sequence[int],
    *,
    threshold: float = 0.8,
    language: str = "es",
) -> str:
    """How stable the chosen pilot is, e.g. «12 de 15 seleccionados en ≥ 80 % …»."""
    i = _check(language)
    stable = robust.stable(threshold, among=selected)
    n = len(selected)
    draws = robust.draws - robust.infeasible
    share = _pct(threshold, language)
    text = (
        f"{stable} de {n} seleccionados en ≥ {share} de las simulaciones "
        f"(el piloto se volvió a elegir con las mismas restricciones en cada una de "
        f"{draws} simulaciones).",
        f"{stable} of {n} selected in ≥ {share} of the simulations "
        f"(the pilot was chosen again under the same constraints in each of {draws} "
        "simulations).",
    )[i]
    if robust.infeasible:
        text += (
            f" En {robust.infeasible} simulaciones las restricciones no pudieron cumplirse.",
            f" In {robust.infeasible} simulations the constraints could not all hold.",
        )[i]
    return text


def robust_pilot_text(language: str = "es") -> str:
    """What P(in pilot) and the expected-priority option are (methods page, README)."""
    i = _check(language)
    return (
        "P(en el piloto) es la parte de las simulaciones en que el territorio entra en el "
        "piloto cuando éste se vuelve a elegir, con las restricciones del plenario, en cada "
        "simulación. Va junto a P(top k), que ignora las restricciones. La opción «prioridad "
        "esperada» elige el conjunto con la mayor prioridad media sobre las simulaciones, en "
        "vez de la del índice observado.",
        "P(in pilot) is the share of simulations in which the territory enters the pilot when "
        "the pilot is chosen again, under the plenary's constraints, in each simulation. It "
        "sits next to P(top k), which ignores the constraints. The «expected priority» option "
        "chooses the set with the highest mean priority over the simulations instead of that "
        "of the observed index.",
    )[i]


def constraint_costs(
    selection: SelectionResult,
    constraints: SelectionConstraints | None,
    language: str = "es",
    names: Mapping[int, str] | None = None,
) -> list[tuple[str, float]]:
    """Each active constraint of a pilot, in words with its value, and its cost in points of
    total priority (the leave-one-out costs of :class:`SelectionResult`); empty without
    costs. A constraint the words do not know keeps the engine's own description."""
    costs = selection.costs
    if costs is None or costs.empty:
        return []
    return [
        (
            constraints.describe(str(name), language, names)
            if constraints is not None and str(name) in CONSTRAINT_LABELS
            else str(description),
            float(cost),
        )
        for name, description, cost in zip(
            costs["constraint"], costs["description"], costs["cost"], strict=True
        )
    ]


def costs_note(selection: SelectionResult, language: str = "es") -> str:
    """The sentence shown next to the leave-one-out costs, with the joint cost."""
    i = _check(language)
    joint = format_number(selection.joint_cost, language, decimals=1)
    total = format_number(selection.objective, language, decimals=1)
    plain = format_number(selection.unconstrained_objective, language, decimals=1)
    return (
        "El costo de cada restricción se calcula quitando sólo esa y dejando las demás; por "
        "eso los costos no suman el total perdido. Todas las restricciones juntas cuestan "
        f"{joint} puntos de prioridad ({total} con restricciones frente a {plain} de los "
        "primeros sin restricciones).",
        "Each constraint's cost is computed by removing that one alone and keeping the others; "
        "that is why the costs do not add up to the total forgone. All constraints together "
        f"cost {joint} priority points ({total} with constraints against {plain} for the top "
        "without constraints).",
    )[i]


def comparison_sentences(
    comparison: ScenarioComparison,
    names: Mapping[int, str] | None = None,
    *,
    language: str = "es",
) -> list[str]:
    """The decision comparison of two scenarios as sentences (one per line)."""
    i = _check(language)
    names = names or {}

    def label(code: int) -> str:
        return f"{code} {names[code]}" if code in names else str(code)

    def side(tag: str, s: Any) -> str:
        if not s.from_pilot:
            rule = (
                f"sin piloto definido: se toman los {len(s.pilot)} primeros",
                f"no pilot defined: the first {len(s.pilot)} are taken",
            )[i]
        elif s.constraints:
            rule = ("restricciones: ", "constraints: ")[i] + "; ".join(s.constraints)
        else:
            rule = ("sin restricciones", "no constraints")[i]
        return f"{tag}: «{s.name}» ({s.hash}) — {rule}"

    a, b = comparison.a, comparison.b
    lines = [side("A", a), side("B", b)]
    lines.append(
        (
            f"A eligió {comparison.pilot_overlap} de los {len(b.pilot)} de B.",
            f"A picked {comparison.pilot_overlap} of B's {len(b.pilot)}.",
        )[i]
    )
    if comparison.same_pilot:
        lines.append(("Los dos pilotos son iguales.", "Both pilots are the same.")[i])
    if comparison.entering:
        lines.append(
            ("Entran en B: ", "Enter in B: ")[i] + ", ".join(map(label, comparison.entering))
        )
    if comparison.leaving:
        lines.append(
            ("Salen en B: ", "Leave in B: ")[i] + ", ".join(map(label, comparison.leaving))
        )
    return lines
