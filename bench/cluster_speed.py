"""Extraction on a local Dask cluster of 2 workers against one process, on the GVA dev inputs.

Starts ``dask scheduler`` and ``dask worker --nworkers 2 --nthreads 1`` on 127.0.0.1 (a
scheduler file in a temporary folder, free ports), waits for both workers, then times
``tollwatch extract INPUTS --format jsonl --workers 1`` and ``--scheduler ADDRESS``, checks the
outputs are byte-identical, and stops the cluster. Goal (issue 13): >= 1.7x on 2 cores.
The machine is shared: the load average is printed.

    python bench/cluster_speed.py [../shared/bench] [--limit N]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
TOLLWATCH = [
    sys.executable,
    "-c",
    "import sys; from tollwatch.cli import main; sys.argv[0] = 'tollwatch'; main()",
]


def timed(args: list[str], out: Path) -> tuple[float, str]:
    with out.open("wb") as f:
        t0 = time.perf_counter()
        subprocess.run([*TOLLWATCH, *args], stdout=f, stderr=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - t0
    return wall, hashlib.sha256(out.read_bytes()).hexdigest()


def start_cluster(tmp: Path) -> tuple[str, list[subprocess.Popen[bytes]]]:
    info = tmp / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0", "--dashboard-address", ":0",
         "--scheduler-file", str(info)],
        **quiet,
    )  # fmt: skip
    worker = subprocess.Popen(
        [str(BIN / "dask"), "worker", "--scheduler-file", str(info), "--nworkers", "2", "--nthreads", "1",
         "--host", "127.0.0.1", "--dashboard-address", ":0"],
        **quiet,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while not info.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    address = json.loads(info.read_text())["address"]
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=300)
    return address, [worker, scheduler]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shared", nargs="?", default=str(HERE.parent.parent / "shared" / "bench"))
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    a = ap.parse_args(argv)
    inputs = Path(a.shared) / "gva" / "dev.inputs.jsonl"
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if a.limit:
            part = tmp / "part.jsonl"
            with inputs.open(encoding="utf-8") as src:
                part.write_text("".join(itertools.islice(src, a.limit)), encoding="utf-8")
            inputs = part
        address, procs = start_cluster(tmp)
        try:
            print(f"cluster at {address}; load average {os.getloadavg()[0]:.1f}")
            one, d1 = timed(
                ["extract", str(inputs), "--format", "jsonl", "--workers", "1", "-q"], tmp / "one.jsonl"
            )
            dask, d2 = timed(
                ["extract", str(inputs), "--format", "jsonl", "--scheduler", address, "-q"],
                tmp / "dask.jsonl",
            )
            print(f"one process: {one:.1f} s wall; Dask, 2 workers: {dask:.1f} s wall -> x{one / dask:.2f}")
            print(f"outputs {'identical' if d1 == d2 else 'DIFFERENT'} ({d1[:12]} / {d2[:12]})")
            print(f"load average after: {os.getloadavg()[0]:.1f}")
        finally:
            for p in procs:
                p.terminate()
                p.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
