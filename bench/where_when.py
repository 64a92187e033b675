#!/usr/bin/env python3
"""Score the incident's day and place (summary.when / summary.where) on the GVA dev split.

    .venv/bin/python bench/where_when.py                      # readers alone, anchors=[]
    .venv/bin/python bench/where_when.py --pipeline           # through extract_document (real anchors)
    .venv/bin/python bench/where_when.py --errors 40 --half A # show misses of half A

Dev is split in two halves by a hash of the gold incident id, so that reports of one
incident stay together: tune on half A, and half B tells whether the tuning generalises.
Scoring is the shared scorer's own (``score_gva.place_ok`` / ``when_ok``, imported from
the shared folder). Speed is CPU time of the readers alone (gazetteer load reported apart).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import random
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def half_of(incident: str) -> str:
    return "A" if int(hashlib.sha1(incident.encode()).hexdigest(), 16) % 2 == 0 else "B"


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score_gva", shared / "score_gva.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "bench")
    ap.add_argument("--pipeline", action="store_true", help="score extract_document's summary (real anchors)")
    ap.add_argument("--half", choices=("A", "B"), help="only this half (errors and scores)")
    ap.add_argument("--errors", type=int, default=0, help="print this many misses (where and when)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)

    sys.path.insert(0, str(REPO / "src"))
    import tollwatch
    from tollwatch.figures.dates import DateReader
    from tollwatch.figures.geo import gazetteer
    from tollwatch.figures.places import PlaceReader

    scorer = load_scorer(a.shared)
    gva = a.shared / "gva"
    with open(gva / "dev.gold.jsonl", encoding="utf-8") as f:
        gold = {g["id"]: g for g in map(json.loads, f)}
    try:
        docs = [d for d in tollwatch.read(gva / "dev.inputs.jsonl") if d.id in gold]
    except Exception as e:  # the reader is being worked on: measure on the raw records instead
        print(f"warning: tollwatch.read failed ({e}); scoring the raw records", file=sys.stderr)
        from tollwatch.contract import Document

        with open(gva / "dev.inputs.jsonl", encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        fields = ("id", "text", "title", "published", "url")
        docs = [Document(**{k: r.get(k) or ("" if k == "text" else None) for k in fields}) for r in records]
        docs = [d for d in docs if d.id in gold]
    if a.half:
        docs = [d for d in docs if half_of(gold[d.id]["incident"]) == a.half]

    t0 = time.process_time()
    gazetteer()
    load_cpu = time.process_time() - t0

    results = []
    w0, t0 = time.perf_counter(), time.process_time()
    for doc in docs:
        if a.pipeline:
            tollwatch.extract_document(doc)
            when, where = doc.summary.when, doc.summary.where
        else:
            when = DateReader(doc).incident_day([])
            where = PlaceReader(doc).incident_place([])
        results.append((doc, when, where))
    cpu, wall = time.process_time() - t0, time.perf_counter() - w0

    hits: dict[str, dict[str, int]] = {h: {"n": 0, "where": 0, "state": 0, "when": 0} for h in ("A", "B")}
    misses: dict[str, list] = {"where": [], "when": []}
    for doc, when, where in results:
        g = gold[doc.id]
        summary = {"when": when, "where": {"name": where.name} if where else None}
        h = hits[half_of(g["incident"])]
        h["n"] += 1
        ok_where, ok_when = scorer.place_ok(summary, g), scorer.when_ok(summary, g)
        h["where"] += ok_where
        h["state"] += bool(where) and where.admin1 == g["state"]  # type: ignore[union-attr]
        h["when"] += ok_when
        if not ok_where:
            misses["where"].append((doc, g, where))
        if not ok_when:
            misses["when"].append((doc, g, when))

    for name, h in hits.items():
        if h["n"]:
            print(
                f"half {name}: docs={h['n']} where={h['where'] / h['n']:.3f} when={h['when'] / h['n']:.3f} "
                f"(state of where={h['state'] / h['n']:.3f})"
            )
    n = sum(h["n"] for h in hits.values())
    print(
        f"all: docs={n} where={sum(h['where'] for h in hits.values()) / n:.3f} "
        f"when={sum(h['when'] for h in hits.values()) / n:.3f}"
    )
    what = "extract_document" if a.pipeline else "DateReader+PlaceReader"
    print(
        f"speed ({what}): {n / cpu:.0f} docs per CPU-second ({cpu:.2f} s CPU, {wall:.2f} s wall); "
        f"gazetteer load {load_cpu:.2f} s CPU; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )

    rnd = random.Random(a.seed)
    for kind in ("where", "when"):
        sample = rnd.sample(misses[kind], min(a.errors, len(misses[kind])))
        for doc, g, got in sample:
            want = g["city_or_county"] if kind == "where" else g["date"]
            got_s = (f"{got.name}, {got.admin1}, {got.country}" if got else None) if kind == "where" else got
            print(
                f"\n--- {kind} miss {doc.id} want={want!r} ({g['state']}) got={got_s!r} published={doc.published}"
            )
            print(f"    title: {doc.title!r}")
            print("    " + (doc.text or "")[:700].replace("\n", " / "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
