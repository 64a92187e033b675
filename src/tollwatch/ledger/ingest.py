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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite

from tollwatch import errors
from tollwatch.contract import Document, Problem, to_dict
from tollwatch.ledger import dedup
from tollwatch.ledger.engine import write_transaction
from tollwatch.ledger.features import features_of
from tollwatch.ledger.linking import Linker, keys_of, link_day
from tollwatch.ledger.materialise import new_incident, now, refresh_incidents
from tollwatch.ledger.records import figure_columns
from tollwatch.ledger.schema import document_bands, documents, figures, ingest_runs, problems

log = logging.getLogger(__name__)

BATCH_SIZE = 200
EXTRACTOR = "tollwatch-figures"
Extract = Callable[[Document], Document]


_INCIDENT_OF = select(documents.c.incident_id).where(documents.c.id == bindparam("doc"))


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
    problem_list: list[tuple[str, str, str]] = field(default_factory=list)  # (input, code, message)

    def line(self) -> str:
        return (
            f"read {self.read}, new {self.new}, duplicates {self.duplicates}, "
            f"near-duplicates {self.near_duplicates}, problems {self.problems}; "
            f"incidents: {self.incidents_new} new, {self.incidents_updated} updated"
        )

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
    bands: list[tuple[int, str]] = field(default_factory=list)


def input_key(doc: Document) -> str:
    return doc.origin or doc.id


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Document]:
    """Documents from every path; a path the reader fails on becomes a problem document."""
    import tollwatch

    for p in paths:
        try:
            yield from tollwatch.read(p)
        except Exception as e:  # the reader should record problems itself; never lose the batch
            log.exception("reading %s failed", p)
            yield Document(
                id=str(p),
                origin=str(p),
                problems=[Problem(errors.UNREADABLE, f"{p}: could not be read ({type(e).__name__}: {e})")],
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
) -> IngestSummary:
    """Store documents (running ``extract`` on each new one first, if given)."""
    summary = IngestSummary()
    with write_transaction(engine) as conn:
        result = conn.execute(
            ingest_runs.insert().values(
                started_at=now(), status="running", inputs=json.dumps(inputs or [], ensure_ascii=False)
            )
        )
        pk = result.inserted_primary_key
        assert pk is not None
        summary.run = int(pk[0])
    status = "failed"
    try:
        for batch in _batches(docs, batch_size):
            _ingest_batch(engine, batch, extract, summary)
            if progress:
                progress(len(batch))
        status = "done"
    finally:
        with write_transaction(engine) as conn:
            conn.execute(
                update(ingest_runs)
                .where(ingest_runs.c.id == summary.run)
                .values(finished_at=now(), status=status)
            )
    if engine.dialect.name == "sqlite" and summary.new:
        with engine.connect() as conn:  # refresh the planner's statistics where they are stale
            conn.exec_driver_sql("PRAGMA optimize")
    return summary


def _ingest_batch(
    engine: Engine, batch: list[Document], extract: Extract | None, summary: IngestSummary
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
    for p in fresh:
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
        p.features = features_of(p.doc)
        m = dedup.minhash(p.doc.text)
        if m is not None:
            p.signature = dedup.signature_bytes(m)
            p.bands = dedup.bands(p.signature)
    with write_transaction(engine) as conn:
        _write(conn, summary, fresh, bare)


def _unique_problems(ps: list[Problem]) -> list[Problem]:
    out: dict[str, Problem] = {}
    for p in ps:
        out.setdefault(p.code, p)
    return list(out.values())


def _write(conn: Connection, summary: IngestSummary, fresh: list[_Prepared], bare: list[Document]) -> None:
    t = now()
    for doc in bare:
        for prob in _unique_problems(doc.problems):
            _record_problem(conn, input_key(doc), None, prob, summary.run, t)
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
    linker = Linker(conn)
    touched: set[int] = set()
    created: set[int] = set()
    for p in todo:
        doc = p.doc
        if doc.id in taken:  # another report under the same id: keep both, never overwrite
            doc.id = f"{doc.id}~{p.hash[:10]}"
        taken.add(doc.id)
        feats = p.features or {}
        duplicate_of: str | None = None
        similarity: float | None = None
        incident_id: int
        dup = linker.near_duplicate(doc.id, p.signature)
        if dup is not None:
            duplicate_of, similarity = dup
            incident_id = conn.execute(_INCIDENT_OF, {"doc": duplicate_of}).scalar_one()
            summary.near_duplicates += 1
        else:
            match = linker.best_incident(doc.id, feats)
            if match is None:
                incident_id = new_incident(conn)
                created.add(incident_id)
            else:
                incident_id = match[0]
        s = doc.summary
        conn.execute(
            documents.insert(),
            {
                "id": doc.id,
                "content_hash": p.hash,
                "url": doc.url,
                "site": doc.site,
                "title": doc.title,
                "standfirst": doc.standfirst,
                "published": doc.published,
                "language": doc.language,
                "text": doc.text,
                "origin": doc.origin,
                "summary_json": json.dumps(to_dict(s), ensure_ascii=False),
                "when_day": s.when,
                "where_name": s.where.name if s.where else None,
                "killed_best": s.killed.best if s.killed else None,
                "injured_best": s.injured.best if s.injured else None,
                "day": link_day(feats),
                "features_json": json.dumps(
                    {k: v for k, v in feats.items() if k != "_sets"}, ensure_ascii=False
                ),
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
            },
        )
        if doc.figures:
            conn.execute(
                figures.insert(),
                [
                    {
                        "document_id": doc.id,
                        "ordinal": i,
                        "origin": "machine",
                        "review_status": "unreviewed",
                        "review_json": None,
                        "reviewed_by": None,
                        "reviewed_at": None,
                        "machine_present": True,
                        **figure_columns(f),
                    }
                    for i, f in enumerate(doc.figures)
                ],
            )
        if p.bands:
            conn.execute(
                document_bands.insert(), [{"band": b, "hash": h, "document_id": doc.id} for b, h in p.bands]
            )
        for prob in p.problems:
            _record_problem(conn, input_key(doc), doc.id, prob, summary.run, t)
            summary.problem_list.append((input_key(doc), prob.code, prob.message))
        summary.problems += bool(p.problems)
        summary.new += 1
        linker.add_keys(doc.id, keys_of(feats))
        touched.add(incident_id)
    refresh_incidents(conn, touched)
    summary.incidents_new += len(created)
    summary.incidents_updated += len(touched - created)
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


def _record_problem(
    conn: Connection, key: str, document_id: str | None, prob: Problem, run: int, t: str
) -> None:
    values = {
        "input_key": key,
        "document_id": document_id,
        "code": prob.code,
        "message": prob.message,
        "first_seen": t,
        "last_seen": t,
        "ingest_run": run,
    }
    dialect = conn.dialect.name
    if dialect == "sqlite":
        stmt: Any = sqlite.insert(problems).values(**values)
    elif dialect == "postgresql":
        stmt = postgresql.insert(problems).values(**values)
    else:  # pragma: no cover - other databases: check first (we hold the write lock)
        exists = conn.execute(
            select(problems.c.id).where(problems.c.input_key == key, problems.c.code == prob.code)
        ).first()
        if exists:
            conn.execute(
                update(problems).where(problems.c.id == exists.id).values(last_seen=t, message=prob.message)
            )
        else:
            conn.execute(problems.insert().values(**values))
        return
    stmt = stmt.on_conflict_do_update(
        index_elements=["input_key", "code"],
        set_={"last_seen": t, "message": prob.message, "document_id": document_id, "ingest_run": run},
    )
    conn.execute(stmt)
