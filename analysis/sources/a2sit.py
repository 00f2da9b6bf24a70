"""UNHCR A2SIT municipal template for Guatemala (sheet ``Data``).

Above the data sit four rows (*Initial weight*, *Direction*, *Group*, *Indicator name*) and
then the header of indicator codes; rows are keyed by P-code ``GT0101``. Reference years and
some units are not documented; the catalogue says so rather than guessing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import RaicesError
from analysis.sources.common import (
    ReaderResult,
    check_codes,
    column_letter,
    pcode_to_ine,
    read_excel_sheet,
    tidy_values,
    to_numbers,
)

SOURCE_ID = "unhcr_a2sit"
FILE = "unhcr_a2sit/A2SIT_data_input_template_GTM.xlsx"
HEADER_ROW = 4  # zero-based row of the indicator codes
MARKERS = {0: "Initial weight", 1: "Direction", 2: "Group", 3: "Indicator name"}

#: A2SIT indicator code → Raíces indicator id
INDICATORS: dict[str, str] = {
    "Deportadas": "tasa_deportados",
    "RisDespl": "riesgo_desplazamiento",
    "Refugiados": "tasa_refugiados",
    "Gini": "gini",
    "PIB": "pib_pc",
    "Desemp": "desempleo",
    "Trabinfant": "trabajo_infantil",
    "Delitos": "tasa_delitos",
    "ViolenciaMujer": "tasa_violencia_mujer",
    "IntraFamViolencia": "tasa_violencia_intrafamiliar",
    "InsegAlim": "inseguridad_alimentaria",
    "DesastresNat": "exposicion_desastres",
    "Dormitoria": "hacinamiento",
    "Alumnos": "alumnos_docente",
    "ServPub": "servicios_publicos_municipales",
    "GestEstr": "gestion_estrategica",
    "ParticipComm": "participacion_comunitaria",
    "EducGastos": "gasto_educacion_pc",
    "SaludGastos": "gasto_salud_pc",
    "Maya": "poblacion_maya",
    "Garifu": "poblacion_garifuna",
    "Xinca": "poblacion_xinka",
    "Afrodesc": "poblacion_afrodescendiente",
    "Mest": "poblacion_ladina",
    "Discapacidad": "discapacidad",
    "Dependencia": "dependencia",
}
#: the only indicator whose year the template states (in its name: "PIB per cápita 2021")
YEARS = {"PIB": 2021}


def read(raw: Path, known_codes: set[int]) -> ReaderResult:
    """Read the mapped A2SIT indicators; P-codes become INE codes here."""
    path = raw / FILE
    sheet = read_excel_sheet(path, "Data", header=None)
    for row, marker in MARKERS.items():
        cell = str(sheet.iat[row, 1]) if sheet.shape[0] > row and sheet.shape[1] > 1 else ""
        if marker.lower() not in cell.lower():
            raise RaicesError(
                f"se esperaba la fila «{marker} -->» encima de los datos; la plantilla cambió de formato",
                file=path,
                row=row + 1,
            )
    header = [str(value).strip() for value in sheet.iloc[HEADER_ROW]]
    if header[0] != "admin2Pcode":
        raise RaicesError(
            "se esperaba «admin2Pcode» como encabezado", file=path, row=HEADER_ROW + 1, column="A"
        )
    data = sheet.iloc[HEADER_ROW + 1 :].copy()
    data.columns = header
    data = data[data["admin2Pcode"].notna()]
    # the spreadsheet row of each data row (header=None keeps the sheet's own positions)
    rows = [int(index) + 1 for index in data.index]
    codes = []
    for row, pcode in zip(rows, data["admin2Pcode"], strict=True):
        try:
            codes.append(pcode_to_ine(pcode))
        except ValueError as error:
            raise RaicesError(
                f"{error} en la celda Data!A{row}", file=path, row=row, column="admin2Pcode"
            ) from error
    codes_series = pd.Series(codes)
    check_codes(codes_series, known_codes, path, first_row=rows[0], column="admin2Pcode")
    result = ReaderResult(SOURCE_ID)
    frames = []
    for a2sit_code, indicator in INDICATORS.items():
        if a2sit_code not in data.columns:
            raise RaicesError(
                "falta el indicador en la plantilla",
                file=path,
                row=HEADER_ROW + 1,
                column=a2sit_code,
            )
        values = to_numbers(
            data[a2sit_code],
            result,
            path,
            column=a2sit_code,
            rows=rows,
            sheet="Data",
            letter=column_letter(header.index(a2sit_code)),
        ).to_numpy()
        frames.append(
            pd.DataFrame(
                {
                    "level": "municipio",
                    "code": codes_series,
                    "indicator": indicator,
                    "year": YEARS.get(a2sit_code),
                    "value": values,
                    "se": float("nan"),
                }
            )
        )
    empty = [c for c in data.columns[2:] if data[c].isna().all()]
    if empty:
        result.note(
            path,
            f"{len(empty)} columnas de la plantilla están vacías: {', '.join(empty)}",
            "no se usan",
            row=HEADER_ROW + 1,
        )
    result.values = tidy_values(pd.concat(frames, ignore_index=True))
    return result
