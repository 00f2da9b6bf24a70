"""The indicator catalogue: one row per indicator, the single source of truth for its
labels (Spanish and English), theme, direction, unit, source, year and lens."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.defaults import LEVELS as TERRITORIAL_LEVELS
from analysis.errors import RaicesError

THEMES = pd.DataFrame(
    [
        ("migracion", "Migración", "Migration", 1),
        ("pobreza_economia", "Pobreza y economía", "Poverty and economy", 2),
        ("violencia_inseguridad", "Violencia e inseguridad", "Violence and insecurity", 3),
        ("clima_alimentacion", "Clima y alimentación", "Climate and food", 4),
        ("servicios_educacion", "Servicios y educación", "Services and education", 5),
        ("demografia_exclusion", "Demografía y exclusión", "Demography and exclusion", 6),
    ],
    columns=["theme", "label_es", "label_en", "sort_order"],
)
LENSES = {"etnia": "Etnia", "edad": "Edad", "genero": "Género", "territorio": "Territorio"}
#: How a departamento (and the nation) gets its value from municipios: household- or
#: population-weighted means, the department's own source, summed counts, ratios of sums,
#: or (pupils per teacher) the mean of ratios weighted by teachers, which is a ratio of sums.
DEPT_METHODS = {
    "hh_weighted",
    "pop_weighted",
    "dept_source",
    "sum",
    "ratio_of_sums",
    "teacher_weighted",
}
LEVELS = set(TERRITORIAL_LEVELS)
REQUIRED = [
    "indicator",
    "label_es",
    "label_en",
    "theme",
    "direction",
    "unit_es",
    "unit_en",
    "source_id",
    "year",
    "levels",
    "lens",
    "range_min",
    "range_max",
    "in_default",
    "dept_method",
    "description_es",
]
#: Optional columns: why an indicator is context rather than default, how it is aggregated,
#: what its figures mean (Spanish and English).
NOTES = ["note_es", "note_en"]


def load_catalog(catalog_file: Path | None = None) -> pd.DataFrame:
    """Read and validate the catalogue; index = indicator id.

    Examples
    --------
    >>> catalog = load_catalog()
    >>> catalog.loc["pobreza", "theme"], int(catalog.loc["pib_pc", "direction"])
    ('pobreza_economia', -1)
    """
    catalog_file = catalog_file or paths.CATALOG_FILE
    try:
        frame = pd.read_csv(
            catalog_file,
            dtype={"lens": str, "year": str},
            keep_default_na=False,
            na_values={"range_min": [""], "range_max": [""]},
        )
    except (OSError, pd.errors.ParserError) as error:
        raise RaicesError(f"no se pudo leer el catálogo: {error}", file=catalog_file) from error
    for column in REQUIRED:
        if column not in frame.columns:
            raise RaicesError("falta la columna del catálogo", file=catalog_file, column=column)
    for position, row in enumerate(frame.itertuples(index=False), start=2):
        problems = []
        if row.theme not in set(THEMES["theme"]):
            problems.append(f"tema desconocido «{row.theme}»")
        if int(row.direction) not in (-1, 0, 1):
            problems.append("la dirección debe ser 1, -1 o 0")
        if row.lens and row.lens not in LENSES:
            problems.append(f"lente desconocida «{row.lens}»")
        if row.dept_method not in DEPT_METHODS:
            problems.append(f"método departamental desconocido «{row.dept_method}»")
        if not set(str(row.levels).split(";")) <= LEVELS:
            problems.append(f"niveles desconocidos «{row.levels}»")
        if problems:
            raise RaicesError(
                "; ".join(problems), file=catalog_file, row=position, column="indicator"
            )
    if frame["indicator"].duplicated().any():
        duplicate = frame.loc[frame["indicator"].duplicated(), "indicator"].iloc[0]
        raise RaicesError(f"indicador repetido «{duplicate}»", file=catalog_file)
    frame["direction"] = frame["direction"].astype(int)
    frame["in_default"] = frame["in_default"].astype(int).astype(bool)
    frame["lens"] = frame["lens"].replace("", None)
    for column in NOTES:
        if column not in frame.columns:
            frame[column] = ""
    return frame.set_index("indicator")


def year_label(year: object, language: str = "es") -> str:
    """The catalogue's ``year`` written for a reader of ``language``.

    The catalogue says «no documentado» where a source leaves its reference year
    undocumented; English readers read «not documented».

    Examples
    --------
    >>> year_label("no documentado (≈2018–2023)", "en")
    'not documented (≈2018–2023)'
    >>> year_label(2018, "en"), year_label("no documentado", "es")
    ('2018', 'no documentado')
    """
    text = "" if year is None or (isinstance(year, float) and pd.isna(year)) else str(year)
    if language == "en":
        text = text.replace("no documentado", "not documented")
    return text
