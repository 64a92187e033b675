"""Create the ledger tables (documents, figures, incidents, problems, history, ...)."""

from __future__ import annotations

from sqlalchemy import Connection

from tollwatch.ledger import schema


def upgrade(conn: Connection) -> None:
    tables = [t for t in schema.metadata.sorted_tables if t.name != "schema_migrations"]
    schema.metadata.create_all(conn, tables=tables, checkfirst=True)
    if conn.dialect.name == "sqlite":
        # Full-text search over reports: an external-content FTS5 index kept by triggers.
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
            "title, text, content='documents', content_rowid='rowid', tokenize='porter unicode61')"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS documents_fts_ai AFTER INSERT ON documents BEGIN "
            "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS documents_fts_ad AFTER DELETE ON documents BEGIN "
            "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
            "VALUES ('delete', old.rowid, old.title, old.text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN "
            "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
            "VALUES ('delete', old.rowid, old.title, old.text); "
            "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
        )
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_documents_fts ON documents USING gin "
            "(to_tsvector('english', coalesce(title, '') || ' ' || text))"
        )
