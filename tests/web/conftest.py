"""Fixtures for the web tests: a real server on 127.0.0.1 over a temp store (SQLite, and
PostgreSQL for the fixtures parametrised by ``BACKENDS``), HTTP
clients that sign in like a browser does, and (for tests marked ``browser``) one headless
Debian Chromium per session driven by Playwright."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from tollwatch.web.app import create_app
from tollwatch.web.settings import WebSettings

PASSWORD = "correct horse battery staple"
CHROMIUM = next(
    (
        p
        for p in ("/usr/bin/chromium", shutil.which("chromium") or "", "/usr/bin/chromium-browser")
        if p and Path(p).exists()
    ),
    None,
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    db_url: str
    db_path: Path
    app: Any
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.app.state.engine.dispose()


def start_server(db: Path | str, **settings: Any) -> LiveServer:
    """A server over ``db``: a SQLite file's path, or a database URL (PostgreSQL)."""
    db_url = db if isinstance(db, str) else f"sqlite:///{db}"
    db_path = Path(db_url.removeprefix("sqlite:///")) if db_url.startswith("sqlite:///") else Path()
    app = create_app(WebSettings(db_url=db_url, **settings))
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", ws="none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True, name=f"uvicorn-{port}")
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    return LiveServer(f"http://127.0.0.1:{port}", db_url, db_path, app, server, thread)


#: The stores the web tests run on: a fixture parametrised by these runs its tests on both.
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path, databases: Any) -> Iterator[LiveServer]:
    live = start_server(databases(request.param, tmp_path / "web.db", shared=False))
    yield live
    live.stop()


@pytest.fixture(params=BACKENDS)
def noauth_server(request: pytest.FixtureRequest, tmp_path: Path, databases: Any) -> Iterator[LiveServer]:
    live = start_server(databases(request.param, tmp_path / "web.db", shared=False), no_auth=True)
    yield live
    live.stop()


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "the page has no form with a CSRF token"
    return m.group(1)


class Browserish(httpx.Client):
    """An HTTP client that fills forms the way the pages ask (with their CSRF token)."""

    def form(self, page: str, action: str, data: dict[str, Any], **kw: Any) -> httpx.Response:
        token = csrf_of(self.get(page).text)
        return self.post(action, data={**data, "csrf_token": token}, **kw)

    def signup(self, username: str, password: str = PASSWORD) -> httpx.Response:
        return self.form(
            "/signup", "/signup", {"username": username, "password": password, "password2": password}
        )

    def signin(self, username: str, password: str = PASSWORD) -> httpx.Response:
        return self.form("/signin", "/signin", {"username": username, "password": password})

    def csrf(self, page: str = "/account") -> str:
        return csrf_of(self.get(page).text)


def client(live: LiveServer) -> Browserish:
    return Browserish(base_url=live.url, follow_redirects=True, timeout=30)


@pytest.fixture
def admin_client(server: LiveServer) -> Iterator[Browserish]:
    """The first account: the admin."""
    with client(server) as c:
        r = c.signup("ada")
        assert r.status_code == 200, r.text
        yield c


def make_user(server: LiveServer, admin: Browserish, username: str, role: str) -> Browserish:
    """A second account, signed up and approved by the admin with ``role``."""
    c = client(server)
    c.signup(username)
    r = admin.form("/admin/users", f"/admin/users/{username}", {"action": "approve", "role": role})
    assert r.status_code == 200, r.text
    return c


# ------------------------------------------------------------------ browser


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Debian Chromium for the whole session (never a downloaded browser)."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium; see .ci/ensure-chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Kit:
    """The helpers above, for test modules (which cannot import conftest by name)."""

    PASSWORD = PASSWORD
    client = staticmethod(client)
    make_user = staticmethod(make_user)
    start_server = staticmethod(start_server)
    BACKENDS = BACKENDS
    csrf_of = staticmethod(csrf_of)


@pytest.fixture(scope="session")
def kit() -> Kit:
    return Kit()
