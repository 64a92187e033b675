"""Link candidates: the stored reports a batch's new reports are compared with, read from indexes.

Linking (:mod:`.linking`) compares a new report with three kinds of stored reports:

* its **near-duplicates**: reports sharing a MinHash band hash (``document_bands``);
* the reports whose day (``documents.day``: incident day, else publication day) lies within
  ``block_days`` of one of its days (``ix_documents_day``) -- all of them while they are
  few (at most ``CROWDED_WINDOW``), else only those that share one of its *blocks*: the same
  place, the same region (``admin1``), a name or a key phrase (:func:`blocks`; a report
  lacking a place or a region is in every block). Not the day alone: in a dense archive
  thousands of reports share a week, a few dozen share a week and a region. The blocks
  lose little: on GVA dev, 10 of 1,017 links join reports of different places sharing no
  name nor phrase, 4 of them of different regions (Madison, Wisconsin and Johnstown,
  Pennsylvania: one of the two places misread); blocks everywhere would leave 3,365 of the
  45,931 pairs to score and lose 2 right links (B-cubed F1 0.9249 -> 0.9245). No window of
  GVA dev or the streams holds more than ``CROWDED_WINDOW``: their links are unchanged;
* the reports sharing a **rare key** with it (a name, a key phrase: ``document_keys``) whose
  day lies within ``key_days``.

:class:`CandidateIndex` reads all of them for a whole batch at once -- the batch's day
windows merged into ranges (a statement per range), its band hashes and its keys that can
still be rare (a statement each), and the candidates' features (a statement per few thousand
reports) -- and answers each report's lookups in memory (a binary search in the day-sorted
rows). Linking a batch, a Parquet dataset's included, runs no query per report, and what a
report costs depends on how many reports its days carry, not on how many the store holds.

Candidates come in one order on every database (day, then id; near-duplicates by id), so
ties between equal scores are broken the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, select

from tollwatch.ledger.fastsql import as_list, raw_cursor
from tollwatch.ledger.schema import document_bands, document_keys, documents

Features = dict[str, Any]
Row = tuple[str, str, int]  # (day, document id, incident id)
Copy = tuple[str, Any, "str | None", int]  # (document id, signature, duplicate of, incident id)
Window = tuple[tuple[str, str], ...]  # (low day, high day) ranges, ISO strings

#: A report is compared with every report of its days while they are at most this many; in a
#: more crowded window (a dense archive: a country's news of a week), with those of its blocks.
CROWDED_WINDOW = 200
#: Ids a statement is given at a time (SQLite's json_each takes any number; PostgreSQL's IN too).
CHUNK = 5000

_LIVE_SQL = "incident_id IS NOT NULL AND duplicate_of IS NULL"
_SQLITE = {
    "days": f"SELECT day, id, incident_id FROM documents WHERE day BETWEEN ? AND ? AND {_LIVE_SQL}",
    "keys": "SELECT k.key, d.day, d.id, d.incident_id FROM document_keys k JOIN documents d ON d.id = k.document_id "
    "WHERE k.key IN (SELECT value FROM json_each(?)) AND d.incident_id IS NOT NULL AND d.duplicate_of IS NULL",
    "bands": "SELECT b.hash, d.id, d.minhash, d.duplicate_of, d.incident_id FROM document_bands b "
    "JOIN documents d ON d.id = b.document_id "
    "WHERE b.hash IN (SELECT value FROM json_each(?)) AND d.incident_id IS NOT NULL",
    "features": "SELECT id, features_json FROM documents WHERE id IN (SELECT value FROM json_each(?))",
}
_LIVE = (documents.c.incident_id.is_not(None), documents.c.duplicate_of.is_(None))
_DAYS = select(documents.c.day, documents.c.id, documents.c.incident_id).where(
    documents.c.day.between(bindparam("lo"), bindparam("hi")), *_LIVE
)
_KEYS = (
    select(document_keys.c.key, documents.c.day, documents.c.id, documents.c.incident_id)
    .join(documents, documents.c.id == document_keys.c.document_id)
    .where(document_keys.c.key.in_(bindparam("keys", expanding=True)), *_LIVE)
)
_BANDS = (
    select(
        document_bands.c.hash,
        documents.c.id,
        documents.c.minhash,
        documents.c.duplicate_of,
        documents.c.incident_id,
    )
    .join(documents, documents.c.id == document_bands.c.document_id)
    .where(
        document_bands.c.hash.in_(bindparam("hashes", expanding=True)), documents.c.incident_id.is_not(None)
    )
)
_FEATURES = select(documents.c.id, documents.c.features_json).where(
    documents.c.id.in_(bindparam("ids", expanding=True))
)


def blocks(f: Features) -> frozenset[tuple[str, str]] | None:
    """The blocks a report is in (``("place", "osh")``, ``("region", "osh region")``,
    ``("key", "dana whitlock")`` for each name and key phrase), or ``None`` when it lacks a place
    or a region: then it is in every block. Worked out once per features dict."""
    cache = f.setdefault("_sets", {})
    if "_blocks" not in cache:
        place, region = f.get("place"), f.get("admin1")
        cache["_blocks"] = (
            frozenset(
                [("place", place), ("region", region)]
                + [("key", k) for k in (*f.get("names", ()), *f.get("phrases", ()))]
            )
            if place and region
            else None
        )
    return cache["_blocks"]  # type: ignore[no-any-return]


def same_block(a: Features, b: Features) -> bool:
    """Whether two reports of near days are compared at all (see :func:`blocks`)."""
    x, y = blocks(a), blocks(b)
    return x is None or y is None or not x.isdisjoint(y)


def merged(windows: Iterable[Window]) -> list[tuple[str, str]]:
    """The day ranges of many windows, overlapping ones merged (ISO strings compare as days)."""
    out: list[tuple[str, str]] = []
    for lo, hi in sorted({r for w in windows for r in w}):
        if out and lo <= out[-1][1]:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _inside(day: str | None, window: Window) -> bool:
    return day is not None and any(lo <= day <= hi for lo, hi in window)


class CandidateIndex:
    """The stored candidates of one batch, read at once (:meth:`load`), looked up in memory."""

    def __init__(self) -> None:
        self._days: list[str] = []
        self._rows: list[Row] = []
        self._by_key: dict[str, list[Row]] = {}
        self._copies: dict[int, list[Copy]] = {}
        self._features: dict[str, Features] = {}
        self._blocks: dict[tuple[str, str], list[int]] = {}  # rows (indices) by block
        self._open: list[int] = []  # rows in every block (no place or no region)

    def load(
        self,
        conn: Connection,
        day_windows: Iterable[Window],
        keys: Iterable[str],
        band_hashes: Iterable[int],
        known: dict[str, Features],
    ) -> None:
        """Read the stored reports within any of ``day_windows``, carrying one of ``keys``, or
        sharing one of ``band_hashes``, and the features of those not in ``known`` (parsed
        features of earlier batches' reports, reused)."""
        run = _Runner(conn)
        rows: set[Row] = set()
        for lo, hi in merged(day_windows):
            found = run("days", _DAYS, (lo, hi), {"lo": lo, "hi": hi})
            rows.update((str(d), str(i), int(inc)) for d, i, inc in found)
        self._rows = sorted(rows)
        self._days = [r[0] for r in self._rows]
        by_key: dict[str, list[Row]] = defaultdict(list)
        for chunk in _chunks(sorted(set(keys))):
            for key, day, doc_id, incident in run("keys", _KEYS, (as_list(chunk),), {"keys": chunk}):
                by_key[str(key)].append((day, str(doc_id), int(incident)))
        self._by_key = {k: sorted(v, key=_order) for k, v in by_key.items()}
        copies: dict[int, list[Copy]] = defaultdict(list)
        for chunk in _chunks(sorted(set(band_hashes))):
            for h, doc_id, sig, duplicate_of, incident in run(
                "bands", _BANDS, (as_list(chunk),), {"hashes": chunk}
            ):
                copies[int(h)].append((str(doc_id), sig, duplicate_of, int(incident)))
        self._copies = dict(copies)
        wanted = {r[1] for r in self._rows} | {r[1] for v in self._by_key.values() for r in v}
        self._features = {i: known[i] for i in wanted if i in known}
        for chunk in _chunks(sorted(wanted - self._features.keys())):
            for doc_id, features_json in run("features", _FEATURES, (as_list(chunk),), {"ids": chunk}):
                self._features[str(doc_id)] = json.loads(features_json or "{}")
        by_block: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._open = []
        for n, (_, doc_id, _) in enumerate(self._rows):
            mine = blocks(self.features(doc_id))
            if mine is None:
                self._open.append(n)
            for b in mine or ():
                by_block[b].append(n)
        self._blocks = dict(by_block)

    def features(self, document_id: str) -> Features:
        """The parsed features of a candidate this index returned."""
        return self._features.get(document_id) or {}

    def loaded(self) -> dict[str, Features]:
        """Every candidate's parsed features (for the linker to keep for later batches)."""
        return self._features

    def by_days(self, document_id: str, window: Window) -> list[tuple[str, int]]:
        """(id, incident) of the live reports whose day lies in ``window``: by day, then id."""
        out: list[tuple[str, int]] = []
        seen: set[str] = set()
        for lo, hi in window:
            start = bisect.bisect_left(self._days, lo)
            end = bisect.bisect_right(self._days, hi, lo=start)
            for _, doc_id, incident in self._rows[start:end]:
                if doc_id != document_id and doc_id not in seen:
                    seen.add(doc_id)
                    out.append((doc_id, incident))
        return out

    def count(self, window: Window) -> int:
        """How many stored reports' days lie in ``window`` (a report in both ranges counts twice)."""
        return sum(
            bisect.bisect_right(self._days, hi) - bisect.bisect_left(self._days, lo) for lo, hi in window
        )

    def by_block(self, document_id: str, f: Features, window: Window) -> list[tuple[str, int]]:
        """:meth:`by_days` of the reports in one of the blocks of a report with features ``f``."""
        mine = blocks(f)
        if mine is None:
            return self.by_days(document_id, window)
        rows = set(self._open).union(*(self._blocks.get(b, ()) for b in mine))
        out = []
        for n in sorted(rows):
            day, doc_id, incident = self._rows[n]
            if doc_id != document_id and _inside(day, window):
                out.append((doc_id, incident))
        return out

    def by_keys(self, document_id: str, keys: Iterable[str], window: Window) -> list[tuple[str, int]]:
        """(id, incident) of the live reports carrying one of ``keys`` whose day lies in ``window``."""
        found = {
            r for k in keys for r in self._by_key.get(k, ()) if r[1] != document_id and _inside(r[0], window)
        }
        return [(doc_id, incident) for _, doc_id, incident in sorted(found, key=_order)]

    def copies(self, document_id: str, hashes: Iterable[int]) -> list[Copy]:
        """(id, signature, duplicate of, incident) of the stored reports sharing a band hash, by id."""
        found = {c[0]: c for h in hashes for c in self._copies.get(h, ()) if c[0] != document_id}
        return [found[i] for i in sorted(found)]


class _Runner:
    """Runs a statement through SQLite's DB-API cursor (the SQL of ``_SQLITE``), else Core."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.cur = raw_cursor(conn)

    def __call__(self, name: str, stmt: Any, args: tuple[Any, ...], params: dict[str, Any]) -> list[Any]:
        if self.cur is not None:
            return list(self.cur.execute(_SQLITE[name], args))
        return [tuple(r) for r in self.conn.execute(stmt, params)]


def _order(row: Row) -> tuple[str, str]:
    return (row[0] or "", row[1])


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]
