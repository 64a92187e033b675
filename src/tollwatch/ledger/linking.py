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

from sqlalchemy import Connection, bindparam, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from tollwatch.ledger import dedup
from tollwatch.ledger.schema import document_bands, document_keys, documents, link_keys
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


MAX_KEYS = 80


def keys_of(f: Features) -> list[str]:
    """The linking keys of a report: its people's names and its key phrases."""
    keys = sorted({k[:200] for k in (*f.get("names", ()), *f.get("phrases", ()))})[:MAX_KEYS]
    place = place_key(f)
    return [*keys, place] if place else keys


def _set(f: Features, key: str) -> set[str]:
    """``f[key]`` as a set, made once per features dict (they are compared many times)."""
    cache = f.setdefault("_sets", {})
    if key not in cache:
        cache[key] = set(f.get(key) or ())
    return cache[key]  # type: ignore[no-any-return]


def score_pair(
    a: Features,
    b: Features,
    weights: dict[str, float] | None = None,
    rare: set[str] | None = None,
    crowded: bool = False,
) -> float:
    """How strongly two reports look like one incident (higher: more alike).

    ``rare`` are the keys of ``a`` that few reports carry: each one ``b`` shares weighs
    ``rare_shared``. ``crowded``: several incidents of ``a``'s place are near its day (a
    big city), so the same place weighs only ``place_same_crowded``.
    """
    w = weights or settings("linking")["weights"]
    score = 0.0
    da = {d for d in (_day(link_day(a)), _day(a.get("published"))) if d}
    db = {d for d in (_day(link_day(b)), _day(b.get("published"))) if d}
    if da and db:
        diff = min(abs((x - y).days) for x in da for y in db)
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
        if a["place"] == b["place"]:
            score += w["place_same_crowded"] if crowded else w["place_same"]
        else:
            score += w["place_different"]
    na, nb = _set(a, "names"), _set(b, "names")
    if na and nb:
        shared = len(na & nb) or _surname_matches(na, nb)
        score += w["name_shared"] * min(shared, 2) if shared else w["names_disjoint"]
    pa, pb = _set(a, "phrases"), _set(b, "phrases")
    score += w["phrase_shared"] * min(len(pa & pb), w["phrase_max"])
    wa, wb = _set(a, "words"), _set(b, "words")
    if wa and wb:
        score += w["words_jaccard"] * len(wa & wb) / len(wa | wb)
    for k in ("killed", "injured"):
        if a.get(k) is not None and b.get(k) is not None:
            if a[k] == b[k]:
                score += w["count_same"]
            else:  # a toll rises as the days go on; it seldom falls
                later, earlier = (
                    (a, b) if (a.get("published") or "") >= (b.get("published") or "") else (b, a)
                )
                score += w["count_rising"] if later[k] > earlier[k] else w["count_falling"]
    if rare:
        shared_rare = len(rare & nb) + len(rare & (pb - nb))
        score += w["rare_shared"] * min(shared_rare, w["rare_max"])
    return score


def _surname_matches(na: set[str], nb: set[str]) -> int:
    """Names that agree on first and last word ("jamal d. reed" ~ "jamal reed")."""
    ka = {(n.split()[0], n.split()[-1]) for n in na}
    kb = {(n.split()[0], n.split()[-1]) for n in nb}
    return len(ka & kb)


def place_key(f: Features) -> str | None:
    """The key that counts the reports of a place (``place:chicago``)."""
    return f"place:{f['place']}"[:200] if f.get("place") else None


def rare_and_crowded(f: Features, counts: dict[str, int], cfg: dict[str, Any]) -> tuple[set[str], bool]:
    """The report's keys carried by at most ``rare_documents`` earlier reports, and whether
    more than ``crowded_place_documents`` earlier reports named its place (a big city: there,
    the same place and day is weak evidence of the same incident)."""
    place = place_key(f)
    rare = {k for k, n in counts.items() if k != place and 0 < n <= cfg["rare_documents"]}
    crowded = place is not None and counts.get(place, 0) > cfg["crowded_place_documents"]
    return rare, crowded


_COLS = (documents.c.id, documents.c.incident_id, documents.c.features_json)
_LIVE = (
    documents.c.id != bindparam("self_id"),
    documents.c.incident_id.is_not(None),
    documents.c.duplicate_of.is_(None),
)
#: Prepared once (bound parameters): the statements linking runs for every report.
_NEAR_DUPLICATES = (
    select(
        documents.c.id,
        documents.c.minhash,
        documents.c.duplicate_of,
        document_bands.c.band,
        document_bands.c.hash,
    )
    .join(document_bands, document_bands.c.document_id == documents.c.id)
    .where(
        document_bands.c.hash.in_(bindparam("hashes", expanding=True)),
        documents.c.id != bindparam("self_id"),
        documents.c.incident_id.is_not(None),
    )
)
_BY_DAY = select(*_COLS).where(
    or_(
        documents.c.day.between(bindparam("lo1"), bindparam("hi1")),
        documents.c.day.between(bindparam("lo2"), bindparam("hi2")),
    ),
    *_LIVE,
)
_BY_KEY = select(*_COLS).where(
    documents.c.id.in_(
        select(document_keys.c.document_id).where(document_keys.c.key.in_(bindparam("keys", expanding=True)))
    ),
    or_(
        documents.c.day.between(bindparam("lo1"), bindparam("hi1")),
        documents.c.day.between(bindparam("lo2"), bindparam("hi2")),
    ),
    *_LIVE,
)
_KEY_COUNTS = select(link_keys.c.key, link_keys.c.n_documents).where(
    link_keys.c.key.in_(bindparam("keys", expanding=True))
)


def _windows(days: list[date], span: int) -> dict[str, str]:
    d1, d2 = days[0], days[-1]
    w = timedelta(days=span)
    return {
        "lo1": (d1 - w).isoformat(),
        "hi1": (d1 + w).isoformat(),
        "lo2": (d2 - w).isoformat(),
        "hi2": (d2 + w).isoformat(),
    }


class Linker:
    """Finds, for each new report, its near-duplicate or its incident, inside one transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.cfg = settings("linking")
        self._features: dict[str, Features] = {}  # parsed once per transaction
        dialect = conn.dialect.name
        self._upsert: Any = None
        if dialect in ("sqlite", "postgresql"):
            ins: Any = (sqlite_insert if dialect == "sqlite" else pg_insert)(link_keys)
            self._upsert = ins.on_conflict_do_update(
                index_elements=["key"], set_={"n_documents": link_keys.c.n_documents + 1}
            )

    def near_duplicate(self, document_id: str, signature: bytes | None) -> tuple[str, float] | None:
        """The first stored copy this report nearly duplicates, with the similarity."""
        if signature is None:
            return None
        keys = set(dedup.bands(signature))
        rows = self.conn.execute(
            _NEAR_DUPLICATES, {"hashes": sorted({h for _, h in keys}), "self_id": document_id}
        ).all()
        best: tuple[str, float] | None = None
        for r in rows:
            if r.minhash is None or (r.band, r.hash) not in keys:
                continue
            sim = dedup.jaccard(signature, r.minhash)
            if sim >= self.cfg["near_duplicate_jaccard"] and (best is None or sim > best[1]):
                best = (r.duplicate_of or r.id, sim)
        return best

    def key_counts(self, keys: list[str]) -> dict[str, int]:
        """How many earlier reports carry each key."""
        if not keys:
            return {}
        return {str(r[0]): int(r[1]) for r in self.conn.execute(_KEY_COUNTS, {"keys": keys})}

    def rare_and_crowded(self, f: Features) -> tuple[set[str], bool]:
        """The report's rare keys, and whether its place is a crowded one (see :func:`rare_and_crowded`)."""
        return rare_and_crowded(f, self.key_counts(keys_of(f)), self.cfg)

    def add_keys(self, document_id: str, keys: list[str]) -> None:
        """Index a stored report's keys and count them."""
        if not keys:
            return
        self.conn.execute(document_keys.insert(), [{"key": k, "document_id": document_id} for k in keys])
        if self._upsert is not None:
            self.conn.execute(self._upsert, [{"key": k, "n_documents": 1} for k in keys])
            return
        for k in keys:  # pragma: no cover - other databases (we hold the write lock)
            done = self.conn.execute(
                update(link_keys).where(link_keys.c.key == k).values(n_documents=link_keys.c.n_documents + 1)
            )
            if not done.rowcount:
                self.conn.execute(link_keys.insert().values(key=k, n_documents=1))

    def candidates(self, document_id: str, f: Features, rare: set[str] | None = None) -> list[Candidate]:
        """Reports linked before whose day is near this one's, or who share a rare key with it
        within ``key_days``."""
        days = sorted({d for d in (_day(link_day(f)), _day(f.get("published"))) if d})
        if not days:
            return []
        rows = list(
            self.conn.execute(
                _BY_DAY, {"self_id": document_id, **_windows(days, self.cfg["block_days"])}
            ).all()
        )
        if rare:
            params = {"self_id": document_id, "keys": sorted(rare), **_windows(days, self.cfg["key_days"])}
            rows += self.conn.execute(_BY_KEY, params).all()
        out, seen = [], set()
        for r in rows:
            if r.id not in seen:
                seen.add(r.id)
                feats = self._features.get(r.id)
                if feats is None:
                    feats = self._features[r.id] = json.loads(r.features_json or "{}")
                out.append(Candidate(r.id, r.incident_id, feats))
        return out

    def best_incident(self, document_id: str, f: Features) -> tuple[int, float] | None:
        """The incident this report belongs to, if one scores high enough."""
        best: tuple[int, float] | None = None
        weights = self.cfg["weights"]
        rare, crowded = self.rare_and_crowded(f)
        for c in self.candidates(document_id, f, rare):
            s = score_pair(f, c.features, weights, rare, crowded)
            if best is None or s > best[1]:
                best = (c.incident_id, s)
        if best is not None and best[1] >= self.cfg["link_threshold"]:
            return best
        return None
