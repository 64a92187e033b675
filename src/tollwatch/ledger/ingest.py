"""Ingest: read, extract and store reports — idempotent, transactional per batch, resumable.

* Each report gets a content hash; a report already stored (same hash) is skipped before
  any extraction, so re-ingesting a folder adds nothing and costs little.
* Reports are extracted outside any lock, then written in one transaction per batch
  (``BATCH_SIZE`` reports): the documents, their figures, their problems, their
  near-duplicate links and their incidents. A crash or a kill loses at most the batch
  in flight, which the next run stores (nothing is half-written; nothing twice).
* Writers take the database's write lock for the batch (``BEGIN IMMEDIATE`` on SQLite),
  and re-check the hashes under it, so two ingests into one database never store a report
  twice; the unique content hash is the last guard.
* An input that cannot be read, or a report the figure finder fails on, is recorded as a
  problem (code + message naming the input) and the batch goes on.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite

from tollwatch import errors
from tollwatch.contract import Document, Problem
from tollwatch.ledger import crisis, dedup
from tollwatch.ledger.engine import write_transaction
from tollwatch.ledger.fastsql import insert_many, raw_cursor
from tollwatch.ledger.features import features_of
from tollwatch.ledger.linking import Linker, link_day
from tollwatch.ledger.materialise import (
    Written,
    allocate_ids,
    id_allocator,
    now,
    refresh_incidents,
    refresh_or_defer,
)
from tollwatch.ledger.records import compact_json, figure_columns, plain
from tollwatch.ledger.schema import documents, figures, incidents, ingest_runs, problems
from tollwatch.read.fetch import FetchOptions

if TYPE_CHECKING:
    from tollwatch.read import ReadOptions
    from tollwatch.workers import Workers

log = logging.getLogger(__name__)

BATCH_SIZE = 500
#: SQLite: index the batch's new reports for full-text search (FTS5, external content).
_INDEX_TEXT = (
    "INSERT INTO documents_fts(rowid, title, text) SELECT rowid, title, text FROM documents WHERE rowid > ?"
)
EXTRACTOR = "tollwatch-figures"
Extract = Callable[[Document], Document]


@dataclass
class IngestSummary:
    """What one ingest did. ``problems`` counts inputs and reports with a recorded problem."""

    run: int = 0
    read: int = 0
    new: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    problems: int = 0
    incidents_new: int = 0
    incidents_updated: int = 0
    incidents_merged: int = 0  # incidents of earlier batches merged into a crisis's incident
    problem_list: list[tuple[str, str, str]] = field(default_factory=list)  # (input, code, message)

    def line(self) -> str:
        return (
            f"read {self.read}, new {self.new}, duplicates {self.duplicates}, "
            f"near-duplicates {self.near_duplicates}, problems {self.problems}; "
            f"incidents: {self.incidents_new} new, {self.incidents_updated} updated"
        )

    @classmethod
    def combined(cls, parts: list[IngestSummary]) -> IngestSummary:
        """One summary for runs made one after the other (``run`` is the last one's)."""
        if len(parts) == 1:
            return parts[0]
        out = cls()
        for part in parts:
            for name, value in part.__dict__.items():
                if name == "run":
                    out.run = value
                elif name == "problem_list":
                    out.problem_list.extend(value)
                else:
                    setattr(out, name, getattr(out, name) + value)
        return out

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "problem_list"}
        d["problem_list"] = [list(p) for p in self.problem_list]
        return d


@dataclass
class _Prepared:
    doc: Document
    hash: str
    problems: list[Problem]
    features: dict[str, Any] | None = None
    signature: bytes | None = None
    bands: list[tuple[int, int]] = field(default_factory=list)


def input_key(doc: Document) -> str:
    return doc.origin or doc.id


def read_inputs(
    paths: Iterable[str | Path],
    progress: Callable[[int], None] | None = None,
    workers: Workers | None = None,
    fetch: FetchOptions | None = None,
    options: ReadOptions | None = None,
) -> Iterator[Document]:
    """Documents from every path or URL (files read in ``workers`` when given, with ``options``);
    a path the reader fails on becomes a problem document. ``progress(n)`` is called with the
    bytes consumed after each document."""
    from tollwatch.read.fetch import Fetcher
    from tollwatch.read.sources import is_listing_file, is_url, read_sources

    paths = list(paths)
    with ExitStack() as stack:
        # one client for every URL, so robots.txt and per-host pacing hold across inputs; none
        # (its TLS set-up costs tens of milliseconds) when only files are read
        fetched = any(is_url(p) or is_listing_file(p) for p in paths)
        fetcher = stack.enter_context(Fetcher(fetch)) if fetched else None
        for p in paths:
            try:
                yield from read_sources([p], options, fetcher=fetcher, progress=progress, workers=workers)
            except Exception as e:  # the reader should record problems itself; never lose the batch
                log.exception("reading %s failed", p)
                yield Document(
                    id=str(p),
                    origin=str(p),
                    problems=[
                        Problem(errors.UNREADABLE, f"{p}: could not be read ({type(e).__name__}: {e})")
                    ],
                )


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for d in docs:
        batch.append(d)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_documents(
    engine: Engine,
    docs: Iterable[Document],
    *,
    extract: Extract | None = None,
    batch_size: int = BATCH_SIZE,
    inputs: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
    workers: Workers | None = None,
) -> IngestSummary:
    """Store documents (running ``extract`` on each new one first, if given, in ``workers``).

    With workers, a batch's new reports are extracted, featured and signed in the worker
    processes; this process writes the batch, so the store is the same whatever their number.
    """
    summary = IngestSummary()
    with write_transaction(engine) as conn:
        _close_stale_runs(conn)
        result = conn.execute(
            ingest_runs.insert().values(
                started_at=now(),
                status="running",
                inputs=json.dumps(inputs or [], ensure_ascii=False),
                host=socket.gethostname(),
                pid=os.getpid(),
            )
        )
        pk = result.inserted_primary_key
        assert pk is not None
        summary.run = int(pk[0])
    status = "failed"
    linker = Linker()
    deferred: set[int] = set()  # big incidents this run added to, rebuilt once at its end
    try:
        for batch in _batches(docs, batch_size):
            _ingest_batch(engine, batch, extract, summary, linker, workers, deferred)
            if progress:
                progress(len(batch))
        status = "done"
    finally:
        rebuild_incidents(engine, deferred)
        with write_transaction(engine) as conn:
            conn.execute(
                update(ingest_runs)
                .where(ingest_runs.c.id == summary.run)
                .values(finished_at=now(), status=status)
            )
    if engine.dialect.name == "sqlite" and summary.new:
        # refresh the planner's statistics where they are stale; under the write lock, as
        # ANALYZE writes: outside it, a concurrent ingest's commit made it fail ("database is locked")
        with write_transaction(engine) as conn:
            conn.exec_driver_sql("PRAGMA optimize")
    return summary


def rebuild_incidents(engine: Engine, ids: set[int], chunk: int = 200) -> None:
    """Rebuild these incidents, a transaction per ``chunk`` of them (the run's deferred ones)."""
    todo = sorted(ids)
    for i in range(0, len(todo), chunk):
        with write_transaction(engine) as conn:
            refresh_incidents(conn, todo[i : i + chunk])


def _close_stale_runs(conn: Connection) -> None:
    """Runs still ``running`` whose process is gone (killed, crashed) become ``interrupted``.

    Only this machine's processes can be checked; a run recorded before ``ledger_0008``
    (no pid) is taken as gone too. Their stored batches stay: each was written whole; the
    incidents holding their reports are rebuilt (a big one the run deferred to its end had
    not been)."""
    host = socket.gethostname()
    running = conn.execute(
        select(ingest_runs.c.id, ingest_runs.c.host, ingest_runs.c.pid).where(
            ingest_runs.c.status == "running"
        )
    ).all()
    gone = [run for run, h, pid in running if pid is None or (h == host and not _alive(pid))]
    if gone:
        log.info("ingest runs %s were interrupted (their process is gone)", gone)
        conn.execute(
            update(ingest_runs)
            .where(ingest_runs.c.id.in_(gone), ingest_runs.c.status == "running")
            .values(status="interrupted", finished_at=now())
        )
        held = select(documents.c.incident_id).where(documents.c.ingest_run.in_(gone)).distinct()
        found: list[Any] = list(conn.execute(held).scalars())
        refresh_incidents(conn, [int(i) for i in found if i is not None])


def _alive(pid: object) -> bool:
    try:
        os.kill(int(str(pid)), 0)
    except ProcessLookupError:
        return False
    except (OverflowError, ValueError, OSError):
        return True  # someone else's process, or cannot tell: not ours to close
    return True


def _ingest_batch(
    engine: Engine,
    batch: list[Document],
    extract: Extract | None,
    summary: IngestSummary,
    linker: Linker,
    workers: Workers | None,
    deferred: set[int],
) -> None:
    summary.read += len(batch)
    prepared: list[_Prepared] = []
    bare: list[Document] = []  # inputs with nothing to store but their problems (no text, no title)
    for doc in batch:
        if not (doc.text.strip() or (doc.title or "").strip() or (doc.standfirst or "").strip()):
            if not doc.problems:
                doc.problems.append(Problem(errors.EMPTY, f"{input_key(doc)}: the input holds no text"))
            bare.append(doc)
            continue
        prepared.append(_Prepared(doc, dedup.content_hash(doc), list(doc.problems)))
    with engine.connect() as conn:  # skip what is stored already, before extracting
        hashes = [p.hash for p in prepared]
        stored: set[str] = set(
            conn.execute(
                select(documents.c.content_hash).where(documents.c.content_hash.in_(hashes))
            ).scalars()
        )
    fresh, seen = [], set(stored)
    for p in prepared:
        if p.hash in seen:
            summary.duplicates += 1
            continue
        seen.add(p.hash)
        fresh.append(p)
    if workers is not None and workers.parallel:
        fresh = list(workers.map(partial(_prepare, extract), fresh))
    else:
        # each stage over the whole batch in turn, not report by report: a stage's code and
        # tables stay in the processor's caches (interleaved with extraction, the features and
        # the MinHash cost twice as much)
        for p in fresh:
            _extract_into(p, extract)
        for p in fresh:
            p.features = features_of(p.doc)
        for p in fresh:
            _sign(p)
    with write_transaction(engine) as conn:
        _write(conn, summary, fresh, bare, linker, deferred)


def _extract_into(p: _Prepared, extract: Extract | None) -> None:
    """The figures of a new report; a failure is recorded as its problem, never raised."""
    if extract is not None:
        try:
            p.doc = extract(p.doc)
        except Exception as e:
            log.exception("extraction failed on %s", p.doc.id)
            p.doc.figures = []
            p.problems.append(
                Problem(
                    errors.EXTRACTION_FAILED,
                    f"{input_key(p.doc)}: figure extraction failed ({type(e).__name__}: {e})",
                )
            )
    p.problems = _unique_problems(p.problems + [q for q in p.doc.problems if q not in p.problems])


def _sign(p: _Prepared) -> None:
    p.signature = dedup.signature(dedup.signed_text(p.doc.title, p.doc.text))
    p.bands = dedup.bands(p.signature) if p.signature is not None else []


def _prepare(extract: Extract | None, p: _Prepared) -> _Prepared:
    """Everything a new report needs before it is written, in a worker process."""
    _extract_into(p, extract)
    p.features = features_of(p.doc)
    _sign(p)
    return p


def _unique_problems(ps: list[Problem]) -> list[Problem]:
    out: dict[str, Problem] = {}
    for p in ps:
        out.setdefault(p.code, p)
    return list(out.values())


def _write(
    conn: Connection,
    summary: IngestSummary,
    fresh: list[_Prepared],
    bare: list[Document],
    linker: Linker,
    deferred: set[int],
) -> None:
    """Store the batch's new reports, link them, rebuild the incidents they touched (the big
    ones are added to ``deferred``: see :func:`refresh_or_defer`)."""
    t = now()
    problem_rows: list[dict[str, Any]] = []
    for doc in bare:
        for prob in _unique_problems(doc.problems):
            problem_rows.append(_problem_row(input_key(doc), None, prob, summary.run, t))
            summary.problem_list.append((input_key(doc), prob.code, prob.message))
        summary.problems += 1
    # under the write lock now: another ingest may have stored some of these meanwhile
    hashes = [p.hash for p in fresh]
    stored: set[str] = set(
        conn.execute(select(documents.c.content_hash).where(documents.c.content_hash.in_(hashes))).scalars()
    )
    todo = [p for p in fresh if p.hash not in stored]
    summary.duplicates += len(fresh) - len(todo)
    taken = set(
        conn.execute(select(documents.c.id).where(documents.c.id.in_([p.doc.id for p in todo]))).scalars()
    )
    linker.begin(conn, [p.features or {} for p in todo], [h for p in todo for _, h in p.bands])
    created: list[int] = []
    new_id = id_allocator(conn, incidents)
    doc_rows: list[dict[str, Any]] = []
    figure_rows: list[dict[str, Any]] = []
    summaries: dict[str, dict[str, Any]] = {}
    touched: set[int] = set()
    places: dict[int, tuple[Any, str]] = {}  # see figure_columns
    for p in todo:
        doc = p.doc
        if doc.id in taken:  # another report under the same id: keep both, never overwrite
            doc.id = f"{doc.id}~{p.hash[:10]}"
        taken.add(doc.id)
        feats = p.features or {}
        features_json = compact_json({k: v for k, v in feats.items() if k != "_sets"})
        duplicate_of: str | None = None
        similarity: float | None = None
        incident_id: int
        dup = linker.near_duplicate(doc.id, p.signature, p.bands)
        if dup is not None:
            duplicate_of, similarity, incident_id = dup
            summary.near_duplicates += 1
        else:
            match = linker.best_incident(doc.id, feats)
            if match is None:
                incident_id = new_id()
                created.append(incident_id)
            else:
                incident_id = match[0]
        linker.add(doc.id, incident_id, feats, p.signature, p.bands, duplicate_of=duplicate_of)
        s = doc.summary
        summaries[doc.id] = plain(s)
        doc_rows.append(
            {
                "id": doc.id,
                "content_hash": p.hash,
                "url": doc.url,
                "site": doc.site,
                "title": doc.title,
                "standfirst": doc.standfirst,
                "published": doc.published,
                "fetched": doc.fetched,
                "http_date": doc.http_date,
                "language": doc.language,
                "text": doc.text,
                "origin": doc.origin,
                "summary_json": compact_json(summaries[doc.id]),
                "when_day": s.when,
                "where_name": s.where.name if s.where else None,
                "killed_best": s.killed.best if s.killed else None,
                "injured_best": s.injured.best if s.injured else None,
                "day": link_day(feats),
                "features_json": features_json,
                "incident_id": incident_id,
                "incident_pinned": False,
                "duplicate_of": duplicate_of,
                "duplicate_similarity": similarity,
                "minhash": p.signature,
                "extractor": EXTRACTOR,
                "n_figures": len(doc.figures),
                "n_problems": len(p.problems),
                "ingest_run": summary.run,
                "ingested_at": t,
            }
        )
        figure_rows += [
            {
                "document_id": doc.id,
                "ordinal": i,
                "origin": "machine",
                "review_status": "unreviewed",
                "review_json": None,
                "reviewed_by": None,
                "reviewed_at": None,
                "machine_present": True,
                **figure_columns(f, places),
            }
            for i, f in enumerate(doc.figures)
        ]
        for prob in p.problems:
            problem_rows.append(_problem_row(input_key(doc), doc.id, prob, summary.run, t))
            summary.problem_list.append((input_key(doc), prob.code, prob.message))
        summary.problems += bool(p.problems)
        summary.new += 1
        touched.add(incident_id)
    for row, figure_id in zip(figure_rows, allocate_ids(conn, figures, len(figure_rows)), strict=True):
        row["id"] = figure_id
    insert_many(conn, incidents, [_new_incident_row(i, t) for i in created])
    cur = raw_cursor(conn)
    last = cur.execute("SELECT coalesce(max(rowid), 0) FROM documents").fetchone()[0] if cur else 0
    insert_many(conn, documents, doc_rows)
    if cur is not None and doc_rows:  # the full-text index, in one statement (migration 0006)
        cur.execute(_INDEX_TEXT, (last,))
    insert_many(conn, figures, figure_rows)
    linker.flush()
    moved_incidents, moved, merged = crisis.consolidate(conn, ((p.doc.id, p.features or {}) for p in todo))
    touched |= moved_incidents
    for row in doc_rows if moved else ():
        row["incident_id"] = moved.get(row["id"], row["incident_id"])
    _record_problems(conn, problem_rows)
    refresh_or_defer(conn, touched, _written(doc_rows, figure_rows, summaries), deferred)
    # an incident a crisis was spread over and now emptied into it is neither new nor updated
    summary.incidents_new += len(set(created) - merged)
    summary.incidents_updated += len(touched - set(created) - merged)
    summary.incidents_merged += len(merged - set(created))
    conn.execute(
        update(ingest_runs)
        .where(ingest_runs.c.id == summary.run)
        .values(
            n_read=summary.read,
            n_new=summary.new,
            n_duplicates=summary.duplicates,
            n_near_duplicates=summary.near_duplicates,
            n_problems=summary.problems,
        )
    )


def _written(
    doc_rows: list[dict[str, Any]], figure_rows: list[dict[str, Any]], summaries: dict[str, dict[str, Any]]
) -> dict[str, Written]:
    """The batch's reports as the incidents' rebuild reads them (not read back)."""
    out = {r["id"]: Written(SimpleNamespace(**r, summary=summaries[r["id"]]), []) for r in doc_rows}
    for f in figure_rows:
        out[f["document_id"]].figures.append(f)
    return out


def _new_incident_row(incident_id: int, t: str) -> dict[str, Any]:
    """An incident row before its first rebuild (every column, as inserts bypass defaults)."""
    return {
        "id": incident_id,
        "n_documents": 0,
        "n_sources": 0,
        "n_figures": 0,
        "n_discrepancies": 0,
        "n_gaps": 0,
        "review_status": "unreviewed",
        "pinned": False,
        "created_at": t,
        "updated_at": t,
        "version": 1,
        "sort_day": "",
        "sort_toll": -1,
    }


def _problem_row(key: str, document_id: str | None, prob: Problem, run: int, t: str) -> dict[str, Any]:
    return {
        "input_key": key,
        "document_id": document_id,
        "code": prob.code,
        "message": prob.message,
        "first_seen": t,
        "last_seen": t,
        "ingest_run": run,
    }


def _record_problems(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Record problems: one row per input and code (seen again: its last sighting updated)."""
    if not rows:
        return
    dialect = conn.dialect.name
    if dialect in ("sqlite", "postgresql"):
        ins: Any = (sqlite.insert if dialect == "sqlite" else postgresql.insert)(problems)
        stmt = ins.on_conflict_do_update(
            index_elements=["input_key", "code"],
            set_={
                "last_seen": ins.excluded.last_seen,
                "message": ins.excluded.message,
                "document_id": ins.excluded.document_id,
                "ingest_run": ins.excluded.ingest_run,
            },
        )
        unique = {(r["input_key"], r["code"]): r for r in rows}  # one statement must not hit a row twice
        conn.execute(stmt, list(unique.values()))
        return
    for r in rows:  # pragma: no cover - other databases: check first (we hold the write lock)
        _record_problem(conn, r)


def _record_problem(conn: Connection, values: dict[str, Any]) -> None:  # pragma: no cover
    exists = conn.execute(
        select(problems.c.id).where(
            problems.c.input_key == values["input_key"], problems.c.code == values["code"]
        )
    ).first()
    if exists:
        conn.execute(
            update(problems)
            .where(problems.c.id == exists.id)
            .values(last_seen=values["last_seen"], message=values["message"])
        )
    else:
        conn.execute(problems.insert().values(**values))
