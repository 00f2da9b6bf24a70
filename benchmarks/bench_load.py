"""Load benchmark: many simulated users on one dashboard server, without a browser each.

Each simulated user is a websocket client speaking Streamlit's own protocol (tornado's
websocket client sending ``BackMsg`` protobufs to ``/_stcore/stream`` and reading the
``ForwardMsg`` stream), exactly what a browser tab sends: it opens the prioritisation page,
then, until the phase ends, changes two theme weights and the pilot size, presses «Aplicar
cambios» and waits for the rerun to finish, then thinks for a moment.

For each phase (20 users, then 50) it reports completed interactions, errors, p50/p95
latency (request sent → ``script_finished``), and the server's resident memory before, at
its peak and after the sessions end. Cross-talk is checked on every interaction: the share
link the server returns (``?s=``) is decoded and its weights and pilot size must be the
ones *this* session sent, and the scenario fingerprint shown must be that link's.

A 10-context real-browser smoke run (Playwright + Debian's Chromium) follows.

Loopback only, bounded loops, a fixed seed. Writes ``benchmarks/results/load.json``::

    .venv/bin/python benchmarks/bench_load.py [--users 20 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs

import psutil

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from tornado.httpclient import HTTPRequest  # noqa: E402
from tornado.websocket import websocket_connect  # noqa: E402

from analysis.priority.sharing import decode_link  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "load.json"
PAGE = "priorizacion"
THEMES = ("migracion", "pobreza_economia", "violencia_inseguridad", "clima_alimentacion")
THINK_SECONDS = (1.0, 3.0)
"""A person looks at the result before the next change (uniform, seconds)."""
RERUN_TIMEOUT = 120.0
HASH_PATTERN = re.compile(r"\b([0-9a-f]{12})\b")
DISCONNECTED_TTL = 10
"""``server.disconnectedSessionTTL`` for the run: ended sessions are dropped after 10 s
(default 120 s), so the memory "after" is measured once they are gone."""


_CATALOG = []


def catalog():
    """The indicator catalogue of the build the server reads (to resolve a scenario)."""
    if not _CATALOG:
        from analysis import store

        _CATALOG.append(store.load_catalog())
    return _CATALOG[0]


# ----------------------------------------------------------------------------- server
#: The server's own log (its tracebacks name what failed when a session reports an error).
SERVER_LOG = Path(tempfile.gettempdir()) / "raices_bench_load_server.log"


def start_server() -> tuple[subprocess.Popen, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    process = subprocess.Popen(
        [
            sys.executable, "-m", "dashboard.server",
            "--server.headless", "true", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
            "--server.disconnectedSessionTTL", str(DISCONNECTED_TTL),
        ],
        cwd=ROOT,
        stdout=SERVER_LOG.open("wb"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("the dashboard server did not start") from None
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("the dashboard server did not open its port")


def rss(process: psutil.Process) -> int:
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += child.memory_info().rss
    return total


class MemorySampler(threading.Thread):
    """The server's resident memory every half second (peak kept)."""

    def __init__(self, process: psutil.Process) -> None:
        super().__init__(daemon=True)
        self.process = process
        self.peak = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.peak = max(self.peak, rss(self.process))
            time.sleep(0.5)

    def stop(self) -> int:
        self._halt.set()
        self.join()
        return self.peak


def _number(text: str) -> float | None:
    try:
        return float(str(text).replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except ValueError:
        return None


# ----------------------------------------------------------------------------- one user
class Session:
    """One simulated browser tab."""

    def __init__(self, port: int, number: int, seed: int) -> None:
        self.port = port
        self.number = number
        self.random = random.Random(seed)
        self.ws = None
        self.ids: dict[str, str] = {}
        self.values: dict[str, tuple[str, object]] = {}  # widget id -> (kind, value)
        self.options: dict[str, list[str]] = {}  # select-slider id -> formatted options
        self.disabled: set[str] = set()  # sliders the page disables (theme without indicators)
        self.link = ""
        self.shown_hash = ""
        self.errors: list[str] = []
        self.latencies: list[float] = []
        self.crosstalk = 0
        self.interactions = 0

    async def connect(self) -> float:
        request = HTTPRequest(f"ws://127.0.0.1:{self.port}/_stcore/stream")
        self.ws = await websocket_connect(
            request, subprotocols=["streamlit"], max_message_size=512 * 1024 * 1024
        )
        return await self._rerun([])

    async def _rerun(self, states: list) -> float:
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_name = PAGE
        for state in states:
            message.rerun_script.widget_states.widgets.append(state)
        started = time.perf_counter()
        await self.ws.write_message(message.SerializeToString(), binary=True)
        await asyncio.wait_for(self._read_until_finished(), RERUN_TIMEOUT)
        return time.perf_counter() - started

    async def _read_until_finished(self) -> None:
        self.shown_hash = ""
        while True:
            data = await self.ws.read_message()
            if data is None:
                raise ConnectionError("the server closed the websocket")
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if kind == "script_finished":
                return
            if kind == "page_info_changed":
                values = parse_qs(forward.page_info_changed.query_string)
                if "s" in values:
                    self.link = values["s"][0]
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                name = element.WhichOneof("type")
                inner = getattr(element, name)
                key = str(getattr(inner, "id", "") or "")
                if key and "-prior." in key:
                    self.ids[key.split("-prior.", 1)[1]] = key
                if key:
                    self._track(name, key, inner)
                if name == "exception":
                    self.errors.append(f"exception: {inner.message[:120]}")
                elif name == "alert" and inner.format == 1:  # ERROR
                    self.errors.append(f"error box: {inner.body[:120]}")
                elif name == "markdown" and "Huella" in inner.body:
                    found = HASH_PATTERN.search(inner.body)
                    self.shown_hash = found.group(1) if found else ""

    def _track(self, kind: str, key: str, proto) -> None:
        """The value a browser would hold for this widget: the server's when it sets one,
        else what the tab already had, else the widget's default (as the frontend does)."""
        known = self.values.get(key, (kind, None))[1]

        def has(field: str) -> bool:
            try:
                return proto.HasField(field)
            except ValueError:
                return bool(getattr(proto, field))

        if kind == "slider" and proto.type == proto.SELECT_SLIDER:
            kind = "select_slider"  # the browser sends the formatted options
            self.options[key] = list(proto.options)
            if proto.disabled:
                self.disabled.add(key)
            else:
                self.disabled.discard(key)
            value = (
                list(proto.raw_value)
                if proto.set_value
                else known or [proto.options[int(i)] for i in proto.default]
            )
        elif kind == "slider":
            value = list(proto.value) if proto.set_value else known or list(proto.default)
        elif kind == "number_input":
            value = (
                proto.value
                if proto.set_value
                else known
                if known is not None
                else (proto.default if has("default") else None)
            )
            kind = "number_int" if proto.data_type == 0 else "number_float"
        elif kind in ("selectbox", "radio"):
            if proto.set_value:
                value = proto.raw_value
            elif known is not None:
                value = known
            else:
                value = proto.options[proto.default] if has("default") and proto.options else None
        elif kind == "multiselect":
            value = (
                list(proto.raw_values)
                if proto.set_value
                else known
                if known is not None
                else [proto.options[i] for i in proto.default]
            )
        elif kind in ("checkbox", "text_input"):
            value = (
                proto.value if proto.set_value else known if known is not None else proto.default
            )
        else:
            return  # buttons, downloads, charts, uploads hold no value to send back
        self.values[key] = (kind, value)

    def _states(self, themes: dict[str, float], k: int) -> list:
        """Every widget's value, as a browser sends them, with this user's changes."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        for theme, weight in themes.items():
            key = self.ids[f"theme.{theme}"]
            if key in self.options:  # a select slider of formatted numbers ("1,5" in Spanish)
                shown = [o for o in self.options[key] if _number(o) == weight]
                self.values[key] = ("select_slider", shown[:1])
            else:
                self.values[key] = ("slider", [weight])
        self.values[self.ids["k"]] = ("number_int", k)
        states = []
        for key, (kind, value) in self.values.items():
            if value is None:
                continue
            state = WidgetState(id=key)
            if kind == "slider":
                state.double_array_value.data.extend(float(v) for v in value)
            elif kind == "number_int":
                state.int_value = int(value)
            elif kind == "number_float":
                state.double_value = float(value)
            elif kind in ("selectbox", "radio", "text_input"):
                state.string_value = str(value)
            elif kind in ("multiselect", "select_slider"):
                state.string_array_value.data.extend(str(v) for v in value)
            elif kind == "checkbox":
                state.bool_value = bool(value)
            states.append(state)
        states.append(WidgetState(id=self.ids["apply"], trigger_value=True))
        return states

    async def interact(self) -> None:
        usable = [t for t in THEMES if self.ids.get(f"theme.{t}") not in self.disabled]
        chosen = self.random.sample(usable, 2)
        themes = {t: self.random.choice([0.5, 1.5, 2.5, 3.5, 4.5]) for t in chosen}
        k = self.random.randint(5, 40)
        try:
            latency = await self._rerun(self._states(themes, k))
        except (TimeoutError, ConnectionError, KeyError) as error:
            self.errors.append(f"{type(error).__name__}: {error}")
            return
        self.latencies.append(latency)
        self.interactions += 1
        self._check(themes, k)

    def _check(self, themes: dict[str, float], k: int) -> None:
        """The link and fingerprint the server sent back describe this session's inputs."""
        try:
            shared = decode_link(self.link)
        except Exception as error:  # noqa: BLE001 - counted, never hidden
            self.crosstalk += 1
            self.errors.append(f"link: {error}")
            return
        scenario = shared.scenario
        wanted = all(
            abs(float((scenario.themes or {}).get(t, 1.0)) - w) < 1e-9 for t, w in themes.items()
        )
        pilot_k = scenario.pilot.k if scenario.pilot is not None else None
        fingerprint = scenario.resolve(catalog()).hash()  # what the page shows: resolved
        if not wanted or pilot_k != k or self.shown_hash != fingerprint:
            self.crosstalk += 1

    async def close(self) -> None:
        if self.ws is not None:
            self.ws.close()


async def user(port: int, number: int, seconds: float, start_delay: float, seed: int) -> Session:
    session = Session(port, number, seed)
    await asyncio.sleep(start_delay)
    try:
        first = await session.connect()
        session.latencies_first = first  # type: ignore[attr-defined]
    except Exception as error:  # noqa: BLE001 - a failed connection is an error of the run
        session.errors.append(f"connect: {type(error).__name__}: {error}")
        return session
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await session.interact()
        await asyncio.sleep(session.random.uniform(*THINK_SECONDS))
    await session.close()
    return session


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 3)


def run_phase(port: int, server: psutil.Process, users: int, seconds: float, seed: int) -> dict:
    before = rss(server)
    sampler = MemorySampler(server)
    sampler.start()
    started = time.perf_counter()

    async def everyone() -> list[Session]:
        # connections spread over 10 s, as people arrive, not all in the same millisecond
        tasks = [user(port, i, seconds, i * 10 / users, seed + i) for i in range(users)]
        return await asyncio.gather(*tasks)

    sessions = asyncio.run(everyone())
    wall = time.perf_counter() - started
    peak = sampler.stop()
    time.sleep(DISCONNECTED_TTL + 10)  # let the server drop the ended sessions
    after = rss(server)
    latencies = [x for s in sessions for x in s.latencies]
    first = [getattr(s, "latencies_first", None) for s in sessions]
    errors = [e for s in sessions for e in s.errors]
    return {
        "users": users,
        "seconds_per_user": seconds,
        "wall_seconds": round(wall, 1),
        "think_seconds": list(THINK_SECONDS),
        "completed_interactions": sum(s.interactions for s in sessions),
        "errors": len(errors),
        "error_examples": errors[:5],
        "crosstalk_mismatches": sum(s.crosstalk for s in sessions),
        "latency_p50_s": percentile(latencies, 0.50),
        "latency_p95_s": percentile(latencies, 0.95),
        "latency_max_s": round(max(latencies), 3) if latencies else None,
        "first_load_p50_s": percentile([f for f in first if f is not None], 0.50),
        "first_load_p95_s": percentile([f for f in first if f is not None], 0.95),
        "server_rss_mb": {
            "before": round(before / 1e6),
            "peak": round(peak / 1e6),
            "after": round(after / 1e6),
        },
    }


# ----------------------------------------------------------------------------- browsers
def browser_smoke(url: str, contexts: int = 10) -> dict:
    """Ten real Chromium contexts open the prioritisation page at once and wait for it."""
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        pages = []
        for _ in range(contexts):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(f"{url}/{PAGE}", wait_until="domcontentloaded", timeout=120_000)
            pages.append(page)
        for page in pages:
            try:
                page.wait_for_selector("text=Huella del escenario", timeout=90_000)
                page.wait_for_function(
                    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                    timeout=90_000,
                )
                broken = page.locator("[data-testid='stException']").count()
                results.append("ok" if not broken else "exception")
            except Exception as error:  # noqa: BLE001 - counted in the results
                results.append(f"{type(error).__name__}")
        browser.close()
    return {
        "contexts": contexts,
        "ok": results.count("ok"),
        "failures": [r for r in results if r != "ok"],
        "seconds_until_all_ready": round(time.perf_counter() - started, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--browsers", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if any(not 1 <= n <= 100 for n in args.users) or not 1 <= args.seconds <= 300:
        parser.error("users 1–100 and seconds 1–300 (a bounded run on a shared machine)")

    process, port = start_server()
    server = psutil.Process(process.pid)
    phases: list[dict] = []
    smoke = None
    try:
        warm = asyncio.run(user(port, 0, 0.0, 0.0, args.seed))  # caches filled once
        idle = rss(server)
        for n in args.users:
            print(f"phase: {n} users for {args.seconds:.0f} s…", file=sys.stderr, flush=True)
            phases.append(run_phase(port, server, n, args.seconds, args.seed))
            write(args.out, warm, idle, phases, smoke, rss(server))  # kept if a later step fails
        if args.browsers:
            print(f"browsers: {args.browsers} contexts…", file=sys.stderr, flush=True)
            smoke = browser_smoke(f"http://127.0.0.1:{port}", args.browsers)
        final = rss(server)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    report = write(args.out, warm, idle, phases, smoke, final)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def write(out: Path, warm: Session, idle: int, phases: list, smoke, final: int) -> dict:
    """Write the results so far (after every phase, so a long run keeps what it measured)."""
    report = {
        "benchmark": "bench_load.py",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "note": "2-core machine shared with other work; the clients run on the same "
            "machine (loopback) and use part of the CPU",
        },
        "page": PAGE,
        "interaction": "two theme weights and the pilot size changed, «Aplicar cambios» pressed",
        "first_warm_load_s": round(getattr(warm, "latencies_first", float("nan")), 3),
        "warm_errors": warm.errors,
        "server_rss_mb_idle_after_warmup": round(idle / 1e6),
        "phases": phases,
        "server_rss_mb_at_end": round(final / 1e6),
        "browser_smoke": smoke,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    raise SystemExit(main())
