"""Census 2018 municipal aggregates prepared by SEGEPLAN (Stata file, one row per municipio).

Every ``mun_*`` column is a mean over households (a mean of household shares, not a share
of persons: the indigenous share of persons comes from the A2SIT pueblo shares instead).
The file has no person counts by age or people. The ``mun`` value labels repeat names that
exist in several departments (San Lorenzo, Santa Bárbara, La Libertad), so only the numeric
codes are used — never the labels.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import RaicesError
from analysis.sources.common import (
    ReaderResult,
    check_codes,
    require_columns,
    require_file,
    tidy_values,
    to_numbers,
)

SOURCE_ID = "segeplan_censo2018"
FILE = "segeplan_censo2018/FHcensus_mun.dta"
YEAR = 2018

#: indicator id → (column, transform) where "complement" means 1 - value
INDICATORS: dict[str, tuple[str, str]] = {
    "emigracion_hogar": ("mun_tot_migra", "identity"),
    "agua_entubada": ("mun_agua_tub", "identity"),
    "drenaje": ("mun_drenaje", "identity"),
    "electricidad": ("mun_electricidad", "identity"),
    "internet": ("mun_internet", "identity"),
    "piso_adecuado": ("mun_piso_adec", "identity"),
    "alfabetismo": ("mun_p_alfabeto", "identity"),
    "asistencia_escolar": ("mun_p_asiste", "identity"),
    "lengua_materna_indigena": ("mun_p_materna_esp", "complement"),
    "poblacion_rural": ("mun_urban", "complement"),
    "menores_15": ("mun_p_menor15", "identity"),
    "jefatura_femenina": ("mun_jefe_hombre", "complement"),
    "poblacion": ("pop", "identity"),
    "hogares": ("hogares", "identity"),
}


def read(raw: Path, known_codes: set[int]) -> ReaderResult:
    """Read the census aggregates used as indicators (codes, not labels)."""
    path = require_file(raw / FILE)
    try:
        import pyreadstat

        frame, _meta = pyreadstat.read_dta(str(path), apply_value_formats=False)
    except Exception as error:  # pyreadstat raises its own types for corrupt files
        raise RaicesError(
            f"no se pudo leer el archivo Stata (dañado o truncado): {error}", file=path
        ) from error
    columns = ["mun", "depto"] + sorted({column for column, _ in INDICATORS.values()})
    require_columns(frame, columns, path)
    check_codes(frame["mun"], known_codes, path, first_row=1, column="mun")
    result = ReaderResult(SOURCE_ID)
    rows = [int(index) + 1 for index in frame.index]
    codes = to_numbers(frame["mun"], result, path, column="mun", rows=rows, integer=True)
    codes = codes.astype(int)
    departments = to_numbers(frame["depto"], result, path, column="depto", rows=rows, integer=True)
    mismatched = frame.loc[codes // 100 != departments]
    if not mismatched.empty:
        position = int(mismatched.index[0])
        raise RaicesError(
            "el código de municipio no corresponde al departamento de la fila",
            file=path,
            row=position + 1,
            column="depto",
        )
    numeric = {
        column: to_numbers(frame[column], result, path, column=column, rows=rows)
        for column in sorted({column for column, _ in INDICATORS.values()})
    }
    frames = []
    for indicator, (column, transform) in INDICATORS.items():
        values = numeric[column]
        if transform == "complement":
            values = 1.0 - values
        frames.append(
            pd.DataFrame(
                {
                    "level": "municipio",
                    "code": codes,
                    "indicator": indicator,
                    "year": YEAR,
                    "value": values,
                    "se": float("nan"),
                }
            )
        )
    result.values = tidy_values(pd.concat(frames, ignore_index=True))
    result.tables["stg_census_weights"] = pd.DataFrame(
        {
            "code": codes,
            "hogares": numeric["hogares"],
            "poblacion": numeric["pop"],
        }
    )
    return result
