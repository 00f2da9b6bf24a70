"""Benchmark: `fetch` + `build` from a clean data folder, and the size of the boundary layers.

Targets (issue 2): fetch + build under 30 s on the 2-core machine; municipal boundaries
sent to the browser ≤ 1.5 MB. Run: ``.venv/bin/python benchmarks/bench_build.py``.
Results are printed and written to ``benchmarks/results/build.txt``.
"""

from __future__ import annotations

import platform
import resource
import tempfile
import time
from pathlib import Path

import geopandas as gpd

from analysis import paths
from analysis.pipeline.build import build
from analysis.sources.fetch import fetch

RESULTS = Path(__file__).parent / "results" / "build.txt"


def main() -> None:
    mirror = paths.default_mirror()
    lines = [f"machine: {platform.machine()}, {platform.python_version()}"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        fetch(mirror=mirror, raw=root / "raw", download=mirror is None)
        fetched = time.perf_counter()
        report = build(raw=root / "raw", out=root / "processed")
        built = time.perf_counter()
        lines.append(f"fetch (from mirror): {fetched - started:6.2f} s")
        lines.append(f"build:               {built - fetched:6.2f} s  steps: {report.seconds}")
        lines.append(f"fetch + build:       {built - started:6.2f} s  (target < 30 s)")
        for level in ("municipios", "departamentos"):
            file = root / "processed" / f"{level}.geoparquet"
            geojson = gpd.read_parquet(file).to_json().encode()
            lines.append(
                f"{level}: GeoParquet {file.stat().st_size / 1e6:.3f} MB, "
                f"GeoJSON sent to the browser {len(geojson) / 1e6:.3f} MB (target ≤ 1.5 MB)"
            )
        database = root / "processed" / "raices.duckdb"
        lines.append(f"raices.duckdb: {database.stat().st_size / 1e6:.2f} MB; rows {report.rows}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        lines.append(f"peak resident memory of fetch + build: {peak:.0f} MB")
    text = "\n".join(lines)
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
