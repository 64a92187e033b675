#!/usr/bin/env python3
"""Score the figures stage on the GVA benchmark (document level), optionally on one dev half.

    .venv/bin/python bench/gva_score.py                      # all of dev, through the reading stage
    .venv/bin/python bench/gva_score.py --half A --errors 20 # develop on half A, print 20 misses
    .venv/bin/python bench/gva_score.py --half B             # check the gap on half B
    .venv/bin/python bench/gva_score.py --raw                # skip the reading stage (records as given)

Halves split dev by a hash of the GVA incident id, so every report of one incident falls
in the same half. Writes the predictions (``--pred``, JSON lines as ``tollwatch extract
--format jsonl`` writes them) and runs the shared scorer ``score_gva.py`` on them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tollwatch
from tollwatch.contract import Document, to_dict

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared" / "bench"


def half_of(incident: str) -> str:
    return "A" if hashlib.sha1(incident.encode()).digest()[0] % 2 == 0 else "B"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared bench folder")
    ap.add_argument("--half", choices=("A", "B"), help="score only this half of dev (by incident hash)")
    ap.add_argument(
        "--raw", action="store_true", help="build documents straight from the records (no reading)"
    )
    ap.add_argument("--pred", type=Path, help="where to write predictions (default: a temp file)")
    ap.add_argument("--errors", type=int, default=0, help="print this many misses (killed/injured)")
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args(argv)
    gva = a.shared / "gva"
    gold = [json.loads(line) for line in (gva / "dev.gold.jsonl").open(encoding="utf-8")]
    keep = {g["id"] for g in gold if a.half is None or half_of(g["incident"]) == a.half}
    records = [json.loads(line) for line in (gva / "dev.inputs.jsonl").open(encoding="utf-8")]
    records = [r for r in records if r["id"] in keep]
    if a.limit:
        records = records[: a.limit]
        keep = {r["id"] for r in records}
    tmp = Path(tempfile.mkdtemp())
    sub_in = tmp / "inputs.jsonl"
    sub_in.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    gold_path = tmp / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(g) + "\n" for g in gold if g["id"] in keep), encoding="utf-8")
    pred_path = a.pred or tmp / "pred.jsonl"
    t0, c0 = time.perf_counter(), time.process_time()
    if a.raw:
        docs = (
            tollwatch.extract_document(
                Document(
                    id=r["id"],
                    text=r.get("text") or "",
                    title=r.get("title"),
                    published=r.get("published"),
                    url=r.get("url"),
                )
            )
            for r in records
        )
    else:
        docs = tollwatch.extract(sub_in)
    preds = []
    with pred_path.open("w", encoding="utf-8") as out:
        for d in docs:
            d.check()
            rec = to_dict(d)
            preds.append(rec)
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    print(
        f"extracted {len(preds)} documents in {cpu:.1f} CPU-s ({len(preds) / max(cpu, 1e-9):.0f} docs/CPU-s), "
        f"{wall:.1f} s wall",
        file=sys.stderr,
    )
    if a.errors:
        _print_errors(records, gold, preds, a.errors)
    return subprocess.call(
        [sys.executable, str(a.shared / "score_gva.py"), "--gold", str(gold_path), "--pred", str(pred_path)]
    )


def _n(summary: dict, key: str) -> int:
    v = (summary or {}).get(key) or {}
    return int(v.get("best") or 0)


def _print_errors(records: list[dict], gold: list[dict], preds: list[dict], limit: int) -> None:
    by_id = {p["id"]: p for p in preds}
    rec = {r["id"]: r for r in records}
    shown = 0
    for g in gold:
        p = by_id.get(g["id"])
        if p is None:
            continue
        k, i = _n(p["summary"], "killed"), _n(p["summary"], "injured")
        if (k, i) == (g["killed"], g["injured"]):
            continue
        shown += 1
        print(f"--- {g['id']} gold {g['killed']}/{g['injured']} pred {k}/{i} | {rec[g['id']].get('title')}")
        for f in p["figures"]:
            print(
                f"    {f['outcome']:12s} {f['count']['best']!s:>5} {f['evidence']['field'][:2]} | {f['evidence']['text'][:100]}"
            )
        print("    " + (rec[g["id"]].get("text") or "")[:700].replace("\n", " "))
        if shown >= limit:
            break


if __name__ == "__main__":
    sys.exit(main())
