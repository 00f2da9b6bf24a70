"""Blank tables for series analysts hold but no open source publishes.

PNC homicides or IGM returnees by municipio of origin reach the commission as tables in
each institution's own layout. ``raices add --template NAME`` writes a workbook that lists
the 340 municipios with their INE code, OCHA P-code and names, plus empty ``valor`` and
``año`` columns; filled in, it goes straight back through ``raices add``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import RaicesError
from analysis.files import write_atomic

#: Columns of the data sheet, in order; the key and value columns ``raices add`` expects.
CODE_COLUMN = "codigo_ine"
VALUE_COLUMN = "valor"
YEAR_COLUMN = "año"
COLUMNS = (CODE_COLUMN, "pcode", "departamento", "municipio", VALUE_COLUMN, YEAR_COLUMN)
DATA_SHEET = "datos"
HELP_SHEET = "instrucciones"


def template_frame(territories: pd.DataFrame | None = None) -> pd.DataFrame:
    """The data sheet: one row per municipio, value and year left empty.

    Parameters
    ----------
    territories
        Gazetteer with ``muni_code``, ``muni_name``, ``dept_name``; by default the official
        list bundled with Raíces (:func:`analysis.sources.boundaries.gazetteer`, no build
        needed).

    Examples
    --------
    >>> frame = template_frame(pd.DataFrame({"muni_code": [1301], "muni_name": ["Huehuetenango"],
    ...                                      "dept_name": ["Huehuetenango"]}))
    >>> row = frame.iloc[0]
    >>> int(row["codigo_ine"]), row["pcode"], row["departamento"], row["municipio"]
    (1301, 'GT1301', 'Huehuetenango', 'Huehuetenango')
    """
    from analysis.sources.common import ine_to_pcode

    if territories is None:
        from analysis.sources import boundaries

        territories = boundaries.gazetteer()
    rows = territories.sort_values("muni_code")
    codes = rows["muni_code"].astype(int)
    return pd.DataFrame(
        {
            CODE_COLUMN: codes.to_numpy(),
            "pcode": [ine_to_pcode(code) for code in codes],
            "departamento": rows["dept_name"].astype(str).to_numpy(),
            "municipio": rows["muni_name"].astype(str).to_numpy(),
            VALUE_COLUMN: pd.Series([None] * len(rows), dtype="float64"),
            YEAR_COLUMN: pd.Series([None] * len(rows), dtype="Int64"),
        }
    )


def instructions(name: str, file_name: str) -> pd.DataFrame:
    """The help sheet: what to fill in and the command that adds the table (Spanish)."""
    lines = [
        f"Plantilla «{name}»: un valor por municipio (340 municipios, códigos INE 2018).",
        f"Escriba el valor en la columna «{VALUE_COLUMN}» y el año de referencia en «{YEAR_COLUMN}».",
        "Deje vacía la celda de un municipio sin dato; no escriba texto en «valor».",
        "No cambie «codigo_ine»: es la clave con la que Raíces empareja cada fila.",
        "Para varios años, repita las filas y elija un año con --where año=2024.",
        "Comprobar el emparejamiento sin guardar:",
        f"  raices add {file_name} --code-column {CODE_COLUMN} --value-column {VALUE_COLUMN} --dry-run",
        "Guardar el indicador (añada la descripción de la fuente):",
        f"  raices add {file_name} --code-column {CODE_COLUMN} --value-column {VALUE_COLUMN} "
        f"--id {name} --label «…» --theme … --direction 1 --unit «…» --year … --source «…»",
    ]
    return pd.DataFrame({"instrucciones": lines})


def write_template(name: str, path: str | Path | None = None, *, replace: bool = False) -> Path:
    """Write the template workbook for series ``name``.

    Parameters
    ----------
    name
        Name of the series (e.g. ``homicidios_pnc``); the file is ``<name>.xlsx`` in the
        current folder unless ``path`` is given. A name ending in ``.xlsx`` is taken as the
        file to write.
    path
        Where to write the workbook.
    replace
        Overwrite an existing file (refused otherwise, so a filled-in table is never lost).

    Returns
    -------
    pathlib.Path
        The file written.
    """
    from analysis.export.safety import xlsx_bytes

    text = str(name).strip()
    if not text:
        raise RaicesError("falta el nombre de la plantilla", column="--template")
    if path is None:
        path = Path(text if text.lower().endswith(".xlsx") else f"{text}.xlsx")
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise RaicesError("la plantilla se escribe como libro .xlsx", file=target)
    if target.exists() and not replace:
        raise RaicesError(
            "el archivo ya existe; no se sobrescribe una tabla que quizá ya tiene datos",
            file=target,
            hint="elija otro nombre o use --replace",
        )
    if not target.parent.is_dir():
        raise RaicesError("no existe la carpeta de destino", file=target.parent)
    series = Path(text).stem
    content = xlsx_bytes(
        {DATA_SHEET: template_frame(), HELP_SHEET: instructions(series, target.name)}
    )
    # never a half-written workbook
    return write_atomic(target, content)
