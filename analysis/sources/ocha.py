"""OCHA/CONRED COD-AB 2019: the P-code crosswalk (INE code ↔ humanitarian P-code)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import RaicesError
from analysis.sources.common import ReaderResult, pcode_to_ine, require_file

SOURCE_ID = "ocha_cod_ab_2019"
FILE = "ocha_cod_ab_2019/gtm_admbnda_adm2_ocha_conred_20190207.dbf"


def read(raw: Path, known_codes: set[int]) -> ReaderResult:
    """Table ``stg_pcode_crosswalk`` (muni_code, pcode, ocha_name, ocha_dept_pcode)."""
    path = require_file(raw / FILE)
    require_file(raw / FILE.replace(".dbf", ".shp"))
    try:
        import pyogrio

        frame = pyogrio.read_dataframe(raw / FILE.replace(".dbf", ".shp"), read_geometry=False)
    except Exception as error:
        raise RaicesError(f"no se pudo leer el shapefile: {error}", file=path) from error
    for column in ("ADM2_PCODE", "ADM2_ES", "ADM1_PCODE"):
        if column not in frame.columns:
            raise RaicesError("falta la columna de P-codes", file=path, column=column)
    result = ReaderResult(SOURCE_ID)
    codes = []
    for index, pcode in frame["ADM2_PCODE"].items():
        try:
            codes.append(pcode_to_ine(pcode))
        except ValueError as error:
            raise RaicesError(
                str(error), file=path, row=int(index) + 1, column="ADM2_PCODE"
            ) from error
    frame["muni_code"] = codes
    extra = frame.loc[~frame["muni_code"].isin(known_codes)]
    for index, row in extra.iterrows():
        result.note(
            path,
            f"polígono {row['ADM2_PCODE']} «{row['ADM2_ES']}» no es un municipio INE",
            "no entra en la tabla de equivalencias",
            row=int(index) + 1,
            column="ADM2_PCODE",
        )
    frame = frame.loc[frame["muni_code"].isin(known_codes)]
    missing = known_codes - set(frame["muni_code"])
    if missing:
        raise RaicesError(
            f"faltan P-codes para {sorted(missing)[:5]}", file=path, column="ADM2_PCODE"
        )
    if frame["muni_code"].duplicated().any():
        raise RaicesError("P-code repetido", file=path, column="ADM2_PCODE")
    result.tables["stg_pcode_crosswalk"] = pd.DataFrame(
        {
            "muni_code": frame["muni_code"].astype(int),
            "pcode": frame["ADM2_PCODE"],
            "ocha_name": frame["ADM2_ES"],
            "dept_pcode": frame["ADM1_PCODE"],
        }
    ).sort_values("muni_code")
    return result
