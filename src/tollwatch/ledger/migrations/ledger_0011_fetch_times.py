"""Keep when a report was fetched and the server's date for it (documents.fetched, documents.http_date)."""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text


def upgrade(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns("documents")}
    for name in ("fetched", "http_date"):
        if name not in columns:
            conn.execute(text(f"ALTER TABLE documents ADD COLUMN {name} VARCHAR(40)"))
