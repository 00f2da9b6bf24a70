"""Read the causes results stored beside the database, as a page's first view after a
server start does (not a test).

Run after ``raices build`` (and once the stored results exist: the script computes and
stores any that are missing, as the first visitor after a build would, before measuring)::

    .venv/bin/python benchmarks/bench_causes_store.py

Each measurement runs in a fresh Python process (nothing imported yet) and gives two
times: the whole run, and the part a page still pays once pandas and its inputs are
loaded — importing :mod:`analysis.causes.model_store` and reading back a typed result: a
:class:`~analysis.causes.spatial.patterns.SpatialPattern` (poverty, municipios, the page's
default options) or an :class:`~analysis.causes.drivers.AssociationModel` (census
emigration, the page's options) turned into its
:class:`~analysis.causes.drivers.AssociationResult`. It also says whether reading needed
PySAL (esda, libpysal), scikit-learn or statsmodels, which it must not. Results are
appended to ``benchmarks/results/causes_store.txt``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results" / "causes_store.txt"
HEAVY = ("esda", "libpysal", "sklearn", "statsmodels")

SPATIAL = """
from analysis import store
values = store.load_indicators("municipio")["pobreza"].rename("pobreza")
build = str(store.build_info().get("built_at", ""))
read = time.perf_counter()
from analysis.causes.model_store import stored_spatial_patterns
result = stored_spatial_patterns(
    values,
    lambda: store.load_boundaries("municipio"),
    build=build,
    smoothing="none", alpha=0.05, fdr=True,
)
headline = f"I = {result.moran.moran_i:.3f}, n = {result.moran.n}"
"""

FACTORS = """
from analysis import store
indicators, catalog = store.load_indicators("municipio"), store.load_catalog()
read = time.perf_counter()
from analysis.causes.model_store import PAGE_REPEATS, stored_factors
result = stored_factors(
    indicators, "emigracion_hogar", catalog=catalog,
    flexible="gradient_boosting", consequences="exclude", n_repeats=PAGE_REPEATS,
).result(n_top=8)
headline = f"best {result.best_model}, top {result.top_factors.index[0]}"
"""

RUNNER = """
import json, sys, time
started = time.perf_counter()
{body}
ended = time.perf_counter()
print(json.dumps({{"seconds": ended - started, "read": ended - read, "headline": headline,
                   "heavy": [m for m in {heavy!r} if m in sys.modules]}}))
"""


def fresh(body: str) -> dict[str, object]:
    """Run ``body`` in a new interpreter and return its timing line."""
    code = RUNNER.format(body=body, heavy=HEAVY)
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    lines = [
        f"# benchmarks/bench_causes_store.py — {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}, "
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    ]
    for label, body in (("stored spatial pattern", SPATIAL), ("stored factors model", FACTORS)):
        fresh(body)  # computes and stores it when missing (the first visitor after a build)
        runs = [fresh(body) for _ in range(3)]
        total = min(float(run["seconds"]) for run in runs)  # type: ignore[arg-type]
        read = min(float(run["read"]) for run in runs)  # type: ignore[arg-type]
        heavy = sorted({module for run in runs for module in run["heavy"]})  # type: ignore[attr-defined]
        lines.append(
            f"{label:<24} fresh process, best of 3: {total:5.2f} s with pandas, the store and "
            f"the inputs; {read:5.2f} s to import model_store and read the result   "
            f"{runs[0]['headline']}   heavy modules imported: {', '.join(heavy) or 'none'}"
        )
    text = "\n".join(lines) + "\n"
    print(text, end="")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
