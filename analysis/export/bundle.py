"""The open-data bundle: processed layers as CSV, XLSX, GeoJSON and GeoPackage.

One call writes, inside one output folder and nowhere else:

``municipios.csv`` / ``departamentos.csv``
    Wide tables (INE code, OCHA P-code, names, context, one column per indicator).
``municipios_hxl.csv`` / ``departamentos_hxl.csv``
    The same with a second row of HXL hashtags (``#adm2+code``, ``#indicator+num+…``),
    ready for the Humanitarian Data Exchange.
``valores_largos.csv``
    Every published value in long form (level, code, P-code, indicator, year, value) with
    the standard error where the source publishes one (small-area poverty estimates).
``catalogo_indicadores.csv``, ``fuentes.csv``, ``calidad_datos.csv``
    Indicator metadata (units, direction, theme, source), source provenance (publisher,
    licence, URL, SHA-256) and every value a reader repaired or set aside.
``raices_datos_abiertos.xlsx``
    All tables above as sheets, plus a «LEEME» sheet.
``municipios.geojson`` / ``departamentos.geojson`` / ``raices.gpkg``
    Boundaries (EPSG:4326) with the same attributes.
``datapackage.json``
    Frictionless Data Package: one resource per CSV with its Table Schema (types, titles,
    units, primary and foreign keys), licences and sources.
``LEEME.md``
    What is in the bundle, in Spanish.

Text cells of CSV/XLSX outputs are neutralised against formula injection
(:mod:`analysis.export.safety`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis import __version__
from analysis.errors import RaicesError
from analysis.export.safety import csv_text, path_within, xlsx_bytes
from analysis.files import write_atomic

if TYPE_CHECKING:
    from analysis.priority.scenario import Scenario

FORMATS = ("csv", "hxl", "xlsx", "geojson", "gpkg")
PACKAGE_NAME = "raices-guatemala-datos-territoriales"

_CONTEXT_HXL = {
    "municipio": {
        "code": "#adm2+code+ine",
        "pcode": "#adm2+code",
        "name": "#adm2+name",
        "dept_code": "#adm1+code+ine",
        "dept_pcode": "#adm1+code",
        "dept_name": "#adm1+name",
        "pueblo_mayoritario": "#meta+pueblo_mayoritario",
        "mayoria_indigena": "#meta+mayoria_indigena",
        "area_predominante": "#meta+area_predominante",
    },
    "departamento": {
        "code": "#adm1+code+ine",
        "pcode": "#adm1+code",
        "name": "#adm1+name",
    },
}
_CONTEXT_TITLES = {
    "code": "Código INE",
    "pcode": "P-code OCHA",
    "name": "Nombre",
    "dept_code": "Código INE del departamento",
    "dept_pcode": "P-code OCHA del departamento",
    "dept_name": "Departamento",
    "pueblo_mayoritario": "Pueblo mayoritario (Censo 2018)",
    "mayoria_indigena": "Mayoría indígena (Censo 2018)",
    "area_predominante": "Área predominante (urbana/rural)",
    "level": "Nivel territorial",
    "indicator": "Indicador (identificador del catálogo)",
    "year": "Año de referencia",
    "value": "Valor",
    "se": "Error estándar publicado por la fuente (vacío si no lo publica)",
}


_RANKING_TITLES = {
    "score": "Puntaje del índice (0–100)",
    "rank": "Puesto (1 = más necesidad)",
    "rank_median": "Puesto mediano en las simulaciones",
    "rank_p05": "Puesto, percentil 5",
    "rank_p95": "Puesto, percentil 95",
    "p_top_k": "Probabilidad de estar entre los k primeros",
    "score_p05": "Puntaje, percentil 5",
    "score_p95": "Puntaje, percentil 95",
    "coverage": "Cobertura de indicadores (0–1)",
    "reliability": "Fiabilidad de los datos (0–100)",
    "max_cv": "Mayor coeficiente de variación",
    "selected": "En el conjunto piloto",
    "scenario_hash": "Huella del escenario",
}


@dataclass
class BundleResult:
    """Files written by :func:`export_bundle` (paths inside the output folder)."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    descriptor: Path | None = None

    def summary(self) -> str:
        size = sum(f.stat().st_size for f in self.files if f.is_file())
        return f"{len(self.files)} archivos, {size / 1e6:.1f} MB en {self.folder}"


def hxl_tag(column: str, level: str) -> str:
    """HXL hashtag of a bundle column.

    Examples
    --------
    >>> hxl_tag("pcode", "municipio"), hxl_tag("pobreza", "municipio")
    ('#adm2+code', '#indicator+num+pobreza')
    >>> hxl_tag("poblacion", "departamento")
    '#population+total'
    """
    if column in _CONTEXT_HXL[level]:
        return _CONTEXT_HXL[level][column]
    if column == "poblacion":
        return "#population+total"
    return f"#indicator+num+{column}"


def _layer_table(level: str, db_path: str | Path | None, include_user: bool) -> pd.DataFrame:
    from analysis import store

    frame = store.load_territories(level, db_path=db_path)
    if not include_user:
        catalog = store.load_catalog(db_path=db_path)
        user_ids = set(catalog.index[catalog["origin"] == "user"])
        frame = frame.drop(columns=[c for c in frame.columns if c in user_ids])
    frame = frame.reset_index()
    if level == "municipio":
        frame.insert(
            frame.columns.get_loc("dept_code") + 1,
            "dept_pcode",
            frame["dept_code"].map(lambda c: f"GT{int(c):02d}"),
        )
    else:
        frame = frame.drop(columns=["dept_code", "dept_name"], errors="ignore")
    keys = [
        c for c in ("code", "pcode", "name", "dept_code", "dept_pcode", "dept_name") if c in frame
    ]
    return frame[keys + [c for c in frame.columns if c not in keys]]


def _field(column: str, series: pd.Series, catalog: pd.DataFrame) -> dict[str, object]:
    if column in catalog.index:
        entry = catalog.loc[column]
        described = {
            "name": column,
            "type": "number",
            "title": str(entry["label_es"]),
            "description": str(entry.get("description_es", "") or ""),
            "unit": str(entry["unit_es"]),
            "x_unit_en": str(entry["unit_en"]),
            "x_theme": str(entry["theme"]),
            "x_direction": int(entry["direction"]),
            "x_source": str(entry["source_id"]),
            "x_year": str(entry["year"]),
        }
        return described
    if pd.api.types.is_bool_dtype(series):
        kind = "boolean"
    elif pd.api.types.is_integer_dtype(series):
        kind = "integer"
    elif pd.api.types.is_float_dtype(series):
        kind = "number"
    else:
        kind = "string"
    described = {"name": column, "type": kind, "title": _CONTEXT_TITLES.get(column, column)}
    if column in _RANKING_TITLES:
        described["title"] = _RANKING_TITLES[column]
    elif column.startswith("contrib_"):
        described["title"] = f"Aporte del tema {column.removeprefix('contrib_')} (puntos)"
    if column in ("pcode", "dept_pcode"):
        # GT (country), GT13 (departamento) or GT1301 (municipio)
        described["constraints"] = {"pattern": "GT([0-9]{2}([0-9]{2})?)?"}
    return described


def _schema_for(frame: pd.DataFrame, catalog: pd.DataFrame) -> dict[str, object]:
    return {"fields": [_field(c, frame[c], catalog) for c in frame.columns]}


def _csv_text(frame: pd.DataFrame) -> str:
    return csv_text(frame, lineterminator="\n")


def _hxl_text(frame: pd.DataFrame, level: str) -> str:
    tags = pd.DataFrame([[hxl_tag(c, level) for c in frame.columns]], columns=frame.columns)
    # The tag row goes through the same writer: '#' is not a formula prefix, so it stays.
    return csv_text(pd.concat([tags, frame.astype(object)], ignore_index=True), lineterminator="\n")


def export_bundle(
    folder: str | Path,
    *,
    formats: Iterable[str] = FORMATS,
    include_user: bool = False,
    db_path: str | Path | None = None,
    validate: bool = True,
    scenario: object = None,
    draws: int | None = None,
) -> BundleResult:
    """Write the open-data bundle into ``folder`` (created if needed).

    Parameters
    ----------
    folder
        Output folder; nothing is written outside it.
    formats
        Subset of :data:`FORMATS`. CSV files and ``datapackage.json`` are always written
        (the descriptor describes them).
    include_user
        Include the analysts' own indicators (off by default: they may not be public).
    db_path
        Database to export; the default build when ``None``.
    validate
        Validate ``datapackage.json`` with ``frictionless`` and raise when it is invalid.
    scenario
        Optional scenario (object, preset id or file): its ranking is added as
        ``clasificacion.csv`` (score, rank, uncertainty band, theme contributions, pilot)
        with the scenario itself as ``escenario.toml``, both named by the scenario hash.
    draws
        Monte-Carlo draws for the ranking's bands (the scenario's own when ``None``).

    Returns
    -------
    BundleResult
    """
    from analysis import store

    wanted = set(formats) | {"csv"}
    unknown = wanted - set(FORMATS)
    if unknown:
        raise RaicesError(
            f"formatos desconocidos: {', '.join(sorted(unknown))}", hint=", ".join(FORMATS)
        )
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    result = BundleResult(folder=root.resolve())
    catalog = store.load_catalog(db_path=db_path)
    if not include_user:
        catalog = catalog[catalog["origin"] != "user"]
    info = store.build_info(db_path=db_path)
    layers = {
        "municipio": _layer_table("municipio", db_path, include_user),
        "departamento": _layer_table("departamento", db_path, include_user),
    }
    names = {"municipio": "municipios", "departamento": "departamentos"}
    catalog_table = catalog.reset_index()
    sources = store.load_sources(db_path=db_path)
    quality = store.load_quality_issues(db_path=db_path)
    ranking_note = ""
    ranking = None
    if scenario is not None:
        ranking, resolved = _ranking_table(scenario, db_path, draws, include_user)
        ranking_note = f"Clasificación del escenario «{resolved.name}» (huella {resolved.hash()})"
        scenario_file = path_within(root, "escenario.toml")
        write_atomic(scenario_file, resolved.to_toml())
        result.files.append(scenario_file)
    tables = {
        "municipios": layers["municipio"],
        "departamentos": layers["departamento"],
        "catalogo_indicadores": catalog_table,
        "fuentes": sources,
        "valores_largos": _long_values(db_path),
        "calidad_datos": quality,
    }
    if ranking is not None:
        tables["clasificacion"] = ranking
    # consultation rounds: anonymised submissions of closed rounds and their dictionary
    from analysis.consultation.opendata import open_data_tables as consultation_tables

    tables.update(consultation_tables())
    # monitoring (5W): published actions and results measurements with HXL tags, dictionary
    from analysis.monitoring.opendata import open_data_tables as monitoring_tables

    tables.update(monitoring_tables(db_path=db_path))

    resources = []
    for name, frame in tables.items():
        target = path_within(root, f"{name}.csv")
        write_atomic(target, _csv_text(frame))
        result.files.append(target)
        resource: dict[str, object] = {
            "name": name.replace("_", "-"),
            "path": target.name,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": _schema_for(frame, catalog),
        }
        if name in ("municipios", "departamentos", "clasificacion"):
            resource["schema"]["primaryKey"] = ["code"]  # type: ignore[index]
        if name == "clasificacion":
            resource["description"] = ranking_note
        if name == "municipios":
            resource["schema"]["foreignKeys"] = [  # type: ignore[index]
                {
                    "fields": ["dept_code"],
                    "reference": {"resource": "departamentos", "fields": ["code"]},
                }
            ]
        resources.append(resource)

    if "hxl" in wanted:
        for level, frame in layers.items():
            target = path_within(root, f"{names[level]}_hxl.csv")
            write_atomic(target, _hxl_text(frame, level))
            result.files.append(target)
            # Same schema as the plain table; the HXL hashtag row is row 2 of the file.
            resources.append(
                {
                    "name": f"{names[level]}-hxl",
                    "path": target.name,
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "description": "Variante con etiquetas HXL en la fila 2 (Humanitarian Data Exchange).",
                    "dialect": {"commentRows": [2]},
                    "schema": _schema_for(frame, catalog),
                }
            )

    if "xlsx" in wanted:
        target = path_within(root, "raices_datos_abiertos.xlsx")
        readme = pd.DataFrame(
            {
                "Raíces — datos abiertos": [
                    f"Versión {__version__}; datos: {info.get('data_vintage', '')}",
                    f"Construido: {info.get('built_at', '')}",
                    "Hojas: municipios, departamentos, catalogo_indicadores, fuentes, calidad_datos.",
                    "Unidades, dirección y fuente de cada indicador: hoja catalogo_indicadores.",
                    "Cada fuente conserva su licencia: hoja fuentes.",
                ]
            }
        )
        write_atomic(target, xlsx_bytes({"LEEME": readme, **tables}))
        result.files.append(target)

    if wanted & {"geojson", "gpkg"}:
        geopackage = path_within(root, "raices.gpkg")
        if "gpkg" in wanted and geopackage.exists():
            geopackage.unlink()
        for level, frame in layers.items():
            boundaries = store.load_boundaries(level, db_path=db_path)[["geometry"]]
            layer = boundaries.join(frame.set_index("code"), how="inner").reset_index()
            layer = layer[[*frame.columns, "geometry"]]
            if len(layer) != len(frame):
                raise RaicesError(
                    f"{len(frame) - len(layer)} territorios sin geometría en la capa {names[level]}"
                )
            if "geojson" in wanted:
                target = path_within(root, f"{names[level]}.geojson")
                if target.exists():
                    target.unlink()
                layer.to_file(target, driver="GeoJSON")
                result.files.append(target)
            if "gpkg" in wanted:
                layer.to_file(geopackage, layer=names[level], driver="GPKG")
        if "gpkg" in wanted:
            result.files.append(geopackage)

    licences = sorted({str(x) for x in sources["licence"].dropna().unique()})
    descriptor = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Raíces: indicadores territoriales de las causas de la migración irregular en Guatemala",
        "description": (
            "Indicadores municipales y departamentales procesados por Raíces a partir de "
            "fuentes públicas (SEGEPLAN, INE, ACNUR A2SIT, MINEDUC, MINFIN, OCHA/CONRED). "
            "Claves: código INE (departamento × 100 + municipio) y P-code OCHA."
        ),
        "version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "keywords": ["Guatemala", "migración", "municipios", "indicadores", "HXL"],
        "licenses": [
            {
                "name": "MIT",
                "path": "https://opensource.org/licenses/MIT",
                "title": "Procesamiento de Raíces (MIT); cada fuente conserva su propia licencia "
                "(recurso «fuentes»): " + " | ".join(licences)[:900],
            }
        ],
        "sources": [
            {"title": f"{row['publisher']}: {row['title']}", "path": str(row["url"])}
            for _, row in sources.drop_duplicates("source_id").iterrows()
        ],
        "x_build": {k: str(v) for k, v in info.items() if k != "raw_folder"},
        "resources": resources,
    }
    descriptor_path = path_within(root, "datapackage.json")
    write_atomic(descriptor_path, json.dumps(descriptor, ensure_ascii=False, indent=2))
    result.files.append(descriptor_path)
    result.descriptor = descriptor_path

    readme_path = path_within(root, "LEEME.md")
    write_atomic(readme_path, _readme(result, info))
    result.files.append(readme_path)
    if validate:
        problems = validate_package(descriptor_path)
        if problems:
            raise RaicesError(
                "el paquete de datos no es válido: " + "; ".join(problems[:5]),
                file=descriptor_path,
            )
    return result


def _ranking_table(
    scenario: object, db_path: str | Path | None, draws: int | None, include_user: bool
) -> tuple[pd.DataFrame, Scenario]:
    from analysis.priority.run import IndexData, rank_territories
    from analysis.priority.scenario import Scenario, load_scenario

    if not isinstance(scenario, Scenario):
        scenario = load_scenario(str(scenario))
    data = IndexData.from_store(scenario.level, db_path=db_path)
    resolved = scenario.resolve(data.catalog)
    users = [i for i in resolved.indicators or {} if data.catalog.at[i, "origin"] == "user"]
    if users and not include_user:
        raise RaicesError(
            "el escenario usa indicadores propios: " + ", ".join(users),
            hint="añada --include-user para publicarlos o quítelos del escenario",
        )
    run = rank_territories(scenario, data, draws=draws)
    frame = run.table.reset_index()
    prefix = "GT{:04d}" if scenario.level == "municipio" else "GT{:02d}"
    frame.insert(1, "pcode", frame["code"].map(lambda c: prefix.format(int(c))))
    frame.insert(len(frame.columns), "scenario_hash", run.hash)
    for column in ("rank", "rank_median", "rank_p05", "rank_p95"):
        values = frame[column]
        if values.dropna().mod(1).eq(0).all():
            frame[column] = values.round().astype("Int64")
    return frame, resolved


def _long_values(db_path: str | Path | None) -> pd.DataFrame:
    """Published values in long form with their standard errors (one row per value)."""
    from analysis import store

    frame = store.query(
        "select level, code, indicator, year, value, se from indicator_values "
        "order by level desc, code, indicator",
        db_path,
    )
    # OCHA P-codes: GT (country), GT13 (departamento), GT1301 (municipio)
    widths = frame["level"].map({"municipio": 4, "departamento": 2, "nacional": 0})
    frame.insert(
        2,
        "pcode",
        [
            f"GT{int(c):0{int(w)}d}" if w else "GT"
            for c, w in zip(frame["code"], widths.fillna(4), strict=True)
        ],
    )
    frame["year"] = frame["year"].astype("Int64")
    return frame


def validate_package(descriptor: str | Path) -> list[str]:
    """Validate a ``datapackage.json`` with frictionless; return the problems (empty if valid)."""
    import frictionless

    report = frictionless.validate(str(descriptor))
    if report.valid:
        return []
    problems = [f"{e.type}: {e.note}" for e in report.errors]
    for task in report.tasks:
        problems.extend(f"{task.name}: {e.type}: {e.note}" for e in task.errors)
    return problems


def _readme(result: BundleResult, info: dict[str, str]) -> str:
    lines = [
        "# Raíces — paquete de datos abiertos",
        "",
        f"Versión {__version__} · datos: {info.get('data_vintage', '')} · "
        f"construido {info.get('built_at', '')}.",
        "",
        "Claves: `code` = código INE (departamento × 100 + municipio); `pcode` = P-code de "
        "OCHA (GT1301). Unidades, dirección y fuente de cada indicador: "
        "`catalogo_indicadores.csv` y `datapackage.json`. Cada fuente conserva su licencia "
        "(`fuentes.csv`). Los valores reparados o descartados están en `calidad_datos.csv`; "
        "`valores_largos.csv` da cada valor con su año y, donde la fuente lo publica, su "
        "error estándar.",
        "",
        "Los archivos `*_hxl.csv` llevan una segunda fila con etiquetas HXL para el "
        "Humanitarian Data Exchange. Las celdas de texto que empiezan por = + - @ llevan un "
        "apóstrofo delante para que ninguna hoja de cálculo las ejecute como fórmulas.",
        "",
        "## Archivos",
        "",
    ]
    lines += [f"- `{f.name}`" for f in result.files]
    return "\n".join(lines) + "\n"
