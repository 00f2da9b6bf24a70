"""Tables for people to download: CSV, XLSX and GeoJSON bytes with a stamp, headers in the
reader's language.

Decimal choice: CSV files keep a decimal **point** and no thousands separator in every
language, so that any program (R, pandas, QGIS, a spreadsheet set to import) reads them as
numbers; a Spanish reader sees decimal commas on screen and in PDFs
(:mod:`analysis.formatting`), and XLSX files hold real numbers that the spreadsheet
displays in the reader's own locale. The first line of a CSV is a ``#`` comment carrying
the stamp (``pd.read_csv(..., comment="#")``).

Files are written through :mod:`analysis.export.safety`, so that no text cell can run as
a spreadsheet formula.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

from analysis.export import safety

EXPORT_HEADERS: dict[str, tuple[str, str]] = {
    "code": ("código", "code"),
    "name": ("territorio", "territory"),
    "muni_name": ("municipio", "municipality"),
    "dept_code": ("código de departamento", "department code"),
    "dept_name": ("departamento", "department"),
    "value": ("valor", "value"),
    "se": ("error estándar", "standard error"),
    "cv": ("coeficiente de variación", "coefficient of variation"),
    "rank": ("posición", "rank"),
    "rank_low": ("posición, límite 5 %", "rank, 5 % bound"),
    "rank_high": ("posición, límite 95 %", "rank, 95 % bound"),
    "rank_median": ("posición mediana", "median rank"),
    "rank_p05": ("posición, límite 5 %", "rank, 5 % bound"),
    "rank_p95": ("posición, límite 95 %", "rank, 95 % bound"),
    "method_rank_min": ("posición mínima entre métodos", "best rank across methods"),
    "method_rank_max": ("posición máxima entre métodos", "worst rank across methods"),
    "p_top_k": ("probabilidad de estar entre los primeros", "probability of being in the top"),
    "p_in_pilot": ("probabilidad de estar en el piloto", "probability of being in the pilot"),
    "score": ("puntaje (0–100)", "score (0–100)"),
    "score_p05": ("puntaje, límite 5 %", "score, 5 % bound"),
    "score_p95": ("puntaje, límite 95 %", "score, 95 % bound"),
    "coverage": ("cobertura de datos", "data coverage"),
    "reliability": ("fiabilidad", "reliability"),
    "max_cv": ("coeficiente de variación máximo", "largest coefficient of variation"),
    "selected": ("en el piloto", "in the pilot"),
    "uncertainty_driver": ("fuente de incertidumbre", "source of uncertainty"),
    "se_imputed": ("error estándar imputado", "imputed standard error"),
    "label": ("indicador", "indicator"),
    "indicator": ("indicador (id)", "indicator (id)"),
    "theme": ("tema", "theme"),
    "unit": ("unidad", "unit"),
    "direction": ("dirección", "direction"),
    "department": ("departamento", "department"),
    "national": ("nacional", "national"),
    "percentile": ("percentil de necesidad", "need percentile"),
}
"""Header of each machine column name, (Spanish, English)."""

METADATA_KEYS: dict[str, tuple[str, str]] = {
    "stamp": ("sello", "stamp"),
    "version": ("versión", "version"),
    "data_vintage": ("datos", "data"),
    "decimals": ("decimales", "decimals"),
}
DECIMAL_NOTE: tuple[str, str] = (
    "Los números usan punto decimal para que cualquier programa los lea.",
    "Numbers use a decimal point so that any program reads them.",
)


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "en" else pair[0]


def localise_headers(
    frame: pd.DataFrame, language: str = "es", labels: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Copy of ``frame`` whose known column names (and index name) read in ``language``.

    ``labels`` overrides or adds names (e.g. ``{"value": "Pobreza (proporción)"}``);
    ``contrib_<theme>`` columns keep their theme id after the word «aporte»/«contribution».

    >>> f = pd.DataFrame({"name": ["Cuilco"], "value": [0.8]}, index=pd.Index([1304], name="code"))
    >>> list(localise_headers(f, "en").reset_index().columns)
    ['code', 'territory', 'value']
    >>> localise_headers(f, "es", {"value": "Pobreza (proporción)"}).columns.tolist()
    ['territorio', 'Pobreza (proporción)']
    """
    extra = dict(labels or {})

    def header(column: object) -> object:
        key = str(column)
        if key in extra:
            return extra[key]
        if key in EXPORT_HEADERS:
            return _pick(EXPORT_HEADERS[key], language)
        if key.startswith("contrib_"):
            word = "contribution" if language == "en" else "aporte"
            return f"{word}: {extra.get(key[8:], key[8:])}"
        return column

    out = frame.rename(columns=header)
    if out.index.name is not None:
        out.index = out.index.rename(header(out.index.name))
    return out


def csv_bytes(frame: pd.DataFrame, stamp: str) -> bytes:
    """UTF-8 CSV with the index, first line ``# <stamp>``, decimal point (module docstring).

    >>> csv_bytes(pd.DataFrame({"a": [0.5]}), "Raíces").decode().splitlines()
    ['# Raíces', ',a', '0,0.5']
    """
    return safety.csv_bytes(frame, index=True, header_line=stamp, lineterminator="\n")


def xlsx_bytes(
    frame: pd.DataFrame,
    stamp: str,
    *,
    version: str = "",
    data_vintage: str = "",
    language: str = "es",
) -> bytes:
    """XLSX workbook: the data sheet (real numbers, index kept) and a metadata sheet with
    the stamp, the version, the data vintage and the decimal note, in ``language``."""
    data_sheet = "data" if language == "en" else "datos"
    meta_sheet = "metadata" if language == "en" else "metadatos"
    meta = pd.DataFrame(
        {
            _pick(("valor", "value"), language): [
                stamp,
                version,
                data_vintage,
                _pick(DECIMAL_NOTE, language),
            ]
        },
        index=pd.Index(
            [_pick(METADATA_KEYS[k], language) for k in METADATA_KEYS],
            name=_pick(("clave", "key"), language),
        ),
    )
    return safety.xlsx_bytes({data_sheet: frame, meta_sheet: meta}, index=True)


def geojson_bytes(
    boundaries: pd.DataFrame, frame: pd.DataFrame, metadata: Mapping[str, str]
) -> bytes:
    """GeoJSON of ``frame`` joined to ``boundaries`` (a GeoDataFrame indexed like it), with
    ``metadata`` (stamp, version, data vintage) as a foreign member. Property names stay
    the machine names, which GIS tools expect to be stable."""
    shapes = boundaries[["geometry"]]
    joined = shapes.join(frame.drop(columns=["geometry"], errors="ignore"), how="inner")
    collection = json.loads(joined.reset_index().to_json(na="null"))
    collection["metadata"] = dict(metadata)
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")
