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
#: Reference years: PIB's is in its name ("PIB per cápita 2021"); the pueblo shares,
#: weighted by census population, reproduce the Censo 2018 national totals (Maya 41.7 %,
#: Xinka 1.8 %, Garífuna 0.1 %, together 43.6 %), so they are the census 2018 shares.
YEARS = {"PIB": 2021, "Maya": 2018, "Garifu": 2018, "Xinca": 2018, "Afrodesc": 2018, "Mest": 2018}
#: A value above this bound is impossible for the measure (a Gini coefficient above 1): an
#: error in the source, set to missing and logged as such.
IMPOSSIBLE_ABOVE = {"Gini": 1.0}
#: SEGEPLAN municipal-management indices in which an exact 0 means "not assessed or not
#: reported", not a score of zero (79 and 23 municipios): missing, each one logged.
ZERO_MEANS_MISSING = ("ParticipComm", "ServPub")
#: Peoples counted as indigenous by the census (afrodescendientes and ladinos are not).
INDIGENOUS = ("Maya", "Garifu", "Xinca")


def _set_aside(
    values: pd.Series,
    a2sit_code: str,
    codes: pd.Series,
    rows: list[int],
    result: ReaderResult,
    path: Path,
) -> pd.Series:
    """Apply the stated rules for impossible values and zeros that mean missing."""
    values = values.reset_index(drop=True)
    bound = IMPOSSIBLE_ABOVE.get(a2sit_code)
    bad = values > bound if bound is not None else pd.Series(False, index=values.index)
    zero = values == 0 if a2sit_code in ZERO_MEANS_MISSING else pd.Series(False, index=values.index)
    for position in values.index[bad | zero]:
        value = values[position]
        if bad[position]:
            issue = f"{a2sit_code} = {value:.4g}: mayor que {bound}, imposible para la medida"
            action = "error de la fuente: se trata como valor faltante"
        else:
            issue = f"{a2sit_code} = 0: el índice no se evaluó o no se reportó"
            action = "regla declarada: un 0 exacto en este índice se trata como faltante"
        result.note(
            path,
            issue,
            action,
            row=rows[position],
            column=a2sit_code,
            code=int(codes[position]),
        )
    return values.mask(bad | zero)


def _indigenous_ids() -> set[str]:
    return {INDICATORS[code] for code in INDIGENOUS}


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
        )
        values = _set_aside(values, a2sit_code, codes_series, rows, result, path)
        frames.append(
            pd.DataFrame(
                {
                    "level": "municipio",
                    "code": codes_series,
                    "indicator": indicator,
                    "year": YEARS.get(a2sit_code),
                    "value": values.to_numpy(),
                    "se": float("nan"),
                }
            )
        )
    # person-level indigenous share: the sum of the indigenous peoples' shares of persons
    # (the census file only has household means, which understate it: 38.3 % vs 43.6 %)
    shares = [frame for frame in frames if frame["indicator"].iat[0] in _indigenous_ids()]
    indigenous = shares[0].copy()
    indigenous["indicator"] = "poblacion_indigena"
    indigenous["value"] = sum(frame["value"].to_numpy() for frame in shares)
    frames.append(indigenous)
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
