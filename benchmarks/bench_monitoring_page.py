"""Monitoring pages benchmark: need against response with 5,000 actions, server time.

Run from the project root after ``raices build``::

    .venv/bin/python benchmarks/bench_monitoring_page.py            # 5,000 actions
    .venv/bin/python benchmarks/bench_monitoring_page.py --actions 1000 --repeats 5

A fictitious store (every name says «Ficticia») is created in a temporary folder and filled
through the service layer (validation, audit rows, publication), so the records look like
real ones: 5,000 actions in one to three municipios each (one in seven department-wide),
partners, people reached by sex, age and pueblo, budgets; three quarters published.

Measures (results in ``benchmarks/results/monitoring_page.txt``)
----------------------------------------------------------------
store read
    :func:`analysis.monitoring.frames.load_frames` for the public and the secretariat.
need against response
    :func:`analysis.monitoring.need.need_against_response` on those frames.
page server time (Streamlit AppTest: the script run, no browser)
    *first*: a fresh process, the index fitted for the first time;
    *after a save*: the store changed (new revision: every store read and analysis misses
    its cache, the fitted index does not) — what a person sees after saving or publishing;
    *rerun*: a widget change with the store unchanged.
    For the need-against-response tab of the monitoring dashboard (the tablero page draws
    all four tabs in one run) and for the public page. Target ≤ 1 s after a save.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).parent / "results" / "monitoring_page.txt"
TARGET_SECONDS = 1.0


def _timed(function, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def _touch(engine, principal) -> None:
    """One real change (publish/unpublish of a measurement) so that the revision moves."""
    from analysis.monitoring.lifecycle import set_published
    from analysis.monitoring.models import Measurement
    from analysis.records.database import session_scope

    with session_scope(engine) as session:
        measurement = 1
        record = session.get(Measurement, measurement)
        set_published(
            session, principal, "measurements", measurement, not record.published,
            expected_version=None,
        )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="bench_seguimiento_"))
    url = f"sqlite:///{folder / 'raices.sqlite'}"
    os.environ["RAICES_SEGUIMIENTO_URL"] = url

    from streamlit.testing.v1 import AppTest

    from analysis.monitoring.frames import load_frames
    from analysis.monitoring.need import need_against_response
    from analysis.monitoring.report_common import priority_context
    from analysis.records.database import engine_for, upgrade
    from analysis.records.users import PUBLIC, console_principal
    from tests.monitoring.monitoring_seed import seed_store

    engine = engine_for(url)
    upgrade(engine)
    start = time.perf_counter()
    seed_store(engine, actions=args.actions)
    seeding = time.perf_counter() - start
    admin = console_principal()

    lines = [
        f"Monitoring pages benchmark — {args.actions} fictitious actions "
        f"({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs shared)",
        f"store: SQLite (WAL) in a temporary folder; seeded through the service in {seeding:.1f} s",
        "",
    ]
    public = load_frames(engine, PUBLIC)
    everyone = load_frames(engine, admin)
    lines.append(
        f"records: {len(everyone.actions)} actions ({len(public.actions)} published), "
        f"{len(everyone.places)} places, {len(everyone.reached)} reach cells"
    )
    for name, principal in (("public", PUBLIC), ("secretariat", admin)):
        times = _timed(lambda p=principal: load_frames(engine, p), args.repeats)
        lines.append(f"store read ({name}): median {statistics.median(times):.3f} s")
    context = priority_context()
    times = _timed(
        lambda: need_against_response(
            context.need, everyone.actions, everyone.places, context.territories,
            reached=everyone.reached,
        ),
        args.repeats,
    )  # fmt: skip
    lines.append(f"need against response (analysis): median {statistics.median(times):.3f} s")
    lines.append("")

    worst_after_save = 0.0
    for page in ("seguimiento_tablero", "seguimiento_publico"):
        app = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=600)
        app.switch_page(f"views/{page}.py")
        start = time.perf_counter()
        app.run()
        first = time.perf_counter() - start
        if app.exception:
            raise SystemExit(f"{page}: {app.exception[0].value}")
        after_save, reruns = [], []
        for _ in range(args.repeats):
            _touch(engine, admin)
            start = time.perf_counter()
            app.run()
            after_save.append(time.perf_counter() - start)
            start = time.perf_counter()
            app.run()
            reruns.append(time.perf_counter() - start)
        median = statistics.median(after_save)
        worst_after_save = max(worst_after_save, median)
        lines.append(
            f"{page}: first {first:.2f} s · after a save median {median:.3f} s "
            f"(max {max(after_save):.3f}) · rerun median {statistics.median(reruns):.3f} s"
        )
    verdict = "meets" if worst_after_save <= TARGET_SECONDS else "MISSES"
    lines.append("")
    lines.append(
        f"target ≤ {TARGET_SECONDS:.1f} s server time after a save: {verdict} "
        f"(worst page median {worst_after_save:.3f} s)"
    )
    engine.dispose()
    text = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
