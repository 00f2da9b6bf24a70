"""One-click PDF of a scenario: what was decided (weights, methods, constraints), what came
out (the selected set with its bands, the cost of the constraints) and its fingerprint.

Spanish or English; every number through :func:`analysis.formatting.format_number`, every
sentence on uncertainty from :mod:`analysis.priority.explain`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.formatting import format_number
from analysis.priority import explain
from analysis.priority.run import ScenarioRun
from analysis.report.common import ReportPDF

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Escenario: {name}", "Scenario: {name}"),
    "fingerprint": ("Huella del escenario: {hash}", "Scenario fingerprint: {hash}"),
    "level": ("Nivel territorial: {level}", "Territorial level: {level}"),
    "draws": ("Simulaciones de incertidumbre: {draws}", "Uncertainty draws: {draws}"),
    "weights": ("Pesos", "Weights"),
    "theme": ("Tema", "Theme"),
    "weight": ("Peso", "Weight"),
    "share": ("Parte del índice", "Share of the index"),
    "indicator": ("Indicador", "Indicator"),
    "methods": ("Método", "Method"),
    "constraints": ("Restricciones del plenario", "Plenary constraints"),
    "selected": ("Conjunto seleccionado", "Selected set"),
    "no_pilot": (
        "El escenario no define piloto: se listan los {k} primeros puestos.",
        "The scenario defines no pilot: the first {k} ranks are listed.",
    ),
    "rank": ("Posición", "Rank"),
    "territory": ("Territorio", "Territory"),
    "score": ("Puntaje", "Score"),
    "band": ("Banda 5–95 %", "Band 5–95 %"),
    "methods_range": ("Entre métodos", "Across methods"),
    "p_pilot": ("P(piloto)", "P(pilot)"),
    "costs": ("Costo de las restricciones", "Cost of the constraints"),
    "constraint": ("Restricción", "Constraint"),
    "points": ("Puntos", "Points"),
    "bands": ("Bandas de incertidumbre", "Uncertainty bands"),
    "page": ("página", "page"),
}
METHOD_FIELDS: tuple[str, ...] = (
    "normalisation",
    "aggregation_within",
    "aggregation_across",
    "missing",
    "outliers",
    "smooth_rates",
)
METHOD_NAMES: dict[str, tuple[str, str]] = {
    "normalisation": ("normalización", "normalisation"),
    "aggregation_within": ("agregación dentro de cada tema", "aggregation within each theme"),
    "aggregation_across": ("agregación entre temas", "aggregation across themes"),
    "missing": ("datos faltantes", "missing data"),
    "outliers": ("valores extremos", "outliers"),
    "smooth_rates": ("tasas por 100 000 hab.", "rates per 100 000"),
}


def _text(key: str, language: str, **values: object) -> str:
    pair = TEXTS[key]
    text = pair[1] if language == "en" else pair[0]
    return text.format(**values) if values else text


def _band(low: object, high: object) -> str:
    if pd.isna(low) or pd.isna(high):  # type: ignore[call-overload]
        return "–"
    return f"{int(float(low))}–{int(float(high))}"  # type: ignore[arg-type]


class _ScenarioPDF(ReportPDF):
    def __init__(self, *, title: str, footer: str, language: str) -> None:
        super().__init__(title=title, footer=footer)
        self.language = language
        self.set_lang(language)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 7)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, self.stamp, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"{_text('page', self.language)} {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def scenario_report(
    run: ScenarioRun,
    *,
    stamp: str,
    language: str = "es",
    theme_labels: Mapping[str, str] | None = None,
    indicator_labels: Mapping[str, str] | None = None,
    method_labels: Mapping[str, str] | None = None,
    level_label: str | None = None,
) -> bytes:
    """The scenario report as PDF bytes.

    Parameters
    ----------
    run
        The computed scenario (:func:`analysis.priority.run.rank_territories`).
    stamp
        Footer line (version, data vintage, fingerprint).
    theme_labels, indicator_labels, method_labels
        Names to print for theme ids, indicator ids and method options (keyed
        ``"<field>.<option>"`` or ``"<option>"``; the ids themselves when missing).
    """
    themes = dict(theme_labels or {})
    labels = dict(indicator_labels or {})
    methods = dict(method_labels or {})
    scenario = run.scenario
    pdf = _ScenarioPDF(
        title=_text("title", language, name=scenario.name), footer=stamp, language=language
    )
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.heading(_text("title", language, name=scenario.name), 15)
    if scenario.description:
        pdf.paragraph(scenario.description)
    pdf.paragraph(
        "\n".join(
            [
                _text("fingerprint", language, hash=run.hash),
                _text("level", language, level=level_label or run.level),
                _text("draws", language, draws=run.draws),
            ]
        ),
        style="B",
    )

    pdf.heading(_text("weights", language), 12)
    theme_weights = dict(scenario.themes or {})
    total = sum(theme_weights.values()) or float("nan")
    pdf.data_table(
        [_text("theme", language), _text("weight", language), _text("share", language)],
        [
            [
                themes.get(t, t),
                format_number(w, language, decimals=1),
                format_number(w / total, language, percent=True),
            ]
            for t, w in theme_weights.items()
        ],  # fmt: skip
        (90, 30, 40),
        align=["LEFT", "RIGHT", "RIGHT"],
    )
    indicator_weights = dict(scenario.indicators or {})
    pdf.data_table(
        [_text("indicator", language), _text("weight", language)],
        [
            [labels.get(i, i), format_number(w, language, decimals=1)]
            for i, w in indicator_weights.items()
        ],
        (130, 30),
        align=["LEFT", "RIGHT"],
    )

    pdf.heading(_text("methods", language), 12)
    lines = []
    for field in METHOD_FIELDS:
        option = str(getattr(scenario.method, field))
        shown = methods.get(f"{field}.{option}", methods.get(option, option))
        lines.append(f"{METHOD_NAMES[field][1 if language == 'en' else 0]}: {shown}")
    pdf.bullet_list(lines)

    names = run.table["name"].astype(str).to_dict() if "name" in run.table else {}
    pilot = scenario.pilot
    if pilot is not None:
        pdf.heading(_text("constraints", language), 12)
        pdf.bullet_list([pilot.describe(n, language, names) for n in pilot.active()])

    pdf.heading(_text("selected", language), 12)
    table = run.table
    if run.selection is not None:
        chosen = table[table.index.isin(list(run.selection.selected))]
    else:
        chosen = table.head(run.k)
        pdf.paragraph(_text("no_pilot", language, k=run.k))
    header = [_text("rank", language), _text("territory", language), _text("score", language),
              _text("band", language)]  # fmt: skip
    widths: list[float] = [16, 74, 18, 24]
    has_methods = "method_rank_min" in table and table["method_rank_min"].notna().any()
    has_pilot = "p_in_pilot" in table and table["p_in_pilot"].notna().any()
    if has_methods:
        header.append(_text("methods_range", language))
        widths.append(24)
    if has_pilot:
        header.append(_text("p_pilot", language))
        widths.append(20)
    rows = []
    for code, row in chosen.iterrows():
        cells = [
            format_number(row["rank"], language, decimals=0),
            f"{row.get('name', code)}",
            format_number(row["score"], language, decimals=1),
            _band(row.get("rank_p05"), row.get("rank_p95")),
        ]
        if has_methods:
            cells.append(_band(row.get("method_rank_min"), row.get("method_rank_max")))
        if has_pilot:
            cells.append(format_number(row.get("p_in_pilot"), language, percent=True, decimals=0))
        rows.append(cells)
    pdf.data_table(header, rows, widths, align=["RIGHT", "LEFT"] + ["RIGHT"] * (len(header) - 2))
    if run.robust is not None and run.selection is not None:
        pdf.paragraph(
            explain.robust_pilot_sentence(
                run.robust, [int(c) for c in chosen.index], language=language
            )
        )

    selection = run.selection
    if selection is not None and selection.costs is not None and not selection.costs.empty:
        pdf.heading(_text("costs", language), 12)
        pdf.data_table(
            [_text("constraint", language), _text("points", language)],
            [
                [text, format_number(cost, language, decimals=2)]
                for text, cost in explain.constraint_costs(selection, pilot, language, names)
            ],
            (130, 30),
            align=["LEFT", "RIGHT"],
        )
        pdf.paragraph(explain.costs_note(selection, language))

    if run.draws > 0:
        pdf.heading(_text("bands", language), 12)
        pdf.paragraph(explain.bands_text(k=run.k, language=language))
    return bytes(pdf.output())
