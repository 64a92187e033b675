"""Record which process runs an ingest (ingest_runs.host, ingest_runs.pid), to tell a killed run."""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text


def upgrade(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns("ingest_runs")}
    if "host" not in columns:
        conn.execute(text("ALTER TABLE ingest_runs ADD COLUMN host VARCHAR(255)"))
    if "pid" not in columns:
        conn.execute(text("ALTER TABLE ingest_runs ADD COLUMN pid INTEGER"))
