"""Open data of the monitoring records: the 5W table and the results measurements, with
HXL hashtags following OCHA's 3W conventions and a data dictionary.

Only **published** records enter, and no personal data: no contact details, no user
names (a measurement names the institution that reported it, not the person). The
frames come from :func:`analysis.monitoring.frames.load_frames` with the public
principal, which already applies both rules; the functions here only reshape them.

Files (see :func:`open_data_tables`):

``seguimiento_5w.csv``
    One row per (action, territory): who (lead and partner institutions, sector), what
    (title, theme, type), where (departamento and municipio with INE code and P-code),
    when (dates, status), for whom (people reached by sex, age group and pueblo) and the
    budget. An action's totals (budget, people) belong to the action and are *repeated* on
    each of its rows; ``places`` says how many rows it has, so sum over distinct
    ``action_id`` values.
``seguimiento_5w_hxl.csv``
    The same table with the HXL hashtag row under the header (HDX-ready).
``seguimiento_resultados.csv`` / ``seguimiento_resultados_hxl.csv``
    Results indicators (baseline, target, unit, territory) and each published measurement.
``seguimiento_diccionario.csv``
    Every column of the files above: file, column, HXL hashtag, type, description.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.files import write_atomic
from analysis.monitoring.frames import MonitoringRecords, load_public_frames, people_per_action

REACHED_HXL: dict[tuple[str, str], str] = {
    ("sexo", "mujer"): "#reached+f",
    ("sexo", "hombre"): "#reached+m",
    ("edad", "ninez"): "#reached+children",
    ("edad", "adolescencia"): "#reached+adolescents",
    ("edad", "juventud"): "#reached+youth",
    ("edad", "adultez"): "#reached+adults",
    ("pueblo", "maya"): "#reached+maya",
    ("pueblo", "garifuna"): "#reached+garifuna",
    ("pueblo", "xinka"): "#reached+xinka",
    ("pueblo", "ladino"): "#reached+ladino",
    ("pueblo", "otro"): "#reached+other_people",
}
"""HXL hashtag of each disaggregation of people reached (3W: ``#reached`` with sex and age
attributes ``+f``, ``+m``, ``+children``, ``+adolescents``, ``+adults``)."""

REACHED_TITLES: dict[str, str] = {"sexo": "sexo", "edad": "grupo de edad", "pueblo": "pueblo"}

FIVE_W_COLUMNS: list[tuple[str, str, str, str]] = [
    # column, HXL hashtag, frictionless type, description (Spanish)
    ("action_id", "#activity+id", "integer", "Identificador de la acción en el almacén de seguimiento"),
    ("title", "#activity+name", "string", "Título de la acción"),
    ("institution", "#org+name+lead", "string", "Institución líder (quién)"),
    ("institution_acronym", "#org+acronym+lead", "string", "Siglas de la institución líder"),
    ("institution_sector", "#org+type", "string", "Sector de la institución líder (Estado, sociedad civil, …)"),
    ("partners", "#org+name+partner", "string", "Instituciones socias, separadas por «; » (coordinación interinstitucional)"),
    ("theme", "#sector", "string", "Causa (tema del índice) o comisión de la MMM que atiende (qué)"),
    ("action_type", "#activity+type", "string", "Tipo de acción (información, prevención, atención, protección, comunicación, …)"),
    ("status", "#status", "string", "Estado: planificada, en_curso, completada, cancelada"),
    ("start_date", "#date+start", "string", "Fecha de inicio (AAAA-MM-DD)"),
    ("end_date", "#date+end", "string", "Fecha de fin (AAAA-MM-DD)"),
    ("level", "#meta+level", "string", "Nivel del lugar: municipio o departamento (acción departamental)"),
    ("adm1_code", "#adm1+code", "string", "P-code OCHA del departamento (GT13)"),
    ("adm1_ine", "#adm1+code+ine", "integer", "Código INE del departamento"),
    ("adm1_name", "#adm1+name", "string", "Departamento"),
    ("adm2_code", "#adm2+code", "string", "P-code OCHA del municipio (GT1301); vacío en acciones departamentales"),
    ("adm2_ine", "#adm2+code+ine", "integer", "Código INE del municipio (departamento × 100 + municipio)"),
    ("adm2_name", "#adm2+name", "string", "Municipio"),
    ("places", "#meta+places", "integer", "Número de lugares (filas) de la acción: los totales se repiten en cada fila"),
    ("reached_total", "#reached+total", "integer", "Personas alcanzadas por la acción (total de la acción, no del lugar)"),
    ("returnees_included", "#meta+returnees", "boolean", "La acción incluye personas retornadas"),
    ("budget_planned", "#value+budget+planned+gtq", "number", "Presupuesto planificado de la acción, quetzales"),
    ("budget_executed", "#value+budget+executed+gtq", "number", "Presupuesto ejecutado de la acción, quetzales"),
    ("funding_source", "#org+funder", "string", "Fuente de financiamiento"),
    ("in_pilot", "#meta+pilot", "boolean", "La acción es parte del plan piloto"),
    ("scenario_hash", "#meta+scenario", "string", "Huella del escenario de priorización del plan piloto"),
]  # fmt: skip

RESULTS_COLUMNS: list[tuple[str, str, str, str]] = [
    ("indicator_id", "#indicator+id", "integer", "Identificador del indicador de resultados"),
    ("indicator", "#indicator+name", "string", "Nombre del indicador"),
    ("kind", "#indicator+type", "string", "Tipo: producto o efecto"),
    ("unit", "#indicator+unit", "string", "Unidad de medida"),
    ("baseline", "#indicator+baseline+num", "number", "Línea de base"),
    ("target", "#indicator+target+num", "number", "Meta"),
    ("level", "#meta+level", "string", "Nivel del territorio del indicador (vacío = nacional o sin territorio)"),
    ("territory_pcode", "#adm2+code", "string", "P-code OCHA del territorio (GT13 o GT1301)"),
    ("territory", "#adm2+name", "string", "Territorio"),
    ("measured_on", "#date+reported", "string", "Fecha de la medición (AAAA-MM-DD)"),
    ("value", "#indicator+value+num", "number", "Valor medido"),
    ("reported_by", "#org+name+reporting", "string", "Institución que reportó la medición"),
]  # fmt: skip


def _pcode(level: str, code: Any) -> str | None:
    if code is None or pd.isna(code):
        return None
    return f"GT{int(code):04d}" if level == "municipio" else f"GT{int(code):02d}"


def _reached_columns(reached: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    """Columns for each (dimension, group) present, in :data:`REACHED_HXL` order first."""
    present = list(dict.fromkeys(zip(reached["dimension"], reached["group"], strict=True)))
    ordered = [key for key in REACHED_HXL if key in present]
    ordered += sorted(key for key in present if key not in REACHED_HXL)
    return [
        (
            f"reached_{dimension}_{group}",
            REACHED_HXL.get((dimension, group), f"#reached+{dimension}_{group}"),
            "integer",
            f"Personas alcanzadas, {REACHED_TITLES.get(dimension, dimension)}: {group}",
        )
        for dimension, group in ordered
    ]


def five_w_table(
    records: MonitoringRecords,
    *,
    territories: Mapping[str, pd.DataFrame] | None = None,
    hxl: bool = False,
) -> pd.DataFrame:
    """The 5W table: one row per (action, territory) of the actions in ``records``.

    Parameters
    ----------
    records
        Frames from :func:`analysis.monitoring.frames.load_frames` (pass the public
        principal's: published records, no contacts).
    territories
        ``{"municipio": frame, "departamento": frame}`` indexed by INE code with ``name``
        (names are left empty when ``None``).
    hxl
        Put the HXL hashtag row under the header (every column becomes text).

    Returns
    -------
    DataFrame
        The columns of :data:`FIVE_W_COLUMNS` plus one ``reached_<dimension>_<group>``
        column per disaggregation present.
    """
    actions = records.actions
    places = records.places
    institutions = records.institutions.set_index("institution_id")
    reached = records.reached
    extra = _reached_columns(reached)
    columns = [c[0] for c in FIVE_W_COLUMNS] + [c[0] for c in extra]
    names = {level: (territories or {}).get(level) for level in ("municipio", "departamento")}

    def name_of(level: str, code: Any) -> str | None:
        frame = names.get(level)
        if frame is None or code is None or pd.isna(code) or int(code) not in frame.index:
            return None
        return str(frame.at[int(code), "name"])

    partners = records.partners.join(
        institutions["name"].rename("partner_name"), on="institution_id"
    )
    partner_names = partners.groupby("action_id")["partner_name"].agg(
        lambda s: "; ".join(sorted(str(x) for x in s.dropna()))
    )
    totals = people_per_action(reached, actions.get("people_reached"))
    by_group = (
        reached.assign(
            column="reached_" + reached["dimension"] + "_" + reached["group"]
        ).pivot_table(index="action_id", columns="column", values="people", aggfunc="sum")
        if len(reached)
        else pd.DataFrame()
    )
    counts = places.groupby("action_id").size()
    rows = []
    for action_id, action in actions.iterrows():
        lead = (
            institutions.loc[action["institution_id"]]
            if action["institution_id"] in institutions.index
            else None
        )
        base = {
            "action_id": int(action_id),
            "title": action.get("title"),
            "institution": None if lead is None else lead["name"],
            "institution_acronym": None if lead is None else lead.get("acronym"),
            "institution_sector": None if lead is None else lead.get("sector"),
            "partners": partner_names.get(action_id) or None,
            "theme": action.get("theme"),
            "action_type": action.get("action_type"),
            "status": action.get("status"),
            "start_date": _iso(action.get("start_date")),
            "end_date": _iso(action.get("end_date")),
            "places": int(counts.get(action_id, 0)),
            "reached_total": totals.get(action_id),
            "returnees_included": action.get("returnees_included"),
            "budget_planned": action.get("budget_planned"),
            "budget_executed": action.get("budget_executed"),
            "funding_source": action.get("funding_source"),
            "in_pilot": bool(action.get("in_pilot"))
            if action.get("in_pilot") is not None
            else None,
            "scenario_hash": action.get("scenario_hash"),
        }
        for column, _tag, _kind, _text in extra:
            value = (
                by_group.at[action_id, column]
                if (action_id in by_group.index and column in by_group.columns)
                else None
            )
            base[column] = None if value is None or pd.isna(value) else int(value)
        here = places[places["action_id"] == action_id]
        if here.empty:
            rows.append({**base, "level": None})
            continue
        for place in here.itertuples():
            code = int(place.code)
            dept = code // 100 if place.level == "municipio" else code
            rows.append(
                {
                    **base,
                    "level": place.level,
                    "adm1_code": _pcode("departamento", dept),
                    "adm1_ine": dept,
                    "adm1_name": name_of("departamento", dept),
                    "adm2_code": _pcode("municipio", code) if place.level == "municipio" else None,
                    "adm2_ine": code if place.level == "municipio" else None,
                    "adm2_name": name_of("municipio", code) if place.level == "municipio" else None,
                }
            )
    table = pd.DataFrame(rows, columns=columns)
    table = _typed(table, FIVE_W_COLUMNS + extra)
    table = table.sort_values(["action_id", "adm1_ine", "adm2_ine"], na_position="first")
    table = table.reset_index(drop=True)
    return _with_hxl(table, FIVE_W_COLUMNS + extra) if hxl else table


def results_table(
    records: MonitoringRecords,
    *,
    territories: Mapping[str, pd.DataFrame] | None = None,
    hxl: bool = False,
) -> pd.DataFrame:
    """Results indicators with each published measurement (one row per measurement; an
    indicator without measurements has one row with an empty value)."""
    indicators = records.indicators
    measurements = records.measurements
    institutions = records.institutions.set_index("institution_id")["name"]
    rows = []
    for indicator in indicators.itertuples():
        level = getattr(indicator, "level", None)
        code = getattr(indicator, "code", None)
        frame = (territories or {}).get(level) if isinstance(level, str) else None
        territory = (
            str(frame.at[int(code), "name"])
            if frame is not None
            and code is not None
            and not pd.isna(code)
            and int(code) in frame.index
            else None
        )
        base = {
            "indicator_id": int(indicator.indicator_id),
            "indicator": indicator.name,
            "kind": getattr(indicator, "kind", None),
            "unit": getattr(indicator, "unit", None),
            "baseline": getattr(indicator, "baseline", None),
            "target": getattr(indicator, "target", None),
            "level": level if isinstance(level, str) else None,
            "territory_pcode": _pcode(level, code) if isinstance(level, str) else None,
            "territory": territory,
        }
        mine = measurements[measurements["indicator_id"] == indicator.indicator_id]
        if mine.empty:
            rows.append({**base, "measured_on": None, "value": None, "reported_by": None})
        for measurement in mine.sort_values("measured_on").itertuples():
            reporter = getattr(measurement, "institution_id", None)
            rows.append(
                {
                    **base,
                    "measured_on": _iso(measurement.measured_on),
                    "value": measurement.value,
                    "reported_by": institutions.get(reporter) if reporter is not None else None,
                }
            )
    table = pd.DataFrame(rows, columns=[c[0] for c in RESULTS_COLUMNS])
    table = _typed(table, RESULTS_COLUMNS)
    return _with_hxl(table, RESULTS_COLUMNS) if hxl else table


def data_dictionary(records: MonitoringRecords | None = None) -> pd.DataFrame:
    """Every column of the monitoring files: file, column, HXL hashtag, type, description.

    Examples
    --------
    >>> table = data_dictionary()
    >>> table.loc[table["column"] == "adm2_code", "hxl"].tolist()
    ['#adm2+code']
    """
    extra = _reached_columns(records.reached) if records is not None else []
    rows = [
        {"file": "seguimiento_5w.csv", "column": c, "hxl": h, "type": k, "description": d}
        for c, h, k, d in FIVE_W_COLUMNS + extra
    ]
    rows += [
        {"file": "seguimiento_resultados.csv", "column": c, "hxl": h, "type": k, "description": d}
        for c, h, k, d in RESULTS_COLUMNS
    ]
    return pd.DataFrame(rows, columns=["file", "column", "hxl", "type", "description"])


def open_data_tables(
    records: MonitoringRecords | None = None,
    *,
    url: str | None = None,
    db_path: str | Path | None = None,
) -> dict[str, pd.DataFrame]:
    """The monitoring tables of the open-data bundle: ``{file stem: frame}``.

    Parameters
    ----------
    records
        Public frames; read from the store at ``url`` when ``None``. A store that does not
        exist yet gives empty tables (the bundle never creates a store).
    url
        Store URL (``RAICES_SEGUIMIENTO_URL`` or the embedded default when ``None``).
    db_path
        Analytical build giving the territory names (the default build when ``None``;
        names are left empty when it cannot be read).
    """
    if records is None:
        records = load_public_frames(url)
    territories = _territories(db_path)
    return {
        "seguimiento_5w": five_w_table(records, territories=territories),
        "seguimiento_5w_hxl": five_w_table(records, territories=territories, hxl=True),
        "seguimiento_resultados": results_table(records, territories=territories),
        "seguimiento_resultados_hxl": results_table(records, territories=territories, hxl=True),
        "seguimiento_diccionario": data_dictionary(records),
    }


def write_open_data(
    folder: str | Path,
    records: MonitoringRecords | None = None,
    *,
    url: str | None = None,
    db_path: str | Path | None = None,
) -> list[Path]:
    """Write the monitoring open data into ``folder``: each table as CSV and all of them
    in ``seguimiento_5w.xlsx`` (one sheet each). Returns the paths written."""
    from analysis.export.safety import path_within, write_csv, xlsx_bytes

    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    tables = open_data_tables(records, url=url, db_path=db_path)
    written = []
    for name, frame in tables.items():
        written.append(write_csv(frame, path_within(root, f"{name}.csv"), lineterminator="\n"))
    sheets = {
        "5W_HXL": tables["seguimiento_5w_hxl"],
        "resultados_HXL": tables["seguimiento_resultados_hxl"],
        "diccionario": tables["seguimiento_diccionario"],
    }
    workbook = path_within(root, "seguimiento_5w.xlsx")
    write_atomic(workbook, xlsx_bytes(sheets))
    written.append(workbook)
    return written


# --------------------------------------------------------------------------- helpers
def _iso(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)[:10]


def _typed(table: pd.DataFrame, spec: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    for column, _tag, kind, _text in spec:
        if column not in table:
            continue
        if kind == "integer":
            table[column] = pd.to_numeric(table[column], errors="coerce").round().astype("Int64")
        elif kind == "number":
            table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
        elif kind == "boolean":
            table[column] = table[column].astype("boolean")
        else:
            table[column] = table[column].astype("object").where(table[column].notna(), None)
    return table


def _with_hxl(table: pd.DataFrame, spec: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    tags = {column: tag for column, tag, _kind, _text in spec}
    header = pd.DataFrame([[tags.get(c, "") for c in table.columns]], columns=table.columns)
    body = table.astype(object).where(table.notna(), None)
    return pd.concat([header, body], ignore_index=True)


def _territories(db_path: str | Path | None) -> dict[str, pd.DataFrame] | None:
    from analysis import store
    from analysis.errors import RaicesError

    try:
        return {
            level: store.load_territories(level, db_path=db_path)[["name"]]
            for level in ("municipio", "departamento")
        }
    except (RaicesError, OSError):
        return None


def bulletin_attachment(
    folder: str | Path, *, url: str | None = None, db_path: str | Path | None = None
) -> tuple[str, list[Path]]:
    """The monitoring open data written next to a bulletin, and the sentence that says so.

    Returns
    -------
    tuple
        A Spanish sentence for the bulletin (counts of published actions and municipios,
        and where the files are) and the files written into ``folder``.
    """
    records = load_public_frames(url)
    files = write_open_data(folder, records, db_path=db_path)
    actions = records.actions
    municipios = records.places.loc[records.places["level"] == "municipio", "code"].nunique()
    if actions.empty:
        sentence = (
            "Seguimiento de la MMM: todavía no hay acciones publicadas; la tabla 5W vacía "
            f"(con etiquetas HXL) está en «{Path(folder).name}»."
        )
    else:
        sentence = (
            f"Seguimiento de la MMM: {len(actions)} acciones publicadas en {municipios} "
            f"municipios; la tabla 5W (CSV y XLSX con etiquetas HXL), las mediciones de "
            f"resultados y su diccionario están en «{Path(folder).name}»."
        )
    return sentence, files
