"""Context-analysis report (PDF, Spanish) for one municipio or a scenario's pilot set.

For each territory: a map of its departamento with the territory outlined, the rank and
its uncertainty band, the theme contributions to the score, the table of the scenario's
indicators against the departamento and national values, and reliability notes. The
report ends with the sources and the method; every page carries the scenario hash and the
data vintage. Everything is drawn locally (matplotlib + fpdf2): it works offline.

Examples
--------
Command line::

    raices report --municipio 1301 --scenario migracion --out informe_huehuetenango.pdf
    raices report --pilot --scenario pesos_iguales --out informe_piloto.pdf
"""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import plotting
from analysis.defaults import CV_LIMIT
from analysis.errors import RaicesError
from analysis.priority.run import IndexData, ScenarioRun, pilot_set, rank_territories
from analysis.report.common import ReportPDF, format_value, priority_band

ZERO_CV = 1e-9
"""Below this coefficient of variation a published standard error is treated as «zero»."""

DEFAULT_DRAWS = 300
"""Monte-Carlo draws for the rank band in reports (enough for a stable 90 % band)."""


@dataclass
class ReportData:
    """Everything a report reads, gathered once (see :func:`prepare`)."""

    run: ScenarioRun
    scenario_name: str
    scenario_hash: str
    scenario_description: str
    indicators: list[str]
    municipal: pd.DataFrame
    departmental: pd.DataFrame
    national: pd.Series
    standard_errors: pd.DataFrame
    catalog: pd.DataFrame
    themes: pd.DataFrame
    sources: pd.DataFrame
    quality: pd.DataFrame
    boundaries: pd.DataFrame
    dept_boundaries: pd.DataFrame
    info: dict[str, str]
    level: str = "municipio"

    @property
    def ranking(self) -> pd.DataFrame:
        """The run's ranking table (index ``code``)."""
        return self.run.table

    @property
    def footer(self) -> str:
        return plotting.footer_text(
            scenario_hash=self.scenario_hash, data_vintage=self.info.get("data_vintage")
        )


def prepare(
    scenario: object = None,
    *,
    db_path: str | Path | None = None,
    draws: int = DEFAULT_DRAWS,
    run: ScenarioRun | None = None,
) -> ReportData:
    """Read the build and rank the municipios under ``scenario``.

    Parameters
    ----------
    scenario
        A :class:`~analysis.priority.scenario.Scenario`, a preset id or a scenario file path;
        the default preset when ``None``.
    db_path
        Database to read.
    draws
        Monte-Carlo draws for the rank bands.
    run
        An already computed :class:`~analysis.priority.run.ScenarioRun` (the dashboard
        passes its own); computed here when ``None``.
    """
    from analysis import store
    from analysis.priority.scenario import Scenario, load_preset, load_scenario

    if scenario is None:
        scenario = load_preset()
    elif not isinstance(scenario, Scenario):
        scenario = load_scenario(str(scenario))
    level = scenario.level
    data = IndexData.from_store(level, db_path=db_path)
    resolved = scenario.resolve(data.catalog)
    if run is None:
        run = rank_territories(scenario, data, draws=draws)
    catalog = data.catalog
    departmental = store.load_indicators("departamento", db_path=db_path)
    indicators = list(resolved.indicators or {})
    return ReportData(
        run=run,
        scenario_name=resolved.name,
        scenario_hash=run.hash,
        scenario_description=getattr(resolved, "description", "") or "",
        indicators=indicators,
        municipal=data.indicators,
        departmental=departmental,
        national=store.load_national_values(db_path),
        standard_errors=(
            data.standard_errors
            if data.standard_errors is not None
            else pd.DataFrame(index=data.indicators.index)
        ),
        catalog=catalog,
        themes=store.load_themes(db_path=db_path),
        sources=store.load_sources(db_path=db_path).drop_duplicates("source_id"),
        quality=store.load_quality_issues(db_path=db_path),
        boundaries=store.load_boundaries(level, db_path=db_path),
        dept_boundaries=store.load_boundaries("departamento", db_path=db_path),
        info=store.build_info(db_path=db_path),
        level=level,
    )


def pilot_codes(data: ReportData) -> tuple[list[int], str]:
    """Codes of the scenario's pilot set (:func:`analysis.priority.run.pilot_set`, best
    rank first), and a sentence saying how it was chosen."""
    pilot = pilot_set(data.run)
    codes = list(pilot.codes)
    if pilot.constrained:
        selection = data.run.selection
        how = (
            f"conjunto piloto de {len(codes)} {_plural(data)} elegido con las restricciones "
            "del escenario"
        )
        costs = getattr(selection, "costs", None)
        if costs is not None and not costs.empty and "description" in costs:
            how += " (" + "; ".join(str(d) for d in costs["description"]) + ")"
        return codes, how
    return (
        codes,
        f"el escenario no define restricciones de piloto: se usan los {data.run.k} primeros "
        "puestos",
    )


def _theme_labels(data: ReportData) -> dict[str, str]:
    return data.themes["label_es"].astype(str).to_dict()


def _reliability_notes(data: ReportData, code: int) -> list[str]:
    notes = []
    row = data.ranking.loc[code]
    total = int(data.ranking["rank"].notna().sum())
    if pd.notna(row.get("rank_p05")) and pd.notna(row.get("rank_p95")):
        width = float(row["rank_p95"]) - float(row["rank_p05"])
        if width > total / 4:
            notes.append(
                f"El puesto es inestable: según las alternativas de método y peso su banda "
                f"del 90 % va del {int(row['rank_p05'])} al {int(row['rank_p95'])}."
            )
    coverage = float(row.get("coverage", np.nan))
    if math.isfinite(coverage) and coverage < 1:
        notes.append(f"Cobertura de indicadores del {coverage * 100:.0f} %: faltan datos.")
    missing = [
        str(data.catalog.at[i, "label_es"])
        for i in data.indicators
        if i in data.municipal.columns and pd.isna(data.municipal.at[code, i])
    ]
    if missing:
        notes.append("Sin dato en este territorio: " + "; ".join(missing) + ".")
    zero_se: list[str] = []
    if code in data.standard_errors.index:
        for indicator in data.standard_errors.columns:
            se = data.standard_errors.at[code, indicator]
            value = data.municipal.at[code, indicator] if indicator in data.municipal else np.nan
            if pd.notna(se) and pd.notna(value) and value != 0:
                cv = abs(float(se) / float(value))
                if cv < ZERO_CV:
                    zero_se.append(str(data.catalog.at[indicator, "label_es"]))
                    continue
                if cv > CV_LIMIT:
                    label = data.catalog.at[indicator, "label_es"]
                    notes.append(
                        f"{label}: estimación de áreas pequeñas con coeficiente de variación "
                        f"del {cv * 100:.0f} % (> {CV_LIMIT * 100:.0f} %): úsese con cautela."
                    )
    if zero_se:
        notes.append(
            "; ".join(sorted(zero_se)) + ": la fuente publica un error estándar nulo, lo que "
            "suele indicar una estimación directa con muy pocas observaciones; su precisión "
            "real se desconoce."
        )
    codes = pd.to_numeric(data.quality["code"], errors="coerce")
    # Quality issues are recorded on municipal codes: a departamento gathers its municipios'.
    mine = codes == code if data.level == "municipio" else codes // 100 == code
    issues = data.quality[mine]
    for _, issue in issues.head(6).iterrows():
        notes.append(
            f"Calidad de datos ({issue['source_id']}): {issue['issue']} — {issue['action']}."
        )
    used_sources = {str(data.catalog.at[i, "source_id"]) for i in data.indicators}
    if "unhcr_a2sit" in used_sources:
        notes.append(
            "Los indicadores de la plantilla A2SIT de ACNUR no documentan su año de referencia "
            "(≈2018–2023) y algunas unidades se infieren."
        )
    if any(str(data.catalog.at[i, "origin"]) == "user" for i in data.indicators):
        notes.append("Incluye indicadores propios aportados por analistas (capa de usuario).")
    return notes


def _plural(data: ReportData) -> str:
    return "municipios" if data.level == "municipio" else "departamentos"


def _pcode(code: int, level: str) -> str:
    return f"GT{code:04d}" if level == "municipio" else f"GT{code:02d}"


def _indicator_rows(data: ReportData, code: int) -> list[list[str]]:
    """Theme, indicator, territory value, [departamento value,] national value, unit."""
    dept = int(code) // 100
    rows = []
    theme_order = list(data.themes.index)
    ordered = sorted(
        data.indicators,
        key=lambda i: (
            theme_order.index(data.catalog.at[i, "theme"])
            if data.catalog.at[i, "theme"] in theme_order
            else 99
        ),
    )
    labels = _theme_labels(data)
    previous_theme = None
    for indicator in ordered:
        entry = data.catalog.loc[indicator]
        unit = str(entry["unit_es"])
        municipal = data.municipal.at[code, indicator] if indicator in data.municipal else np.nan
        departmental = (
            data.departmental.at[dept, indicator]
            if indicator in data.departmental.columns and dept in data.departmental.index
            else np.nan
        )
        national = data.national.get(indicator, np.nan)
        arrow = {1: "↑", -1: "↓"}.get(int(entry["direction"]), "·")
        theme = labels.get(str(entry["theme"]), str(entry["theme"]))
        # The theme is printed once per group: the table reads as sections.
        shown_theme = theme if theme != previous_theme else ""
        previous_theme = theme
        cells = [
            shown_theme,
            f"{entry['label_es']} {arrow}",
            format_value(municipal, unit),
            format_value(departmental, unit),
            format_value(national, unit),
            unit if not unit.startswith("proporción") else "%" + unit[len("proporción") :],
        ]
        if data.level != "municipio":
            del cells[3]  # a departamento is compared with the country only
        rows.append(cells)
    return rows


def _territory_pages(pdf: ReportPDF, data: ReportData, code: int) -> None:
    if code not in data.ranking.index:
        raise RaicesError(f"el código {code} no está en la clasificación", column=data.level)
    row = data.ranking.loc[code]
    total = int(data.ranking["rank"].notna().sum())
    name, dept_name = str(row["name"]), str(row["dept_name"])
    municipal = data.level == "municipio"
    pdf.add_page()
    pdf.heading(f"{name}, {dept_name}" if municipal else f"Departamento de {name}", size=15)
    pdf.paragraph(
        f"Código INE {code} · P-code {_pcode(code, data.level)} · escenario «{data.scenario_name}»",
        size=8.5,
    )
    rank = row["rank"]
    band = priority_band(rank, total)
    if pd.notna(rank):
        pdf.badge(f"Prioridad {band}: puesto {int(rank)} de {total}", band)
        text = f"Puntaje {row['score']:.1f} sobre 100.".replace(".", ",", 1)
        if pd.notna(row.get("rank_p05")):
            text += (
                f" Banda de incertidumbre del 90 %: puestos {int(row['rank_p05'])} a "
                f"{int(row['rank_p95'])}; probabilidad de estar entre los "
                f"{data.run.k} primeros: "
                f"{float(row['p_top_k']) * 100:.0f} %."
            )
        if pd.notna(row.get("reliability")):
            text += f" Fiabilidad de los datos: {float(row['reliability']):.0f}/100."
        pdf.paragraph(text)
    else:
        pdf.badge("Sin puntaje: cobertura de datos insuficiente", "sin dato")

    if municipal:
        shown = data.boundaries[data.boundaries["dept_code"] == code // 100].copy()
        where = dept_name
    else:
        shown = data.boundaries.copy()
        where = "Guatemala"
    shown["score"] = data.ranking["score"].reindex(shown.index)
    figure = plotting.choropleth(
        shown,
        "score",
        title=f"Puntaje del índice en {where}",
        legend_title="Puntaje (0–100)",
        highlight=[code],
        highlight_label=name,
        overlay=None,
        k=4,
        figsize=(7.0, 4.2),
        dpi=160,
    )
    pdf.image_bytes(plotting.to_png_bytes(figure), width=150)

    contributions = {
        column.removeprefix("contrib_"): float(row[column])
        for column in data.ranking.columns
        if column.startswith("contrib_")
    }
    if contributions:
        figure = plotting.contribution_bars(
            contributions,
            title="Aporte de cada tema al puntaje (puntos)",
            labels=_theme_labels(data),
            decimals=1,
            figsize=(7.0, 2.6),
            dpi=160,
        )
        pdf.image_bytes(plotting.to_png_bytes(figure), width=150)

    pdf.heading("Indicadores del escenario", size=11)
    compared = "al de su departamento y al nacional" if municipal else "al nacional"
    pdf.paragraph(
        f"Valor del territorio frente {compared}. ↑: un valor más alto indica más necesidad; "
        "↓: más bajo indica más necesidad.",
        size=7.5,
        style="I",
    )
    if municipal:
        header = ["Tema", "Indicador", "Municipio", "Depto.", "Nacional", "Unidad"]
        widths = [27, 58, 18, 18, 18, 39]
        align = ["LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT"]
    else:
        header = ["Tema", "Indicador", "Departamento", "Nacional", "Unidad"]
        widths = [27, 64, 24, 20, 43]
        align = ["LEFT", "LEFT", "RIGHT", "RIGHT", "LEFT"]
    pdf.data_table(header, _indicator_rows(data, code), widths, size=7, align=align)
    notes = _reliability_notes(data, code)
    pdf.heading("Notas de fiabilidad", size=11)
    pdf.bullet_list(notes or ["Sin observaciones: datos completos y puesto estable."])


def _overview_page(pdf: ReportPDF, data: ReportData, codes: list[int], how: str) -> None:
    pdf.add_page()
    pdf.heading("Análisis de contexto: conjunto piloto", size=15)
    pdf.paragraph(f"Escenario «{data.scenario_name}» — {how}.", size=9)
    frame = data.boundaries.copy()
    frame["score"] = data.ranking["score"].reindex(frame.index)
    figure = plotting.choropleth(
        frame,
        "score",
        title="Puntaje del índice y territorios del piloto",
        legend_title="Puntaje (0–100)",
        highlight=codes,
        highlight_label="conjunto piloto",
        overlay=data.dept_boundaries,
        figsize=(7.0, 5.6),
        dpi=160,
    )
    pdf.image_bytes(plotting.to_png_bytes(figure), width=160)
    total = int(data.ranking["rank"].notna().sum())
    rows = []
    for code in codes:
        row = data.ranking.loc[code]
        band = (
            f"{int(row['rank_p05'])}–{int(row['rank_p95'])}"
            if pd.notna(row.get("rank_p05"))
            else "—"
        )
        rows.append(
            [
                str(int(row["rank"])) if pd.notna(row["rank"]) else "—",
                str(row["name"]),
                str(row["dept_name"]),
                format_value(row["score"]),
                band,
                priority_band(row["rank"], total),
            ]
        )
    pdf.data_table(
        ["Puesto", "Territorio", "Departamento", "Puntaje", "Banda 90 %", "Prioridad"],
        rows,
        [16, 50, 40, 22, 28, 22],
        size=7.5,
        align=["RIGHT", "LEFT", "LEFT", "RIGHT", "CENTER", "LEFT"],
    )


def _sources_page(pdf: ReportPDF, data: ReportData) -> None:
    pdf.add_page()
    pdf.heading("Fuentes y método", size=13)
    used = {str(data.catalog.at[i, "source_id"]) for i in data.indicators}
    rows = data.sources[data.sources["source_id"].isin(used)]
    items = [
        f"{r['publisher']}: {r['title']} ({r['year']}). Licencia: {r['licence']}. {r['url']}"
        for _, r in rows.iterrows()
    ]
    if "usuario" in used:
        items.append("Indicadores propios de analistas: véase su fuente declarada en el catálogo.")
    pdf.bullet_list(items, size=7.5)
    pdf.heading("Método", size=11)
    pdf.paragraph(
        f"Escenario «{data.scenario_name}» (huella {data.scenario_hash}). "
        f"{data.scenario_description} "
        "El puntaje (0–100) agrega los indicadores normalizados por tema y los temas con sus "
        "pesos; la banda de incertidumbre resume las posiciones obtenidas al variar pesos, "
        "normalización, agregación y, donde se publican, los errores estándar. Los valores "
        "departamentales y nacionales usan ponderaciones explícitas (población u hogares; "
        "sumas para conteos) o la estimación publicada por la fuente cuando existe (pobreza "
        "2023: estimación directa nacional de la ENCOVI 2023).",
        size=8.5,
    )
    pdf.paragraph(
        f"Datos: {data.info.get('data_vintage', '')}; base construida el "
        f"{data.info.get('built_at', '')}. Informe generado sin conexión el "
        f"{date.today().isoformat()} por Raíces.",
        size=8,
        style="I",
    )


def write_report(
    out: str | Path,
    *,
    codes: list[int] | None = None,
    pilot: bool = False,
    scenario: object = None,
    data: ReportData | None = None,
    db_path: str | Path | None = None,
    draws: int = DEFAULT_DRAWS,
) -> Path:
    """Write the context-analysis PDF.

    Parameters
    ----------
    out
        PDF file to write (parent folders are created; written atomically).
    codes
        INE codes of the territories to describe (one page group each): municipios, or
        departamentos when the scenario is departmental.
    pilot
        Describe the scenario's pilot set instead (overview map and table first).
    scenario
        Scenario, preset id or file; the default preset when ``None``.
    data
        Pre-gathered :class:`ReportData` (saves reading the build twice).
    db_path, draws
        See :func:`prepare`.

    Returns
    -------
    Path
        The PDF written.
    """
    if not codes and not pilot:
        raise RaicesError(
            "indique un territorio (--municipio o --departamento) o el conjunto piloto (--pilot)"
        )
    if data is None:
        data = prepare(scenario, db_path=db_path, draws=draws)
    how = ""
    if pilot:
        codes, how = pilot_codes(data)
    assert codes is not None
    unknown = [c for c in codes if int(c) not in data.ranking.index]
    if unknown:
        raise RaicesError(
            f"código INE inexistente: {', '.join(map(str, unknown))}",
            column=data.level,
            hint="municipios: 101 a 2217" if data.level == "municipio" else "departamentos: 1 a 22",
        )
    if len(codes) == 1 and not pilot:
        row = data.ranking.loc[int(codes[0])]
        place = (
            f"{row['name']}, {row['dept_name']}"
            if data.level == "municipio"
            else f"departamento de {row['name']}"
        )
        title = f"Análisis de contexto — {place}"
    else:
        title = f"Análisis de contexto — conjunto piloto ({len(codes)} {_plural(data)})"
    pdf = ReportPDF(title=title, footer=data.footer)
    if pilot or len(codes) > 1:
        _overview_page(pdf, data, [int(c) for c in codes], how or "selección indicada")
    for code in codes:
        _territory_pages(pdf, data, int(code))
    _sources_page(pdf, data)
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".pdf")
    os.close(handle)
    try:
        pdf.output(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target
