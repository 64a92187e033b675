"""Linking reports into incidents, incrementally, by what they describe.

A new report is first looked up among near-duplicates (shared MinHash bands, then the
estimated Jaccard similarity): a copy of a wire story joins its first copy's incident at
once. Otherwise it is compared with the reports already linked whose day (the incident
day of their summary, else their publication day) lies within ``block_days`` of its own
(*blocking*); :func:`score_pair` adds the weights of ``data/ledger/linking.json`` for what
two reports share — the same place, the same victims' names, key phrases (a street, a
church, a business), similar words, the same counts — and subtracts for conflicts (two
different towns). The report joins the incident of its best match if the score reaches
``link_threshold``; else it starts an incident of its own.

Reviewers win: a report a reviewer moved is never moved again by linking, and linking
never merges or splits incidents — only reviewers do (:mod:`tollwatch.ledger.review`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from tollwatch.ledger import dedup
from tollwatch.ledger.schema import document_bands, documents
from tollwatch.ledger.settings import settings

Features = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Candidate:
    document_id: str
    incident_id: int
    features: Features


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def link_day(f: Features) -> str | None:
    """The day a report is blocked on: its incident day, else its publication day."""
    return f.get("when") or f.get("published")


def score_pair(a: Features, b: Features, weights: dict[str, float] | None = None) -> float:
    """How strongly two reports look like one incident (higher: more alike)."""
    w = weights or settings("linking")["weights"]
    score = 0.0
    da, db = _day(link_day(a)), _day(link_day(b))
    if da and db:
        diff = abs((da - db).days)
        score += (
            w["day_0"]
            if diff == 0
            else w["day_1"]
            if diff == 1
            else w["day_2"]
            if diff == 2
            else w["day_far"]
        )
    if a.get("place") and b.get("place"):
        score += w["place_same"] if a["place"] == b["place"] else w["place_different"]
    na, nb = set(a.get("names") or ()), set(b.get("names") or ())
    if na and nb:
        shared = len(na & nb) or _surname_matches(na, nb)
        score += w["name_shared"] * min(shared, 2) if shared else w["names_disjoint"]
    pa, pb = set(a.get("phrases") or ()), set(b.get("phrases") or ())
    score += w["phrase_shared"] * min(len(pa & pb), w["phrase_max"])
    wa, wb = set(a.get("words") or ()), set(b.get("words") or ())
    if wa and wb:
        score += w["words_jaccard"] * len(wa & wb) / len(wa | wb)
    for k in ("killed", "injured"):
        if a.get(k) is not None and b.get(k) is not None:
            score += w["count_same"] if a[k] == b[k] else w["count_different"]
    return score


def _surname_matches(na: set[str], nb: set[str]) -> int:
    """Names that agree on first and last word ("jamal d. reed" ~ "jamal reed")."""
    ka = {(n.split()[0], n.split()[-1]) for n in na}
    kb = {(n.split()[0], n.split()[-1]) for n in nb}
    return len(ka & kb)


class Linker:
    """Finds, for each new report, its near-duplicate or its incident, inside one transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.cfg = settings("linking")

    def near_duplicate(self, document_id: str, signature: bytes | None) -> tuple[str, float] | None:
        """The first stored copy this report nearly duplicates, with the similarity."""
        if signature is None:
            return None
        keys = dedup.bands(signature)
        cond = or_(*(and_(document_bands.c.band == b, document_bands.c.hash == h) for b, h in keys))
        rows = self.conn.execute(
            select(documents.c.id, documents.c.minhash, documents.c.duplicate_of, documents.c.incident_id)
            .join(document_bands, document_bands.c.document_id == documents.c.id)
            .where(cond, documents.c.id != document_id, documents.c.incident_id.is_not(None))
            .distinct()
        ).all()
        best: tuple[str, float] | None = None
        for r in rows:
            if r.minhash is None:
                continue
            sim = dedup.jaccard(signature, r.minhash)
            if sim >= self.cfg["near_duplicate_jaccard"] and (best is None or sim > best[1]):
                best = (r.duplicate_of or r.id, sim)
        return best

    def candidates(self, document_id: str, f: Features) -> list[Candidate]:
        days = {d for d in (_day(link_day(f)), _day(f.get("published"))) if d}
        if not days:
            return []
        span = timedelta(days=self.cfg["block_days"])
        cond = or_(*(documents.c.day.between((d - span).isoformat(), (d + span).isoformat()) for d in days))
        rows = self.conn.execute(
            select(documents.c.id, documents.c.incident_id, documents.c.features_json).where(
                cond,
                documents.c.id != document_id,
                documents.c.incident_id.is_not(None),
                documents.c.duplicate_of.is_(None),
            )
        ).all()
        return [Candidate(r.id, r.incident_id, json.loads(r.features_json or "{}")) for r in rows]

    def best_incident(self, document_id: str, f: Features) -> tuple[int, float] | None:
        """The incident this report belongs to, if one scores high enough."""
        best: tuple[int, float] | None = None
        weights = self.cfg["weights"]
        for c in self.candidates(document_id, f):
            s = score_pair(f, c.features, weights)
            if best is None or s > best[1]:
                best = (c.incident_id, s)
        if best is not None and best[1] >= self.cfg["link_threshold"]:
            return best
        return None
