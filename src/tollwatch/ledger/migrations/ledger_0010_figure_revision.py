"""Add figures.revision: how a figure stands to the others of its crisis (superseded, retracted, ...)."""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text


def upgrade(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns("figures")}
    if "revision" not in columns:
        conn.execute(text("ALTER TABLE figures ADD COLUMN revision VARCHAR(20)"))
