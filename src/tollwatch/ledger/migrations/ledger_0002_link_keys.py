"""Add linking keys (link_keys, document_keys) and history.related_incident_id."""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text

from tollwatch.ledger import schema


def upgrade(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.link_keys, schema.document_keys], checkfirst=True)
    columns = {c["name"] for c in inspect(conn).get_columns("history")}
    if "related_incident_id" not in columns:
        conn.execute(text("ALTER TABLE history ADD COLUMN related_incident_id INTEGER"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_history_related ON history (related_incident_id)"))
