"""How fast the dashboard answers: the incidents list and incident pages, p50/p95.

Ingests the GVA dev reports into a store (or reuses one), serves it with
``tollwatch serve`` in a separate process on 127.0.0.1, signs in, and times requests
(wall time per request, measured by the client; the first round warms caches and is not
counted). Target: the incidents list and an incident page each under 150 ms at the 95th
percentile. The incident page's timeline JSON and a report page are timed too (no target).

    .venv/bin/python bench/web_speed.py                                   # ingest ../shared/bench/gva/dev.inputs.jsonl
    .venv/bin/python bench/web_speed.py --db /tmp/gva.db --rounds 200     # reuse an ingested store
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

from tollwatch.ledger import Store
from tollwatch.web import accounts

ROOT = Path(__file__).resolve().parent.parent
USER, PASSWORD = "bench", "a long bench password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_cpu_s(pid: int) -> float | None:
    """The server process's CPU time so far (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "inputs", nargs="?", default=str(ROOT.parent / "shared" / "bench" / "gva" / "dev.inputs.jsonl")
    )
    ap.add_argument("--db", help="a store to use (ingested if it has no documents)")
    ap.add_argument("--rounds", type=int, default=100, help="requests per kind of page (default 100)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory()
    db = args.db or os.path.join(tmp.name, "gva.db")
    with Store(db) as store:
        with store.read() as conn:
            n_docs = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar_one()
        if not n_docs:
            print(f"ingesting {args.inputs} into {db} ...", file=sys.stderr)
            t = time.perf_counter()
            logging.getLogger("tollwatch").setLevel(logging.ERROR)  # the problems are counted below
            summary = store.ingest([args.inputs])
            print(f"  {summary.line()} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        with store.write() as conn:
            # a reviewer: the pages carry their review forms (heavier than a viewer's)
            if accounts.find_user(conn, USER) is None:
                accounts.create_user(conn, USER, PASSWORD, role="reviewer", approved=True, actor="bench")
            else:
                accounts.set_role(conn, USER, "reviewer")
        with store.read() as conn:
            n_docs = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar_one()
            n_inc = conn.exec_driver_sql("SELECT count(*) FROM incidents WHERE n_documents > 0").scalar_one()
            ids = [
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT id FROM incidents WHERE n_documents > 0 AND merged_into IS NULL"
                )
            ]
            docs = [
                r[0] for r in conn.exec_driver_sql("SELECT id FROM documents WHERE incident_id IS NOT NULL")
            ]
            biggest = [
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT id FROM incidents WHERE merged_into IS NULL ORDER BY n_documents DESC, n_figures DESC LIMIT 20"
                )
            ]
    print(f"store: {n_docs} reports, {n_inc} incidents")

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from tollwatch.cli import main; main()",
            "serve",
            "--db",
            db,
            "--port",
            str(port),
        ],
        stderr=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as c:
            deadline = time.monotonic() + 60
            while True:
                try:
                    page = c.get("/signin")
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            assert token, "no sign-in form"
            r = c.post("/signin", data={"username": USER, "password": PASSWORD, "csrf_token": token.group(1)})
            assert r.status_code in (200, 303), r.status_code
            rng = random.Random(args.seed)
            kinds = {
                "incidents list (date)": lambda: "/incidents",
                "incidents list (toll)": lambda: "/incidents?sort=toll",
                "incidents list (search 'police')": lambda: "/incidents?q=police&sort=toll",
                "incidents list (page 20)": lambda: "/incidents?page=20",
                "incident page (random)": lambda: f"/incidents/{rng.choice(ids)}",
                "incident page (20 largest)": lambda: f"/incidents/{rng.choice(biggest)}",
                # what the incident page's script then asks for, and the page a click leads to
                "incident timeline JSON (random)": lambda: f"/api/incidents/{rng.choice(ids)}/timeline",
                "report page (random)": lambda: f"/reports/{quote(rng.choice(docs), safe='')}",
            }
            print(f"{'page':36} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'server CPU ms/req':>18}")
            for name, path in kinds.items():
                for _ in range(5):  # warm up
                    assert c.get(path()).status_code == 200
                times = []
                cpu0 = server_cpu_s(server.pid)
                for _ in range(args.rounds):
                    url = path()
                    t = time.perf_counter()
                    r = c.get(url)
                    times.append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200, (url, r.status_code)
                cpu1 = server_cpu_s(server.pid)
                cpu = (
                    f"{(cpu1 - cpu0) / len(times) * 1000:18.1f}"
                    if cpu0 is not None and cpu1 is not None
                    else ""
                )
                print(
                    f"{name:36} {len(times):5d} {statistics.median(times):8.1f} "
                    f"{percentile(times, 95):8.1f} {max(times):8.1f} {cpu}"
                )
    finally:
        server.terminate()
        server.wait(timeout=10)
        tmp.cleanup()


if __name__ == "__main__":
    main()
