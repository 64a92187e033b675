"""``--workers 2`` against ``--workers 1`` on the GVA dev inputs: speed-up and identical output.

Runs ``tollwatch extract INPUTS --format jsonl --workers N`` for each N (as a user would,
one process tree each), checks that every run's output is byte-identical to the first, and
prints wall seconds and the speed-up. With ``--ingest`` it also ingests the inputs into a
fresh SQLite file per N and checks the stores hold the same documents, figures and incidents.
Goal (issue 13): extraction with 2 workers >= 1.8x on a 2-core machine. The machine is
shared: run it when it is quiet (the load average is printed), or compare with farm-bench.

    python bench/workers_speed.py [../shared/bench] [--workers 1 2] [--limit N] [--ingest]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOLLWATCH = [
    sys.executable,
    "-c",
    "import sys; from tollwatch.cli import main; sys.argv[0] = 'tollwatch'; main()",
]


def run(args: list[str], out: Path) -> float:
    with out.open("wb") as f:
        t0 = time.perf_counter()
        subprocess.run([*TOLLWATCH, *args], stdout=f, stderr=subprocess.DEVNULL, check=False)
        return time.perf_counter() - t0


def store_digest(db: Path) -> str:
    from sqlalchemy import select

    from tollwatch.ledger import Store
    from tollwatch.ledger.schema import documents, figures

    h = hashlib.sha256()
    with Store(db) as store:
        with store.read() as conn:
            d, f = documents.c, figures.c
            for row in conn.execute(
                select(d.id, d.summary_json, d.incident_id, d.duplicate_of).order_by(d.id)
            ):
                h.update(repr(tuple(row)).encode())
            for row in conn.execute(
                select(f.id, f.document_id, f.outcome, f.count_best, f.ev_start).order_by(f.id)
            ):
                h.update(repr(tuple(row)).encode())
        for inc in store.iter_incidents():
            h.update(repr((inc["id"], inc["documents"], inc["summary"])).encode())
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shared", nargs="?", default=str(HERE.parent.parent / "shared" / "bench"))
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ap.add_argument("--ingest", action="store_true", help="also time ingest into SQLite")
    a = ap.parse_args(argv)
    inputs = Path(a.shared) / "gva" / "dev.inputs.jsonl"
    with tempfile.TemporaryDirectory() as tmp:
        if a.limit:
            part = Path(tmp) / "part.jsonl"
            with inputs.open(encoding="utf-8") as src:
                part.write_text("".join(itertools.islice(src, a.limit)), encoding="utf-8")
            inputs = part
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        base: dict[str, float] = {}
        digests: dict[str, str] = {}
        for n in a.workers:
            out = Path(tmp) / f"w{n}.jsonl"
            wall = run(["extract", str(inputs), "--format", "jsonl", "--workers", str(n), "-q"], out)
            digest = hashlib.sha256(out.read_bytes()).hexdigest()
            same = digests.setdefault("extract", digest) == digest
            base.setdefault("extract", wall)
            print(
                f"extract --workers {n}: {wall:.1f} s wall, x{base['extract'] / wall:.2f}, "
                f"output {'identical' if same else 'DIFFERENT'} ({digest[:12]})"
            )
            if a.ingest:
                db = Path(tmp) / f"w{n}.db"
                wall = run(["ingest", str(inputs), "--db", str(db), "--workers", str(n)], Path(os.devnull))
                digest = store_digest(db)
                same = digests.setdefault("ingest", digest) == digest
                base.setdefault("ingest", wall)
                print(
                    f"ingest  --workers {n}: {wall:.1f} s wall, x{base['ingest'] / wall:.2f}, "
                    f"store {'identical' if same else 'DIFFERENT'} ({digest[:12]})"
                )
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
