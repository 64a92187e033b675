"""The web server under load: latency and memory (RSS) of ``tollwatch serve --workers N``.

Serves a store (``--db``, e.g. the 100,000-report store ``bench/search_speed.py`` builds)
with ``tollwatch serve --no-auth --workers N`` on 127.0.0.1, and ``--users`` threads ask
for a mix of pages for ``--seconds``: the incidents list, a search for a common word, the
largest incidents' pages (their later pages too) and reports. Prints p50/p95 per kind, and
the peak resident memory of each server process (sampled from /proc every 0.2 s): issue 13
measured one process growing from 93 MB to 1.0-1.3 GB under load.

    python bench/serve_load.py --db /tmp/search100k.db --workers 2 --users 8 --seconds 60
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import httpx

from tollwatch.ledger import Store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc)."""
    children: dict[int, list[int]] = defaultdict(list)
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children[ppid].append(int(d.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--users", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--word", default="police")
    a = ap.parse_args(argv)
    with Store(a.db) as store, store.read() as conn:
        biggest = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT id FROM incidents WHERE merged_into IS NULL ORDER BY n_documents DESC LIMIT 50"
            )
        ]
        docs = [r[0] for r in conn.exec_driver_sql("SELECT id FROM documents ORDER BY rowid DESC LIMIT 2000")]
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from tollwatch.cli import main; main()",
            "serve",
            "--no-auth",
            "--db",
            a.db,
            "--port",
            str(port),
            "--workers",
            str(a.workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    kinds = {
        "incidents list": lambda r: "/incidents",
        f"incidents list, search '{a.word}'": lambda r: f"/incidents?q={a.word}",
        "API search": lambda r: f"/api/documents?q={a.word}&limit=20",
        "largest incidents' pages": lambda r: f"/incidents/{r.choice(biggest)}",
        "their second ledger page": lambda r: f"/incidents/{r.choice(biggest)}?figures=2",
        "report page": lambda r: f"/reports/{quote(r.choice(docs), safe='')}",
    }
    times: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    peak: dict[int, float] = defaultdict(float)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(base + "/incidents", timeout=30)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.3)
        start_rss = {p: rss_mb(p) for p in tree(server.pid)}
        stop = time.monotonic() + a.seconds

        def user(seed: int) -> None:
            r = random.Random(seed)
            with httpx.Client(base_url=base, timeout=60) as c:
                while time.monotonic() < stop:
                    name = r.choice(list(kinds))
                    t = time.perf_counter()
                    resp = c.get(kinds[name](r))
                    times[name].append((time.perf_counter() - t) * 1000)
                    if resp.status_code != 200:
                        errors.append(f"{resp.status_code} {resp.url}")

        threads = [threading.Thread(target=user, args=(i,)) for i in range(a.users)]
        for th in threads:
            th.start()
        while any(th.is_alive() for th in threads):
            for p in tree(server.pid):
                peak[p] = max(peak[p], rss_mb(p))
            time.sleep(0.2)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    print(
        f"load average {os.getloadavg()[0]:.1f}; {a.workers} server processes, {a.users} users, {a.seconds:.0f} s"
    )
    print(f"{'request':36} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for name, ts in times.items():
        print(f"{name:36} {len(ts):5d} {statistics.median(ts):8.0f} {percentile(ts, 95):8.0f}")
    for p in sorted(peak):
        print(f"process {p}: RSS {start_rss.get(p, 0):.0f} MB at start, peak {peak[p]:.0f} MB")
    print(f"errors: {len(errors)} {errors[:3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
