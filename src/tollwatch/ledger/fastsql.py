"""The statements ingest runs for every report, with as little overhead as possible.

SQLAlchemy Core costs ~50 µs a statement and a few µs a row before the database does any
work; ingest runs a handful of statements per report and writes tens of rows per report
(figures, near-duplicate bands, linking keys). On SQLite the hot ones go straight to the
DB-API cursor of the connection (same transaction): inserts are one ``executemany`` per
table and batch (rows as tuples, made without a dict per row where the caller can), and lookups take a list as one JSON array (``json_each``) instead of
one parameter per item. On other databases the same work runs through SQLAlchemy Core.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table


def raw_cursor(conn: Connection) -> Any | None:
    """The DB-API cursor of ``conn`` on SQLite (inside its transaction), else ``None``."""
    if conn.dialect.name != "sqlite":
        return None
    return conn.connection.driver_connection.cursor()  # type: ignore[union-attr]


@cache
def _insert_sql(table: str, columns: tuple[str, ...], upsert: str = "") -> str:
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    return f"INSERT INTO {table} ({names}) VALUES ({marks}){upsert}"


def insert_many(conn: Connection, table: Table, rows: Sequence[dict[str, Any]], *, upsert: str = "") -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in one go.

    ``upsert`` is an SQLite ``ON CONFLICT ...`` clause; with it, other databases must be
    given the equivalent statement by the caller (see :func:`tollwatch.ledger.linking`).
    """
    if not rows:
        return
    cur = raw_cursor(conn)
    if cur is None:
        conn.execute(table.insert(), list(rows))
        return
    columns = tuple(rows[0])
    values = itemgetter(*columns) if len(columns) > 1 else lambda r: (r[columns[0]],)
    cur.executemany(_insert_sql(table.name, columns, upsert), map(values, rows))


def insert_tuples(
    conn: Connection,
    table: Table,
    columns: tuple[str, ...],
    rows: Sequence[tuple[Any, ...]],
    *,
    upsert: str = "",
) -> None:
    """:func:`insert_many` of rows given as tuples of ``columns`` (no dict made per row)."""
    if not rows:
        return
    cur = raw_cursor(conn)
    if cur is None:
        conn.execute(table.insert(), [dict(zip(columns, r, strict=True)) for r in rows])
        return
    cur.executemany(_insert_sql(table.name, columns, upsert), rows)


def as_list(values: Sequence[Any]) -> str:
    """A list parameter for ``IN (SELECT value FROM json_each(?))``."""
    return json.dumps(list(values), ensure_ascii=False)
