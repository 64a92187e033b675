#!/usr/bin/env python3
"""Score the figures stage on the international event texts (GTD, ACLED), per dev half.

    .venv/bin/python bench/intl_score.py                     # both sets, halves A and B
    .venv/bin/python bench/intl_score.py --set gtd --half A --errors 30 --outcome killed
    .venv/bin/python bench/intl_score.py --full              # also print the shared scorer's table

Halves split each set by a hash of the document id (``sha1(id)[0] % 2``). Each half's
documents go through ``tollwatch.extract`` (the reading stage included, as ``tollwatch
extract --format jsonl`` does) and the shared scorer ``score_ext.py`` scores them; this
prints its ``gold_killed_pos`` row (events where someone died: killed, lenient) and the
injured figure over all events (lenient), per half.
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
from tollwatch.contract import to_dict

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared" / "bench"
SETS = ("gtd", "acled")


def half_of(doc_id: str) -> str:
    return "A" if hashlib.sha1(doc_id.encode()).digest()[0] % 2 == 0 else "B"


def _load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _extract(docs_path: Path, pred_path: Path) -> tuple[list[dict], float]:
    c0 = time.process_time()
    preds = []
    with pred_path.open("w", encoding="utf-8") as out:
        for d in tollwatch.extract(docs_path):
            rec = to_dict(d)
            preds.append(rec)
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return preds, time.process_time() - c0


def _score(shared: Path, gold: Path, pred: Path, docs: Path, full: bool) -> dict:
    cmd = [sys.executable, str(shared / "score_ext.py"), "--gold", str(gold), "--pred", str(pred)]
    if full:
        subprocess.call([*cmd, "--docs", str(docs)])
    out = subprocess.run([*cmd, "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["tollwatch"]


def _print_errors(docs: list[dict], gold: list[dict], preds: list[dict], outcome: str, limit: int) -> None:
    by_id = {p["id"]: p for p in preds}
    text = {d["id"]: d["text"] for d in docs}
    shown = 0
    for g in gold:
        want = g.get(outcome)
        if want is None or (outcome == "killed" and want == 0):
            continue
        p = by_id.get(g["id"]) or {}
        got = ((p.get("summary") or {}).get(outcome) or {}).get("best") or 0
        if got == want:
            continue
        shown += 1
        print(f"--- {g['id']} {outcome} gold {want} pred {got} flags {g.get('flags')}")
        for f in p.get("figures") or []:
            ev = (f.get("evidence") or {}).get("text") or ""
            print(f"    {f['outcome']:10s} {f['count']['best']!s:>5} {f.get('category')!s:14s} | {ev[:110]}")
        print("    " + text[g["id"]][:600].replace("\n", " "))
        if shown >= limit:
            break


def run_set(a: argparse.Namespace, name: str, half: str, tmp: Path) -> dict:
    intl = a.shared / "intl"
    docs = [d for d in _load(intl / f"{name}.docs.jsonl") if half_of(d["id"]) == half]
    keep = {d["id"] for d in docs}
    gold = [g for g in _load(intl / f"{name}.gold.jsonl") if g["id"] in keep]
    docs_path, gold_path, pred_path = (tmp / f"{name}-{half}.{k}.jsonl" for k in ("docs", "gold", "pred"))
    _write(docs_path, docs)
    _write(gold_path, gold)
    preds, cpu = _extract(docs_path, pred_path)
    if a.errors:
        _print_errors(docs, gold, preds, a.outcome, a.errors)
    res = _score(a.shared, gold_path, pred_path, docs_path, a.full)
    pos, every = res["gold_killed_pos"], res["all"]
    row = {
        "set": name,
        "half": half,
        "n": len(docs),
        "killed_pos": pos["killed"]["exact_lenient"],
        "n_killed_pos": pos["n"],
        "killed_all": every["killed"]["exact_lenient"],
        "injured_all": every["injured"]["exact_lenient"] if "injured" in every else None,
        "docs_per_cpu_s": round(len(docs) / max(cpu, 1e-9)),
    }
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared bench folder")
    ap.add_argument("--set", choices=SETS, help="only this set (default: both)")
    ap.add_argument("--half", choices=("A", "B"), help="only this half (default: both)")
    ap.add_argument("--errors", type=int, default=0, help="print this many misses per half")
    ap.add_argument(
        "--outcome", choices=("killed", "injured"), default="killed", help="misses of which outcome"
    )
    ap.add_argument("--full", action="store_true", help="also print the shared scorer's own table")
    a = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp())
    rows = [
        run_set(a, name, half, tmp)
        for name in ([a.set] if a.set else SETS)
        for half in ([a.half] if a.half else ("A", "B"))
    ]
    for r in rows:
        inj = "" if r["injured_all"] is None else f"  injured(all) {r['injured_all']:.3f}"
        print(
            f"{r['set']:5s} half {r['half']} n={r['n']:4d}  killed>0 {r['killed_pos']:.3f} "
            f"(n={r['n_killed_pos']})  killed(all) {r['killed_all']:.3f}{inj}  {r['docs_per_cpu_s']} docs/CPU-s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
