"""Create the watch tables (watched sources, entries already read)."""

from __future__ import annotations

from sqlalchemy import Connection

from tollwatch.watch import schema


def upgrade(conn: Connection) -> None:
    schema.metadata.create_all(conn, checkfirst=True)
