"""The workshop spreadsheet: one row per participant, filled on paper and typed in later.

:func:`write_template` writes an XLSX with three sheets:

``respuestas``
    Row 1 holds the column ids the importer reads (:func:`template_columns`); one row per
    participant below. Budget rounds have one column per theme and a ``total`` column that
    adds them up (a check for the facilitator; the importer recomputes and never trusts it).
    Pairwise rounds have one column per pair ``tema_a / tema_b``.
``instrucciones``
    The round, the method and the scale in plain Spanish.
``listas``
    The valid values of every closed column (sector, pueblo, sex, age group) and the
    territories with their INE codes.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from analysis.consultation.elicitation import pair_label, theme_pairs
from analysis.consultation.spec import AGE_GROUPS, PUEBLOS, SECTORS, SEXES, RoundSpec
from analysis.export.safety import neutralise_text

PROFILE_HEADERS: tuple[str, ...] = (
    "codigo_participante",
    "sector",
    "territorio",
    "pueblo",
    "sexo",
    "grupo_edad",
    "comentario",
)
"""Profile columns of the ``respuestas`` sheet, in order."""

SHEET = "respuestas"
TEMPLATE_ROWS = 60
"""Rows prepared with drop-down lists and totals."""

SCALE_TEXT = (
    "Escala de Saaty: 1 = igual de importantes; 3 = el primero es moderadamente más importante; "
    "5 = fuertemente; 7 = muy fuertemente; 9 = extremadamente más importante (2, 4, 6 y 8 "
    "son intermedios). Si el SEGUNDO tema es el más importante, escriba la fracción: 1/3, "
    "1/5, 1/7, 1/9."
)


def answer_columns(spec: RoundSpec) -> list[str]:
    """The answer columns of a round: its items (budget) or its pairs (AHP)."""
    if spec.method == "ahp":
        return [pair_label(a, b) for a, b in theme_pairs(spec.items)]
    return list(spec.items)


def template_columns(spec: RoundSpec) -> list[str]:
    """Every column of the ``respuestas`` sheet, in order."""
    columns = list(PROFILE_HEADERS) + answer_columns(spec)
    if spec.method == "presupuesto":
        columns.append("total")
    return columns


def _instructions(spec: RoundSpec, territories: pd.Series) -> list[str]:
    noun = "departamento" if spec.level == "departamento" else "municipio"
    lines = [
        f"Ronda de consulta: {spec.name}",
        f"Fecha: {spec.date}" if spec.date else "",
        spec.description,
        "",
        "Cada fila es una persona participante. No se escriben nombres: use un código "
        "(por ejemplo T1-01) distinto para cada persona.",
        f"sector: uno de la hoja «listas». territorio: el {noun} de la persona, con su "
        "código INE o su nombre. pueblo, sexo y grupo_edad son opcionales.",
        "comentario: texto libre (opcional).",
        "",
    ]
    if spec.method == "presupuesto":
        lines += [
            "Método: reparto de 100 puntos. Cada persona reparte exactamente 100 puntos entre "
            "los temas: más puntos = más peso en la priorización.",
            "Si una fila no suma 100, el importador la señala y no guarda nada: corrija la fila "
            "con la persona o con su hoja en papel; no se ajusta automáticamente.",
        ]
    else:
        lines += [
            "Método: comparación por pares. Para cada par «tema A / tema B», ¿cuánto más "
            "importante es A que B?",
            SCALE_TEXT,
            "Valores fuera de la escala (por ejemplo 12) se señalan y no se guarda nada.",
        ]
    lines += ["", "Temas:"]
    lines += [f"  {item}: {spec.label(item)}" for item in spec.items]
    lines += ["", f"Hay {len(territories)} territorios válidos en la hoja «listas»."]
    return [line for line in lines if line is not None]


def template_bytes(spec: RoundSpec, territories: pd.Series) -> bytes:
    """The workshop spreadsheet as XLSX bytes (see the module docstring).

    ``territories`` maps INE code -> name at the round's level.
    """
    buffer = io.BytesIO()
    columns = template_columns(spec)
    answers = answer_columns(spec)
    with pd.ExcelWriter(
        buffer,
        engine="xlsxwriter",
        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}},
    ) as writer:
        book = writer.book
        bold = book.add_format({"bold": True, "bg_color": "#E6E6E6", "text_wrap": True})
        sheet = book.add_worksheet(SHEET)
        writer.sheets[SHEET] = sheet
        for j, column in enumerate(columns):
            sheet.write_string(0, j, column, bold)
            sheet.set_column(j, j, 14 if j < len(PROFILE_HEADERS) else 12)
        sheet.set_column(
            PROFILE_HEADERS.index("comentario"), PROFILE_HEADERS.index("comentario"), 40
        )
        sheet.freeze_panes(1, 1)
        last = TEMPLATE_ROWS
        lists = {
            "sector": list(SECTORS),
            "pueblo": list(PUEBLOS),
            "sexo": list(SEXES),
            "grupo_edad": list(AGE_GROUPS),
        }
        for column, values in lists.items():
            j = columns.index(column)
            sheet.data_validation(1, j, last, j, {"validate": "list", "source": values})
        first_answer = len(PROFILE_HEADERS)
        if spec.method == "presupuesto":
            total = columns.index("total")
            for row in range(1, last + 1):
                start = _cell(row, first_answer)
                end = _cell(row, first_answer + len(answers) - 1)
                sheet.write_formula(
                    row, total, f'=IF(COUNT({start}:{end})=0,"",SUM({start}:{end}))'
                )
        lines = _instructions(spec, territories)
        pd.DataFrame({"Instrucciones": [neutralise_text(line) for line in lines]}).to_excel(
            writer, sheet_name="instrucciones", index=False
        )
        writer.sheets["instrucciones"].set_column(0, 0, 110)
        listing = pd.DataFrame(
            {
                "lista": ["sector"] * len(SECTORS)
                + ["pueblo"] * len(PUEBLOS)
                + ["sexo"] * len(SEXES)
                + ["grupo_edad"] * len(AGE_GROUPS),
                "valor": list(SECTORS) + list(PUEBLOS) + list(SEXES) + list(AGE_GROUPS),
                "significado": [v[0] for v in SECTORS.values()]
                + [v[0] for v in PUEBLOS.values()]
                + [v[0] for v in SEXES.values()]
                + [v[0] for v in AGE_GROUPS.values()],
            }
        )
        places = pd.DataFrame(
            {
                "lista": "territorio",
                "valor": territories.index.astype(int),
                "significado": territories.to_numpy(),
            }
        )
        pd.concat([listing, places], ignore_index=True).to_excel(
            writer, sheet_name="listas", index=False
        )
    return buffer.getvalue()


def write_template(path: str | Path, spec: RoundSpec, territories: pd.Series) -> Path:
    """Write :func:`template_bytes` to ``path`` (replacing it only once complete)."""
    target = Path(path)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_bytes(template_bytes(spec, territories))
    temporary.replace(target)
    return target


def _cell(row: int, column: int) -> str:
    """A1 reference of a 0-based cell."""
    letters = ""
    column += 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{row + 1}"
