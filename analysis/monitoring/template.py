"""The 5W Excel template that institutions fill and send to the technical secretariat.

One sheet ``Acciones`` with one row per action and a drop-down list (data validation) for
every closed vocabulary — theme, commission, type of action, status, yes/no — plus the
reference sheets ``Municipios`` (the 340 municipios with INE code and P-code),
``Departamentos`` and ``Instituciones`` (ids to name partners), and ``Instrucciones``.
:mod:`analysis.monitoring.importer` reads the same columns back.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.monitoring.models import (
    ACTION_STATUSES,
    COMMISSIONS,
    DEFAULT_ACTION_TYPES,
    REACH_GROUPS,
    THEMES,
    Labels,
)

ACTIONS_SHEET = "Acciones"
MUNICIPIOS_SHEET = "Municipios"
DEPARTAMENTOS_SHEET = "Departamentos"
INSTITUTIONS_SHEET = "Instituciones"
LISTS_SHEET = "Listas"
HEADER_ROW = 1
"""Spreadsheet row of the column headers in ``Acciones`` (data starts on the next row)."""

YES_NO = ("Sí", "No")
MAX_ROWS = 20_000
"""Rows of ``Acciones`` that carry the drop-down lists."""


@dataclass(frozen=True)
class Column:
    """One column of the ``Acciones`` sheet."""

    header: str
    field: str
    help: str
    required: bool = False
    width: int = 16


REACH_COLUMNS: dict[str, tuple[str, str]] = {
    "mujeres": ("sexo", "mujer"),
    "hombres": ("sexo", "hombre"),
    "ninez": ("edad", "ninez"),
    "adolescencia": ("edad", "adolescencia"),
    "juventud": ("edad", "juventud"),
    "adultez": ("edad", "adultez"),
    "maya": ("pueblo", "maya"),
    "garifuna": ("pueblo", "garifuna"),
    "xinka": ("pueblo", "xinka"),
    "ladino": ("pueblo", "ladino"),
    "otro_pueblo": ("pueblo", "otro"),
}
"""Template column → (dimension, group) of people reached."""

COLUMNS: tuple[Column, ...] = (
    Column("id_accion", "external_id", "Identificador propio de la institución (único)", True, 14),
    Column("titulo", "title", "Nombre corto de la acción", True, 36),
    Column("descripcion", "description", "Qué se hace y con quién", width=40),
    Column("tema", "theme", "Causa que atiende (lista)", width=24),
    Column("comision", "commission", "Comisión de la MMM (lista)", width=24),
    Column("tipo_accion", "action_type", "Tipo de acción (lista)", True, 30),
    Column("estado", "status", "Planificada, En curso, Completada o Cancelada", True, 14),
    Column("fecha_inicio", "start_date", "AAAA-MM-DD", width=13),
    Column("fecha_fin", "end_date", "AAAA-MM-DD; no antes del inicio", width=13),
    Column(
        "departamento",
        "departamento",
        "Nombre o código; sólo para acciones en todo el "
        "departamento o para distinguir municipios con el mismo nombre",
        width=18,
    ),  # fmt: skip
    Column(
        "municipios",
        "territories",
        "Códigos INE, P-codes o nombres separados por «;» (hoja Municipios)",
        width=28,
    ),  # fmt: skip
    Column(
        "socios",
        "partner_ids",
        "Instituciones socias: id, siglas o nombre, separadas por «;» (hoja Instituciones)",
        width=20,
    ),  # fmt: skip
    Column("segmentos", "target_segments", "Población meta (texto libre)", width=24),
    Column("personas_total", "people_reached", "Personas alcanzadas (total)", width=12),
    *(
        Column(name, "reach", f"Personas alcanzadas: {REACH_GROUPS[d][g][0]}", width=11)
        for name, (d, g) in REACH_COLUMNS.items()
    ),
    Column("incluye_retornados", "returnees_included", "Sí o No", width=10),
    Column("presupuesto_planificado", "budget_planned", "Quetzales", width=14),
    Column("presupuesto_ejecutado", "budget_executed", "Quetzales", width=14),
    Column("fuente_financiamiento", "funding_source", "De dónde vienen los fondos", width=22),
    Column("plan_piloto", "in_pilot", "Sí si forma parte del plan piloto", width=10),
    Column(
        "huella_escenario", "scenario_hash", "Huella del escenario del piloto (Raíces)", width=16
    ),
    Column("notas", "notes", "Notas internas (no se publican)", width=24),
    Column("evidencias", "evidence_links", "Enlaces (http…) separados por espacio o «;»", width=28),
)
"""Columns of ``Acciones`` in order."""

HEADERS = tuple(c.header for c in COLUMNS)
REQUIRED = tuple(c.header for c in COLUMNS if c.required)
HEADER_OF_FIELD: dict[str, str] = {}
for _column in COLUMNS:
    HEADER_OF_FIELD.setdefault(_column.field, _column.header)
HEADER_OF_FIELD["reach.sexo"] = "mujeres"
HEADER_OF_FIELD["reach.edad"] = "ninez"
HEADER_OF_FIELD["reach.pueblo"] = "maya"
HEADER_OF_FIELD.update({f"reach.{g}": h for h, (_, g) in REACH_COLUMNS.items()})
HEADER_OF_FIELD["reach.otro"] = "otro_pueblo"

INSTRUCTIONS = (
    "Plantilla 5W de Raíces — seguimiento de la Mesa Multisectoral (MMM)",
    "",
    "Una fila por acción en la hoja «Acciones». Quién (su institución y las socias), qué "
    "(título, tema o comisión, tipo), dónde (municipios o departamento), cuándo (fechas, "
    "estado), para quién (personas alcanzadas por sexo, edad y pueblo) y con qué presupuesto.",
    "Obligatorias: id_accion, titulo, tipo_accion, estado, tema o comision, y municipios o "
    "departamento.",
    "id_accion es el identificador que su institución usa para la acción: al volver a "
    "enviar el archivo, las filas con el mismo id_accion actualizan la acción en lugar de "
    "duplicarla.",
    "Municipios: código INE (1301), P-code (GT1301) o nombre; varios separados por «;». "
    "Vea la hoja «Municipios».",
    "Personas alcanzadas: cada grupo (sexo, edad, pueblo) es un desglose del mismo total; "
    "deje vacío lo que no sepa.",
    "Montos en quetzales, sin símbolo o con «Q». Fechas como AAAA-MM-DD.",
    "Nada se guarda si alguna fila tiene errores: el informe de importación dice la hoja, "
    "la fila, la columna y el problema de cada una.",
    "Las columnas «notas» no se publican. No escriba datos personales (nombres, teléfonos) "
    "en ninguna columna.",
)


def _labels(vocabulary: Labels) -> list[str]:
    return [pair[0] for pair in vocabulary.values()]


def write_template(
    path: str | Path,
    *,
    territories: pd.DataFrame | None = None,
    action_types: Mapping[str, tuple[str, str]] | None = None,
    institutions: pd.DataFrame | None = None,
) -> Path:
    """Write the 5W template to ``path`` (written to a temporary file, then renamed).

    Parameters
    ----------
    path
        ``.xlsx`` file to write.
    territories
        Gazetteer (index INE code; ``muni_name``, ``dept_code``, ``dept_name``); default
        :func:`analysis.userdata.names.load_gazetteer`.
    action_types
        Configured types of action (code → Spanish, English); default the commitment's list.
    institutions
        Member institutions (``id``, ``name``, ``acronym``, ``sector``) for the partners list.

    Returns
    -------
    Path
        The file written.
    """
    import xlsxwriter

    from analysis.export.safety import neutralise_text

    if territories is None:
        from analysis.userdata.names import load_gazetteer

        territories = load_gazetteer()
    types = dict(action_types or DEFAULT_ACTION_TYPES)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=target.parent)
    os.close(handle)
    try:
        book = xlsxwriter.Workbook(temporary)
        bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
        required = book.add_format({"bold": True, "bg_color": "#F8CBAD", "text_wrap": True})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        date = book.add_format({"num_format": "yyyy-mm-dd"})

        info = book.add_worksheet("Instrucciones")
        info.set_column(0, 0, 110, wrap)
        for row, line in enumerate(INSTRUCTIONS):
            info.write(row, 0, line, bold if row == 0 else wrap)

        sheet = book.add_worksheet(ACTIONS_SHEET)
        sheet.freeze_panes(HEADER_ROW, 2)
        for index, spec in enumerate(COLUMNS):
            sheet.write(HEADER_ROW - 1, index, spec.header, required if spec.required else bold)
            sheet.write_comment(HEADER_ROW - 1, index, spec.help)
            sheet.set_column(index, index, spec.width, date if "fecha" in spec.header else None)

        lists = book.add_worksheet(LISTS_SHEET)
        vocabularies = {
            "tema": _labels(THEMES),
            "comision": _labels(COMMISSIONS),
            "tipo_accion": [pair[0] for pair in types.values()],
            "estado": _labels(ACTION_STATUSES),
            "incluye_retornados": list(YES_NO),
            "plan_piloto": list(YES_NO),
        }
        first, last = HEADER_ROW, HEADER_ROW + MAX_ROWS - 1
        for position, (header, values) in enumerate(vocabularies.items()):
            lists.write(0, position, header, bold)
            for row, value in enumerate(values, start=1):
                lists.write_string(row, position, value)
            column = HEADERS.index(header)
            letter = xlsxwriter.utility.xl_col_to_name(position)
            sheet.data_validation(
                first, column, last, column,
                {
                    "validate": "list",
                    "source": f"={LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}",
                    "error_title": header,
                    "error_message": "Elija un valor de la lista.",
                },
            )  # fmt: skip
        lists.hide()
        for header in ("fecha_inicio", "fecha_fin"):
            column = HEADERS.index(header)
            sheet.data_validation(
                first, column, last, column,
                {"validate": "date", "criteria": ">=", "value": pd.Timestamp("2000-01-01").date(),
                 "error_message": "Escriba una fecha (AAAA-MM-DD)."},
            )  # fmt: skip
        numeric = ["personas_total", *REACH_COLUMNS, "presupuesto_planificado",
                   "presupuesto_ejecutado"]  # fmt: skip
        for header in numeric:
            column = HEADERS.index(header)
            kind = "integer" if header not in ("presupuesto_planificado",
                                               "presupuesto_ejecutado") else "decimal"  # fmt: skip
            sheet.data_validation(
                first, column, last, column,
                {"validate": kind, "criteria": ">=", "value": 0,
                 "error_message": "Escriba un número mayor o igual que cero."},
            )  # fmt: skip

        munis = book.add_worksheet(MUNICIPIOS_SHEET)
        heads = ("codigo_ine", "pcode", "municipio", "codigo_departamento", "departamento")
        for index, header in enumerate(heads):
            munis.write(0, index, header, bold)
        munis.set_column(0, 1, 12)
        munis.set_column(2, 4, 26)
        for row, (code, item) in enumerate(territories.sort_index().iterrows(), start=1):
            munis.write_number(row, 0, int(code))
            munis.write_string(row, 1, f"GT{int(code):04d}")
            munis.write_string(row, 2, str(item["muni_name"]))
            munis.write_number(row, 3, int(item["dept_code"]))
            munis.write_string(row, 4, str(item["dept_name"]))
        munis.autofilter(0, 0, len(territories), len(heads) - 1)

        depts = book.add_worksheet(DEPARTAMENTOS_SHEET)
        for index, header in enumerate(("codigo", "pcode", "departamento")):
            depts.write(0, index, header, bold)
        names = territories.groupby("dept_code")["dept_name"].first().sort_index()
        for row, (code, name) in enumerate(names.items(), start=1):
            depts.write_number(row, 0, int(code))
            depts.write_string(row, 1, f"GT{int(code):02d}")
            depts.write_string(row, 2, str(name))
        depts.set_column(0, 2, 18)

        members = book.add_worksheet(INSTITUTIONS_SHEET)
        for index, header in enumerate(("id", "siglas", "nombre", "sector")):
            members.write(0, index, header, bold)
        members.set_column(0, 1, 12)
        members.set_column(2, 3, 40)
        if institutions is not None:
            for row, item in enumerate(institutions.itertuples(index=False), start=1):
                members.write_number(row, 0, int(item.id))
                members.write_string(row, 1, str(neutralise_text(item.acronym or "")))
                members.write_string(row, 2, str(neutralise_text(item.name)))
                members.write_string(row, 3, str(item.sector))
        sheet.activate()
        book.close()
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return target
