"""Move incident summaries and ledgers to incident_ledgers; index the lists' sort orders."""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text

from tollwatch.ledger import schema


def upgrade(conn: Connection) -> None:
    schema.incident_ledgers.create(conn, checkfirst=True)
    columns = {c["name"] for c in inspect(conn).get_columns("incidents")}
    if "ledger_json" in columns:
        conn.execute(
            text(
                "INSERT INTO incident_ledgers (incident_id, summary_json, ledger_json) "
                "SELECT id, COALESCE(summary_json, '{}'), COALESCE(ledger_json, '{}') FROM incidents"
            )
        )
        conn.execute(text("ALTER TABLE incidents DROP COLUMN ledger_json"))
        conn.execute(text("ALTER TABLE incidents DROP COLUMN summary_json"))
    if "sort_day" not in columns:
        conn.execute(text("ALTER TABLE incidents ADD COLUMN sort_day VARCHAR(10) NOT NULL DEFAULT ''"))
        conn.execute(text("ALTER TABLE incidents ADD COLUMN sort_toll INTEGER NOT NULL DEFAULT -1"))
        conn.execute(
            text(
                "UPDATE incidents SET sort_day = COALESCE(when_day, ''), sort_toll = COALESCE(killed_best, -1)"
            )
        )
    conn.execute(text("DROP INDEX IF EXISTS ix_incidents_merged"))  # the live indexes below serve lists
    for index in schema.incidents.indexes:
        if index.name in ("ix_incidents_live_day", "ix_incidents_live_toll"):
            index.create(conn, checkfirst=True)
