"""Tune incident linking on the GVA dev split, in memory (no database), fast.

Reads the document records `tollwatch extract` wrote for the dev inputs, links them the way
:class:`tollwatch.ledger.linking.Linker` does (same blocking, same pair score, same order),
and prints the B-cubed precision / recall / F1 of the grouping against the gold incidents,
for the packaged weights and for any ``--set key=value`` overrides (weights or settings).

    tollwatch extract ../shared/bench/gva/dev.inputs.jsonl --format jsonl > /tmp/pred.jsonl
    python bench/incidents_tune.py --pred /tmp/pred.jsonl --set link_threshold=1.2 --set weights.place_same=0.8

Tune only on dev. The end-to-end measurement (through the store) is bench/incidents_gva.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tollwatch.contract import Document
from tollwatch.ledger import dedup
from tollwatch.ledger.features import features_of
from tollwatch.ledger.linking import best_match, keys_of, link_day, rare_and_crowded
from tollwatch.ledger.settings import settings

HERE = Path(__file__).resolve().parent


def bcubed(gold_of: dict[str, str], pred_of: dict[str, Any]) -> tuple[float, float, float]:
    g_members: dict[str, set[str]] = defaultdict(set)
    p_members: dict[Any, set[str]] = defaultdict(set)
    docs = [d for d in gold_of if d in pred_of]
    for d in docs:
        g_members[gold_of[d]].add(d)
        p_members[pred_of[d]].add(d)
    p = r = 0.0
    for d in docs:
        gs, ps = g_members[gold_of[d]], p_members[pred_of[d]]
        both = len(gs & ps)
        p += both / len(ps)
        r += both / len(gs)
    n = max(len(docs), 1)
    p, r = p / n, r / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _day(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def link_all(items: list[tuple[str, dict[str, Any], bytes | None]], cfg: dict[str, Any]) -> dict[str, int]:
    """Incremental linking as the store does it; returns document id -> incident number."""
    by_day: dict[date, list[str]] = defaultdict(list)
    feats: dict[str, dict[str, Any]] = {}
    incident: dict[str, int] = {}
    sig_of: dict[str, bytes] = {}
    band_index: dict[int, list[str]] = defaultdict(list)
    key_count: dict[str, int] = defaultdict(int)
    key_index: dict[str, list[str]] = defaultdict(list)
    span, wide = cfg["block_days"], cfg["key_days"]
    next_incident = 0
    for doc_id, f, sig in items:
        chosen = None
        if sig is not None:
            cands = {d for _, h in dedup.bands(sig) for d in band_index.get(h, [])}
            best = max(((dedup.jaccard(sig, sig_of[d]), d) for d in cands), default=None)
            if best and best[0] >= cfg["near_duplicate_jaccard"]:
                chosen = incident[best[1]]
        keys = keys_of(f)
        if chosen is None:
            rare, crowded = rare_and_crowded(f, {k: key_count[k] for k in keys if k in key_count}, cfg)
            days = {d for d in (_day(link_day(f)), _day(f.get("published"))) if d}
            cands_ids: list[str] = []
            for d in days:
                for k in range(-span, span + 1):
                    cands_ids += by_day.get(d + timedelta(days=k), [])
            for key in rare:
                for other in key_index[key]:
                    od = _day(link_day(feats[other]))
                    if od and any(abs((od - d).days) <= wide for d in days):
                        cands_ids.append(other)
            unique = list(dict.fromkeys(cands_ids))
            match = best_match(f, ((incident[o], feats[o]) for o in unique), cfg, rare, crowded)
            if match is not None:
                chosen = match[0]
            else:
                next_incident += 1
                chosen = next_incident
            d0 = _day(link_day(f))
            if d0:
                by_day[d0].append(doc_id)
                feats[doc_id] = f
                for key in keys:
                    key_index[key].append(doc_id)
        for key in keys:
            key_count[key] += 1
        incident[doc_id] = chosen
        if sig is not None:
            sig_of[doc_id] = sig
            for _, h in dedup.bands(sig):
                band_index[h].append(doc_id)
    return incident


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pred", required=True, help="JSON lines of `tollwatch extract` on the dev inputs")
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared" / "bench"))
    ap.add_argument("--set", action="append", default=[], help="key=value or weights.key=value (JSON value)")
    a = ap.parse_args(argv)
    with open(Path(a.shared) / "gva" / "dev.gold.jsonl", encoding="utf-8") as f:
        gold = [json.loads(line) for line in f]
    gold_of = {g["id"]: g["incident"] for g in gold}
    cfg = json.loads(json.dumps(settings("linking")))
    for s in a.set:
        key, _, value = s.partition("=")
        target = cfg
        parts = key.split(".")
        for p in parts[:-1]:
            target = target[p]
        target[parts[-1]] = json.loads(value)
    items = []
    with open(a.pred, encoding="utf-8") as f:
        docs = [Document.from_dict(json.loads(line)) for line in f]
    for doc in docs:
        items.append((doc.id, features_of(doc), dedup.signature(dedup.signed_text(doc.title, doc.text))))
    pred_of = link_all(items, cfg)
    p, r, f1 = bcubed(gold_of, pred_of)
    singles = bcubed(gold_of, {d: d for d in pred_of})
    print(
        f"bcubed_p {p:.3f} bcubed_r {r:.3f} bcubed_f1 {f1:.3f}  (every document alone: f1 {singles[2]:.3f})"
    )
    print(f"incidents {len(set(pred_of.values()))} (gold {len(set(gold_of.values()))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
