"""Fixtures shared by the test folders.

A throwaway PostgreSQL server for the whole test session, so the store, ledger, review and
web tests run on PostgreSQL as well as on SQLite.

The server is Debian's (``initdb`` and ``pg_ctl`` from ``/usr/lib/postgresql/*/bin``; `make
test` installs it when missing, see ``.ci/ensure-postgres``), started in a temporary folder on
127.0.0.1 at a free port, with durability off (a test database is thrown away), and stopped at
the end of the session. Each test gets a database of its own (``postgres.new_database()``).

- ``TOLLWATCH_TEST_PG_URL=postgresql+psycopg://user@host:port/db`` uses that server instead
  (its user must be allowed to create databases);
- ``TOLLWATCH_TEST_POSTGRES=required`` (set by `make test`) makes a missing server an error;
  without it the PostgreSQL variants of the tests skip, saying why.
"""

from __future__ import annotations

import glob
import logging
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REQUIRED = os.environ.get("TOLLWATCH_TEST_POSTGRES") == "required"
GIVEN_URL = os.environ.get("TOLLWATCH_TEST_PG_URL")
#: Settings of the throwaway server: nothing it holds must survive a crash.
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "64MB",
}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@dataclass
class PgServer:
    """A PostgreSQL server the tests may create databases in."""

    base_url: str  # postgresql+psycopg://user@host:port
    admin_db: str = "postgres"
    _n: int = field(default=0, init=False)
    _templated: bool = field(default=False, init=False)
    _scratch: str | None = field(default=None, init=False)

    def _admin(self, *statements: str) -> None:
        import psycopg

        dsn = self.base_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(f"{dsn}/{self.admin_db}", autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]

    def new_database(self, *, migrated: bool = True) -> str:
        """A new database (with tollwatch's tables, or empty); its SQLAlchemy URL.

        A migrated one is a copy of a template that the store's migrations built once this
        session: copying it takes a tenth of running them for every test.
        """
        self._n += 1
        name = f"tw_{os.getpid()}_{self._n}"
        template = self._template() if migrated else "template0"
        self._admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return f"{self.base_url}/{name}"

    def emptied_database(self) -> str:
        """The session's scratch database with every table emptied (the schema kept): for a
        test of its own, in a fifth of the time a new database takes."""
        if self._scratch is None:
            self._scratch = self.new_database()
            return self._scratch
        import psycopg

        with psycopg.connect(self._scratch.replace("postgresql+psycopg://", "postgresql://")) as conn:
            conn.execute("SET lock_timeout = '20s'")  # a store left open by a test: fail, not hang
            names = [
                r[0]
                for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                if r[0] != "schema_migrations"
            ]
            conn.execute(f"TRUNCATE {', '.join(f'public.{n}' for n in names)} RESTART IDENTITY CASCADE")  # type: ignore[arg-type]
        return self._scratch

    def _template(self) -> str:
        name = f"tw_{os.getpid()}_template"
        if not self._templated:
            from tollwatch.ledger import Store

            self._admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}" TEMPLATE template0')
            Store(f"{self.base_url}/{name}").close()  # runs every migration, then lets go
            self._templated = True
        return name


class _Cluster:
    """``initdb`` + ``pg_ctl start`` in a temporary folder; ``stop()`` removes it all."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="tollwatch-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = "tollwatch"
        # initdb refuses to run as root: the cluster then belongs to Debian's postgres user
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, tool: str, *args: str) -> None:
        cmd = [*self.as_user, str(self.bindir / tool), *args]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.root / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")

    def start(self) -> str:
        self._run(
            "initdb", "-D", str(self.data), "-U", self.user, "--auth=trust", "-E", "UTF8", "--no-locale"
        )
        options = " ".join(
            [f"-p {self.port}", f"-k {self.root}"] + [f"-c {k}={v}" for k, v in SERVER_SETTINGS.items()]
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PgServer]:
    """The session's PostgreSQL server (started on first use)."""
    if GIVEN_URL:
        base, _, db = GIVEN_URL.rpartition("/")
        yield PgServer(base, db or "postgres")
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        if REQUIRED:
            raise
        pytest.skip("psycopg is not installed (pip install -e '.[test]')")
    bindir = _pg_bin()
    if bindir is None:
        if REQUIRED:
            pytest.fail("PostgreSQL's server is not installed (see .ci/ensure-postgres)")
        pytest.skip("PostgreSQL's server is not installed (apt-get install postgresql)")
    cluster = _Cluster(bindir)
    started = time.monotonic()
    url = cluster.start()
    assert time.monotonic() - started < 120
    try:
        yield PgServer(url)
    finally:
        cluster.stop()


#: The two databases the store runs on: a fixture parametrised by these runs its tests on both.
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def databases(request: pytest.FixtureRequest) -> Callable[[str, Path], str]:
    """``databases(backend, sqlite_file)``: the URL of a fresh database of that backend, with
    tollwatch's tables and nothing in them. ``shared=False`` gives a new PostgreSQL database
    (for a fixture that lives longer than one test) instead of the emptied scratch one."""

    def fresh(backend: str, sqlite_file: Path, *, shared: bool = True) -> str:
        if backend == "sqlite":
            return f"sqlite:///{sqlite_file}"
        assert backend == "postgresql", backend
        server: PgServer = request.getfixturevalue("postgres")
        return server.emptied_database() if shared else server.new_database()

    return fresh


# A web site the tests serve on 127.0.0.1 (pages, feeds, redirects, errors, slow answers) for
# reading URLs, watching and the dashboard's "add a report".
# ---------------------------------------------------------------------- a web site on 127.0.0.1
@dataclass
class Route:
    """What the test site answers on a path: a body, a status, headers; ``delay`` seconds
    before each chunk of ``chunks``; ``etag``: answer 304 to a request that carries it."""

    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0
    chunks: int = 1
    etag: str | None = None
    then: list[Route] = field(default_factory=list)  # answers for the next requests, in turn


class Site:
    """A threaded HTTP server on 127.0.0.1 with routes the test sets; it logs every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(self.path) or Route(b"not here", 404)
                if route.then:
                    site.routes[self.path] = route.then[0]
                    site.routes[self.path].then = route.then[1:]
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
                self.send_response(route.status)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                if route.etag:
                    self.send_header("ETag", route.etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                step = max(1, len(body) // route.chunks)
                try:
                    for i in range(0, len(body), step):
                        if route.delay:
                            time.sleep(route.delay)
                        self.wfile.write(body[i : i + step])
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def route(
        self,
        body: str | bytes,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        location: str | None = None,
        retry_after: str | None = None,
        last_modified: bool = False,
        delay: float = 0.0,
        chunks: int = 1,
        then: list[Route] | None = None,
        etag: str | None = None,
    ) -> Route:
        """A route: ``last_modified`` adds ``Last-Modified: Mon, 09 Mar 2026 08:00:00 GMT``."""
        headers = {"Content-Type": content_type}
        if location:
            headers["Location"] = location
        if retry_after:
            headers["Retry-After"] = retry_after
        if last_modified:
            headers["Last-Modified"] = "Mon, 09 Mar 2026 08:00:00 GMT"
        return Route(body, status, headers, delay=delay, chunks=chunks, etag=etag, then=then or [])

    def requests_to(self, path: str) -> int:
        return sum(1 for p, _ in self.log if p == path)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.stop()


def _article(title: str, body: str, published: str = "2026-03-09") -> str:
    """A news page as a site serves it: navigation, the article, a footer."""
    paragraphs = "".join(f"<p>{p.strip()}</p>" for p in body.strip().split("\n\n"))
    return (
        f'<!doctype html><html lang="en"><head><title>{title} | Tollwire</title>'
        f'<meta property="article:published_time" content="{published}"></head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Copyright Tollwire. All rights reserved.</footer></body></html>"
    )


@pytest.fixture
def article() -> object:
    """``article(title, body, published)``: a news page as a site serves it."""
    return _article


#: The ``tollwatch`` logger as the package leaves it, before any command set it up.
_LOGGER_AT_START = (
    list(logging.getLogger("tollwatch").handlers),
    logging.getLogger("tollwatch").level,
    logging.getLogger("tollwatch").propagate,
)


@pytest.fixture(autouse=True)
def _tollwatch_logger_as_found() -> Iterator[None]:
    """A command run in process (in a test, or in a module's fixture) sets up the ``tollwatch``
    logger for a terminal: its own stderr handler, a level, no propagation. Each test starts
    and ends with the logger as the package left it, so ``caplog`` sees the warnings it expects
    whatever ran before."""

    def reset() -> None:
        logger = logging.getLogger("tollwatch")
        handlers, level, propagate = _LOGGER_AT_START
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate

    reset()
    yield
    reset()
