"""Incidents on the GVA dev split, end to end through the store.

Ingests ``gva/dev.inputs.jsonl`` into a fresh SQLite database (read + extract + store +
link, as ``tollwatch ingest`` does), writes ``tollwatch incidents --format jsonl`` and the
stored documents (``tollwatch export --what documents --format jsonl``), and runs the
shared scorer with ``--incidents``. Prints the scorer's figures, the ingest time, the
reference "every document its own incident", and the incident-level figures on each half
of the gold incidents (half A / B by a hash of the incident id: rules are developed on A
and checked on B).

    python bench/incidents_gva.py [../shared/bench] [--workdir /tmp/tw-gva]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

from tollwatch.export import export
from tollwatch.ledger import Store

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shared", nargs="?", default=str(HERE.parent.parent / "shared" / "bench"))
    ap.add_argument("--workdir", default="/tmp/tollwatch-incidents-gva")
    a = ap.parse_args(argv)
    shared, work = Path(a.shared), Path(a.workdir)
    work.mkdir(parents=True, exist_ok=True)
    db = work / "gva.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    inputs = shared / "gva" / "dev.inputs.jsonl"
    t0, c0 = time.perf_counter(), time.process_time()
    with Store(db) as store:
        summary = store.ingest([inputs])
        t1, c1 = time.perf_counter(), time.process_time()
        export(store, "documents", "jsonl", work / "documents.jsonl")
        with open(work / "incidents.jsonl", "w", encoding="utf-8") as out:
            for inc in store.iter_incidents():
                out.write(
                    json.dumps({k: inc[k] for k in ("id", "documents", "summary")}, ensure_ascii=False) + "\n"
                )
    print(f"ingest: {summary.line()}")
    print(
        f"ingest time: {t1 - t0:.1f} s wall, {c1 - c0:.1f} s CPU ({summary.read / max(c1 - c0, 1e-9):.1f} docs per CPU-second)"
    )
    scorer = [sys.executable, str(shared / "score_gva.py"), "--gold", str(shared / "gva" / "dev.gold.jsonl")]
    subprocess.run(
        [*scorer, "--pred", str(work / "documents.jsonl"), "--incidents", str(work / "incidents.jsonl")],
        check=True,
    )
    alone = work / "alone.jsonl"
    with open(work / "documents.jsonl", encoding="utf-8") as f, open(alone, "w", encoding="utf-8") as out:
        for line in f:
            d = json.loads(line)
            out.write(json.dumps({"id": d["id"], "documents": [d["id"]], "summary": d["summary"]}) + "\n")
    ref = subprocess.run(
        [*scorer, "--pred", str(work / "documents.jsonl"), "--incidents", str(alone), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    r = json.loads(ref.stdout)
    print(
        f"reference, every document its own incident: bcubed_f1 {r['bcubed_f1']:.3f} incident_both {r['incident_both']:.3f}"
    )
    with open(shared / "gva" / "dev.gold.jsonl", encoding="utf-8") as f:
        gold = [json.loads(line) for line in f]
    for h in "AB":
        part = work / f"gold.{h}.jsonl"
        part.write_text(
            "".join(json.dumps(g) + "\n" for g in gold if half(g["incident"]) == h), encoding="utf-8"
        )
        out = subprocess.run(
            [sys.executable, str(shared / "score_gva.py"), "--gold", str(part), "--pred", str(work / "documents.jsonl"),
             "--incidents", str(work / "incidents.jsonl"), "--json"],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        m = json.loads(out.stdout)
        print(
            f"half {h}: incident killed {m['incident_killed']:.3f} injured {m['incident_injured']:.3f} "
            f"both {m['incident_both']:.3f} (B-cubed over its documents only: P {m['bcubed_p']:.3f} "
            f"R {m['bcubed_r']:.3f} F1 {m['bcubed_f1']:.3f})"
        )
    return 0


def half(incident: object) -> str:
    """The half (A or B) of a gold incident: rules are developed on A and checked on B."""
    return "A" if int(hashlib.md5(str(incident).encode()).hexdigest(), 16) % 2 == 0 else "B"


if __name__ == "__main__":
    sys.exit(main())
