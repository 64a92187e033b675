"""The crisis streams, ingested forward, in reverse and shuffled: linking and tallies each way.

Extracts ``streams/reports.jsonl`` once, then for each order writes the reports in that order
to the work folder, ingests them into a fresh SQLite store, writes ``tollwatch incidents
--format jsonl`` and runs the shared scorer (``score_stream.py``). Prints the scorer's digest
line per order and, with ``--details``, each gold incident's tallies (value, accept range).

    python bench/streams_orders.py [../shared/bench] [--workdir /tmp/tw-streams] [--details]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDERS = ("forward", "reverse", "shuffled")


def _run(cmd: list[str], out: Path | None = None) -> None:
    if out is None:
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL)
        return
    with open(out, "w", encoding="utf-8") as fh:
        subprocess.run(cmd, check=False, stdout=fh)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shared", nargs="?", default=str(HERE.parent.parent / "shared" / "bench"))
    ap.add_argument("--workdir", default="/tmp/tollwatch-streams")
    ap.add_argument("--details", action="store_true", help="print every gold incident's tallies")
    ap.add_argument("--orders", default=",".join(ORDERS), help="which orders to run (comma-separated)")
    a = ap.parse_args(argv)
    shared, work = Path(a.shared), Path(a.workdir)
    work.mkdir(parents=True, exist_ok=True)
    tw = str(Path(sys.executable).with_name("tollwatch"))
    reports = shared / "streams" / "reports.jsonl"
    lines = reports.read_text(encoding="utf-8").splitlines()
    docs = work / "docs.jsonl"
    _run([tw, "extract", str(reports), "--format", "jsonl"], docs)
    for order in a.orders.split(","):
        ordered = list(lines)
        if order == "reverse":
            ordered.reverse()
        elif order == "shuffled":
            random.Random(11).shuffle(ordered)
        src = work / f"{order}.jsonl"
        src.write_text("\n".join(ordered) + "\n", encoding="utf-8")
        db = work / f"{order}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        _run([tw, "ingest", str(src), "--db", str(db)])
        incs = work / f"{order}-incidents.jsonl"
        _run([tw, "incidents", "--db", str(db), "--format", "jsonl"], incs)
        scorer = [
            sys.executable,
            str(shared / "score_stream.py"),
            "--reports",
            str(reports),
            "--gold",
            str(shared / "streams" / "gold.json"),
            "--extract",
            str(docs),
            "--incidents",
            str(incs),
        ]
        res = subprocess.run([*scorer, "--json"], check=True, capture_output=True, text=True)
        out = json.loads(res.stdout)
        inc = out["linking_tallies"]
        ratios = [r["crisis"]["ratio"] for r in inc["incidents"] if r["crisis"]["ratio"] is not None]
        print(
            f"{order:9s} B3 {inc['bcubed_f1']:.3f}  incidents {inc['pred_incidents_total']}  "
            f"mixed {len(inc['mixed_pred_incidents'])}  tallies {inc['tallies_ok']}/{inc['tallies_total']}  "
            f"crisis ratio max {max(ratios):.3f}"
        )
        if a.details:
            for r in inc["incidents"]:
                for outcome, c in r["checks"].items():
                    mark = "ok" if c["ok"] else "NO"
                    print(f"    {r['id']:4s} {outcome:8s} {c['value']!s:>8s} in {c['accept']}  {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
