"""The store: one object over a database, with the verbs of the ledger.

    from tollwatch.ledger import Store, IncidentFilter
    store = Store("sqlite:///tollwatch.db")        # or a path, or None: TOLLWATCH_DB / tollwatch.db
    summary = store.ingest(["reports/"])           # read, extract, store, link
    rows, total = store.list_incidents(IncidentFilter(min_killed=1), sort="toll", limit=50)
    ledger = store.get_incident(rows[0]["id"])     # the contract incident + its ledger
    store.correct_figure(12, {"count": {...}}, actor="ana", reason="misread")

The schema is migrated when a store opens (see :mod:`tollwatch.ledger.migrate`). Every
write is one transaction; review actions write their history in that transaction. For
your own queries or tables in the same database use ``store.engine`` and
``store.write()`` / ``store.read()`` (transactions with the store's locking rules).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from tollwatch import errors
from tollwatch.contract import Document
from tollwatch.ledger import queries, review
from tollwatch.ledger import settings as ledger_settings
from tollwatch.ledger.engine import (
    COMMAND,
    Connections,
    database_url,
    make_engine,
    read_transaction,
    write_transaction,
)
from tollwatch.ledger.ingest import BATCH_SIZE, IngestSummary, ingest_documents, read_inputs
from tollwatch.ledger.migrate import migrate
from tollwatch.ledger.queries import IncidentFilter
from tollwatch.read import ReadOptions
from tollwatch.read.fetch import FetchOptions
from tollwatch.settings import PACKAGED, Settings
from tollwatch.workers import Workers


class Store:
    """A tollwatch database (SQLite file by default, or any SQLAlchemy URL)."""

    def __init__(
        self,
        db: str | os.PathLike[str] | None = None,
        *,
        auto_migrate: bool = True,
        connections: Connections = COMMAND,
        settings: Settings = PACKAGED,
    ) -> None:
        #: the run's settings (built by the entry point): lexicon overrides, the database
        self.settings = settings
        ledger_settings.use_file(settings.ledger_file)
        self.url = database_url(db if db is not None else settings.database)
        self.engine = make_engine(self.url, connections)
        if auto_migrate:
            self.migrate()

    def read_options(self) -> ReadOptions:
        """How reports are read: with the page-chrome files of the settings."""
        return ReadOptions(chrome_files=self.settings.chrome_files)

    def migrate(self) -> list[str]:
        """Apply missing migrations; return their names."""
        return [f"{m.series} {m.number:04d} {m.name}" for m in migrate(self.engine)]

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite)."""
        with write_transaction(self.engine) as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One read transaction: a consistent snapshot."""
        with read_transaction(self.engine) as conn:
            yield conn

    # --- ingest --------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        extract: bool = True,
        batch_size: int = BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
        read_progress: Callable[[int], None] | None = None,
        max_seconds: float = errors.MAX_SECONDS,
        workers: int | Workers = 1,
        fetch: FetchOptions | None = None,
        reader: str | None = None,
    ) -> IngestSummary:
        """Read files, folders, JSON lines, URLs, feeds, WARC (as ``tollwatch extract`` does),
        extract (with the figure reader of each report's language, or ``reader``), store, link.
        A Parquet dataset (``tollwatch extract --format parquet``) is stored as it is, figures
        and all, in bulk.

        ``progress(n)``: after each batch, its reports; ``read_progress(n)``: after each report
        read, its bytes. Figure extraction of one report stops after ``max_seconds`` of CPU
        time (``too_slow``). ``fetch``: how URLs are fetched. ``workers``: processes that read and extract (a number, or a
        :class:`Workers` pool); this process stores, so the store is the same whatever the number.
        """
        import tollwatch
        from tollwatch.dataset import is_dataset, read_dataset

        inputs = [str(p) for p in paths]
        datasets = [p for p in inputs if is_dataset(p)]  # extracted already: loaded as they are
        reports = [p for p in inputs if p not in datasets]
        done: list[IngestSummary] = []
        if datasets:
            docs = (d for p in datasets for d in read_dataset(p))
            done.append(self.ingest_documents(docs, batch_size=batch_size, progress=progress))
        if reports or not datasets:
            with ExitStack() as stack:
                pool = workers if isinstance(workers, Workers) else stack.enter_context(Workers(workers))
                done.append(
                    ingest_documents(
                        self.engine,
                        read_inputs(reports, read_progress, pool, fetch, self.read_options()),
                        extract=functools.partial(
                            tollwatch.extract_document,
                            reader=reader,
                            max_seconds=max_seconds,
                            settings=self.settings,
                        )
                        if extract
                        else None,
                        batch_size=batch_size,
                        inputs=reports,
                        progress=progress,
                        workers=pool,
                    )
                )
        return IngestSummary.combined(done)

    def ingest_documents(
        self,
        docs: Iterable[Document],
        *,
        extract: Callable[[Document], Document] | None = None,
        batch_size: int = BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
    ) -> IngestSummary:
        """Store documents as given (figures and summary included), or ``extract`` them first."""
        return ingest_documents(self.engine, docs, extract=extract, batch_size=batch_size, progress=progress)

    def reextract(
        self, extract: Callable[[Document], Document] | None = None, ids: Iterable[str] | None = None
    ) -> dict[str, int]:
        """Run the figure finder again on stored reports; reviewed values are kept."""
        from sqlalchemy import select

        import tollwatch
        from tollwatch.ledger.schema import documents

        fn = extract or tollwatch.extract_document
        with self.read() as conn:
            todo = list(ids) if ids is not None else list(conn.execute(select(documents.c.id)).scalars())
        totals: dict[str, int] = {}
        for i in range(0, len(todo), BATCH_SIZE):
            with self.write() as conn:
                for doc_id in todo[i : i + BATCH_SIZE]:
                    for k, v in review.reextract_document(conn, doc_id, fn).items():
                        totals[k] = totals.get(k, 0) + v
        return totals

    # --- reading -------------------------------------------------------------------

    def list_incidents(
        self,
        filters: IncidentFilter | None = None,
        sort: str = "date",
        limit: int | None = 50,
        offset: int = 0,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of incident rows and the number of matching incidents."""
        with self.read() as conn:
            return queries.list_incidents(conn, filters or IncidentFilter(), sort, limit, offset)

    def iter_incidents(
        self, filters: IncidentFilter | None = None, sort: str = "date_asc"
    ) -> Iterator[dict[str, Any]]:
        """Every matching incident as its full contract record (ledger included)."""
        with self.read() as conn:
            yield from queries.iter_incident_records(conn, filters or IncidentFilter(), sort)

    def get_incident(self, incident_id: int | str) -> dict[str, Any] | None:
        """The contract incident with its ledger; ``merged_into`` is set on a merged-away one."""
        with self.read() as conn:
            return queries.get_incident(conn, incident_id)

    def get_document(self, document_id: str) -> dict[str, Any] | None:
        with self.read() as conn:
            return queries.get_document(conn, document_id)

    def get_figure(self, figure_id: int) -> dict[str, Any] | None:
        with self.read() as conn:
            return queries.get_figure(conn, figure_id)

    def incident_history(self, incident_id: int | str) -> list[dict[str, Any]]:
        with self.read() as conn:
            return queries.incident_history(conn, int(incident_id))

    def search_documents(self, q: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        with self.read() as conn:
            return queries.search_documents(conn, q, limit, offset)

    # --- review (each one transaction, history included) ------------------------------

    def confirm_figure(self, figure_id: int, *, actor: str, reason: str = "") -> dict[str, Any]:
        with self.write() as conn:
            return review.confirm_figure(conn, figure_id, actor, reason)

    def correct_figure(
        self, figure_id: int, changes: dict[str, Any], *, actor: str, reason: str
    ) -> dict[str, Any]:
        with self.write() as conn:
            return review.correct_figure(conn, figure_id, changes, actor, reason)

    def reject_figure(self, figure_id: int, *, actor: str, reason: str) -> dict[str, Any]:
        with self.write() as conn:
            return review.reject_figure(conn, figure_id, actor, reason)

    def add_figure(
        self,
        document_id: str,
        start: int,
        end: int,
        fields: dict[str, Any],
        *,
        actor: str,
        reason: str,
        field: str = "text",
    ) -> dict[str, Any]:
        with self.write() as conn:
            return review.add_figure(conn, document_id, start, end, fields, actor, reason, field=field)

    def merge_incidents(
        self, target_id: int | str, other_ids: list[int | str], *, actor: str, reason: str
    ) -> int:
        with self.write() as conn:
            return review.merge_incidents(conn, target_id, other_ids, actor, reason)

    def move_document(
        self, document_id: str, incident_id: int | str | None, *, actor: str, reason: str
    ) -> int:
        with self.write() as conn:
            return review.move_document(conn, document_id, incident_id, actor, reason)
