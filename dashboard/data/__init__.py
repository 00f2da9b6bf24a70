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

import hashlib
import io
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from analysis import __version__, store
from analysis.errors import RaicesError
from analysis.export.safety import neutralise_frame

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
    """Names, context and indicators of every territory of ``level`` (index: code)."""
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


@st.cache_data(show_spinner=False)
def territory_names(level: str = "municipio") -> pd.Series:
    """Display name of each territory: ``"Municipio (Departamento)"`` for municipios."""
    frame = territories(level)
    if level == "municipio":
        return frame["name"].astype(str) + " (" + frame["dept_name"].astype(str) + ")"
    return frame["name"].astype(str)


@st.cache_data(show_spinner=False)
def indicator_labels(language: str = "es") -> pd.Series:
    """Label of each indicator in ``language``."""
    column = "label_en" if language == "en" else "label_es"
    return catalog()[column]


@st.cache_data(show_spinner=False)
def theme_labels(language: str = "es") -> pd.Series:
    """Label of each theme in ``language``."""
    column = "label_en" if language == "en" else "label_es"
    return themes()[column]


@st.cache_data(show_spinner=False)
def indicators_available(level: str = "municipio", lens: str | None = None) -> list[str]:
    """Indicators with at least one value at ``level``, optionally only those of a lens."""
    cat = catalog()
    values = indicators(level)
    wanted = [c for c in cat.index if c in values.columns and values[c].notna().any()]
    if lens:
        wanted = [c for c in wanted if str(cat.at[c, "lens"] or "") == lens]
    return wanted


def sources_table() -> pd.DataFrame:
    """Sources for display: publisher, title, licence, data year (from the catalogue's
    indicators of each source), URL, checksum — one row per file."""
    frame = sources().copy()
    if "year" not in frame:
        years = (
            catalog()
            .groupby("source_id")["year"]
            .agg(lambda y: " · ".join(sorted(set(map(str, y)))))
        )
        frame["year"] = frame["source_id"].map(years).fillna("")
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
    return territories(level)


def headlines(language: str = "es") -> dict[str, str]:
    """Headline figures for the overview page (label -> formatted value), from the build.

    National values come from the build (:func:`national_values`): explicit weights, or the
    source's own national estimate where it publishes one.
    """
    from dashboard.figures import format_number
    from dashboard.i18n import translate

    values = indicators("municipio")
    used = [c for c in catalog().index if c in values and values[c].notna().any()]
    national = national_values()
    out = {
        translate("panorama.n_munis", language): str(len(territories("municipio"))),
        translate("panorama.n_indicators", language): str(len(used)),
        translate("panorama.n_sources", language): str(sources()["source_id"].nunique()),
    }
    if "poblacion" in national:
        out[translate("panorama.population", language)] = (
            format_number(national["poblacion"] / 1e6, language, 1) + " M"
        )
    if "emigracion_hogar" in national:
        out[translate("panorama.emigrants", language)] = format_number(
            national["emigracion_hogar"], language, 3
        )
    if "pobreza" in national and pd.notna(national["pobreza"]):
        out[translate("panorama.poverty_2023", language)] = (
            f"{format_number(100 * national['pobreza'], language, 1)} %"
        )
    return out


def sources_summary(language: str = "es") -> pd.DataFrame:
    """One row per source (not per file): publisher, title, licence."""
    from dashboard.i18n import translate

    frame = sources().drop_duplicates("source_id")
    return pd.DataFrame(
        {
            translate("datos.col.publisher", language): frame["publisher"].to_numpy(),
            translate("datos.col.title", language): frame["title"].to_numpy(),
            translate("datos.col.licence", language): frame["licence"].to_numpy(),
        }
    )


# --------------------------------------------------------------------------- geometry
@st.cache_resource(show_spinner=False)
def geojson(level: str = "municipio") -> dict[str, Any]:
    """FeatureCollection of the simplified boundaries, feature ``id`` = territory code.

    Cached as a resource (one object for every session; never modified) because copying
    it on every rerun would cost more than drawing the map.
    """
    frame = boundaries(level)[["geometry"]].copy()
    frame["geometry"] = frame.geometry.apply(_areal)
    collection = json.loads(frame.to_json(drop_id=False))
    for feature in collection["features"]:
        feature["id"] = int(feature["id"])
        feature["properties"] = {}
        feature["geometry"]["coordinates"] = _round(feature["geometry"]["coordinates"])
    collection.pop("bbox", None)
    return collection


STATIC_DIR = Path(__file__).resolve().parent / "static"


@st.cache_resource(show_spinner=False)
def geojson_source(level: str = "municipio") -> dict[str, Any] | str:
    """What a map's ``geojson`` should be: a URL when Streamlit serves static files, the
    FeatureCollection itself otherwise.

    With ``server.enableStaticServing`` (set in ``.streamlit/config.toml``) the boundaries
    are written once to ``dashboard/static/`` under a name that changes with their
    content; the browser downloads them once and caches them, and each map sent on a
    rerun carries only its values (≈30 kB instead of ≈0.5 MB to serialise and send).
    """
    collection = geojson(level)
    if not st.get_option("server.enableStaticServing"):
        return collection
    text = json.dumps(collection, separators=(",", ":"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    target = STATIC_DIR / f"{level}_{digest}.geojson"
    try:
        if not target.exists():
            STATIC_DIR.mkdir(exist_ok=True)
            temporary = target.with_suffix(".tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, target)
    except OSError:
        return collection  # read-only install: send the geometry with the figure
    return f"./app/static/{target.name}"


def _areal(geometry: Any) -> Any:
    """Polygonal part of a geometry: simplification can leave slivers of lines inside a
    GeometryCollection (Ocós, 1218), which a choropleth cannot fill."""
    from shapely.geometry import MultiPolygon, Polygon

    if geometry is None or geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    polygons: list[Polygon] = []
    for part in getattr(geometry, "geoms", []):
        if part.geom_type == "Polygon":
            polygons.append(part)
        elif part.geom_type == "MultiPolygon":
            polygons.extend(part.geoms)
    return MultiPolygon(polygons) if polygons else None


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


def lens_indicator_list(level: str, lens: str | None) -> list[str]:
    """Indicators with data at ``level``, only those the catalogue marks with ``lens``."""
    available = indicators_available(level)
    if not lens:
        return available
    from analysis.causes.lenses import lens_indicators

    wanted = set(lens_indicators(catalog(), lens))
    return [c for c in available if c in wanted]


def lens_groups(split: str) -> list[str]:
    """Groups of municipios under a disaggregation (``etnia``, ``pueblo``, ``area``)."""
    from analysis.causes.lenses import lens_values

    return lens_values(territories("municipio"), split)


def restrict_to_group(frame: pd.DataFrame, split: str | None, group: str | None) -> pd.DataFrame:
    """The map frame with territories outside ``group`` blanked (drawn grey, no rank)."""
    if not split or not group:
        return frame
    from analysis.causes.lenses import filter_codes

    keep = filter_codes(territories("municipio"), split, group)
    out = frame.copy()
    outside = ~out.index.isin(keep)
    out.loc[outside, "value"] = np.nan
    out.loc[outside, "rank_text"] = "–"
    return out


@st.cache_data(show_spinner=False)
def group_summary(indicator: str, split: str, language: str = "es") -> pd.DataFrame:
    """An indicator by group of municipios: count, population-weighted mean, median, range.

    Weighted by population (``poblacion``) so that a group's value describes its people,
    not the average of its municipios.
    """
    from analysis.causes.lenses import lens_groups as groups_of
    from dashboard.i18n import translate

    frame = territories("municipio")
    groups = groups_of(frame, split)
    values = indicators("municipio")[indicator]
    weights = indicators("municipio").get("poblacion", None)
    rows = []
    for group in lens_groups(split):
        members = groups.index[groups == group]
        x = values.reindex(members)
        present = x.notna()
        mean = float("nan")
        if weights is not None:
            w = weights.reindex(members)[present]
            mean = float((x[present] * w).sum() / w.sum()) if w.sum() > 0 else float("nan")
        rows.append(
            {
                translate("mapa.col.group", language): group,
                translate("mapa.col.n", language): int(present.sum()),
                translate("mapa.col.weighted_mean", language): mean,
                translate("mapa.col.median", language): float(x.median()),
                translate("mapa.col.min", language): float(x.min()),
                translate("mapa.col.max", language): float(x.max()),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- profile
@st.cache_data(show_spinner=False)
def national_values() -> pd.Series:
    """National value of each indicator, as computed by the build
    (:func:`analysis.store.load_national_values`)."""
    return store.load_national_values()


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


def context_report(level: str, code: int, language: str = "es") -> dict[str, Any]:
    """Deferred makers of the one-page context analysis: ``pdf`` (municipios only, from
    :mod:`analysis.report.context`, base scenario) and ``png`` (percentile chart, offline).

    Each value is a no-argument callable, so the file is made only when its download
    button is clicked.
    """
    from functools import partial

    if level == "municipio":
        return {
            "pdf": partial(_context_pdf, int(code)),
            "png": partial(_context_png, int(code), language),
        }
    return {
        "pdf": None,
        "png": partial(
            _profile_png, level, int(code), language, stamp(territory_priority_hash(level))
        ),
    }


def territory_priority_hash(level: str) -> str | None:
    """Hash of the base scenario at ``level`` (stamped on profile exports)."""
    return scenario_result(base_scenario_text(level))["hash"] if engine_available() else None


def _context_png(code: int, language: str) -> bytes:
    """First page of the context PDF as PNG (``pdftoppm``), or the offline percentile
    chart when poppler is not installed."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    if shutil.which("pdftoppm") is None:
        return _profile_png(
            "municipio", code, language, stamp(territory_priority_hash("municipio"))
        )
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "perfil.pdf"
        pdf.write_bytes(_context_pdf(code))
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "110",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(Path(folder) / "page"),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return (Path(folder) / "page.png").read_bytes()


@st.cache_data(show_spinner=False, max_entries=16)
def _context_pdf(code: int) -> bytes:
    import tempfile
    from pathlib import Path

    from analysis.report.context import prepare, write_report

    text = base_scenario_text("municipio")
    report = prepare(parse_scenario(text), run=ranking(text)["run"])
    with tempfile.TemporaryDirectory() as folder:
        path = write_report(Path(folder) / "perfil.pdf", codes=[code], data=report)
        return path.read_bytes()


@st.cache_data(show_spinner=False, max_entries=16)
def _profile_png(level: str, code: int, language: str, stamp_text: str) -> bytes:
    from analysis import plotting

    profile = profile_table(level, code, language)
    figure = plotting.contribution_bars(
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
        return importlib.util.find_spec("analysis.priority.scenario") is not None
    except ImportError:
        return False


@st.cache_data(show_spinner=False)
def presets() -> pd.DataFrame:
    """Shipped scenario presets (index: preset id; columns name, description)."""
    from analysis.priority import scenario

    return scenario.list_presets()


@st.cache_data(show_spinner=False)
def preset_toml(preset: str | None = None) -> str:
    """TOML text of a shipped preset (the default one when ``None``)."""
    from analysis.priority import scenario

    return scenario.load_preset(preset or scenario.DEFAULT_PRESET).to_toml()


def parse_scenario(text: str, source: str | None = None):
    """A :class:`analysis.priority.scenario.Scenario` from TOML text (validated, Spanish errors)."""
    from analysis.priority import scenario

    return scenario.Scenario.from_toml_text(text, source=source)


def scenario_from_file(name: str, content: bytes) -> str:
    """Scenario TOML from an uploaded ``.toml`` or ``.json`` file, validated.

    Raises :class:`~analysis.errors.RaicesError` naming the file for text that is not
    UTF-8, not valid TOML/JSON, or not a valid scenario.
    """
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RaicesError(
            "el archivo no es texto UTF-8", file=name, hint="guárdelo como UTF-8"
        ) from error
    if name.lower().endswith(".json"):
        try:
            values = json.loads(text)
        except json.JSONDecodeError as error:
            raise RaicesError(
                f"el archivo no es JSON válido: {error.msg}", file=name, row=error.lineno
            ) from error
        return scenario_from_dict(values, source=name).to_toml()
    return parse_scenario(text, source=name).to_toml()


def scenario_from_dict(values: dict[str, Any], source: str | None = None):
    """A scenario from a plain dictionary (query parameters, JSON)."""
    from analysis.priority import scenario

    return scenario.Scenario.from_dict(values, source=source)


@st.cache_resource(show_spinner=False)
def index_data(level: str = "municipio"):
    """Everything a ranking reads at ``level`` (:class:`analysis.priority.run.IndexData`).

    Loaded once per process and only read afterwards; its boundaries are the polygonal
    parts of the simplified ones (see :func:`_areal`) so contiguity works everywhere.
    """
    import dataclasses

    from analysis.priority.run import IndexData

    shapes = boundaries(level)[["geometry"]].copy()
    shapes["geometry"] = shapes.geometry.apply(_areal)
    return dataclasses.replace(IndexData.from_store(level), boundaries=shapes)


@st.cache_data(show_spinner=False, max_entries=64)
def scenario_result(scenario_text: str) -> dict[str, Any]:
    """Fit the composite index of a scenario (TOML text, the cache key); no Monte Carlo.

    Returns ``hash``, ``name``, ``level``, ``indicators``, ``themes`` (weights used),
    ``table`` (name, score, rank, coverage, reliability, contributions; best first),
    ``theme_scores``, ``contributions`` and ``coverage``.
    """
    from analysis.priority.run import fit_index

    scenario = parse_scenario(scenario_text)
    resolved, fitted = fit_index(scenario, index_data(scenario.level))
    table = fitted.table()
    table.insert(0, "name", territory_names(scenario.level).reindex(table.index))
    table.index.name = "code"
    return {
        "hash": resolved.hash(),
        "name": resolved.name,
        "level": resolved.level,
        "indicators": dict(resolved.indicators or {}),
        "themes": dict(resolved.themes or {}),
        "table": table,
        "theme_scores": fitted.theme_scores_,
        "contributions": fitted.contributions_,
        "coverage": fitted.coverage_,
    }


def base_scenario_text(level: str = "municipio") -> str:
    """TOML of the default preset at ``level`` (the "base scenario" of the overview)."""
    import dataclasses

    base = parse_scenario(preset_toml(None))
    return (
        base.to_toml() if base.level == level else dataclasses.replace(base, level=level).to_toml()
    )


@st.cache_data(show_spinner=False, max_entries=64)
def ranking(scenario_text: str) -> dict[str, Any]:
    """Rank, Monte-Carlo bands and pilot selection of a scenario (:mod:`analysis.priority.run`).

    Returns ``table`` (index code; ``rank``, ``rank_low``/``rank_high`` = 5–95 % band,
    ``p_top_k``, ``score``, ``coverage``, ``selected`` …), ``hash``, ``k``, ``selected``
    (codes), ``objective``, ``unconstrained_objective``, ``costs`` and ``error`` (the
    plain-language reason when the plenary's constraints cannot all hold).
    """
    from analysis.priority.run import rank_territories

    scenario = parse_scenario(scenario_text)
    data = index_data(scenario.level)
    error = None
    try:
        run = rank_territories(scenario, data)
    except RaicesError as problem:
        if scenario.pilot is None:
            raise
        error = str(problem)
        run = rank_territories(scenario, data, select=False)
    selection = run.selection
    table = run.table.rename(columns={"rank_p05": "rank_low", "rank_p95": "rank_high"})
    if "selected" not in table:
        table["selected"] = False
    table["name"] = territory_names(scenario.level).reindex(table.index)
    return {
        "table": table,
        "run": run,
        "hash": run.hash,
        "k": run.k,
        "selected": [int(c) for c in selection.selected] if selection is not None else [],
        "objective": float(selection.objective) if selection is not None else float("nan"),
        "unconstrained_objective": float(selection.unconstrained_objective)
        if selection is not None
        else float("nan"),
        "costs": selection.costs if selection is not None else pd.DataFrame(),
        "error": error,
    }


def scenario_uncertainty(scenario_text: str) -> pd.DataFrame | None:
    """Rank bands of a scenario (``rank_low``, ``rank_high``, ``p_top_k``), ``None`` when
    the scenario asks for no Monte-Carlo draws."""
    table = ranking(scenario_text)["table"]
    if table["rank_low"].isna().all():
        return None
    return table[["rank_median", "rank_low", "rank_high", "p_top_k", "score_p05", "score_p95"]]


def pilot_selection(scenario_text: str) -> dict[str, Any]:
    """The pilot set of a scenario and what each constraint costs (see :func:`ranking`)."""
    return ranking(scenario_text)


def ranking_table(scenario_text: str, language: str = "es") -> pd.DataFrame:
    """Ranked table of a scenario: name, rank, band, P(top k), score, coverage, selected."""
    table = ranking(scenario_text)["table"]
    keep = [
        "name",
        "dept_name",
        "rank",
        "rank_low",
        "rank_high",
        "p_top_k",
        "score",
        "coverage",
        "reliability",
        "selected",
    ]
    return table[[c for c in keep if c in table]]


def method_choices() -> dict[str, tuple[str, ...]]:
    """Method options offered as widgets, from the engine's own lists."""
    from analysis.index.aggregate import AGGREGATIONS
    from analysis.index.missing import MISSING_POLICIES
    from analysis.index.normalise import NORMALISATIONS
    from analysis.index.outliers import OUTLIER_METHODS
    from analysis.priority.scenario import RATE_SMOOTHING

    return {
        # goalposts needs per-indicator thresholds, set in a scenario file, not a widget
        "normalisation": tuple(n for n in NORMALISATIONS if n != "goalposts"),
        "aggregation": AGGREGATIONS,
        "missing": MISSING_POLICIES,
        "outliers": OUTLIER_METHODS,
        "smooth_rates": RATE_SMOOTHING,
    }


def score_map_frame(scenario_text: str) -> pd.DataFrame:
    """Priority score of a scenario ready to map: name, value, rank (with band), coverage."""
    table = ranking(scenario_text)["table"]
    level = parse_scenario(scenario_text).level
    frame = pd.DataFrame({"name": territory_names(level)})
    table = table.reindex(frame.index)
    frame["value"] = table["score"]
    frame["rank"] = table["rank"].astype("Int64")
    n = int(frame["rank"].notna().sum())
    rank_text = [f"{int(r)} / {n}" if pd.notna(r) else "–" for r in table["rank"]]
    if table["rank_low"].notna().any():
        rank_text = [
            f"{text} ({int(low)}–{int(high)})" if pd.notna(low) else text
            for text, low, high in zip(
                rank_text, table["rank_low"], table["rank_high"], strict=True
            )
        ]
    frame["rank_text"] = rank_text
    frame["coverage"] = table["coverage"]
    frame["coverage_text"] = [f"{c:.0%}" if pd.notna(c) else "–" for c in table["coverage"]]
    return frame


def ranking_display(table: pd.DataFrame, language: str, k: int) -> pd.DataFrame:
    """The ranked table with readable headings (rank band as text, ✓ for selected)."""
    from dashboard.i18n import translate

    shown = pd.DataFrame(index=table.index)
    shown[translate("common.rank", language)] = table["rank"].astype("Int64")
    shown[translate("common.territory", language)] = table["name"]
    shown[translate("common.score", language)] = table["score"]
    if "rank_low" in table:
        shown[translate("prior.band", language)] = [
            f"{int(a)}–{int(b)}" if pd.notna(a) else "–"
            for a, b in zip(table["rank_low"], table["rank_high"], strict=True)
        ]
        shown[translate("prior.p_top", language, k=k)] = table["p_top_k"]
    shown[translate("common.coverage", language)] = [
        f"{c:.0%}" if pd.notna(c) else "–" for c in table["coverage"]
    ]
    shown[translate("prior.selected", language)] = ["✓" if s else "" for s in table["selected"]]
    shown.index.name = translate("common.code", language)
    return shown


def constraint_costs(scenario_text: str, language: str = "es") -> pd.DataFrame:
    """What each active constraint costs, in points of total priority and in percent."""
    from dashboard.i18n import translate

    selection = pilot_selection(scenario_text)
    costs = selection.get("costs")
    if costs is None or costs.empty:
        return pd.DataFrame()
    total = selection.get("unconstrained_objective") or float("nan")
    return pd.DataFrame(
        {
            translate("prior.cost.constraint", language): costs["description"].to_numpy(),
            translate("prior.cost.points", language): costs["cost"].round(2).to_numpy(),
            translate("prior.cost.share", language): [
                f"{c / total:.1%}" if total else "–" for c in costs["cost"]
            ],
        }
    )


def comparison_choices(kept: dict[str, str], language: str = "es") -> dict[str, tuple[str, str]]:
    """Scenarios on offer for comparison: id -> (display name, TOML). Kept ones first."""
    choices = {f"kept:{name}": (name, text) for name, text in kept.items()}
    for preset, row in presets().iterrows():
        choices[f"preset:{preset}"] = (str(row["name"]), preset_toml(str(preset)))
    return choices


def scenario_hashes(texts: tuple[str, ...]) -> list[str]:
    """Hash of each scenario (resolved, as stamped on results)."""
    return [scenario_result(text)["hash"] for text in texts]


@st.cache_data(show_spinner=False, max_entries=32)
def compare_scenarios(
    texts: tuple[str, ...], names: tuple[str, ...], k: int = 15, language: str = "es"
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Compare scenarios with :func:`analysis.priority.comparison.compare_rankings`.

    Returns a summary (each scenario against the first: Spearman, Kendall, top-k overlap,
    Jaccard, entering and leaving territories), the ranks side by side (index code) and
    the biggest movers between the first two.
    """
    from analysis.priority.comparison import compare_rankings
    from dashboard.i18n import translate

    results = [scenario_result(text) for text in texts]
    levels = {r["level"] for r in results}
    if len(levels) > 1:
        raise RaicesError(
            "solo se pueden comparar escenarios del mismo nivel territorial", column="level"
        )
    level = levels.pop()
    labels = territory_names(level)
    ranks = pd.DataFrame({"name": labels})
    for name, result in zip(names, results, strict=True):
        ranks[name] = result["table"]["rank"].reindex(ranks.index)
    ranks.index.name = "code"
    rows = []
    first = ranks[names[0]]
    for name in names[1:]:
        comparison = compare_rankings(first, ranks[name], k=k)
        rows.append(
            {
                translate("comp.col.pair", language): f"{names[0]} → {name}",
                "Spearman": round(comparison.spearman, 3),
                "Kendall": round(comparison.kendall, 3),
                translate("comp.col.overlap", language): f"{comparison.top_k_overlap} / {k}",
                "Jaccard": round(comparison.jaccard, 2),
                translate("comp.col.entered", language): ", ".join(
                    labels.get(c, str(c)) for c in comparison.entered
                ),
                translate("comp.col.left", language): ", ".join(
                    labels.get(c, str(c)) for c in comparison.left
                ),
            }
        )
    movers = compare_rankings(first, ranks[names[1]], k=k).movers.head(20).copy()
    movers.insert(0, "name", labels.reindex(movers.index))
    movers = movers.rename(
        columns={
            "name": translate("common.territory", language),
            "rank_a": names[0],
            "rank_b": names[1],
            "change": translate("comp.col.change", language),
        }
    ).rename_axis(translate("common.code", language))
    return pd.DataFrame(rows), ranks.sort_values(names[0]), movers


def scenario_to_param(scenario_text: str) -> str:
    """Compact, URL-safe text of a scenario for a shareable link (``?s=``)."""
    import base64
    import zlib

    compact = json.dumps(
        parse_scenario(scenario_text).to_dict(), separators=(",", ":"), ensure_ascii=False
    )
    return (
        base64.urlsafe_b64encode(zlib.compress(compact.encode("utf-8"), 9))
        .decode("ascii")
        .rstrip("=")
    )


def scenario_from_param(param: str) -> str:
    """Scenario TOML from the text of a shared link; a ``RaicesError`` if it is damaged."""
    import base64
    import binascii
    import zlib

    try:
        raw = zlib.decompress(base64.urlsafe_b64decode(param + "=" * (-len(param) % 4)))
        values = json.loads(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, ValueError, UnicodeDecodeError) as error:
        raise RaicesError("el enlace compartido está dañado o incompleto", column="s") from error
    return scenario_from_dict(values, source="enlace").to_toml()


def top_priorities(language: str = "es", n: int = 15, level: str = "municipio") -> pd.DataFrame:
    """The first ``n`` territories of the base scenario (name, score, rank)."""
    from dashboard.i18n import translate

    table = scenario_result(base_scenario_text(level))["table"].head(n)
    return pd.DataFrame(
        {
            translate("common.rank", language): table["rank"].astype("Int64").to_numpy(),
            translate("common.territory", language): table["name"].to_numpy(),
            translate("common.score", language): table["score"].round(1).to_numpy(),
        }
    )


def theme_map_frame(level: str, theme: str, language: str = "es") -> tuple[pd.DataFrame, str]:
    """Theme score of the base scenario ready to map, and the scenario hash."""
    result = scenario_result(base_scenario_text(level))
    scores = result["theme_scores"]
    if theme not in scores:
        raise RaicesError(
            f"el tema «{theme}» no tiene indicadores en el escenario base", column=theme
        )
    series = scores[theme]
    frame = pd.DataFrame({"name": territory_names(level), "value": series})
    frame["rank"] = series.rank(ascending=False, method="min").astype("Int64")
    n = int(series.notna().sum())
    frame["rank_text"] = [f"{int(r)} / {n}" if pd.notna(r) else "–" for r in frame["rank"]]
    coverage = result["coverage"]["coverage"].reindex(frame.index)
    frame["coverage"] = coverage
    frame["coverage_text"] = [f"{c:.0%}" if pd.notna(c) else "–" for c in coverage]
    return frame, result["hash"]


def territory_priority(level: str, code: int) -> dict[str, Any] | None:
    """Rank, band, score, coverage and theme contributions of one territory (base scenario)."""
    text = base_scenario_text(level)
    result = scenario_result(text)
    table = result["table"]
    if code not in table.index or pd.isna(table.at[code, "rank"]):
        return None
    rank = int(table.at[code, "rank"])
    bands = scenario_uncertainty(text)
    low = high = rank
    if bands is not None and code in bands.index:
        low, high = int(bands.at[code, "rank_low"]), int(bands.at[code, "rank_high"])
    return {
        "rank": rank,
        "n": int(table["rank"].notna().sum()),
        "score": float(table.at[code, "score"]),
        "coverage": float(table.at[code, "coverage"]),
        "rank_low": low,
        "rank_high": high,
        "contributions": result["contributions"].loc[code],
        "hash": result["hash"],
    }


# --------------------------------------------------------------------------- exports
def stamp(scenario_hash: str | None = None) -> str:
    """One-line stamp written into every export: version, data vintage, scenario hash."""
    from analysis.plotting import footer_text

    return footer_text(scenario_hash=scenario_hash, data_vintage=data_vintage(), version=version())


def csv_bytes(frame: pd.DataFrame, stamp_text: str) -> bytes:
    """UTF-8 CSV whose first line is a ``#`` comment with the stamp (``pd.read_csv(comment="#")``)."""
    buffer = io.StringIO()
    buffer.write(f"# {stamp_text}\n")
    neutralise_frame(frame).to_csv(buffer)  # text cells cannot run as spreadsheet formulas
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(frame: pd.DataFrame, stamp_text: str, sheet: str = "datos") -> bytes:
    """XLSX workbook: the data sheet and a ``metadatos`` sheet holding the stamp."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        neutralise_frame(frame).to_excel(writer, sheet_name=sheet[:31])
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
    """Offline static choropleth (matplotlib, :mod:`analysis.plotting`) as PNG or SVG bytes."""
    from analysis import plotting

    frame = boundaries(level)[["geometry"]].copy()
    frame["value"] = values.reindex(frame.index)
    overlay = boundaries("departamento") if level == "municipio" else None
    figure = plotting.choropleth(
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


# --------------------------------------------------------------------------- own data (issue 6)
def user_indicators() -> pd.DataFrame:
    """Analysts' own indicators (catalogue rows, ``origin = "user"``); read on every run
    because the page changes them."""
    from analysis.userdata import list_user_indicators

    return list_user_indicators()


@st.cache_data(show_spinner=False)
def user_gazetteer() -> pd.DataFrame:
    """Official municipio names and codes used to match uploaded tables."""
    from analysis.userdata.names import load_gazetteer

    return load_gazetteer()


def _upload_path(folder: str, name: str, content: bytes):
    from pathlib import Path

    from analysis.export.safety import safe_filename

    path = Path(folder) / safe_filename(name)
    path.write_bytes(content)
    return path


def read_upload(
    name: str, content: bytes, sheet: str | None = None, header_row: int = 1
) -> tuple[pd.DataFrame, str]:
    """An uploaded table read safely (as text) and a sentence saying how it was read."""
    import tempfile

    from analysis.userdata.reading import read_table

    with tempfile.TemporaryDirectory() as folder:
        frame, report = read_table(
            _upload_path(folder, name, content),
            sheet=sheet,
            header_row=header_row,
            display_name=name,
        )
    return frame, report.summary()


def import_upload(name: str, content: bytes, meta: dict[str, Any], **options: Any):
    """Match an uploaded table (``dry_run=True``: report only) or store it in the user layer.

    Returns an :class:`analysis.userdata.ImportResult`; when an indicator is stored, every
    cached table is cleared so that maps, profiles and scenarios see it at once.
    """
    import tempfile

    from analysis.userdata import UserIndicatorMeta, import_indicator

    with tempfile.TemporaryDirectory() as folder:
        result = import_indicator(
            _upload_path(folder, name, content),
            UserIndicatorMeta(**meta),
            territories=user_gazetteer(),
            display_name=name,
            **options,
        )
    if result.saved is not None:
        _user_layer_changed()
    return result


def remove_user_indicator(indicator: str) -> None:
    """Delete an analyst's own indicator and clear the cached tables."""
    from analysis.userdata import remove_user_indicator as remove

    remove(indicator)
    _user_layer_changed()


def _user_layer_changed() -> None:
    st.cache_data.clear()
    index_data.clear()


def guess_upload_columns(columns: list[str]) -> dict[str, str | None]:
    """Likely code, departamento, municipio and value columns of an uploaded table."""
    from analysis.userdata.matching import guess_columns

    return guess_columns(columns)


def matching_display(report: pd.DataFrame, language: str = "es") -> pd.DataFrame:
    """The matching report for people: problems first, statuses and headers in words."""
    from analysis.userdata.matching import report_for_people

    return report_for_people(report, language)


def open_data_zip() -> bytes:
    """The open-data bundle of ``raices export`` (published sources only) as one ZIP."""
    import tempfile
    import zipfile
    from pathlib import Path

    from analysis.export.bundle import export_bundle

    with tempfile.TemporaryDirectory() as folder:
        bundle = export_bundle(Path(folder) / "raices_datos_abiertos")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in bundle.files:
                archive.write(path, arcname=f"raices_datos_abiertos/{path.name}")
    return buffer.getvalue()


def report_csv_bytes(report: pd.DataFrame) -> bytes:
    """The row-by-row matching report as CSV, safe to open in a spreadsheet."""
    from analysis.export.safety import neutralise_frame

    return neutralise_frame(report).to_csv(index=False).encode("utf-8")
