"""Index near-duplicate bands by hash (near-duplicate lookups without a table scan)."""

from __future__ import annotations

from sqlalchemy import Connection, text


def upgrade(conn: Connection) -> None:
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_document_bands_hash ON document_bands (hash)"))
    conn.execute(
        text("CREATE INDEX IF NOT EXISTS ix_document_bands_document ON document_bands (document_id)")
    )
