"""Build information, the catalogue, territories, indicator values and sources.

Cached calls of :mod:`analysis.store` (frames keyed by the level; one small table each).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import __version__, profile, store
from analysis.catalog import year_label
from analysis.defaults import LEVELS
from analysis.formatting import format_number
from dashboard.i18n import translate

__all__ = [
    "LEVELS",
    "build_info",
    "build_info_shown",
    "catalog_table",
    "catalog_theme",
    "headlines",
    "quality_table",
    "sources_summary",
    "sources_table",
    "catalog",
    "data_vintage",
    "indicator_labels",
    "indicator_units",
    "indicators",
    "indicators_available",
    "national_values",
    "quality_issues",
    "sources",
    "standard_errors",
    "territories",
    "territory_names",
    "theme_labels",
    "themes",
    "version",
]


@st.cache_data(show_spinner=False, max_entries=1)
def build_info() -> dict[str, str]:
    """Build metadata (``built_at``, ``data_vintage``, ``raices_version`` …)."""
    return dict(store.build_info())


def build_info_shown(language: str = "es") -> dict[str, str]:
    """Build metadata as a reader of ``language`` sees it: one data-vintage line, theirs."""
    info = build_info()
    shown = {key: value for key, value in info.items() if key != "data_vintage_en"}
    shown["data_vintage"] = data_vintage(language)
    return shown


def data_vintage(language: str = "es") -> str:
    """Short data-vintage text for stamps and the frame's footer, in ``language``."""
    info = build_info()
    localised = info.get("data_vintage_en") if language == "en" else None
    return str(localised or info.get("data_vintage") or info.get("built_at") or "?")


def version() -> str:
    """Raíces version of the running code."""
    return __version__


@st.cache_data(show_spinner=False, max_entries=1)
def catalog() -> pd.DataFrame:
    """Indicator catalogue (index: indicator)."""
    return store.load_catalog()


@st.cache_data(show_spinner=False, max_entries=1)
def themes() -> pd.DataFrame:
    """Themes (index: theme) in display order."""
    return store.load_themes()


@st.cache_data(show_spinner=False, max_entries=len(LEVELS))
def territories(level: str = "municipio") -> pd.DataFrame:
    """Names, context and indicators of every territory of ``level`` (index: code)."""
    return store.load_territories(level)


@st.cache_data(show_spinner=False, max_entries=len(LEVELS))
def indicators(level: str = "municipio") -> pd.DataFrame:
    """Indicator values of every territory (index: code; one float column per indicator)."""
    return store.load_indicators(level)


@st.cache_data(show_spinner=False, max_entries=len(LEVELS))
def standard_errors(level: str = "municipio") -> pd.DataFrame:
    """Standard errors, same shape as :func:`indicators` (NaN where none)."""
    return store.load_standard_errors(level)


@st.cache_data(show_spinner=False, max_entries=1)
def national_values() -> pd.Series:
    """National value of each indicator, as the build computed it."""
    return store.load_national_values()


@st.cache_data(show_spinner=False, max_entries=1)
def sources() -> pd.DataFrame:
    """Declared source files with publisher, title, licence, URL and checksum."""
    return store.load_sources()


@st.cache_data(show_spinner=False, max_entries=1)
def quality_issues() -> pd.DataFrame:
    """Every repaired or dropped value recorded by the build."""
    return store.load_quality_issues()


@st.cache_data(show_spinner=False, max_entries=len(LEVELS))
def territory_names(level: str = "municipio") -> pd.Series:
    """Display name of each territory: ``"Municipio (Departamento)"`` for municipios."""
    return profile.display_names(territories(level), level)


def _label_column(frame: pd.DataFrame, stem: str, language: str) -> pd.Series:
    column = f"{stem}_en" if language == "en" and f"{stem}_en" in frame else f"{stem}_es"
    return frame[column]


@st.cache_data(show_spinner=False, max_entries=4)
def indicator_labels(language: str = "es") -> pd.Series:
    """Label of each indicator in ``language``."""
    return _label_column(catalog(), "label", language)


@st.cache_data(show_spinner=False, max_entries=4)
def indicator_units(language: str = "es") -> pd.Series:
    """Unit of each indicator in ``language``."""
    return _label_column(catalog(), "unit", language)


@st.cache_data(show_spinner=False, max_entries=4)
def theme_labels(language: str = "es") -> pd.Series:
    """Label of each theme in ``language``."""
    return _label_column(themes(), "label", language)


@st.cache_data(show_spinner=False, max_entries=16)
def indicators_available(level: str = "municipio", lens: str | None = None) -> list[str]:
    """Indicators with at least one value at ``level``, optionally only those of a lens."""
    return profile.indicators_with_values(catalog(), indicators(level), lens=lens)


# --------------------------------------------------------------------------- for display
def sources_table(language: str = "es") -> pd.DataFrame:
    """One row per source file: publisher, title, file, data year, licence, URL, checksum,
    headers in ``language`` (two INE files read apart by title, file and year)."""
    frame = localised_titles(sources(), language)
    columns = ["publisher", "title", "file", "year", "licence", "url", "sha256", "bytes"]
    shown = frame[[c for c in columns if c in frame]].copy()
    if "sha256" in shown:
        shown["sha256"] = shown["sha256"].astype(str)
    shown.index = pd.Index(frame["source_id"], name="source_id")
    return shown.rename(columns=lambda c: translate(f"datos.col.{c}", language)).rename_axis(
        translate("datos.col.source_id", language)
    )


def catalog_table(language: str = "es") -> pd.DataFrame:
    """The catalogue as a data dictionary: label, theme, unit, direction, source, year …,
    in ``language``; the machine id stays the index (it is what files and scenarios use)."""
    cat = catalog()
    suffix = "en" if language == "en" else "es"
    themes_shown = theme_labels(language)
    shown = pd.DataFrame(index=cat.index.rename(translate("datos.col.indicator", language)))
    shown[translate("common.indicator", language)] = cat[f"label_{suffix}"]
    shown[translate("common.theme", language)] = cat["theme"].map(themes_shown).fillna(cat["theme"])
    shown[translate("common.unit", language)] = cat[f"unit_{suffix}"]
    shown[translate("datos.col.direction", language)] = [
        translate(f"common.direction.{_sign(d)}", language) for d in cat["direction"]
    ]
    shown[translate("datos.col.source_id", language)] = cat["source_id"]
    shown[translate("common.year", language)] = [year_label(y, language) for y in cat["year"]]
    shown[translate("datos.col.levels", language)] = (
        cat["levels"].astype(str).str.replace(";", ", ")
    )
    shown[translate("datos.col.in_default", language)] = cat["in_default"].astype(bool)
    if language != "en" and "description_es" in cat:
        shown[translate("datos.col.description", language)] = cat["description_es"]
    return shown


def quality_table(language: str = "es") -> pd.DataFrame:
    """The build's log of repaired or dropped values, headers in ``language``."""
    return quality_issues().rename(columns=lambda c: translate(f"datos.col.{c}", language))


def catalog_theme(language: str = "es") -> pd.Series:
    """Theme id of each catalogue row, aligned with :func:`catalog_table` (for filtering)."""
    return catalog()["theme"]


def _sign(direction: object) -> str:
    value = pd.to_numeric(direction, errors="coerce")
    if pd.isna(value) or value == 0:
        return "0"
    return "+1" if value > 0 else "-1"


def localised_titles(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """Sources with ``title`` in ``language`` (the English title where the manifest has one)."""
    if language != "en" or "title_en" not in frame:
        return frame
    english = frame["title_en"].fillna("").astype(str)
    return frame.assign(title=english.where(english != "", frame["title"]))


def sources_summary(language: str = "es") -> pd.DataFrame:
    """One row per source (not per file): title, data years, publisher — the title first,
    so that two sources of one publisher are told apart on a narrow screen."""
    frame = localised_titles(sources(), language).drop_duplicates("source_id")
    return pd.DataFrame(
        {
            translate("datos.col.title", language): frame["title"].to_numpy(),
            translate("datos.col.year", language): frame["year"].astype(str).to_numpy(),
            translate("datos.col.publisher", language): frame["publisher"].to_numpy(),
        }
    )


def headlines(language: str = "es") -> list[tuple[str, str, str | None]]:
    """Headline figures of the overview: (label, formatted value, explanation or None).

    National values come from the build (explicit weights, or the source's own national
    estimate where it publishes one).
    """
    values = indicators("municipio")
    used = [c for c in catalog().index if c in values and values[c].notna().any()]
    national = national_values()
    out: list[tuple[str, str, str | None]] = [
        (translate("panorama.n_munis", language), str(len(territories("municipio"))), None),
        (translate("panorama.n_indicators", language), str(len(used)), None),
        (translate("panorama.n_sources", language), str(sources()["source_id"].nunique()), None),
    ]
    if "poblacion" in national:
        millions = format_number(national["poblacion"] / 1e6, language, decimals=1)
        out.append((translate("panorama.population", language), f"{millions} M", None))
    if "emigracion_hogar" in national:
        per_100 = format_number(100 * national["emigracion_hogar"], language, decimals=1)
        out.append(
            (
                translate("panorama.emigrants", language),
                per_100,
                translate("panorama.emigrants_help", language),
            )
        )
    if "pobreza" in national and pd.notna(national["pobreza"]):
        out.append(
            (
                translate("panorama.poverty_2023", language),
                format_number(national["pobreza"], language, percent=True),
                None,
            )
        )
    return out
