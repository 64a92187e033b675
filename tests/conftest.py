"""Fixtures shared by the test folders: a web site the tests serve on 127.0.0.1 (pages, feeds,
redirects, errors, slow answers) for reading URLs, watching and the dashboard's "add a report"."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


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
