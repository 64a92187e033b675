"""PostgreSQL: each report's words as a stored ``tsvector`` column with a GIN index.

The full-text index was built on an expression (``to_tsvector(title || text)``): matching
used it, but ranking the matches (``ts_rank``), and re-checking a lossy bitmap, parsed every
matching report's text again — at 100,000 reports a common word ranked 75,000 texts per
request. A stored, generated column is parsed once, when the report is written. SQLite keeps
its FTS5 index (nothing to do there).
"""

from __future__ import annotations

from sqlalchemy import Connection

#: What the column holds; ``tollwatch.ledger.queries.PG_MATCH`` searches it.
VECTOR = "to_tsvector('english'::regconfig, coalesce(title, '') || ' ' || text)"


def upgrade(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql(
        f"ALTER TABLE documents ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_documents_search ON documents USING gin (search_vector)"
    )
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_documents_fts")
