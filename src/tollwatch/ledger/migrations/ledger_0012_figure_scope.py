"""Add figures.scope_json: the part of its crisis a figure covers (a country, a town, an area), as JSON."""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text


def upgrade(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns("figures")}
    if "scope_json" not in columns:
        conn.execute(text("ALTER TABLE figures ADD COLUMN scope_json TEXT"))
