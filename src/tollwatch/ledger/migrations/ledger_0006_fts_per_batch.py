"""Full-text index kept per ingest batch (one statement), not by a trigger per report."""

from __future__ import annotations

from sqlalchemy import Connection


def upgrade(conn: Connection) -> None:
    # FTS5 flushes and merges its index at the end of every statement: a trigger per
    # inserted report cost ~4x the same rows indexed by one INSERT ... SELECT per batch
    # (tollwatch.ledger.ingest does that). Deletes and edits of title/text keep their triggers.
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS documents_fts_ai")
