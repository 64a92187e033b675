"""Linking reports into incidents, incrementally, by what they describe.

A new report is first looked up among near-duplicates (shared MinHash bands, then the
estimated Jaccard similarity): a copy of a wire story joins its first copy's incident at
once. Otherwise it is compared with the reports already linked whose day (the incident
day of their summary, else their publication day) lies within ``block_days`` of its own
(*blocking*); :func:`score_pair` adds the weights of ``data/ledger/linking.json`` for what
two reports share — the same place, the same victims' names, key phrases (a street, a
church, a business), similar words, the same counts — and subtracts for conflicts (two
different towns; a toll that falls; one report counting only dead and the other only
wounded, ``dead_only_wounded_only``: most often two shootings, and when it is one whose
wounded died, the names, places and words they share still link them). The report joins the incident of its best match if the score reaches
``link_threshold``; else it starts an incident of its own.

Reviewers win: a report a reviewer moved is never moved again by linking, and linking
never merges or splits incidents — only reviewers do (:mod:`tollwatch.ledger.review`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from tollwatch.ledger import candidates as blocking
from tollwatch.ledger import dedup
from tollwatch.ledger.candidates import CandidateIndex, Window, same_block
from tollwatch.ledger.fastsql import as_list, insert_tuples, raw_cursor
from tollwatch.ledger.schema import document_bands, document_keys, link_keys
from tollwatch.ledger.settings import settings

Features = dict[str, Any]


class Candidate(NamedTuple):
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
    """The linking keys of a report: its people's names and its key phrases (and its place).

    Worked out once per features dict (ingest asks three times); the list is not to be changed."""
    cache = f.setdefault("_sets", {})
    found = cache.get("_keys")
    if found is None:
        keys = sorted({k[:200] for k in (*f.get("names", ()), *f.get("phrases", ()))})[:MAX_KEYS]
        place = place_key(f)
        found = cache["_keys"] = [*keys, place] if place else keys
    return found  # type: ignore[no-any-return]


class _Profile:
    """What :func:`score_pair` reads of one report, worked out once per features dict (they
    are compared many times): the sets, the days as ordinals, the counts."""

    __slots__ = (
        "_name_ends",
        "days",
        "dead_only",
        "injured",
        "keys",
        "killed",
        "n_words",
        "names",
        "phrases",
        "place",
        "published",
        "words",
        "wounded_only",
    )

    def __init__(self, f: Features) -> None:
        self.days = report_days(f)
        self.place = f.get("place") or None
        self.names = _set(f, "names")
        self.phrases = _set(f, "phrases")
        self.keys = self.names | self.phrases  # what a rare key is looked up in
        self.words = _set(f, "words")
        self.n_words = len(self.words)
        self.killed = f.get("killed")
        self.injured = f.get("injured")
        self.published = f.get("published") or ""
        self.dead_only = _dead_only(f)
        self.wounded_only = _wounded_only(f)
        self._name_ends: set[tuple[str, str]] | None = None

    @property
    def name_ends(self) -> set[tuple[str, str]]:
        """The names' (first word, last word) pairs."""
        if self._name_ends is None:
            self._name_ends = {(n.split()[0], n.split()[-1]) for n in self.names}
        return self._name_ends


def _profile(f: Features) -> _Profile:
    cache = f.get("_sets")
    p = cache.get("_profile") if cache is not None else None
    if p is None:
        p = f.setdefault("_sets", {})["_profile"] = _Profile(f)
    return p  # type: ignore[no-any-return]


def _set(f: Features, key: str) -> set[Any]:
    """``f[key]`` as a set, made once per features dict (they are compared many times)."""
    cache = f.setdefault("_sets", {})
    if key not in cache:
        cache[key] = set(f.get(key) or ())
    return cache[key]  # type: ignore[no-any-return]


def gap_days(da: tuple[int, ...], db: tuple[int, ...]) -> int | None:
    """Days between two reports' day ordinals (the closest pair), ``None`` without days."""
    if not da or not db:
        return None
    if len(da) == 1 and len(db) == 1:
        return abs(da[0] - db[0])
    return min([abs(x - y) for x in da for y in db])


def _scorer(
    a: _Profile, w: dict[str, Any], rare: set[str] | None, crowded: bool
) -> Callable[[_Profile], tuple[float, int | None]]:
    """:func:`score_pair` of ``a`` with another report's profile, and their :func:`day_gap`:
    what stays the same for all of ``a``'s candidates is read once. The terms are added in
    the order :func:`score_pair` documents (the same float, to the last bit)."""
    day_0, day_1, day_2, day_far = w["day_0"], w["day_1"], w["day_2"], w["day_far"]
    place_same = w["place_same_crowded"] if crowded else w["place_same"]
    place_different = w["place_different"]
    name_shared, names_disjoint = w["name_shared"], w["names_disjoint"]
    phrase_shared, phrase_max = w["phrase_shared"], w["phrase_max"]
    words_jaccard = w["words_jaccard"]
    count_same, count_rising, count_falling = w["count_same"], w["count_rising"], w["count_falling"]
    rare_shared, rare_max = w["rare_shared"], w["rare_max"]
    dead_wounded = w.get("dead_only_wounded_only", 0.0)
    a_days, a_place, na, a_phrases, a_words, a_n_words = (
        a.days,
        a.place,
        a.names,
        a.phrases,
        a.words,
        a.n_words,
    )
    a_one_day = a_days[0] if len(a_days) == 1 else None
    a_killed, a_injured, a_published = a.killed, a.injured, a.published
    a_dead_only, a_wounded_only = a.dead_only, a.wounded_only

    def score(b: _Profile) -> tuple[float, int | None]:
        s = 0.0
        db = b.days
        if a_one_day is not None and len(db) == 1:  # (most often) written out: gap_days
            diff: int | None = abs(a_one_day - db[0])
        else:
            diff = gap_days(a_days, db)
        if diff is not None:
            s += day_0 if diff == 0 else day_1 if diff == 1 else day_2 if diff == 2 else day_far
        if a_place and b.place:
            s += place_same if a_place == b.place else place_different
        nb = b.names
        if na and nb:
            shared = len(na & nb) or len(a.name_ends & b.name_ends)
            s += name_shared * min(shared, 2) if shared else names_disjoint
        if phrase_shared:  # (adding 0 * n changes nothing)
            s += phrase_shared * min(len(a_phrases & b.phrases), phrase_max)
        if a_n_words and b.n_words:
            common = len(a_words & b.words)
            s += words_jaccard * common / (a_n_words + b.n_words - common)
        if (a_dead_only and b.wounded_only) or (b.dead_only and a_wounded_only):
            s += dead_wounded  # most often other victims
        for x, y in ((a_killed, b.killed), (a_injured, b.injured)):
            if x is not None and y is not None:
                if x == y:
                    s += count_same
                else:  # a toll rises as the days go on; it seldom falls
                    later, earlier = (x, y) if a_published >= b.published else (y, x)
                    s += count_rising if later > earlier else count_falling
        if rare:
            s += rare_shared * min(len(rare & b.keys), rare_max)
        return s, diff

    return score


def score_pair(
    a: Features,
    b: Features,
    weights: dict[str, float] | None = None,
    rare: set[str] | None = None,
    crowded: bool = False,
) -> float:
    """How strongly two reports look like one incident (higher: more alike).

    Adds up, in this order: the days apart (``day_0`` .. ``day_far``), the same or a
    different place, shared names (``name_shared``, at most two; by first and last word when
    no name is the same) or none shared, shared key phrases, the words' Jaccard similarity
    (times ``words_jaccard``), one counting only dead and the other only wounded, the same,
    a rising or a falling count of killed, then of injured. ``rare`` are the keys of ``a``
    that few reports carry: each one ``b`` shares (a name or a key phrase of it) weighs
    ``rare_shared``. ``crowded``: several incidents of ``a``'s place are near its day (a big
    city), so the same place weighs only ``place_same_crowded``.
    """
    w = weights or settings("linking")["weights"]
    return _scorer(_profile(a), w, rare, crowded)(_profile(b))[0]


def _dead_only(f: Features) -> bool:
    """The report counts dead and says nothing of wounded."""
    return bool(f.get("killed")) and f.get("injured") is None


def _wounded_only(f: Features) -> bool:
    """The report counts wounded and says nothing of dead."""
    return f.get("killed") is None and bool(f.get("injured"))


def report_days(f: Features) -> tuple[int, ...]:
    """The report's days (incident day, publication day) as ordinals, worked out once."""
    cache = f.setdefault("_sets", {})
    days = cache.get("_days")
    if days is None:
        found = {d.toordinal() for d in (_day(link_day(f)), _day(f.get("published"))) if d}
        days = cache["_days"] = tuple(sorted(found))
    return days  # type: ignore[no-any-return]


def day_gap(a: Features, b: Features) -> int | None:
    """Days between two reports (their incident or publication days, the closest pair)."""
    return gap_days(report_days(a), report_days(b))


def best_match(
    f: Features,
    candidates: Iterable[tuple[int, Features]],
    cfg: dict[str, Any],
    rare: set[str] | None = None,
    crowded: bool = False,
) -> tuple[int, float] | None:
    """The incident of the best-scoring candidate report that passes its threshold:
    ``link_threshold`` within ``block_days`` (``crowded_link_threshold`` in a crowded place,
    a big city where the same place and day say little), ``far_link_threshold`` beyond (a
    report found through a rare key only, weeks apart, needs more in common)."""
    score = _scorer(_profile(f), cfg["weights"] or settings("linking")["weights"], rare, crowded)
    near_threshold = cfg["crowded_link_threshold"] if crowded else cfg["link_threshold"]
    far_threshold, block_days = cfg["far_link_threshold"], cfg["block_days"]
    best: tuple[int, float] | None = None
    for incident_id, other in candidates:
        s, gap = score(_profile(other))
        if best is not None and s <= best[1]:
            continue
        near = gap is not None and gap <= block_days
        if s >= (near_threshold if near else far_threshold):
            best = (incident_id, s)
    return best


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


_KEY_COUNTS = select(link_keys.c.key, link_keys.c.n_documents).where(
    link_keys.c.key.in_(bindparam("keys", expanding=True))
)
#: The same statement for SQLite's DB-API cursor (see :mod:`tollwatch.ledger.fastsql`).
_SQLITE_COUNTS = "SELECT key, n_documents FROM link_keys WHERE key IN (SELECT value FROM json_each(?))"
_KEYS_UPSERT = " ON CONFLICT (key) DO UPDATE SET n_documents = n_documents + excluded.n_documents"


@lru_cache(maxsize=4096)
def _windows(days: tuple[date, ...], span: int) -> Window:
    """The day ranges within ``span`` days of the first and of the last of ``days``."""
    d1, d2 = days[0], days[-1]
    w = timedelta(days=span)
    return ((d1 - w).isoformat(), (d1 + w).isoformat()), ((d2 - w).isoformat(), (d2 + w).isoformat())


def _link_days(f: Features) -> tuple[date, ...]:
    """The report's days (incident or publication day, publication day) as dates, sorted."""
    return tuple(sorted({d for d in (_day(link_day(f)), _day(f.get("published"))) if d}))


@lru_cache(maxsize=4096)
def _window_days(days: tuple[date, ...], span: int) -> tuple[str, ...]:
    """Every day (ISO) within ``span`` days of one of ``days``."""
    return tuple(sorted({(d + timedelta(days=k)).isoformat() for d in days for k in range(-span, span + 1)}))


def _near(day: str | None, window: Window) -> bool:
    return day is not None and any(lo <= day <= hi for lo, hi in window)


@dataclass(slots=True)
class _Pending:
    """A report placed in this batch, not written yet (the batch is written at its end)."""

    document_id: str
    incident_id: int
    duplicate_of: str | None
    day: str | None
    features: Features
    signature: bytes | None
    bands: list[tuple[int, int]]
    keys: list[str]


#: How many reports' parsed features a linker keeps between batches of one ingest.
FEATURE_CACHE = 4000


class Linker:
    """Finds, for each new report, its near-duplicate or its incident.

    One linker serves one ingest: it is bound to each batch's transaction in turn
    (:meth:`begin`). Reports placed in a batch are held in memory (:meth:`add`) and seen by
    the later reports of the batch as if stored; :meth:`flush` writes their keys and bands
    in a few statements. The stored candidates of a whole batch are read at :meth:`begin`
    (:class:`~tollwatch.ledger.candidates.CandidateIndex`): no query per report. Parsed
    features of stored reports are kept between batches (at most ``FEATURE_CACHE``):
    reading and parsing them again is most of linking's cost.
    """

    def __init__(self, conn: Connection | None = None) -> None:
        self.cfg = settings("linking")
        self._features: dict[str, Features] = {}
        self._pending: dict[str, _Pending] = {}
        # this batch's reports by day, key and band: tuples, not lists (a batch makes ~30 a
        # report; tuples of strings drop out of the garbage collector's tracking, lists stay)
        self._by_day: dict[str, tuple[str, ...]] = {}
        self._by_key: dict[str, tuple[str, ...]] = {}
        self._by_band: dict[int, tuple[str, ...]] = {}
        self._counts: dict[str, int] = {}
        self._index = CandidateIndex()
        self._upsert: Any = None
        if conn is not None:
            self.begin(conn)

    def begin(
        self, conn: Connection, batch: Iterable[Features] = (), band_hashes: Iterable[int] = ()
    ) -> None:
        """Work in ``conn``'s transaction, for a batch of reports with these features and
        near-duplicate band hashes: their keys are counted, and every stored report any of
        them may be compared with is read, at once."""
        self.conn = conn
        self.cur = raw_cursor(conn)
        self._pending.clear()
        self._by_day.clear()
        self._by_key.clear()
        self._by_band.clear()
        # the stored counts stay as they are until flush (we hold the write lock): a key not
        # stored yet counts 0, read once here for the whole batch
        batch = list(batch)
        wanted = sorted({k for f in batch for k in keys_of(f)})
        self._counts = dict.fromkeys(wanted, 0) | self._read_counts(wanted) if wanted else {}
        # a key rare when a report is linked is rare among the stored reports already
        rare = [k for k in wanted if 0 < self._counts[k] <= self.cfg["rare_documents"]]
        block = self.cfg["block_days"]
        windows = [_windows(days, block) for days in map(_link_days, batch) if days]
        self._index.load(conn, windows, rare, band_hashes, self._features)
        dialect = conn.dialect.name
        self._upsert = None
        if dialect in ("sqlite", "postgresql"):
            ins: Any = (sqlite_insert if dialect == "sqlite" else pg_insert)(link_keys)
            self._upsert = ins.on_conflict_do_update(
                index_elements=["key"],
                set_={"n_documents": link_keys.c.n_documents + ins.excluded.n_documents},
            )

    def _read_counts(self, keys: list[str]) -> dict[str, int]:
        if self.cur is not None:
            return {str(k): int(n) for k, n in self.cur.execute(_SQLITE_COUNTS, (as_list(keys),))}
        out: dict[str, int] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            out.update((str(r[0]), int(r[1])) for r in self.conn.execute(_KEY_COUNTS, {"keys": chunk}))
        return out

    def near_duplicate(
        self, document_id: str, signature: bytes | None, bands: list[tuple[int, int]]
    ) -> tuple[str, float, int] | None:
        """The first copy this report nearly duplicates: its id, the similarity, its incident.

        ``bands``: the signature's :func:`tollwatch.ledger.dedup.bands`."""
        if signature is None:
            return None
        hashes = sorted({h for _, h in bands})
        threshold = self.cfg["near_duplicate_jaccard"]
        best: tuple[str, float, int] | None = None
        rows = self._index.copies(document_id, hashes)
        for h in hashes:
            for other in self._by_band.get(h, ()):
                p = self._pending[other]
                rows.append((p.document_id, p.signature, p.duplicate_of, p.incident_id))
        for doc_id, sig, duplicate_of, incident_id in rows:
            if sig is None:
                continue
            sim = dedup.jaccard(signature, sig)
            if sim >= threshold and (best is None or sim > best[1]):
                first = duplicate_of or doc_id
                best = (first, sim, incident_id)
        return best

    def key_counts(self, keys: list[str]) -> dict[str, int]:
        """How many earlier reports carry each key (stored ones, and this batch's)."""
        missing = [k for k in keys if k not in self._counts]
        if missing:
            self._counts.update({k: 0 for k in missing} | self._read_counts(missing))
        return {k: self._counts[k] for k in keys if self._counts.get(k)}

    def rare_and_crowded(self, f: Features) -> tuple[set[str], bool]:
        """The report's rare keys, and whether its place is a crowded one (see :func:`rare_and_crowded`)."""
        return rare_and_crowded(f, self.key_counts(keys_of(f)), self.cfg)

    def add(
        self,
        document_id: str,
        incident_id: int,
        f: Features,
        signature: bytes | None,
        bands: list[tuple[int, int]],
        *,
        duplicate_of: str | None = None,
    ) -> None:
        """A report of this batch placed in ``incident_id`` (written by :meth:`flush`)."""
        keys = keys_of(f)
        p = _Pending(document_id, incident_id, duplicate_of, link_day(f), f, signature, bands, keys)
        self._pending[document_id] = p
        for k in keys:
            self._counts[k] = self._counts.get(k, 0) + 1
        for _, h in bands:
            self._by_band[h] = (*self._by_band.get(h, ()), document_id)
        if duplicate_of is None:
            if p.day:
                self._by_day[p.day[:10]] = (*self._by_day.get(p.day[:10], ()), document_id)
            for k in keys:
                self._by_key[k] = (*self._by_key.get(k, ()), document_id)

    def flush(self) -> None:
        """Write the keys and near-duplicate bands of this batch's reports (stored already)."""
        pending = list(self._pending.values())
        bands = [(h, p.document_id, b) for p in pending for b, h in p.bands]
        insert_tuples(self.conn, document_bands, ("hash", "document_id", "band"), bands)
        keys = [(k, p.document_id) for p in pending for k in p.keys]
        insert_tuples(self.conn, document_keys, ("key", "document_id"), keys)
        added = Counter(k for k, _ in keys)
        if added and self.cur is not None:
            insert_tuples(
                self.conn, link_keys, ("key", "n_documents"), sorted(added.items()), upsert=_KEYS_UPSERT
            )
        elif added and self._upsert is not None:
            counts = [{"key": k, "n_documents": n} for k, n in sorted(added.items())]
            self.conn.execute(self._upsert, counts)
        elif added:  # pragma: no cover - other databases (we hold the write lock)
            for k, n in sorted(added.items()):
                done = self.conn.execute(
                    update(link_keys)
                    .where(link_keys.c.key == k)
                    .values(n_documents=link_keys.c.n_documents + n)
                )
                if not done.rowcount:
                    self.conn.execute(link_keys.insert().values(key=k, n_documents=n))
        for doc_id, f in self._index.loaded().items():
            self._remember(doc_id, f)
        for p in pending:
            if p.duplicate_of is None:
                self._remember(p.document_id, p.features)
        self._pending.clear()

    def _remember(self, document_id: str, f: Features) -> None:
        if len(self._features) >= FEATURE_CACHE:
            self._features.pop(next(iter(self._features)))
        self._features[document_id] = f

    def candidates(self, document_id: str, f: Features, rare: set[str] | None = None) -> list[Candidate]:
        """Reports linked before whose day is near this one's, or who share a rare key with it
        within ``key_days``."""
        return [Candidate(*c) for c in self._candidates(document_id, f, rare)]

    def _candidates(
        self, document_id: str, f: Features, rare: set[str] | None
    ) -> list[tuple[str, int, Features]]:
        """:meth:`candidates` as plain (document id, incident id, features) tuples."""
        days = _link_days(f)
        if not days:
            return []
        window = _windows(days, self.cfg["block_days"])
        near = [p for day in _window_days(days, self.cfg["block_days"]) for p in self._by_day.get(day, ())]
        dense = self._index.count(window) + len(near) > blocking.CROWDED_WINDOW  # then only its blocks
        if dense:
            rows = self._index.by_block(document_id, f, window)
        else:
            rows = self._index.by_days(document_id, window)
        out: list[tuple[str, int, Features]] = []
        seen = set()
        for other in near:
            p = self._pending[other]
            if other not in seen and (not dense or same_block(f, p.features)):
                seen.add(other)
                out.append((other, p.incident_id, p.features))
        if rare:
            wide = _windows(days, self.cfg["key_days"])
            rows += self._index.by_keys(document_id, sorted(rare), wide)
            for k in sorted(rare):
                for other in self._by_key.get(k, ()):
                    p = self._pending[other]
                    if other not in seen and _near(p.day, wide):
                        seen.add(other)
                        out.append((other, p.incident_id, p.features))
        for doc_id, incident_id in rows:
            if doc_id not in seen:
                seen.add(doc_id)
                out.append((doc_id, incident_id, self._index.features(doc_id)))
        return out

    def best_incident(self, document_id: str, f: Features) -> tuple[int, float] | None:
        """The incident this report belongs to, if one scores high enough."""
        rare, crowded = self.rare_and_crowded(f)
        found = self._candidates(document_id, f, rare)
        return best_match(
            f, ((incident_id, other) for _, incident_id, other in found), self.cfg, rare, crowded
        )
