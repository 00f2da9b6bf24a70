"""Every cached call from the dashboard into :mod:`analysis` lives here.

Pages never call :mod:`analysis` directly: they call these wrappers, which cache frames by
small hashable arguments (``st.cache_data``) so that a rerun after a widget change does
not read the database again. Geometry is converted to GeoJSON once per level and kept
with ``st.cache_resource`` (read-only: no page changes it), so that it is neither reloaded
nor copied on every rerun.

Sections: base tables · geometry · indicator maps · profile · scenarios and ranking ·
exports. A page added later appends its wrappers in its own section.
"""

from __future__ import annotations

import io
import json
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from analysis import __version__, store
from analysis.errors import RaicesError

LEVELS: tuple[str, ...] = ("municipio", "departamento")
COORDINATE_DECIMALS = 4  # ≈ 11 m: finer than the simplified boundaries, much smaller JSON


# --------------------------------------------------------------------------- base tables
@st.cache_data(show_spinner=False)
def build_info() -> dict[str, str]:
    """Build metadata (``built_at``, ``data_vintage``, ``raices_version`` …)."""
    return dict(store.build_info())


def data_vintage() -> str:
    """Short data-vintage text for stamps and the frame's footer."""
    info = build_info()
    return str(info.get("data_vintage") or info.get("built_at") or "?")


def version() -> str:
    """Raíces version of the running code."""
    return __version__


@st.cache_data(show_spinner=False)
def catalog() -> pd.DataFrame:
    """Indicator catalogue (index: indicator)."""
    return store.load_catalog()


@st.cache_data(show_spinner=False)
def themes() -> pd.DataFrame:
    """Themes (index: theme) in display order."""
    frame = store.load_themes()
    return frame.sort_values("sort_order") if "sort_order" in frame else frame


@st.cache_data(show_spinner=False)
def territories(level: str = "municipio") -> pd.DataFrame:
    """Names and context of every territory of ``level`` (index: code)."""
    return store.load_territories(level)


@st.cache_data(show_spinner=False)
def indicators(level: str = "municipio") -> pd.DataFrame:
    """Indicator values of every territory (index: code; one float column per indicator)."""
    return store.load_indicators(level)


@st.cache_data(show_spinner=False)
def standard_errors(level: str = "municipio") -> pd.DataFrame:
    """Standard errors, same shape as :func:`indicators` (NaN where none)."""
    return store.load_standard_errors(level)


@st.cache_data(show_spinner=False)
def sources() -> pd.DataFrame:
    """Declared sources with publisher, licence, URL and checksum."""
    return store.load_sources()


@st.cache_data(show_spinner=False)
def quality_issues() -> pd.DataFrame:
    """Every repaired or dropped value recorded by the build."""
    return store.load_quality_issues()


def territory_names(level: str = "municipio") -> pd.Series:
    """Display name of each territory: ``"Municipio (Departamento)"`` for municipios."""
    frame = territories(level)
    if level == "municipio":
        return frame["muni_name"].astype(str) + " (" + frame["dept_name"].astype(str) + ")"
    return frame["dept_name"].astype(str)


def indicator_labels(language: str = "es") -> pd.Series:
    """Label of each indicator in ``language``."""
    column = "label_en" if language == "en" else "label_es"
    return catalog()[column]


def theme_labels(language: str = "es") -> pd.Series:
    """Label of each theme in ``language``."""
    column = "label_en" if language == "en" else "label_es"
    return themes()[column]


def indicators_available(level: str = "municipio", lens: str | None = None) -> list[str]:
    """Indicators with at least one value at ``level``, optionally only those of a lens."""
    cat = catalog()
    values = indicators(level)
    wanted = [c for c in cat.index if c in values.columns and values[c].notna().any()]
    if lens:
        wanted = [c for c in wanted if str(cat.at[c, "lens"] or "") == lens]
    return wanted


def sources_table() -> pd.DataFrame:
    """Sources for display: publisher, title, licence, year when known, URL, checksum."""
    frame = sources().copy()
    wanted = [
        c
        for c in (
            "source_id",
            "publisher",
            "title",
            "licence",
            "year",
            "url",
            "sha256",
            "bytes",
            "file",
        )
        if c in frame
    ]
    frame = frame[wanted]
    if "sha256" in frame:
        frame["sha256"] = frame["sha256"].astype(str)
    return frame.set_index("source_id") if "source_id" in frame else frame


def catalog_table(language: str = "es") -> pd.DataFrame:
    """The catalogue as a data dictionary, labels and units in ``language`` first."""
    cat = catalog()
    label, unit = ("label_en", "unit_en") if language == "en" else ("label_es", "unit_es")
    first = [
        label,
        "theme",
        unit,
        "direction",
        "source_id",
        "year",
        "levels",
        "lens",
        "in_default",
        "dept_method",
        "description_es",
    ]
    ordered = [c for c in first if c in cat] + [
        c
        for c in cat.columns
        if c not in first and not c.startswith("label_") and not c.startswith("unit_")
    ]
    return cat[ordered]


def all_indicators_table(level: str = "municipio") -> pd.DataFrame:
    """Every indicator of ``level`` with territory names, for download."""
    names = territories(level)
    keep = [c for c in ("muni_name", "dept_code", "dept_name", "pcode") if c in names]
    return names[keep].join(indicators(level))


def headlines(language: str = "es") -> dict[str, str]:
    """Headline figures for the overview page (label -> formatted value)."""
    from dashboard.i18n import translate

    values = indicators("municipio")
    used = [c for c in catalog().index if c in values and values[c].notna().any()]
    return {
        translate("panorama.n_munis", language): str(len(territories("municipio"))),
        translate("panorama.n_indicators", language): str(len(used)),
        translate("panorama.n_sources", language): str(len(sources())),
    }


# --------------------------------------------------------------------------- geometry
@st.cache_resource(show_spinner=False)
def geojson(level: str = "municipio") -> dict[str, Any]:
    """FeatureCollection of the simplified boundaries, feature ``id`` = territory code.

    Cached as a resource (one object for every session; never modified) because copying
    it on every rerun would cost more than drawing the map.
    """
    frame = boundaries(level)
    collection = json.loads(frame[["geometry"]].to_json(drop_id=False))
    for feature in collection["features"]:
        feature["id"] = int(feature["id"])
        feature["properties"] = {}
        feature["geometry"]["coordinates"] = _round(feature["geometry"]["coordinates"])
    collection.pop("bbox", None)
    return collection


def _round(coordinates: Any) -> Any:
    if isinstance(coordinates, (int, float)):
        return round(float(coordinates), COORDINATE_DECIMALS)
    return [_round(c) for c in coordinates]


@st.cache_resource(show_spinner=False)
def boundaries(level: str = "municipio"):
    """Simplified boundaries (GeoDataFrame, index: code), loaded once per process."""
    return store.load_boundaries(level)


# --------------------------------------------------------------------------- indicator maps
@st.cache_data(show_spinner=False)
def indicator_map_frame(level: str, indicator: str, language: str = "es") -> pd.DataFrame:
    """One indicator ready to map: name, value, need rank, coverage, department.

    The rank counts from the territory with most need (direction from the catalogue);
    context indicators (direction 0) are ranked from the highest value.
    """
    cat = catalog()
    if indicator not in cat.index:
        raise RaicesError(f"el indicador «{indicator}» no está en el catálogo", column=indicator)
    values = indicators(level)
    if indicator not in values.columns:
        raise RaicesError(
            f"el indicador «{indicator}» no tiene valores a nivel {level}", column=indicator
        )
    direction = float(cat.at[indicator, "direction"] or 0)
    series = values[indicator]
    frame = pd.DataFrame({"name": territory_names(level), "value": series})
    if level == "municipio":
        frame["dept_name"] = territories(level)["dept_name"]
    ascending = direction < 0
    frame["rank"] = series.rank(ascending=ascending, method="min").astype("Int64")
    n = int(series.notna().sum())
    frame["rank_text"] = [f"{int(r)} / {n}" if pd.notna(r) else "–" for r in frame["rank"]]
    se = standard_errors(level)
    if indicator in se.columns and se[indicator].notna().any():
        cv = (se[indicator] / series.abs()).replace([np.inf, -np.inf], np.nan)
        frame["se"] = se[indicator]
        frame["coverage_text"] = [("CV " + f"{c:.0%}") if pd.notna(c) else "–" for c in cv]
    else:
        no_value = "no data" if language == "en" else "sin dato"
        frame["coverage_text"] = np.where(series.notna(), "100 %", no_value)
    return frame


def format_value(value: float | None, language: str = "es") -> str:
    """A value as a reader sees it (Spanish decimal comma by default)."""
    from dashboard.figures import format_number

    return format_number(value, language)


def indicator_note(indicator: str, language: str = "es") -> str:
    """Markdown paragraph on one indicator: description, unit, direction, source, year."""
    from dashboard.i18n import translate

    row = catalog().loc[indicator]
    unit = row["unit_en" if language == "en" else "unit_es"]
    direction = int(float(row["direction"] or 0))
    source = str(row["source_id"])
    known = sources()
    if "source_id" in known.columns and source in set(known["source_id"]):
        match = known.loc[known["source_id"] == source].iloc[0]
        source = f"{match.get('publisher', '')} — {match.get('title', source)}"
    lines = [
        str(row.get("description_es", "") or ""),
        "",
        f"- **{translate('common.unit', language)}:** {unit}",
        f"- **{translate('common.direction.' + ('+1' if direction > 0 else str(direction)), language)}**",
        f"- **{translate('common.source', language)}:** {source}",
        f"- **{translate('common.year', language)}:** {row.get('year', '')}",
    ]
    return "\n".join(lines)


def map_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns of a map frame worth exporting (drops display-only text columns)."""
    keep = [
        c
        for c in ("name", "dept_name", "value", "se", "rank", "rank_low", "rank_high", "coverage")
        if c in frame
    ]
    table = frame[keep].copy()
    table.index.name = "code"
    return table


@st.cache_data(show_spinner=False)
def group_summary(indicator: str, group: str) -> pd.DataFrame | None:
    """Weighted summary of an indicator by a municipal grouping (lens), if the analysis
    package provides one (:mod:`analysis.lenses`); ``None`` otherwise."""
    try:
        from analysis import lenses
    except ImportError:
        return None
    summarise = getattr(lenses, "group_summary", None)
    if summarise is None:
        return None
    return summarise(
        indicators("municipio"), territories("municipio"), indicator=indicator, group=group
    )


# --------------------------------------------------------------------------- profile
@st.cache_data(show_spinner=False)
def national_values() -> pd.Series:
    """National value of each indicator from the departamentos, with the catalogue's weights.

    Counts (``sum``) are summed; everything else is the departamentos' mean weighted by
    households (``hh_weighted``) or population (other methods) — the same weights the
    build uses from municipios to departamentos, one level up.
    """
    cat = catalog()
    values = indicators("departamento")
    population = values.get("poblacion")
    households = values.get("hogares", population)
    result = {}
    for indicator in values.columns:
        series = values[indicator]
        method = str(cat.at[indicator, "dept_method"]) if indicator in cat.index else "pop_weighted"
        if method == "sum":
            result[indicator] = float(series.sum(min_count=1))
            continue
        weights = households if method == "hh_weighted" else population
        if weights is None:
            result[indicator] = float("nan")
            continue
        present = series.notna() & weights.notna()
        total = float(weights[present].sum())
        result[indicator] = (
            float((series[present] * weights[present]).sum() / total) if total else float("nan")
        )
    return pd.Series(result, dtype=float)


@st.cache_data(show_spinner=False)
def need_percentiles(level: str = "municipio") -> pd.DataFrame:
    """Percentile (0–100) of each territory for each indicator, 100 = most need.

    Direction from the catalogue: for ``-1`` indicators a low value is a high percentile;
    context indicators (``0``) use the plain percentile of the value.
    """
    cat = catalog()
    values = indicators(level)
    out = {}
    for indicator in values.columns:
        direction = float(cat.at[indicator, "direction"] or 0) if indicator in cat.index else 0.0
        series = values[indicator] * (-1 if direction < 0 else 1)
        out[indicator] = series.rank(pct=True, method="max") * 100
    return pd.DataFrame(out, index=values.index)


@st.cache_data(show_spinner=False)
def profile_table(level: str, code: int, language: str = "es") -> pd.DataFrame:
    """One row per indicator: value here, in the departamento, nationally, percentile, SE."""
    cat = catalog()
    values = indicators(level)
    if code not in values.index:
        raise RaicesError(f"el territorio {code} no existe a nivel {level}", column="code")
    label, unit = ("label_en", "unit_en") if language == "en" else ("label_es", "unit_es")
    used = [c for c in cat.index if c in values.columns]
    frame = pd.DataFrame(index=pd.Index(used, name="indicator"))
    frame["label"] = cat.loc[used, label]
    frame["theme"] = cat.loc[used, "theme"]
    frame["theme_label"] = frame["theme"].map(theme_labels(language))
    frame["unit"] = cat.loc[used, unit]
    frame["direction"] = cat.loc[used, "direction"]
    frame["value"] = values.loc[code, used]
    if level == "municipio":
        dept = indicators("departamento")
        dept_code = int(code) // 100
        frame["department"] = (
            dept.loc[dept_code].reindex(used) if dept_code in dept.index else np.nan
        )
    frame["national"] = national_values().reindex(used)
    frame["percentile"] = need_percentiles(level).loc[code, used]
    se = standard_errors(level)
    frame["se"] = se.loc[code].reindex(used) if code in se.index else np.nan
    return frame


def profile_display(profile: pd.DataFrame, language: str = "es") -> pd.DataFrame:
    """The profile table with readable headings and formatted numbers."""
    from dashboard.i18n import translate

    def fmt(column: str) -> list[str]:
        return [format_value(v, language) for v in profile[column]] if column in profile else []

    shown = pd.DataFrame(
        {
            translate("common.indicator", language): profile["label"],
            translate("common.theme", language): profile["theme_label"],
            translate("perfil.col.territory", language): fmt("value"),
        }
    )
    if "department" in profile:
        shown[translate("perfil.col.department", language)] = fmt("department")
    shown[translate("perfil.col.national", language)] = fmt("national")
    shown[translate("perfil.col.percentile", language)] = profile["percentile"].round(0)
    shown[translate("common.unit", language)] = profile["unit"]
    return shown


CV_LIMIT = 0.3  # above it a small-area estimate is usually not published as reliable


def reliability_notes(level: str, code: int, language: str = "es") -> list[str]:
    """Plain-language notes on what makes this territory's data fragile."""
    from dashboard.i18n import translate

    profile = profile_table(level, code, language)
    notes = []
    cv = (profile["se"] / profile["value"].abs()).replace([np.inf, -np.inf], np.nan)
    for indicator, value in cv.items():
        if pd.notna(value) and value > CV_LIMIT:
            notes.append(
                translate(
                    "perfil.reliability.high_cv",
                    language,
                    label=profile.at[indicator, "label"],
                    cv=float(value),
                )
            )
    missing = profile.loc[profile["value"].isna(), "label"].tolist()
    if missing:
        notes.append(
            translate("perfil.reliability.missing", language, labels=", ".join(map(str, missing)))
        )
    issues = quality_issues()
    if "code" in issues:
        mine = issues[pd.to_numeric(issues["code"], errors="coerce") == code]
        for _, row in mine.head(10).iterrows():
            notes.append(
                f"{row.get('source_id', '')} · {row.get('column', '')}: {row.get('issue', '')} → {row.get('action', '')}"
            )
    return notes


def territory_priority(level: str, code: int) -> dict[str, Any] | None:
    """Rank, band, score and theme contributions of one territory in the base scenario."""
    return None


def context_report(level: str, code: int, language: str = "es") -> dict[str, bytes | None]:
    """One-page context analysis as PDF and PNG bytes (report renderer when installed)."""
    return {"pdf": None, "png": _profile_png(level, code, language, stamp())}


@st.cache_data(show_spinner=False, max_entries=16)
def _profile_png(level: str, code: int, language: str, stamp_text: str) -> bytes:
    from analysis import render

    profile = profile_table(level, code, language)
    figure = render.contribution_bars(
        profile.set_index("label")["percentile"].dropna(),
        title=territory_names(level)[code],
        xlabel="percentil nacional (100 = más necesidad)"
        if language != "en"
        else "national percentile (100 = most need)",
        decimals=0,
        footer=stamp_text,
        figsize=(7.5, max(3.6, 0.22 * len(profile) + 1.2)),
    )
    return figure_bytes(figure, "png")


# --------------------------------------------------------------------------- scenarios
def engine_available() -> bool:
    """Whether the composite-index engine (scenarios, theme scores, ranking) is installed."""
    import importlib.util

    try:
        return importlib.util.find_spec("analysis.scenario") is not None
    except ImportError:
        return False


# --------------------------------------------------------------------------- exports
def stamp(scenario_hash: str | None = None) -> str:
    """One-line stamp written into every export: version, data vintage, scenario hash."""
    from analysis.render import footer_text

    return footer_text(scenario_hash=scenario_hash, data_vintage=data_vintage(), version=version())


def csv_bytes(frame: pd.DataFrame, stamp_text: str) -> bytes:
    """UTF-8 CSV whose first line is a ``#`` comment with the stamp (``pd.read_csv(comment="#")``)."""
    buffer = io.StringIO()
    buffer.write(f"# {stamp_text}\n")
    frame.to_csv(buffer)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(frame: pd.DataFrame, stamp_text: str, sheet: str = "datos") -> bytes:
    """XLSX workbook: the data sheet and a ``metadatos`` sheet holding the stamp."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        frame.to_excel(writer, sheet_name=sheet[:31])
        pd.DataFrame(
            {
                "clave": ["sello", "version", "datos"],
                "valor": [stamp_text, version(), data_vintage()],
            }
        ).to_excel(writer, sheet_name="metadatos", index=False)
    return buffer.getvalue()


def geojson_bytes(level: str, frame: pd.DataFrame, stamp_text: str) -> bytes:
    """GeoJSON of ``frame`` joined to the boundaries, with the stamp as a foreign member."""
    shapes = boundaries(level)[["geometry"]]
    joined = shapes.join(frame.drop(columns=["geometry"], errors="ignore"), how="inner")
    collection = json.loads(joined.reset_index().to_json(na="null"))
    collection["metadata"] = {
        "stamp": stamp_text,
        "version": version(),
        "data_vintage": data_vintage(),
    }
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


def figure_bytes(figure, fmt: str = "png") -> bytes:
    """PNG or SVG bytes of a matplotlib figure (rendered offline, no browser needed)."""
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format=fmt,
        dpi=figure.dpi,
        metadata={"Software": f"Raíces {version()}"} if fmt == "png" else None,
    )
    return buffer.getvalue()


@st.cache_data(show_spinner=False, max_entries=32)
def static_map(
    level: str,
    values: pd.Series,
    title: str,
    legend_title: str,
    scheme: str,
    k: int,
    reverse: bool,
    stamp_text: str,
    fmt: str = "png",
    highlight: tuple[int, ...] = (),
) -> bytes:
    """Offline static choropleth (matplotlib, :mod:`analysis.render`) as PNG or SVG bytes."""
    from analysis import render

    frame = boundaries(level)[["geometry"]].copy()
    frame["value"] = values.reindex(frame.index)
    overlay = boundaries("departamento") if level == "municipio" else None
    figure = render.choropleth(
        frame,
        "value",
        title=title,
        legend_title=legend_title,
        cmap="viridis",
        reverse=reverse,
        scheme=scheme,
        k=k,
        highlight=list(highlight) or None,
        overlay=overlay,
        footer=stamp_text,
    )
    return figure_bytes(figure, fmt)
