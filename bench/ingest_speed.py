"""Ingest speed against extraction alone, on one core, over the GVA dev inputs.

Runs ``tollwatch.extract`` over the inputs (read + figures, nothing stored), then ingests the
same inputs into a fresh SQLite file (read + figures + store + near-duplicates + linking +
ledgers), and prints documents per CPU-second for both (``time.process_time``; the machine is
shared, so wall time is printed too but is noisy). Goal: ingest within 20% of extract alone.

    python bench/ingest_speed.py [../shared/bench] [--limit N]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

import tollwatch
from tollwatch.ledger import Store
from tollwatch.ledger.ingest import ingest_documents, read_inputs

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shared", nargs="?", default=str(HERE.parent.parent / "shared" / "bench"))
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    a = ap.parse_args(argv)
    inputs = Path(a.shared) / "gva" / "dev.inputs.jsonl"
    for _ in itertools.islice(tollwatch.extract(inputs), 5):  # warm up: lexicons, gazetteer, models
        pass
    w0, c0 = time.perf_counter(), time.process_time()
    n = sum(1 for _ in itertools.islice(tollwatch.extract(inputs), a.limit))
    w1, c1 = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "speed.db") as store:
        w2, c2 = time.perf_counter(), time.process_time()
        docs = itertools.islice(read_inputs([inputs]), a.limit)
        summary = ingest_documents(store.engine, docs, extract=tollwatch.extract_document)
        w3, c3 = time.perf_counter(), time.process_time()
    ex, ing = n / (c1 - c0), summary.read / (c3 - c2)
    print(
        f"extract alone: {n} docs, {c1 - c0:.1f} s CPU, {w1 - w0:.1f} s wall -> {ex:.1f} docs per CPU-second"
    )
    print(
        f"ingest:        {summary.read} docs, {c3 - c2:.1f} s CPU, {w3 - w2:.1f} s wall -> {ing:.1f} docs per CPU-second"
    )
    print(f"ingest / extract: {ing / ex:.2f} (goal >= 0.80); {summary.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
