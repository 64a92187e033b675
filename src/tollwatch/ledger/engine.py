"""Opening a database: the URL, the engine, and transactions that are safe to run at once.

SQLite (the embedded default) runs in WAL mode with a busy timeout (a new file with 16 KiB
pages, ``PAGE_SIZE``), and every write
transaction starts with ``BEGIN IMMEDIATE``: it takes the write lock first, so two
processes writing one file wait for each other instead of failing half-way. Reads use a
plain ``BEGIN`` and never wait for a writer. PostgreSQL writes take a transaction-level
advisory lock, so linking reports into incidents sees one writer at a time there too.

How much memory the connections hold is bounded by :class:`Connections`: a command that
ingests keeps one connection with a large page cache; the web server keeps a few with small
ones (SQLite's page cache is per connection: a pool of 15 connections of 64 MiB each is what
grew a server from 93 MB to over 1 GB under load).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.pool import StaticPool

#: The database used when none is given (the entry point passes ``TOLLWATCH_DB`` as ``db``).
DEFAULT_FILE = "tollwatch.db"
#: How long a writer waits for another writer's lock before giving up (seconds).
BUSY_TIMEOUT_S = 120
#: SQLite page size of a new database file (bytes).
PAGE_SIZE = 16384
_WRITE = "tollwatch_write"
_PG_WRITE_LOCK = 7207302


def database_url(db: str | os.PathLike[str] | None = None) -> str:
    """A SQLAlchemy URL from ``db`` (a URL or a file path), else the default file here."""
    value = str(db) if db is not None else DEFAULT_FILE
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


@dataclass(frozen=True, slots=True)
class Connections:
    """How many connections an engine keeps and how much page cache each SQLite one holds.

    At most ``pool + overflow`` connections are open at once (a request beyond waits for
    one, up to ``timeout`` seconds); each SQLite connection caches at most ``cache_mib``
    MiB of pages. The default suits a command (one or two connections, a large cache for
    ingest's batches); :data:`SERVER` suits a web server process.
    """

    pool: int = 5
    overflow: int = 10
    cache_mib: int = 64
    timeout: float = 30.0


#: A command (ingest, export...): the defaults.
COMMAND = Connections()
#: One web server process: 4 connections (+2 in a burst) of 8 MiB each, ~50 MiB at most.
SERVER = Connections(pool=4, overflow=2, cache_mib=8)


def make_engine(url: str, connections: Connections = COMMAND) -> Engine:
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        kwargs: dict[str, Any] = {
            "connect_args": {"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        }
        if memory:
            kwargs["poolclass"] = StaticPool
        else:
            kwargs.update(_pool_args(connections))
        engine = create_engine(url, **kwargs)
        _sqlite_events(engine, wal=not memory, cache_mib=connections.cache_mib)
        return engine
    return create_engine(url, pool_pre_ping=True, **_pool_args(connections))


def _pool_args(c: Connections) -> dict[str, Any]:
    return {"pool_size": c.pool, "max_overflow": c.overflow, "pool_timeout": c.timeout}


def _sqlite_events(engine: Engine, *, wal: bool, cache_mib: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_connection.cursor()
        # a new database's pages (before anything is written, WAL mode included; an existing
        # database keeps its own): a report's row (its text, summary and features) and an
        # incident's ledger fit in one page, not a chain of overflow pages, and a batch
        # commits and checkpoints a quarter as many pages
        cur.execute(f"PRAGMA page_size={PAGE_SIZE}")
        if wal:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA cache_size={-1024 * cache_mib}")  # negative: KiB
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back on an error."""
    with engine.execution_options(**{_WRITE: True}).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_WRITE_LOCK})
        yield conn


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A consistent snapshot for reading."""
    with engine.connect() as conn, conn.begin():
        yield conn
