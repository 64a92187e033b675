#!/usr/bin/env python3
"""Streams: the figures gold expects against what is read, per dev half, with the sentence.

    .venv/bin/python bench/streams_figures.py                 # recall/precision/source, halves A and B
    .venv/bin/python bench/streams_figures.py --half A --list missed,wrong,source
    .venv/bin/python bench/streams_figures.py --half A --list extra --report tq07
    .venv/bin/python bench/streams_figures.py --linking       # also ingest: B-cubed and tallies

Halves split the 51 reports by a hash of the report id (``sha1(id)[0] % 2``), so every
crisis has reports in both halves: develop on one half, check on the other. Each report goes
through ``tollwatch.extract`` (as ``tollwatch extract --format jsonl``), and the shared
scorer ``score_stream.py`` scores each half's subset of the gold. ``--list`` prints, for each
gold figure of the half, how it was read (``missed``: no figure of that outcome over its
words; ``wrong``: the wrong number; ``source``: the right number from the wrong source) with
its sentence, and ``extra`` prints figures that match no gold figure. The texts are
third-party: this prints them for a developer's eyes, nothing is written to the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import tollwatch
from tollwatch.contract import to_dict

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared" / "bench"
KINDS = ("missed", "wrong", "source", "extra", "ok")


def half_of(report_id: str) -> str:
    return "A" if hashlib.sha1(report_id.encode()).digest()[0] % 2 == 0 else "B"


def _load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_stream", shared / "score_stream.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _subset_gold(gold: dict[str, Any], keep: set[str]) -> dict[str, Any]:
    incidents = []
    for inc in gold["incidents"]:
        reports = [r for r in inc["reports"] if r in keep]
        if reports:
            incidents.append(dict(inc, reports=reports))
    return {"incidents": incidents, "reports": [r for r in gold["reports"] if r["id"] in keep]}


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around [start, end): from the last full stop or line break before it to the next."""
    a = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    m = re.compile(r"\.\s|\n").search(text, end)
    b = m.end() if m else len(text)
    return " ".join(text[a:b].split())


def _count(f: dict[str, Any]) -> str:
    c = f.get("count") or {}
    return f"{c.get('kind')} {c.get('low')}/{c.get('best')}/{c.get('high')}"


def _source(f: dict[str, Any]) -> str | None:
    s = f.get("source")
    return s.get("name") if isinstance(s, dict) else s


def _pairs(sc: ModuleType, g: dict[str, Any], pred: dict[str, Any], doc: dict[str, Any]) -> tuple[dict, list]:
    """score_stream's one-to-one matching of a report's gold figures to its predicted ones."""
    pfigs = [f for f in pred.get("figures") or [] if f.get("evidence") and f.get("outcome") != "participants"]
    pairs = []
    for gi, gf in enumerate(g["figures"]):
        for i, pf in enumerate(pfigs):
            field, span = sc._ev_span(pf)
            where = sc.spans(sc._field(pred, doc, field), gf["evidence_contains"])
            hit = any(sc.overlaps(span, w) for w in where) or sc.norm(gf["evidence_contains"]) in sc.norm(
                pf["evidence"].get("text")
            )
            if hit and pf.get("outcome") == gf["outcome"]:
                pairs.append(((sc.number_ok(gf, pf), sc.strict_ok(gf, pf), sc.source_ok(gf, pf)), gi, i))
    pairs.sort(key=lambda x: (-x[0][0], -x[0][1], -x[0][2], x[1], x[2]))
    used: set[int] = set()
    taken: dict[int, tuple[tuple[bool, bool, bool], int]] = {}
    for score, gi, i in pairs:
        if gi not in taken and i not in used:
            taken[gi] = (score, i)
            used.add(i)
    return taken, pfigs


def _list_report(sc: ModuleType, g: dict, pred: dict, doc: dict, kinds: set[str]) -> None:
    text = pred.get("text") or doc.get("text") or ""
    taken, pfigs = _pairs(sc, g, pred, doc)
    for gi, gf in enumerate(g["figures"]):
        if gi not in taken:
            kind, got = "missed", None
        else:
            (num, _strict, src), i = taken[gi]
            got = pfigs[i]
            kind = "wrong" if not num else ("source" if not src else "ok")
        if kind not in kinds:
            continue
        where = sc.spans(text, gf["evidence_contains"])
        sent = _sentence(text, *where[0]) if where else "(in title/standfirst) " + gf["evidence_contains"]
        line = f"{g['id']} {kind:6s} gold {gf['outcome']} {gf['category']} {_count(gf)} src={gf.get('source_contains')!r}"
        if got is not None:
            line += f"\n             read {got['outcome']} {got.get('category')} {_count(got)} src={_source(got)!r}"
        note = f" [{gf['note']}]" if gf.get("note") else ""
        print(f"{line}{note}\n             | {sent}")
    if "extra" in kinds:
        matched = {i for _s, i in taken.values()}
        for i, pf in enumerate(pfigs):
            if i not in matched:
                ev = pf["evidence"].get("text") or ""
                print(
                    f"{g['id']} extra  read {pf['outcome']} {pf.get('category')} {_count(pf)} src={_source(pf)!r}"
                )
                print(f"             | {' '.join(ev.split())}")


def _linking(shared: Path, reports: Path, gold: Path, extract: Path, tmp: Path) -> None:
    db, inc = tmp / "s.db", tmp / "s-inc.jsonl"
    exe = Path(sys.executable).with_name("tollwatch")
    subprocess.run([str(exe), "ingest", str(reports), "--db", str(db)], check=False, capture_output=True)
    with inc.open("w") as out:
        subprocess.run([str(exe), "incidents", "--db", str(db), "--format", "jsonl"], check=True, stdout=out)
    cmd = [sys.executable, str(shared / "score_stream.py"), "--reports", str(reports), "--gold", str(gold)]
    res = subprocess.run(
        [*cmd, "--extract", str(extract), "--incidents", str(inc)], capture_output=True, text=True
    )
    print(res.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared bench folder")
    ap.add_argument("--half", choices=("A", "B"), help="only this half (default: both, and all)")
    ap.add_argument("--list", default="", help=f"comma-separated kinds to print: {', '.join(KINDS)}")
    ap.add_argument("--report", help="only this report id (with --list)")
    ap.add_argument("--linking", action="store_true", help="also ingest all reports: B-cubed F1 and tallies")
    a = ap.parse_args(argv)
    streams = a.shared / "streams"
    sc = _scorer(a.shared)
    gold = json.loads((streams / "gold.json").read_text(encoding="utf-8"))
    docs = {d["id"]: d for d in _load(streams / "reports.jsonl")}
    tmp = Path(tempfile.mkdtemp())
    preds = {to_dict(d)["id"]: to_dict(d) for d in tollwatch.extract(streams / "reports.jsonl")}
    extract = tmp / "s-docs.jsonl"
    extract.write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds.values()), encoding="utf-8"
    )
    kinds = {k.strip() for k in a.list.split(",") if k.strip()}
    incident = {r: g["id"] for g in gold["incidents"] for r in g["reports"]}
    for half in [a.half] if a.half else ["A", "B", "all"]:
        keep = {r for r in docs if half == "all" or half_of(r) == half}
        sub = _subset_gold(gold, keep)
        figs, _rows = sc.score_figures(docs, sub, preds, incident)
        print(
            f"half {half:3s} reports {len(sub['reports']):2d} gold {figs['gold_figures']:3d} "
            f"pred {figs['pred_figures']:3d}  recall {figs['recall']:.3f}  precision {figs['precision']:.3f}  "
            f"source {figs['source_acc']:.3f}  must_not broken {figs['forbidden']}"
        )
        if kinds and half != "all":
            for g in sub["reports"]:
                if a.report in (None, g["id"]) and g["id"] in preds:
                    _list_report(sc, g, preds[g["id"]], docs[g["id"]], kinds)
    if a.linking:
        _linking(a.shared, streams / "reports.jsonl", streams / "gold.json", extract, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
