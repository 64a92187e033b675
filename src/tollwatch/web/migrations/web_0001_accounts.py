"""Create the web tables (users, sessions, API tokens, sign-in attempts, bookmarks, tags)."""

from __future__ import annotations

from sqlalchemy import Connection

from tollwatch.web import schema


def upgrade(conn: Connection) -> None:
    schema.metadata.create_all(conn, checkfirst=True)
