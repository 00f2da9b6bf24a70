"""The consultation report: a Spanish PDF for the plenary.

Sections: the method in plain words; participation (who took part and which sectors and
departamentos are missing); the combined weights with their spread; agreement (Kendall's W
first, then the correlation between sectors and the themes that divide the room); the
consensus ranking and pilot set with their robustness across voices; the comments,
grouped by the theme each person weighted most. Comments are printed as plain text.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from analysis import __version__
from analysis.consultation.aggregation import RULE_LABELS
from analysis.consultation.results import RoundResult
from analysis.consultation.spec import AGE_GROUPS, PUEBLOS, SECTOR_SHORT, SECTORS, SEXES
from analysis.formatting import format_number
from analysis.plotting import footer_text, to_png_bytes
from analysis.report.common import ReportPDF

TOP_ROWS = 20
"""Territories of the consensus ranking printed."""

LABELS = {"sector": SECTORS, "pueblo": PUEBLOS, "sex": SEXES, "age_group": AGE_GROUPS}


def agreement_words(w: float) -> str:
    """Plain reading of Kendall's W (Schmidt 1997: 0.1 very weak … 0.9 unusually strong).

    Examples
    --------
    >>> agreement_words(0.05), agreement_words(0.42), agreement_words(0.95)
    ('muy débil', 'moderado', 'muy fuerte')
    """
    if not math.isfinite(w):
        return "no definido"
    for limit, words in ((0.1, "muy débil"), (0.3, "débil"), (0.5, "moderado"), (0.7, "fuerte")):
        if w < limit:
            return words
    return "muy fuerte" if w >= 0.9 else "fuerte"


def method_text(result: RoundResult) -> list[str]:
    """The method in plain words, as paragraphs."""
    spec = result.spec
    rule = RULE_LABELS.get(result.combined.rule, result.combined.rule)
    what = "temas" if spec.target == "themes" else "indicadores"
    paragraphs = []
    if spec.method == "presupuesto":
        paragraphs.append(
            f"Cada participante repartió 100 puntos entre los {what}: más puntos, más peso en "
            "la priorización. Las filas que no sumaban 100 se señalaron y se corrigieron con "
            "la persona; nunca se ajustaron automáticamente."
        )
    else:
        paragraphs.append(
            f"Cada participante comparó los {what} de dos en dos en la escala de Saaty (1 = igual "
            "de importantes, 9 = extremadamente más importante). Los pesos salen del vector "
            "propio principal de sus comparaciones. La razón de consistencia (RC) mide si las "
            "comparaciones se contradicen; con RC > 0,10 se pidió revisar los juicios más "
            "inconsistentes, y la respuesta se conservó en todo caso, marcada."
        )
    paragraphs.append(
        f"Los pesos de todas las voces se combinaron por {rule}. La dispersión de cada tema es "
        "el rango intercuartílico (RIC): la mitad central de las voces le dio pesos dentro de "
        "ese rango."
    )
    paragraphs.append(
        "El acuerdo se mide con la W de Kendall sobre el orden en que cada persona puso los "
        "temas: 1 = todas los ordenan igual, 0 = ningún orden común."
    )
    paragraphs.append(
        "Para ver qué significan los pesos para la decisión, el índice se calculó con los pesos "
        "de cada participante y se eligió el piloto con las mismas restricciones del plenario. "
        "Un territorio elegido bajo los pesos de al menos el 80 % de las voces es una señal "
        "fuerte para el plenario."
    )
    return paragraphs


def _label(dimension: str, value: object, names: pd.Series | None) -> str:
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return "sin respuesta"
    if dimension in LABELS:
        return LABELS[dimension].get(str(value), (str(value),))[0]
    if dimension in ("departamento", "territory") and names is not None:
        try:
            code = int(str(value))
        except (TypeError, ValueError):
            return str(value)
        return f"{names.get(code, code)} ({code})"
    return str(value)


def _weights_figure(result: RoundResult) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    spread = result.combined.spread
    weights = result.combined.weights
    labels = [result.spec.label(str(t)) for t in weights.index][::-1]
    figure, axis = plt.subplots(figsize=(7.0, 0.45 * len(weights) + 1.0), dpi=150)
    y = range(len(weights))
    values = (100 * weights.to_numpy())[::-1]
    low = (100 * spread["p25"].to_numpy())[::-1]
    high = (100 * spread["p75"].to_numpy())[::-1]
    axis.barh(list(y), values, color="#4c78a8")
    axis.hlines(list(y), low, high, color="#222222", linewidth=2.5)
    axis.set_yticks(list(y), labels, fontsize=8)
    axis.set_xlabel("peso combinado (%) y rango intercuartílico de las voces", fontsize=8)
    axis.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    data = to_png_bytes(figure)
    plt.close(figure)
    return data


def write_report(
    result: RoundResult,
    path: str | Path,
    *,
    names: pd.Series | None = None,
    departamentos: pd.Series | None = None,
) -> Path:
    """Write the consultation report PDF to ``path`` (replaced only once complete).

    ``names`` maps the ranking's territory codes to names; ``departamentos`` maps
    departamento codes to names (for participation).
    """
    spec = result.spec
    fmt = format_number
    stamp = footer_text(scenario_hash=result.consensus.hash(), extra=f"consulta «{spec.name}»")
    pdf = ReportPDF(title=f"Consulta: {spec.name}", footer=stamp)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.heading(f"Consulta: {spec.name}", 16)
    when = f"Fecha: {spec.date}. " if spec.date else ""
    method = (
        "reparto de 100 puntos" if spec.method == "presupuesto" else "comparación por pares (AHP)"
    )
    pdf.paragraph(
        f"{when}Nivel: {spec.level}. Método: {method}. Respuestas: {result.participation.total}."
    )
    if spec.description:
        pdf.paragraph(spec.description)

    pdf.heading("1. Cómo se hizo")
    for paragraph in method_text(result):
        pdf.paragraph(paragraph)

    part = result.participation
    pdf.heading("2. Participación")
    rows = []
    for dimension, title in (
        ("sector", "Sector"),
        ("pueblo", "Pueblo"),
        ("sex", "Sexo"),
        ("age_group", "Grupo de edad"),
    ):
        for _, row in part.counts[dimension].iterrows():
            rows.append(
                [
                    title,
                    _label(dimension, row["value"], None),
                    str(int(row["n"])),
                    fmt(row["share"], percent=True),
                ]
            )
    pdf.data_table(["", "grupo", "respuestas", "%"], rows, (30, 90, 25, 25))
    dept = part.counts["departamento"]
    present = dept[dept["n"] > 0]
    pdf.paragraph(
        "Departamentos con respuestas: "
        + (
            "; ".join(
                f"{_label('departamento', v, departamentos)}: {int(n)}"
                for v, n in zip(present["value"], present["n"], strict=True)
            )
            or "ninguno"
        )
        + "."
    )
    if part.missing_sectors:
        pdf.paragraph(
            "Sectores sin ninguna voz: "
            + ", ".join(SECTORS[s][0] for s in part.missing_sectors)
            + ".",
            style="B",
        )
    if part.missing_departamentos:
        missing = [
            _label("departamento", d, departamentos).split(" (")[0]
            for d in part.missing_departamentos
        ]
        pdf.paragraph(
            f"Departamentos sin ninguna voz ({len(missing)}): " + ", ".join(missing) + ".",
            style="B",
        )
    if spec.method == "ahp":
        pdf.paragraph(
            f"Respuestas con razón de consistencia mayor que 0,10 (conservadas y marcadas): "
            f"{part.inconsistent} de {part.total}."
        )

    pdf.heading("3. Pesos combinados y dispersión")
    pdf.image_bytes(_weights_figure(result), 150)
    spread = result.combined.spread
    rows = [
        [
            spec.label(str(theme)),
            fmt(100 * weight, decimals=1),
            f"{fmt(100 * spread.at[theme, 'p25'], decimals=1)} – {fmt(100 * spread.at[theme, 'p75'], decimals=1)}",
            fmt(100 * spread.at[theme, "iqr"], decimals=1),
        ]
        for theme, weight in result.combined.weights.items()
    ]
    pdf.data_table(
        ["tema", "peso combinado (%)", "cuartiles de las voces (%)", "RIC (puntos)"],
        rows,
        (70, 35, 45, 25),
    )
    sector_weights = result.by_group["sector"]
    if not sector_weights.empty:
        table = sector_weights.pivot(index="theme", columns="group", values="weight")
        table = table.reindex(list(spec.items))
        groups = list(table.columns)
        header = ["tema", *[SECTOR_SHORT.get(str(g), str(g)) for g in groups]]
        rows = [
            [spec.label(str(theme)), *[fmt(100 * table.at[theme, g], decimals=1) for g in groups]]
            for theme in table.index
        ]
        width = max(15.0, min(28.0, 120.0 / max(len(groups), 1)))
        pdf.paragraph("Pesos combinados por sector (%):", style="B")
        pdf.data_table(header, rows, (58, *([width] * len(groups))), size=6.5)

    pdf.heading("4. Acuerdo")
    w = result.concordance
    if math.isfinite(w.w):
        pdf.paragraph(
            f"W de Kendall = {fmt(w.w, decimals=3)}: acuerdo {agreement_words(w.w)} "
            f"entre {w.participants} voces sobre {w.themes} temas "
            f"(χ² = {fmt(w.chi2, decimals=2)}, {w.dof} grados de libertad, p = {fmt(w.p_value, decimals=3)})."
        )
    else:
        pdf.paragraph("W de Kendall: no definido (hacen falta al menos dos respuestas).")
    correlation = result.group_correlation.dropna(subset=["spearman"])
    if not correlation.empty:
        rows = [
            [
                _label("sector", r["group_a"], None),
                _label("sector", r["group_b"], None),
                fmt(r["spearman"], decimals=2),
            ]
            for _, r in correlation.iterrows()
        ]
        pdf.paragraph("Correlación de rangos (Spearman) entre los pesos de cada par de sectores:")
        pdf.data_table(["sector", "otro sector", "Spearman"], rows, (70, 70, 25))
    divides = result.dividing[result.dividing["divides"]]
    if divides.empty:
        pdf.paragraph("Ningún tema divide a la sala: el RIC de cada peso es menor que 10 puntos.")
    else:
        pdf.paragraph(
            "Temas que dividen a la sala (RIC de 10 puntos o más): "
            + "; ".join(
                f"{spec.label(str(t))} (RIC {fmt(100 * r['iqr'], decimals=1)} puntos, diferencia "
                f"entre sectores {fmt(100 * r['group_gap'], decimals=1)} puntos)"
                for t, r in divides.iterrows()
            )
            + "."
        )

    pdf.heading("5. Clasificación de consenso y piloto entre las voces")
    pdf.paragraph(
        f"Escenario «{result.consensus.name}» (huella {result.consensus.hash()}): "
        f"{result.consensus.description}"
    )
    consequences = result.consequences
    run = result.consensus_run
    if consequences is not None and run is not None:
        summary = consequences.summary(names)
        table = run.table.head(TOP_ROWS)
        rows = []
        for code, row in table.iterrows():
            share_top = summary.at[code, "p_top_k"] if code in summary.index else float("nan")
            share_pilot = (
                summary.at[code, "p_selected"]
                if "p_selected" in summary and code in summary.index
                else float("nan")
            )
            rows.append(
                [
                    str(int(row["rank"])),
                    f"{row.get('name', '')} ({code})",
                    fmt(row["score"], decimals=1),
                    fmt(share_top, percent=True, decimals=0),
                    fmt(share_pilot, percent=True, decimals=0),
                    "sí" if bool(row.get("selected", False)) else "",
                ]
            )
        pdf.data_table(
            [
                "puesto",
                "territorio",
                "puntaje",
                f"voces con él en el top {consequences.k}",
                "voces que lo eligen en el piloto",
                "piloto de consenso",
            ],
            rows,
            (14, 62, 18, 30, 30, 22),
            size=7,
        )
        if consequences.pilot is not None:
            strong = consequences.strong
            labels = [f"{names.get(c, c) if names is not None else c} ({c})" for c in strong]
            pdf.paragraph(
                f"Seleccionados por ≥ 80 % de las voces ({len(strong)}): "
                + (", ".join(labels) if labels else "ninguno")
                + ".",
                style="B",
            )
            if consequences.pilot.infeasible:
                pdf.paragraph(
                    f"Con los pesos de {consequences.pilot.infeasible} voces las restricciones del "
                    "piloto no pudieron cumplirse; esas voces no cuentan en las proporciones."
                )

    pdf.heading("6. Comentarios, agrupados por el tema al que cada persona dio más peso")
    profile = result.responses.profile
    comments = profile["comment"].fillna("").astype(str)
    if not (comments.str.strip() != "").any():
        pdf.paragraph("No hubo comentarios.")
    else:
        heaviest = result.responses.weights.idxmax(axis=1)
        for theme in spec.items:
            chosen = [
                c for c, t in zip(comments, heaviest, strict=True) if t == theme and c.strip()
            ]
            if chosen:
                pdf.paragraph(spec.label(theme), style="B")
                pdf.bullet_list([" ".join(c.split()) for c in chosen])
    pdf.paragraph(f"Raíces {__version__}.", size=7)
    target = Path(path)
    temporary = target.with_name(target.name + ".tmp")
    pdf.output(str(temporary))
    temporary.replace(target)
    return target
