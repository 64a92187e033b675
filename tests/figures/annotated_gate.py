"""Score the figure reader on the annotated reports in ``annotated/reports.jsonl``.

Each report lists every human-toll figure it must yield (``must``: words its evidence must
contain, and what the figure must say), figures it must not yield (``must_not``), and its
main-incident ``summary``. Precision is the share of emitted figures that match a ``must``
entry; recall the share of ``must`` entries matched. Run as a script to see every miss:

    .venv/bin/python tests/figures/annotated_gate.py
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tollwatch
from tollwatch.contract import Document, to_dict

REPORTS = Path(__file__).with_name("annotated") / "reports.jsonl"


def norm(s: Any) -> str:
    s = unicodedata.normalize("NFKC", str(s or ""))
    s = s.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip().lower()


def as_list(v: Any) -> list[Any]:
    return v if isinstance(v, list) else [v]


def failures(fig: dict[str, Any], exp: dict[str, Any]) -> list[str]:
    """What a figure gets wrong against one expectation (empty: it matches)."""
    out = []
    if norm(exp["evidence_contains"]) not in norm(fig["evidence"]["text"]):
        return ["evidence"]
    if fig["outcome"] not in as_list(exp["outcome"]):
        out.append(f"outcome {fig['outcome']!r}")
    if "category" in exp and fig["category"] != exp["category"]:
        out.append(f"category {fig['category']!r}")
    for key, want in (exp.get("count") or {}).items():
        if key == "low" and isinstance(want, int) and fig["count"]["kind"] == "vague":
            if (fig["count"]["low"] or 0) < want:
                out.append(f"count.low {fig['count']['low']!r} < {want}")
        elif fig["count"].get(key) != want:
            out.append(f"count.{key} {fig['count'].get(key)!r} != {want!r}")
    if "source_contains" in exp:
        name = norm((fig.get("source") or {}).get("name"))
        if not any(norm(w) in name for w in as_list(exp["source_contains"])):
            out.append(f"source {name!r}")
    for flag in ("hedged", "undisclosed"):
        if flag in exp and bool(fig.get(flag)) != exp[flag]:
            out.append(f"{flag} {fig.get(flag)!r}")
    return out


def violates(fig: dict[str, Any], rule: dict[str, Any]) -> bool:
    c = fig["count"]
    if rule["number"] not in {c.get("low"), c.get("best"), c.get("high")}:
        return False
    if "outcome" in rule and fig["outcome"] != rule["outcome"]:
        return False
    return "evidence_contains" not in rule or norm(rule["evidence_contains"]) in norm(fig["evidence"]["text"])


@dataclass
class Score:
    emitted: int = 0
    true_pos: int = 0
    expected: int = 0
    found: int = 0
    forbidden: int = 0
    summaries: int = 0
    summaries_ok: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_pos / self.emitted if self.emitted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def summary_accuracy(self) -> float:
        return self.summaries_ok / self.summaries if self.summaries else 1.0


def load_reports() -> list[dict[str, Any]]:
    return [json.loads(line) for line in REPORTS.read_text(encoding="utf-8").splitlines() if line.strip()]


def read(report: dict[str, Any]) -> dict[str, Any]:
    doc = Document(
        id=report["id"],
        text=report["text"],
        title=report.get("title"),
        standfirst=report.get("standfirst"),
        published=report.get("published"),
    )
    doc = tollwatch.extract_document(doc)
    doc.check()
    return to_dict(doc)


def score(reports: list[dict[str, Any]] | None = None) -> Score:
    sc = Score()
    for rep in reports if reports is not None else load_reports():
        rec = read(rep)
        figs = rec["figures"]
        sc.emitted += len(figs)
        for fig in figs:
            if any(not failures(fig, e) for e in rep["must"]):
                sc.true_pos += 1
            else:
                sc.misses.append(
                    f"{rep['id']}: extra figure {fig['outcome']} {fig['count']['text']!r} "
                    f"<{fig['evidence']['text']}>"
                )
        for exp in rep["must"]:
            sc.expected += 1
            fails = [failures(f, exp) for f in figs]
            if any(not x for x in fails):
                sc.found += 1
            else:
                near = min(
                    (x for x in fails if x != ["evidence"]), key=len, default=["no figure with that evidence"]
                )
                sc.misses.append(f"{rep['id']}: missed {exp['evidence_contains']!r}: {'; '.join(near)}")
        for rule in rep["must_not"]:
            for fig in figs:
                if violates(fig, rule):
                    sc.forbidden += 1
                    sc.misses.append(f"{rep['id']}: forbidden {rule} <{fig['evidence']['text']}>")
        if rep.get("summary"):
            sc.summaries += 1
            s = rec["summary"]
            got = {k: ((s.get(k) or {}).get("best") or 0) for k in ("killed", "injured")}
            if got == rep["summary"]:
                sc.summaries_ok += 1
            else:
                sc.misses.append(f"{rep['id']}: summary {got}, want {rep['summary']}")
    return sc


if __name__ == "__main__":
    s = score()
    for m in s.misses:
        print(m)
    print(
        f"precision {s.precision:.3f} recall {s.recall:.3f} forbidden {s.forbidden} "
        f"summary {s.summaries_ok}/{s.summaries} ({s.summary_accuracy:.3f}) over {len(load_reports())} reports"
    )
