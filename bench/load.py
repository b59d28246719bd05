"""Benchmark over real HTTP: start-up, concurrent load on one worker, feed-build stall, memory.

Run it from the repository root, in the project's virtual environment:

    .venv/bin/python -m bench.load                      # scratch SQLite database
    .venv/bin/python -m bench.load --database-url postgresql://postgres@127.0.0.1:5432/bench

A PostgreSQL database given here is emptied (its ``public`` schema is dropped and rebuilt). The
data set is ``bench/dataset.py``'s (5,000 sessions, 12,500 days). The service runs as one
uvicorn worker in a process of its own (``core.asgi:app_from_env``, rate limits off, no
outbox dispatcher); the clients are asyncio tasks of this process, over TCP on the loopback.
It reports:

- start-up: ``cps --help``, and ``cps serve`` in an empty folder (it creates, migrates and
  seeds a SQLite file) until its first answer, against a bare Starlette app under uvicorn;
- load: the partner query (100 upcoming sessions of department 44, uncompressed) from
  ``--clients`` concurrent clients (8) for ``--seconds`` (10): requests/s, p50, p99, and the
  worker's CPU per request (from ``/proc``);
- stall: the partner query's p99 from one client while the region feed (12,500 days) is built
  for the first time in the worker, against its p99 without a build;
- the worker's resident memory (RSS) at the end.

Nothing is asserted: the figures are for people to read. The clients share the machine's CPUs
with the worker, as a load tool on the same machine would.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench import dataset
from bench.api import PARTNER_QUERY, UPCOMING_FROM
from bench.feeds import machine, prepare_database, resident_megabytes
from core.db import Database
from core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PARTNER_VARIABLES = {"department": "44", "from": UPCOMING_FROM.isoformat(), "first": 100}
PARTNER_REQUEST = {"query": PARTNER_QUERY, "variables": PARTNER_VARIABLES}
IDENTITY = {"accept-encoding": "identity"}
BARE_APP = '''
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def hello(request):
    return JSONResponse({"data": {"__typename": "Query"}})


app = Starlette(routes=[Route("/graphql", hello)])
'''


def free_port() -> int:
    """A TCP port free on the loopback now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_answer(
    url: str, process: subprocess.Popen, timeout: float = 120, post: dict | None = None
) -> float:
    """Seconds until ``url`` answers 200 (polled every 10 ms) to a GET, or to a POST of the JSON
    ``post``; fails if the process ends."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {process.returncode}")
        try:
            answer = httpx.get(url, timeout=1) if post is None else httpx.post(url, json=post, timeout=1)
            if answer.status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@contextmanager
def server(command: list[str], env: dict[str, str], cwd: Path):
    """A server process, stopped at the end."""
    process = subprocess.Popen(
        command, env={**os.environ, **env}, cwd=cwd,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def cps_command() -> str:
    """The ``cps`` script of this environment."""
    return str(Path(sys.executable).with_name("cps"))


# --- Start-up -----------------------------------------------------------------------------------


def compile_bytecode() -> None:
    """Write the service's bytecode (``__pycache__``), as an installed service has it.

    Installed packages are compiled by pip; the service installed in editable mode is not, and
    with ``PYTHONDONTWRITEBYTECODE`` set (as on some machines) every start would compile its
    300 modules again (0.6 s of CPU), which a bare Starlette app, all in site-packages, never
    pays."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "core"), str(ROOT / "plugins")],
        capture_output=True, check=True,
    )


def measure_startup(runs: int) -> dict[str, float]:
    """Medians of ``cps --help``, of ``cps serve`` (empty folder: create, migrate, seed), of a
    worker alone (``core.asgi:app_from_env`` on the database just made) and of a bare Starlette
    app until their first answer: seconds (``serve``…) and the server process' CPU seconds by
    then (``serve_cpu``…), which a machine shared with other work inflates less."""
    compile_bytecode()
    measured: dict[str, list[float]] = {
        name: [] for name in ("help", "serve", "worker", "bare", "serve_cpu", "worker_cpu",
                              "bare_cpu")
    }

    def first_answer(name: str, command: list[str], env: dict[str, str], cwd: Path,
                     path: str = "/graphql?query=%7B__typename%7D") -> None:
        port = free_port()
        with server([*command, "--port", str(port)], env, cwd) as process:
            measured[name].append(wait_for_answer(f"http://127.0.0.1:{port}{path}", process))
            measured[f"{name}_cpu"].append(cpu_seconds(process.pid))

    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([cps_command(), "--help"], capture_output=True, check=True)
        measured["help"].append(time.perf_counter() - started)
        with tempfile.TemporaryDirectory() as folder:
            env = {"CPS_DATABASE_URL": f"sqlite:///{folder}/cps.sqlite3"}
            first_answer("serve", [cps_command(), "serve"], env, Path(folder))
            first_answer(
                "worker",
                [sys.executable, "-m", "uvicorn", "--factory", "core.asgi:app_from_env"],
                {**env, "CPS_OUTBOX_DISPATCHER": "false"}, ROOT,
            )
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "bare_app.py").write_text(BARE_APP)
            first_answer("bare", [sys.executable, "-m", "uvicorn", "bare_app:app"], {},
                         Path(folder), "/graphql")
    return {name: statistics.median(values) for name, values in measured.items()}


# --- Load ---------------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class LoadFigures:
    """What one load run measured."""

    requests: int
    seconds: float
    p50: float
    p99: float
    cpu_per_request: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def percentile(samples: list[float], fraction: float) -> float:
    """The ``fraction`` percentile of ``samples`` (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def partner_loop(
    client: httpx.AsyncClient,
    latencies: list[float],
    until: Callable[[], bool],
    request: dict = PARTNER_REQUEST,
) -> None:
    """Ask the partner query (or ``request``) again and again until ``until()``, noting each
    latency."""
    while not until():
        started = time.perf_counter()
        response = await client.post("/graphql", json=request, headers=IDENTITY)
        latencies.append(time.perf_counter() - started)
        if response.status_code != 200 or "errors" in response.json():
            raise RuntimeError(response.text[:500])


async def load(
    base_url: str,
    pid: int,
    clients: int,
    seconds: float,
    request: dict = PARTNER_REQUEST,
    cpu_used: Callable[[], float] | None = None,
) -> LoadFigures:
    """``clients`` concurrent partner loops (or loops of ``request``) for ``seconds``; the CPU
    is the process ``pid``'s, or what ``cpu_used()`` counts (seconds so far) when given."""
    cpu_now = cpu_used or (lambda: cpu_seconds(pid))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:
        # Warm up: plans, statement caches, connections.
        await asyncio.gather(*(client.post("/graphql", json=request) for _ in range(clients)))
        latencies: list[float] = []
        cpu_before = cpu_now()
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(
            partner_loop(client, latencies, lambda: time.perf_counter() >= deadline, request)
            for _ in range(clients)
        ))
        elapsed = time.perf_counter() - started
        cpu = cpu_now() - cpu_before
    return LoadFigures(
        len(latencies), elapsed, percentile(latencies, 0.5), percentile(latencies, 0.99),
        cpu / len(latencies),
    )


async def stall(base_url: str, seconds: float) -> dict[str, float]:
    """The partner query's p99 (one client) without a feed build, then while the region feed
    is built for the first time in the worker."""
    async with httpx.AsyncClient(base_url=base_url, timeout=600) as client:
        quiet: list[float] = []
        deadline = time.perf_counter() + seconds
        await partner_loop(client, quiet, lambda: time.perf_counter() >= deadline)

        during: list[float] = []
        build_started = time.perf_counter()
        feed = asyncio.create_task(client.get("/calendars/region.ics", headers={"accept-encoding": "br"}))
        await partner_loop(client, during, feed.done)
        response = await feed
        build = time.perf_counter() - build_started
        if response.status_code != 200:
            raise RuntimeError(f"region feed: {response.status_code}")
    return {
        "quiet_p99": percentile(quiet, 0.99),
        "quiet_p50": percentile(quiet, 0.5),
        "during_p99": percentile(during, 0.99),
        "during_p50": percentile(during, 0.5),
        "during_max": max(during),
        "during_count": len(during),
        "build": build,
        "feed_bytes": len(response.content),
    }


# --- The run ------------------------------------------------------------------------------------


async def prepare(url: str) -> None:
    """Empty a PostgreSQL database, migrate and seed it, then build the data set."""
    await prepare_database(url)
    database = Database.open(url)
    try:
        await dataset.build(database, url)
    finally:
        await database.close()


def serve_dataset(url: str, port: int, folder: Path):
    """One uvicorn worker serving ``url``."""
    env = {
        "CPS_DATABASE_URL": url,
        "CPS_BASE_URL": f"http://127.0.0.1:{port}",
        "CPS_RATE_LIMIT_ANONYMOUS": "0",
        "CPS_RATE_LIMIT_PARTNER": "0",
        "CPS_RATE_LIMIT_FEEDS": "0",
        "CPS_OUTBOX_DISPATCHER": "false",
        "CPS_LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "core.asgi:app_from_env",
        "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--no-access-log",
    ]
    return server(command, env, folder)


def run(url: str, clients: int, seconds: float, startup_runs: int) -> dict[str, object]:
    """Every measure of the module docstring."""
    figures: dict[str, object] = {
        "startup": measure_startup(startup_runs) if startup_runs else None
    }
    asyncio.run(prepare(url))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder, serve_dataset(url, port, Path(folder)) as worker:
        wait_for_answer(f"{base_url}/graphql?query=%7B__typename%7D", worker)
        figures["rss_start"] = resident_megabytes(worker.pid)
        figures["load"] = asyncio.run(load(base_url, worker.pid, clients, seconds))
        figures["load_one"] = asyncio.run(load(base_url, worker.pid, 1, seconds / 2))
        figures["stall"] = asyncio.run(stall(base_url, seconds / 2))
        figures["rss_end"] = resident_megabytes(worker.pid)
    return figures


def report(figures: dict, kind: str, clients: int) -> str:
    """The figures as Markdown."""
    start, loaded, one, stalled = (
        figures["startup"], figures["load"], figures["load_one"], figures["stall"]
    )
    ms = lambda seconds: f"{seconds * 1000:.1f} ms"  # noqa: E731
    rows = [] if start is None else [
        ("`cps --help`", ms(start["help"]), "", "", "< 1 s"),
        ("start to first answer, empty SQLite (`cps serve`: create, migrate, seed; bytecode "
         "compiled) vs bare "
         "Starlette under uvicorn", ms(start["serve"]), ms(start["bare"]),
         f"{start['serve'] / start['bare']:.2f}x", "≤ 3x"),
        ("… the same, CPU of the server process until its first answer",
         ms(start["serve_cpu"]), ms(start["bare_cpu"]),
         f"{start['serve_cpu'] / start['bare_cpu']:.2f}x", "—"),
        ("… a worker alone (`core.asgi:app_from_env`, database ready) vs bare Starlette",
         ms(start["worker"]), ms(start["bare"]), f"{start['worker'] / start['bare']:.2f}x", "—"),
        ("… a worker alone, CPU until its first answer",
         ms(start["worker_cpu"]), ms(start["bare_cpu"]),
         f"{start['worker_cpu'] / start['bare_cpu']:.2f}x", "—"),
    ]
    rows += [
        (f"partner query, {clients} concurrent clients, one worker: requests/s",
         f"{loaded.per_second:.1f}/s", "", "", "—"),
        ("… p50 / p99", f"{ms(loaded.p50)} / {ms(loaded.p99)}", "", "", "—"),
        ("… worker CPU per request", ms(loaded.cpu_per_request), "", "", "—"),
        ("partner query, one client: requests/s, p50 / p99",
         f"{one.per_second:.1f}/s, {ms(one.p50)} / {ms(one.p99)}", "", "", "—"),
        ("partner query p99 during the region feed's first build vs without",
         ms(stalled["during_p99"]), ms(stalled["quiet_p99"]),
         f"{stalled['during_p99'] / stalled['quiet_p99']:.2f}x", "≤ 1.5x"),
        ("… p50 during vs without; slowest during; answers during the build",
         f"{ms(stalled['during_p50'])} vs {ms(stalled['quiet_p50'])}; "
         f"{ms(stalled['during_max'])}; {stalled['during_count']}", "", "", "—"),
        ("… the build (region feed, first poll of the worker, brotli)",
         f"{ms(stalled['build'])}, {stalled['feed_bytes']:,} bytes", "", "", "—"),
        ("worker RSS: started / after the load and the region feed",
         f"{figures['rss_start']:.0f} MB / {figures['rss_end']:.0f} MB", "", "", "—"),
    ]
    return "\n".join([
        f"Machine: {machine()}. Python {platform.python_version()}. Database: {kind}.",
        "",
        "| measure | ours | base | ratio | target |",
        "|---|---|---|---|---|",
        *(f"| {' | '.join(row)} |" for row in rows),
        "",
        "PostGraphile peer: `python -m bench.peer_postgraphile` (see bench/RESULTS.md).",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database the benchmark may empty")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument("--seconds", type=float, default=10, help="seconds of load (10)")
    parser.add_argument("--startup-runs", type=int, default=3, help="start-ups measured (3)")
    arguments = parser.parse_args()
    folder = None
    if arguments.database_url:
        url = Settings.from_env(database_url=arguments.database_url).database_url
        kind = "PostgreSQL"
    else:
        folder = Path(tempfile.mkdtemp(prefix="cps-bench-load-"))
        url = f"sqlite+aiosqlite:///{folder / 'bench.sqlite3'}"
        kind = "SQLite"
    try:
        figures = run(url, arguments.clients, arguments.seconds, arguments.startup_runs)
        print(report(figures, kind, arguments.clients))
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
