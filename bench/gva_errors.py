#!/usr/bin/env python3
"""Error analysis of the figures stage on GVA dev: misses by confusion cell (gold, predicted).

    .venv/bin/python bench/gva_errors.py --half A                       # confusion cells, killed & injured
    .venv/bin/python bench/gva_errors.py --half A --cell killed=1,0 -n 20  # 20 docs of one cell
    .venv/bin/python bench/gva_errors.py --pred /tmp/pred.jsonl --half A   # reuse predictions
    .venv/bin/python bench/gva_errors.py --pred /tmp/pred.jsonl --rerun    # re-read figures only

``--rerun`` takes the documents of ``--pred`` as the reading stage left them and runs only
the figures stage again (fast, for rule work); it prints killed / injured / both.

Without ``--pred`` it runs the extraction (through the reading stage) on the chosen half.
For each shown document: id, gold and predicted (killed, injured), the title, the first
characters of the text, and every figure read (outcome, best count, field, evidence).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

import tollwatch
from tollwatch.contract import Document, to_dict
from tollwatch.figures import extract_figures

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gva_score import DEFAULT_SHARED, half_of  # noqa: E402


def _n(summary: dict, key: str) -> int:
    v = (summary or {}).get(key) or {}
    return int(v.get("best") or 0)


def _predict(records: list[dict]) -> list[dict]:
    tmp = Path(tempfile.mkdtemp()) / "inputs.jsonl"
    tmp.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return [to_dict(d) for d in tollwatch.extract(tmp)]


def _rerun(rec: dict) -> dict:
    doc = Document.from_dict({**rec, "figures": [], "summary": None})
    return to_dict(extract_figures(doc))


def _cap(n: int) -> int:
    return min(n, 3)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared bench folder")
    ap.add_argument("--half", choices=("A", "B"), help="only this half of dev (by incident hash)")
    ap.add_argument("--pred", type=Path, help="predictions already written (JSON lines); else extract")
    ap.add_argument("--rerun", action="store_true", help="run the figures stage again on --pred's documents")
    ap.add_argument("--save", type=Path, help="write the predictions made here to this file")
    ap.add_argument("--cell", help="show documents of one cell, e.g. killed=1,0 or injured=3+,0")
    ap.add_argument("-n", type=int, default=15, help="how many documents to show")
    ap.add_argument("--chars", type=int, default=600, help="how much of the text to print")
    ap.add_argument("--skip", type=int, default=0, help="skip this many documents of the cell first")
    a = ap.parse_args(argv)
    gva = a.shared / "gva"
    lines = [json.loads(line) for line in (gva / "dev.gold.jsonl").open(encoding="utf-8")]
    lines = [g for g in lines if a.half is None or half_of(g["incident"]) == a.half]
    gold = {g["id"]: g for g in lines}
    if a.pred:
        preds = [json.loads(line) for line in a.pred.open(encoding="utf-8")]
        if a.rerun:
            preds = [_rerun(p) for p in preds if p["id"] in gold]
    else:
        records = [json.loads(line) for line in (gva / "dev.inputs.jsonl").open(encoding="utf-8")]
        preds = _predict([r for r in records if r["id"] in gold])
        if a.save:
            a.save.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    preds = [p for p in preds if p["id"] in gold]
    if a.save and a.pred:
        a.save.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    last = {p["id"]: p for p in preds}  # the shared scorer keeps the last record of an id
    hits = Counter()
    for g in lines:  # as the shared scorer counts: every gold line
        p = last.get(g["id"])
        k = p is not None and _n(p["summary"], "killed") == g["killed"]
        j = p is not None and _n(p["summary"], "injured") == g["injured"]
        hits["killed"] += k
        hits["injured"] += j
        hits["both"] += k and j
    print("  ".join(f"{m} {hits[m] / len(lines):.3f}" for m in ("killed", "injured", "both")))
    cells: dict[str, Counter[tuple[int, int]]] = {"killed": Counter(), "injured": Counter()}
    for p in preds:
        g = gold[p["id"]]
        for key in cells:
            got, want = _n(p["summary"], key), g[key]
            if got != want:
                cells[key][(_cap(want), _cap(got))] += 1
    for key, cnt in cells.items():
        wrong = sum(cnt.values())
        print(f"{key}: {len(preds) - wrong}/{len(preds)} right; misses (gold, pred; 3 = 3+):")
        print("   " + "  ".join(f"{g},{q}: {n}" for (g, q), n in cnt.most_common(12)))
    if not a.cell:
        return 0
    key, _, pair = a.cell.partition("=")
    want_g, want_p = (int(x.rstrip("+")) for x in pair.split(","))
    shown = skipped = 0
    for p in preds:
        g = gold[p["id"]]
        got = _n(p["summary"], key)
        if got == g[key] or (_cap(g[key]), _cap(got)) != (want_g, want_p):
            continue
        if skipped < a.skip:
            skipped += 1
            continue
        shown += 1
        k, i = _n(p["summary"], "killed"), _n(p["summary"], "injured")
        print(f"\n--- {p['id']} gold {g['killed']}/{g['injured']} pred {k}/{i} | {p.get('title')}")
        for f in p["figures"]:
            ev = f["evidence"]
            print(f"    {f['outcome']:10s} {f['count']['best']!s:>5} {ev['field'][:2]} | {ev['text'][:110]}")
        text = " ".join((p.get("text") or "").split())
        print("    " + text[: a.chars])
        if shown >= a.n:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
