"""INE municipal population projections 2010–2020 (latin-1 CSV keyed by ``Cod_mun``).

These are the projections made from the 2002 census, published before the 2018 census:
they overstate the population the 2018 census counted (about 17.3 million projected for
2018 against 14.9 million censused), so they are labelled as such wherever shown.

Known traps: one code is duplicated (Santa Bárbara, Suchitepéquez carries Huehuetenango's
1310) and 2010–2011 jump erratically for many municipios. Codes are repaired from the
departamento and municipio names against the official gazetteer, and the erratic years are
left out of the series; both are recorded in ``quality_issues``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from analysis.errors import RaicesError
from analysis.sources.common import (
    SERIES_COLUMNS,
    ReaderResult,
    check_codes,
    require_columns,
    require_file,
    to_numbers,
)

SOURCE_ID = "ine_proyecciones"
FILE = "ogp_minfin_mineduc/INE_poblacion_municipios.csv"
YEARS = [str(year) for year in range(2010, 2021)]
#: Years the source gets wrong for many municipios (jumps of ±50 % in one year).
UNRELIABLE_YEARS = (2010, 2011)


def fold(text: str) -> str:
    """Lower-case, accent-free form of a name for comparisons.

    Examples
    --------
    >>> fold("  Santa Bárbara ")
    'santa barbara'
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def read(raw: Path, known_codes: set[int], gazetteer: pd.DataFrame) -> ReaderResult:
    """Series ``poblacion_proyectada`` by municipio, 2012–2020."""
    path = require_file(raw / FILE)
    try:
        frame = pd.read_csv(path, encoding="latin-1", dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError as error:
        raise RaicesError("el CSV está vacío (sin encabezados ni filas)", file=path) from error
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise RaicesError(f"no se pudo leer el CSV: {error}", file=path) from error
    require_columns(frame, ["municipio", "Cod_mun", "departamento", *YEARS], path)
    if frame["municipio"].astype(str).str.contains("Ã").any():
        raise RaicesError(
            "el texto parece mal codificado (mojibake); se esperaba latin-1",
            file=path,
            column="municipio",
        )
    if frame.empty:
        raise RaicesError("el CSV no tiene filas de datos", file=path)
    result = ReaderResult(SOURCE_ID)
    rows = [int(index) + 2 for index in frame.index]
    # empty strings stay text until to_numbers: a blank cell is then a logged missing value
    frame = frame.replace("", None)
    for year in YEARS:
        frame[year] = to_numbers(frame[year], result, path, column=year, rows=rows)
    names = {
        (fold(r.dept_name), fold(r.muni_name)): int(r.muni_code) for r in gazetteer.itertuples()
    }
    official = dict(zip(gazetteer["muni_code"], gazetteer["muni_name"].map(fold), strict=True))
    codes = to_numbers(frame["Cod_mun"], result, path, column="Cod_mun", rows=rows, integer=True)
    if codes.isna().any():
        row = rows[int(codes.isna().to_numpy().argmax())]
        raise RaicesError("código de municipio vacío", file=path, row=row, column="Cod_mun")
    codes = codes.astype(int)
    duplicated = codes.duplicated(keep=False)
    for index in frame.index[duplicated]:
        key = (fold(frame.at[index, "departamento"]), fold(frame.at[index, "municipio"]))
        correct = names.get(key)
        if correct is None:
            raise RaicesError(
                f"código duplicado {codes[index]} y nombre no reconocido {key}",
                file=path,
                row=int(index) + 2,
                column="Cod_mun",
            )
        if correct != codes[index]:
            result.note(
                path,
                f"código {codes[index]} duplicado; por departamento y nombre corresponde a {correct}",
                f"se corrige a {correct}",
                row=int(index) + 2,
                column="Cod_mun",
                code=correct,
            )
            codes[index] = correct
    check_codes(codes, known_codes, path, first_row=2, column="Cod_mun")
    for index, code in codes.items():
        if official[code] != fold(frame.at[index, "municipio"]):
            result.note(
                path,
                f"nombre «{frame.at[index, 'municipio']}» difiere del oficial para {code}",
                "se conserva el código",
                row=int(index) + 2,
                column="municipio",
                code=int(code),
            )
    result.note(
        path,
        "proyecciones basadas en el Censo 2002 (anteriores al Censo 2018)",
        "se publican como «población proyectada (base Censo 2002)»; no se mezclan con la "
        "población del Censo 2018",
    )
    result.note(
        path,
        "años 2010–2011 con saltos erráticos en muchos municipios",
        "se excluyen de la serie",
        column="2010, 2011",
    )
    long = frame.assign(code=codes).melt(
        id_vars=["code"], value_vars=YEARS, var_name="year", value_name="value"
    )
    long["year"] = long["year"].astype(int)
    long = long.loc[~long["year"].isin(UNRELIABLE_YEARS)]
    long["level"] = "municipio"
    long["series"] = "poblacion_proyectada"
    result.series = long[SERIES_COLUMNS].reset_index(drop=True)
    return result
