"""The periodic bulletin: a dated Spanish summary of the current state, as PDF and HTML.

Each bulletin holds the key national indicators, the adopted scenario's ranking (top
positions with their uncertainty band) and pilot set, and *what changed since the previous
bulletin and why*. To tell what changed, every bulletin saves a JSON snapshot
(``boletin_<fecha>.json``) next to its PDF and HTML; the next bulletin compares itself
with the latest earlier snapshot and attributes each change to its cause: a different
scenario (weights, indicators or methods: the scenario hash changed), new data (the build
or the data vintage changed), or analysts' own indicators added or removed.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import __version__, plotting
from analysis.errors import RaicesError
from analysis.files import write_atomic
from analysis.report.common import ReportPDF, format_value
from analysis.report.context import ReportData, pilot_codes, prepare

KEY_INDICATORS = (
    "poblacion",
    "pobreza",
    "severidad_pobreza",
    "emigracion_hogar",
    "tasa_deportados",
    "inseguridad_alimentaria",
    "tasa_delitos",
    "agua_entubada",
)
"""National indicators shown at the top of every bulletin (when present in the build)."""

NATIONAL_NOTE = (
    "Valor nacional: la estimación nacional publicada por la fuente cuando existe (pobreza 2023 "
    "de la ENCOVI 2023, pobreza 2014 de los microdatos de la ENCOVI); si no, la media municipal "
    "ponderada por población u hogares (suma para conteos)."
)
TOP_ROWS = 20
"""Positions of the ranking printed in the bulletin."""
RANK_MOVE = 10
"""A change of at least this many positions is reported as a notable move."""

MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
SNAPSHOT_PATTERN = re.compile(r"^boletin_(\d{4}-\d{2}-\d{2})\.json$")


def spanish_date(day: date) -> str:
    """Date written in Spanish.

    Examples
    --------
    >>> spanish_date(date(2026, 11, 29))
    '29 de noviembre de 2026'
    """
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


@dataclass
class BulletinResult:
    """Files written by :func:`write_bulletin` and the list of changes reported."""

    pdf: Path
    html: Path
    snapshot: Path
    previous: Path | None
    changes: list[str] = field(default_factory=list)
    attachments: list[Path] = field(default_factory=list)


def take_snapshot(data: ReportData, day: date) -> dict[str, Any]:
    """The state a later bulletin compares itself with (JSON-serialisable)."""
    codes, how = pilot_codes(data)
    ranking = data.ranking
    key = {
        name: (None if pd.isna(data.national.get(name)) else float(data.national[name]))
        for name in KEY_INDICATORS
        if name in data.national.index
    }
    user = sorted(data.catalog.index[data.catalog["origin"] == "user"])
    return {
        "date": day.isoformat(),
        "raices_version": __version__,
        "scenario_name": data.scenario_name,
        "scenario_hash": data.scenario_hash,
        "scenario_indicators": sorted(data.indicators),
        "data_vintage": data.info.get("data_vintage", ""),
        "built_at": data.info.get("built_at", ""),
        "user_indicators": user,
        "key_indicators": key,
        "k": data.run.k,
        "pilot": codes,
        "pilot_rule": how,
        "ranking": {
            str(int(code)): {
                "rank": None if pd.isna(row["rank"]) else int(row["rank"]),
                "score": None if pd.isna(row["score"]) else round(float(row["score"]), 4),
                "name": str(row["name"]),
            }
            for code, row in ranking.iterrows()
        },
    }


def _names(snapshot: dict[str, Any], codes: Sequence[str | int]) -> str:
    ranking = snapshot["ranking"]
    return ", ".join(str(ranking.get(str(c), {}).get("name", c)) for c in codes)


def compare_snapshots(
    previous: dict[str, Any] | None,
    current: dict[str, Any],
    *,
    catalog: pd.DataFrame | None = None,
) -> list[str]:
    """What changed between two bulletins, and why, in Spanish sentences.

    Parameters
    ----------
    previous
        Snapshot of the previous bulletin, or ``None`` for the first one.
    current
        Snapshot of this bulletin.
    catalog
        Catalogue used to name and format indicators (ids are shown otherwise).

    Returns
    -------
    list of str
        Causes first (scenario, data, user indicators), then their effects (key
        indicators, pilot set, top positions, notable moves).

    Examples
    --------
    >>> base = {"scenario_hash": "a", "scenario_name": "A", "scenario_indicators": ["x"],
    ...         "data_vintage": "v1", "built_at": "t1", "user_indicators": [],
    ...         "key_indicators": {}, "pilot": [101], "k": 1,
    ...         "ranking": {"101": {"rank": 1, "name": "Guatemala"},
    ...                     "102": {"rank": 2, "name": "Santa Catarina Pinula"}}}
    >>> compare_snapshots(base, dict(base))
    ['Sin cambios desde el boletín anterior: mismos datos y mismo escenario.']
    >>> changed = dict(base, scenario_hash="b", scenario_name="B", pilot=[102])
    >>> compare_snapshots(base, changed)[0].startswith("Cambió el escenario adoptado")
    True
    """
    if previous is None:
        return ["Primer boletín: no hay un boletín anterior con el que comparar."]
    changes: list[str] = []
    causes: list[str] = []
    if previous.get("scenario_hash") != current.get("scenario_hash"):
        causes.append("escenario")
        text = (
            f"Cambió el escenario adoptado: «{previous.get('scenario_name')}» "
            f"({previous.get('scenario_hash')}) → «{current.get('scenario_name')}» "
            f"({current.get('scenario_hash')})."
        )
        before = set(previous.get("scenario_indicators", []))
        after = set(current.get("scenario_indicators", []))
        if after - before:
            text += " Indicadores añadidos: " + ", ".join(sorted(after - before)) + "."
        if before - after:
            text += " Indicadores retirados: " + ", ".join(sorted(before - after)) + "."
        if before == after:
            text += " Mismos indicadores: cambiaron los pesos o los métodos."
        changes.append(text)
    if previous.get("data_vintage") != current.get("data_vintage"):
        causes.append("datos")
        changes.append(
            f"Nuevos datos: «{previous.get('data_vintage')}» → «{current.get('data_vintage')}»."
        )
    elif previous.get("built_at") != current.get("built_at"):
        causes.append("datos")
        changes.append(
            f"La base se reconstruyó ({previous.get('built_at')} → {current.get('built_at')}) "
            "con la misma cosecha de datos."
        )
    user_before = set(previous.get("user_indicators", []))
    user_after = set(current.get("user_indicators", []))
    if user_after != user_before:
        causes.append("indicadores propios")
        if user_after - user_before:
            changes.append(
                "Indicadores propios añadidos: " + ", ".join(sorted(user_after - user_before)) + "."
            )
        if user_before - user_after:
            changes.append(
                "Indicadores propios retirados: "
                + ", ".join(sorted(user_before - user_after))
                + "."
            )
    why = (
        " (por el cambio de " + " y de ".join(causes) + ")"
        if causes
        else " (sin cambio de escenario ni de datos: revise la configuración)"
    )

    key_before = previous.get("key_indicators", {}) or {}
    key_after = current.get("key_indicators", {}) or {}
    for name, value in key_after.items():
        old = key_before.get(name)
        if (
            old is None
            or value is None
            or abs(float(old) - float(value)) <= 1e-9 * max(1, abs(value))
        ):
            continue
        label, unit = name, ""
        if catalog is not None and name in catalog.index:
            label, unit = str(catalog.at[name, "label_es"]), str(catalog.at[name, "unit_es"])
        changes.append(
            f"{label} (nacional): {format_value(old, unit)} → {format_value(value, unit)}{why}."
        )

    pilot_before = [int(c) for c in previous.get("pilot", [])]
    pilot_after = [int(c) for c in current.get("pilot", [])]
    entered = [c for c in pilot_after if c not in pilot_before]
    left = [c for c in pilot_before if c not in pilot_after]
    if entered:
        changes.append(f"Entran al conjunto piloto: {_names(current, entered)}{why}.")
    if left:
        changes.append(f"Salen del conjunto piloto: {_names(previous, left)}{why}.")

    ranking_before = previous.get("ranking", {}) or {}
    ranking_after = current.get("ranking", {}) or {}
    moves = []
    for code, row in ranking_after.items():
        old = ranking_before.get(code)
        if not old or old.get("rank") is None or row.get("rank") is None:
            continue
        delta = int(old["rank"]) - int(row["rank"])
        if abs(delta) >= RANK_MOVE:
            moves.append((abs(delta), delta, code, row, old))
    moves.sort(key=lambda m: (-m[0], m[2]))
    if moves:
        parts = [
            f"{m[3]['name']} ({m[4]['rank']} → {m[3]['rank']}, "
            f"{'sube' if m[1] > 0 else 'baja'} {m[0]})"
            for m in moves[:10]
        ]
        more = f" y {len(moves) - 10} más" if len(moves) > 10 else ""
        changes.append(
            f"Movimientos de {RANK_MOVE} puestos o más: " + "; ".join(parts) + more + why + "."
        )
    if not changes:
        changes.append("Sin cambios desde el boletín anterior: mismos datos y mismo escenario.")
    return changes


def find_previous(folder: Path, day: date) -> Path | None:
    """Latest ``boletin_<fecha>.json`` in ``folder`` dated strictly before ``day``."""
    if not folder.is_dir():
        return None
    earlier = []
    for path in folder.iterdir():
        found = SNAPSHOT_PATTERN.match(path.name)
        if found and found.group(1) < day.isoformat():
            earlier.append((found.group(1), path))
    return max(earlier)[1] if earlier else None


def _load_snapshot(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise RaicesError(f"no se pudo leer el boletín anterior: {error}", file=path) from None
    if not isinstance(data, dict) or "ranking" not in data:
        raise RaicesError("no es una instantánea de boletín de Raíces", file=path)
    return data


def _key_rows(data: ReportData) -> list[list[str]]:
    rows = []
    for name in KEY_INDICATORS:
        if name not in data.catalog.index or name not in data.national.index:
            continue
        entry = data.catalog.loc[name]
        rows.append(
            [
                str(entry["label_es"]),
                format_value(data.national[name], str(entry["unit_es"])),
                str(entry["unit_es"]),
                str(entry["year"]),
            ]
        )
    return rows


def _returnees(db_path: str | Path | None) -> str:
    from analysis import store

    try:
        reports = store.load_returnee_reports(db_path=db_path)
    except RaicesError:
        return ""
    if reports.empty:
        return ""
    last = reports.sort_values("year").iloc[-1]
    return (
        f"Personas retornadas a Guatemala en {int(last['year'])} ({last['period']}): "
        f"{format_value(float(last['total']), 'personas')}, según {last['reported_by']}."
    )


def _top_rows(data: ReportData) -> list[list[str]]:
    ranked = data.ranking.dropna(subset=["rank"]).sort_values("rank").head(TOP_ROWS)
    pilot = set(pilot_codes(data)[0])
    rows = []
    for code, row in ranked.iterrows():
        band = (
            f"{int(row['rank_p05'])}–{int(row['rank_p95'])}"
            if pd.notna(row.get("rank_p05"))
            else "—"
        )
        rows.append(
            [
                str(int(row["rank"])),
                str(row["name"]),
                str(row["dept_name"]),
                format_value(row["score"]),
                band,
                "sí" if int(code) in pilot else "",
            ]
        )
    return rows


def _map_png(data: ReportData) -> bytes:
    frame = data.boundaries.copy()
    frame["score"] = data.ranking["score"].reindex(frame.index)
    figure = plotting.choropleth(
        frame,
        "score",
        title=f"Puntaje del índice — escenario «{data.scenario_name}»",
        legend_title="Puntaje (0–100)",
        highlight=pilot_codes(data)[0],
        highlight_label="conjunto piloto",
        overlay=data.dept_boundaries,
        figsize=(7.0, 5.4),
        dpi=150,
    )
    return plotting.to_png_bytes(figure)


def _pilot_sentence(data: ReportData) -> str:
    """How the pilot set was chosen and its members, «Municipio (Departamento)»."""
    codes, how = pilot_codes(data)
    names = ", ".join(
        f"{data.ranking.at[c, 'name']} ({data.ranking.at[c, 'dept_name']})" for c in codes
    )
    return f"{how.capitalize()}: {names}."


def _html(
    data: ReportData,
    day: date,
    changes: list[str],
    returnees: str,
    map_png: bytes,
    previous: Path | None,
    monitoring: str = "",
) -> str:
    def esc(value: object) -> str:
        return html.escape(str(value), quote=True)

    def table(header: list[str], rows: list[list[str]]) -> str:
        head = "".join(f"<th>{esc(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    image = base64.b64encode(map_png).decode("ascii")
    since = f" (comparado con {esc(previous.name)})" if previous else ""
    return f"""<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Boletín Raíces — {esc(spanish_date(day))}</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; max-width: 52rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; line-height: 1.45; }}
h1 {{ font-size: 1.6rem; margin-bottom: .2rem; }} h2 {{ font-size: 1.15rem; margin-top: 1.8rem; }}
table {{ border-collapse: collapse; width: 100%; font-size: .85rem; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .25rem .4rem; text-align: left; }}
th {{ background: #eee; }} td:nth-child(2) {{ white-space: nowrap; }} .stamp {{ color: #666; font-size: .75rem; margin-top: 2rem; }}
img {{ max-width: 100%; }}
</style></head><body>
<h1>Boletín de Raíces</h1>
<p><strong>{esc(spanish_date(day))}</strong> · escenario adoptado «{esc(data.scenario_name)}»
(huella {esc(data.scenario_hash)})</p>
<h2>Qué cambió desde el boletín anterior{since}</h2>
<ul>{"".join(f"<li>{esc(c)}</li>" for c in changes)}</ul>
<h2>Indicadores clave (nacional)</h2>
{table(["Indicador", "Valor", "Unidad", "Año"], _key_rows(data))}
<p><em>{esc(NATIONAL_NOTE)}</em></p>
<p>{esc(returnees)}</p>
<p>{esc(monitoring)}</p>
<h2>Clasificación del escenario adoptado</h2>
<img alt="Mapa del puntaje del índice por municipio" src="data:image/png;base64,{image}">
{table(["Puesto", "Municipio", "Departamento", "Puntaje", "Banda 90 %", "Piloto"], _top_rows(data))}
<h2>Conjunto piloto</h2>
<p>{esc(_pilot_sentence(data))}</p>
<p class="stamp">{esc(data.footer)} · datos construidos el {esc(data.info.get("built_at", ""))}</p>
</body></html>
"""


def _pdf(
    data: ReportData,
    day: date,
    changes: list[str],
    returnees: str,
    map_png: bytes,
    previous: Path | None,
    monitoring: str = "",
) -> bytes:
    pdf = ReportPDF(title=f"Boletín de Raíces — {spanish_date(day)}", footer=data.footer)
    pdf.add_page()
    pdf.heading("Boletín de Raíces", size=16)
    pdf.paragraph(
        f"{spanish_date(day)} · escenario adoptado «{data.scenario_name}» "
        f"(huella {data.scenario_hash})",
        size=9,
        style="B",
    )
    since = f" (comparado con {previous.name})" if previous else ""
    pdf.heading("Qué cambió desde el boletín anterior" + since, size=11)
    pdf.bullet_list(changes, size=8.5)
    pdf.heading("Indicadores clave (nacional)", size=11)
    pdf.data_table(
        ["Indicador", "Valor", "Unidad", "Año"],
        _key_rows(data),
        [62, 24, 56, 36],
        size=7.5,
        align=["LEFT", "RIGHT", "LEFT", "LEFT"],
    )
    pdf.paragraph(NATIONAL_NOTE, size=7.5, style="I")
    if returnees:
        pdf.paragraph(returnees, size=8.5)
    if monitoring:
        pdf.paragraph(monitoring, size=8.5)
    pdf.add_page()
    pdf.heading("Clasificación del escenario adoptado", size=11)
    pdf.image_bytes(map_png, width=150)
    pdf.data_table(
        ["Puesto", "Municipio", "Departamento", "Puntaje", "Banda 90 %", "Piloto"],
        _top_rows(data),
        [16, 52, 40, 22, 28, 20],
        size=7.5,
        align=["RIGHT", "LEFT", "LEFT", "RIGHT", "CENTER", "CENTER"],
    )
    pdf.heading("Conjunto piloto", size=11)
    pdf.paragraph(_pilot_sentence(data), size=8.5)
    return bytes(pdf.output())


def write_bulletin(
    folder: str | Path,
    *,
    scenario: object = None,
    previous: str | Path | None = None,
    day: date | None = None,
    data: ReportData | None = None,
    db_path: str | Path | None = None,
    draws: int = 300,
) -> BulletinResult:
    """Write ``boletin_<fecha>.pdf``, ``.html`` and ``.json`` into ``folder``.

    Parameters
    ----------
    folder
        Folder of the bulletins (the previous snapshot is looked for here).
    scenario
        Adopted scenario (object, preset id or file); the default preset when ``None``.
    previous
        Snapshot JSON to compare with; the latest earlier one in ``folder`` when ``None``.
    day
        Date of the bulletin (today by default).
    data, db_path, draws
        See :func:`analysis.report.context.prepare`.

    Returns
    -------
    BulletinResult
    """
    day = day or date.today()
    root = Path(folder)
    if data is None:
        data = prepare(scenario, db_path=db_path, draws=draws)
    previous_path = Path(previous) if previous else find_previous(root, day)
    before = _load_snapshot(previous_path) if previous_path else None
    current = take_snapshot(data, day)
    changes = compare_snapshots(before, current, catalog=data.catalog)
    current["changes"] = changes
    current["compared_with"] = previous_path.name if previous_path else None
    returnees = _returnees(db_path)
    map_png = _map_png(data)
    stem = f"boletin_{day.isoformat()}"
    # the MMM's monitoring open data (published 5W actions, results) travels with the bulletin
    from analysis.monitoring.opendata import bulletin_attachment

    monitoring, attachments = bulletin_attachment(root / f"{stem}_seguimiento", db_path=db_path)
    pdf_path, html_path, json_path = (root / f"{stem}.{s}" for s in ("pdf", "html", "json"))
    write_atomic(pdf_path, _pdf(data, day, changes, returnees, map_png, previous_path, monitoring))
    write_atomic(
        html_path, _html(data, day, changes, returnees, map_png, previous_path, monitoring)
    )
    write_atomic(json_path, json.dumps(current, ensure_ascii=False, indent=1))
    return BulletinResult(
        pdf=pdf_path, html=html_path, snapshot=json_path, previous=previous_path, changes=changes,
        attachments=attachments,
    )  # fmt: skip
