"""Watch: poll a crisis's feeds and pages on a schedule and ingest what is new.

The sources and every entry read are stored in the ledger's database (:mod:`.schema`), so a
watch stopped and started again fetches and counts nothing twice: a feed entry whose link was
read is skipped before any request; a page or feed is asked with its ETag / Last-Modified, and
a page whose bytes did not change is not read again. A fetch that may pass later (a timeout, a
429, a 5xx) is not marked read: the next round tries it again. Each round logs one line (new
reports, new figures, reports in a language not read, incidents whose toll changed).

    from tollwatch.watch import Watch, WatchOptions
    with Store("crisis.db") as store:
        w = Watch(store, WatchOptions(fetch=FetchOptions(delay=2)))
        w.add(["https://example.org/feed.xml"])
        report = w.round()            # one round; w.run(every=900) until stopped
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from tollwatch import errors
from tollwatch.contract import Document
from tollwatch.ledger import Store
from tollwatch.ledger.schema import documents, incidents, problems
from tollwatch.read.feeds import Entry, Listing
from tollwatch.read.fetch import Fetcher, FetchOptions
from tollwatch.read.options import ReadOptions
from tollwatch.read.sources import MAX_FEEDS, MAX_SITEMAPS, entry_documents, open_source, page_document
from tollwatch.watch.schema import watch_seen, watch_sources

log = logging.getLogger("tollwatch.watch")

#: problems that may pass on a later round: the entry is not marked read
TRANSIENT = frozenset({errors.FETCH_FAILED, "http_429", "http_500", "http_502", "http_503", "http_504"})


@dataclass(frozen=True, slots=True)
class WatchOptions:
    read: ReadOptions = field(default_factory=ReadOptions)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    reader: str | None = None  # a figure reader for every report (else by language)


@dataclass
class TollChange:
    incident: int
    title: str
    before: tuple[int | None, int | None]  # killed, injured (best)
    after: tuple[int | None, int | None]

    def describe(self) -> str:
        parts = [
            f"{what} {_n(b)}→{_n(a)}"
            for what, b, a in zip(("killed", "injured"), self.before, self.after, strict=True)
            if b != a
        ]
        return f"#{self.incident} {self.title[:60]!r} " + ", ".join(parts)


@dataclass
class RoundReport:
    number: int = 0
    sources: int = 0
    unchanged: int = 0
    failed: int = 0
    entries: int = 0  # entries and pages read this round
    new_reports: int = 0
    new_figures: int = 0
    languages: int = 0  # reports stored with a `language` problem
    incidents_new: int = 0
    toll_changes: list[TollChange] = field(default_factory=list)

    def line(self) -> str:
        text = (
            f"round {self.number}: {self.sources} source(s) read ({self.unchanged} unchanged, "
            f"{self.failed} failed), {self.entries} new entr{'y' if self.entries == 1 else 'ies'}: "
            f"{self.new_reports} new report(s), {self.new_figures} new figure(s)"
        )
        if self.languages:
            text += f", {self.languages} in a language tollwatch does not read yet"
        text += f"; incidents: {self.incidents_new} new"
        if self.toll_changes:
            text += "; toll changed: " + "; ".join(c.describe() for c in self.toll_changes)
        return text


def _n(v: int | None) -> str:
    return "?" if v is None else str(v)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Watch:
    """The watch over one store: its sources, its rounds."""

    def __init__(self, store: Store, options: WatchOptions | None = None) -> None:
        self.store = store
        self.options = options or WatchOptions(read=store.read_options())
        self.rounds = 0
        self.stop = threading.Event()

    # ------------------------------------------------------------------ sources
    def add(self, urls: Iterable[str], actor: str | None = None) -> list[int]:
        """Watch these URLs (again, when they were removed); their ids."""
        ids = []
        with self.store.write() as conn:
            for url in urls:
                row = conn.execute(select(watch_sources.c.id).where(watch_sources.c.url == url)).first()
                if row:
                    conn.execute(
                        update(watch_sources).where(watch_sources.c.id == row[0]).values(active=True)
                    )
                    ids.append(int(row[0]))
                else:
                    result = conn.execute(
                        insert(watch_sources).values(url=url, active=True, added_at=_now(), added_by=actor)
                    )
                    assert result.inserted_primary_key is not None
                    ids.append(int(result.inserted_primary_key[0]))
        return ids

    def remove(self, source_id: int) -> bool:
        """Stop watching a source (what it brought stays; its read entries are kept)."""
        with self.store.write() as conn:
            done = conn.execute(
                update(watch_sources).where(watch_sources.c.id == source_id).values(active=False)
            )
        return bool(done.rowcount)

    def sources(self, active_only: bool = True) -> list[dict[str, Any]]:
        return list_sources(self.store, active_only)

    # ------------------------------------------------------------------ rounds
    def run(self, every: float, once: bool = False) -> None:
        """Rounds every ``every`` seconds until :attr:`stop` is set (or one, with ``once``)."""
        while not self.stop.is_set():
            self.round()
            if once or self.stop.wait(every):
                break
        log.info("watch stopped after %d round(s)", self.rounds)

    def round(self) -> RoundReport:
        """Read every active source once, ingest what is new, log one line, and say what it did."""
        self.rounds += 1
        report = RoundReport(number=self.rounds)
        with self.store.read() as conn:
            todo = [
                dict(r._mapping) for r in conn.execute(select(watch_sources).where(watch_sources.c.active))
            ]
            before = {
                int(r.id): (r.killed_best, r.injured_best)
                for r in conn.execute(
                    select(incidents.c.id, incidents.c.killed_best, incidents.c.injured_best)
                )
            }
        docs: list[tuple[int, Document]] = []
        marks: dict[str, dict[str, Any]] = {}
        updates: dict[int, dict[str, Any]] = {}
        with Fetcher(self.options.fetch) as fetcher:
            for src in todo:
                if self.stop.is_set():
                    break
                updates[src["id"]] = self._read_source(fetcher, src, docs, marks, report)
        self._store(report, docs, marks, updates, before)
        log.info("%s", report.line())
        return report

    def _read_source(
        self,
        fetcher: Fetcher,
        src: dict[str, Any],
        docs: list[tuple[int, Document]],
        marks: dict[str, dict[str, Any]],
        report: RoundReport,
    ) -> dict[str, Any]:
        report.sources += 1
        got = open_source(fetcher, src["url"], etag=src["etag"], last_modified=src["last_modified"])
        f = got.fetched
        values: dict[str, Any] = {"last_read_at": _now(), "last_status": "ok", "last_message": None}
        if f.etag or f.last_modified:
            values |= {"etag": f.etag, "last_modified": f.last_modified}
        if f.not_modified:
            report.unchanged += 1
            return values | {"last_status": "unchanged"}
        if got.problem:
            report.failed += 1
            log.warning("%s", got.problem.message)
            return values | {"last_status": got.problem.code, "last_message": got.problem.message}
        if got.page:
            digest = hashlib.sha256(f.content).hexdigest()
            if digest == src["page_hash"]:
                report.unchanged += 1
                return values | {"last_status": "unchanged"}
            report.entries += 1
            docs.append((src["id"], page_document(f, self.options.read)))
            return values | {"page_hash": digest}
        listings = [got.listing] if got.listing else []
        for feed in (got.feeds or [])[:MAX_FEEDS]:
            sub = open_source(fetcher, feed)
            if sub.listing:
                listings.append(sub.listing)
        for listing in self._expand(fetcher, listings):
            self._read_listing(fetcher, src, listing, docs, marks, report)
        return values

    def _expand(self, fetcher: Fetcher, listings: list[Listing]) -> list[Listing]:
        """A sitemap index's sitemaps in its place."""
        out = []
        for listing in listings:
            if listing.kind != "sitemap_index":
                out.append(listing)
                continue
            for e in listing.entries[:MAX_SITEMAPS]:
                sub = open_source(fetcher, e.link) if e.link else None
                if sub and sub.listing and sub.listing.kind != "sitemap_index":
                    out.append(sub.listing)
        return out

    def _read_listing(
        self,
        fetcher: Fetcher,
        src: dict[str, Any],
        listing: Listing,
        docs: list[tuple[int, Document]],
        marks: dict[str, dict[str, Any]],
        report: RoundReport,
    ) -> None:
        keys = [_key(e) for e in listing.entries]
        with self.store.read() as conn:
            seen: set[str] = set(
                conn.execute(select(watch_seen.c.key).where(watch_seen.c.key.in_(keys))).scalars()
            )
        seen |= marks.keys()  # the same link in two feeds of one round
        for entry, doc in entry_documents(
            listing, src["url"], fetcher, self.options.read, skip=lambda e: _key(e) in seen
        ):
            report.entries += 1
            docs.append((src["id"], doc))
            status = doc.problems[0].code if doc.problems else "ok"
            if status not in TRANSIENT:
                marks[_key(entry)] = {
                    "key": _key(entry),
                    "source_id": src["id"],
                    "seen_at": _now(),
                    "document_id": doc.id,
                    "status": status,
                }

    def _store(
        self,
        report: RoundReport,
        docs: list[tuple[int, Document]],
        marks: dict[str, dict[str, Any]],
        updates: dict[int, dict[str, Any]],
        before: dict[int, tuple[int | None, int | None]],
    ) -> None:
        import tollwatch

        run = None
        if docs:
            extract = functools.partial(
                tollwatch.extract_document, reader=self.options.reader, settings=self.store.settings
            )
            summary = self.store.ingest_documents((d for _, d in docs), extract=extract)
            run = summary.run
        with self.store.write() as conn:
            stored: dict[str, tuple[int, int | None]] = {}
            if run is not None:
                stored = {
                    r.id: (r.n_figures, r.incident_id)
                    for r in conn.execute(
                        select(documents.c.id, documents.c.n_figures, documents.c.incident_id).where(
                            documents.c.ingest_run == run
                        )
                    )
                }
                report.languages = conn.execute(
                    select(func.count())
                    .select_from(problems)
                    .where(problems.c.ingest_run == run, problems.c.code == errors.LANGUAGE)
                ).scalar_one()
            report.new_reports = len(stored)
            report.new_figures = sum(n for n, _ in stored.values())
            if marks:
                conn.execute(delete(watch_seen).where(watch_seen.c.key.in_(list(marks))))
                conn.execute(insert(watch_seen), list(marks.values()))
            for source_id, values in updates.items():
                brought = sum(1 for s, d in docs if s == source_id and d.id in stored)
                conn.execute(
                    update(watch_sources)
                    .where(watch_sources.c.id == source_id)
                    .values(n_reports=watch_sources.c.n_reports + brought, **values)
                )
            touched = {i for _, i in stored.values() if i is not None}
            if touched:
                for r in conn.execute(
                    select(
                        incidents.c.id, incidents.c.title, incidents.c.killed_best, incidents.c.injured_best
                    )
                    .where(incidents.c.id.in_(touched))
                    .order_by(incidents.c.id)
                ):
                    now = (r.killed_best, r.injured_best)
                    if r.id not in before:
                        report.incidents_new += 1
                    elif before[r.id] != now:
                        report.toll_changes.append(TollChange(r.id, r.title or "", before[r.id], now))


def _key(e: Entry) -> str:
    return e.link or e.key or ""


def list_sources(store: Store, active_only: bool = True) -> list[dict[str, Any]]:
    """The watched sources, oldest first, as plain rows."""
    q = select(watch_sources).order_by(watch_sources.c.id)
    if active_only:
        q = q.where(watch_sources.c.active)
    with store.read() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def parse_every(text: str) -> float:
    """``90``, ``30s``, ``15m``, ``2h``, ``1d`` -> seconds (``ValueError`` otherwise)."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    t = text.strip().lower()
    scale = units.get(t[-1:])
    number = float(t[:-1] if scale else t)
    seconds = number * (scale or 1)
    if seconds <= 0:
        raise ValueError(f"{text!r} is not a positive duration")
    return seconds
