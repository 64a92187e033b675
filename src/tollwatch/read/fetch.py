"""Fetching web pages politely and safely, through httpx.

:class:`Fetcher` is the one door to the network. By default it sends a clear user agent,
obeys robots.txt (Python's :mod:`urllib.robotparser`, with the site's crawl-delay), waits
``delay`` seconds between two requests to one host and fetches one URL of a host at a time
(``concurrency`` hosts at once), gives up on a response slower than ``timeout``, retries
429 and 5xx answers and broken connections with exponential backoff (honouring
``Retry-After``), sends ``If-None-Match`` / ``If-Modified-Since`` when it knows the page's
ETag or Last-Modified, refuses bodies over ``max_bytes``, follows redirects itself so that
every hop passes :func:`~tollwatch.read.netguard.refuse_url` (http(s) only; no private,
loopback, link-local or metadata address unless ``allow_private``), and connects only to
the address its guard judged (no second DNS lookup to rebind).

Nothing raises: every failure is a :class:`Fetched` with a ``problem`` (code, message
naming the URL), and the batch goes on.
"""

from __future__ import annotations

import email.utils
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from tollwatch import __version__, errors
from tollwatch.contract import Problem
from tollwatch.read.netguard import PrivateConnection, guarded_transport, refuse_url

log = logging.getLogger("tollwatch.read")

USER_AGENT = f"tollwatch/{__version__} (crisis-toll ledger; obeys robots.txt)"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How to fetch. ``delay``: seconds between two requests to one host; ``concurrency``:
    hosts fetched at once; ``timeout``: seconds for a whole response (connect, wait, body);
    ``retries``: further tries after a 429/5xx or a broken connection, ``backoff`` seconds
    doubled each time (``max_wait`` caps it and ``Retry-After``); ``max_bytes``: the largest
    body read; ``robots``: obey robots.txt; ``allow_private``: let URLs reach loopback and
    private addresses (your own network, tests)."""

    user_agent: str = USER_AGENT
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0
    max_wait: float = 60.0
    delay: float = 1.0
    concurrency: int = 4
    max_bytes: int = errors.MAX_INPUT_BYTES
    max_redirects: int = 5
    robots: bool = True
    allow_private: bool = False


@dataclass(slots=True)
class Fetched:
    """One URL's answer. ``problem`` is set when it could not be had; ``not_modified`` when a
    conditional request found the page unchanged (no content, no problem)."""

    url: str
    final_url: str
    status: int = 0
    content: bytes = b""
    content_type: str = ""
    fetched_at: str = ""
    http_date: str | None = None  # the page's Last-Modified, else the response's Date (ISO)
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    problem: Problem | None = None
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.not_modified


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _iso_http_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).astimezone(UTC).isoformat()
    except (TypeError, ValueError):
        return None


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


class Fetcher:
    """A polite, guarded HTTP client; use as a context manager (it holds a connection pool)."""

    def __init__(self, options: FetchOptions | None = None, transport: httpx.BaseTransport | None = None):
        self.options = options or FetchOptions()
        o = self.options
        self.client = httpx.Client(
            headers={"User-Agent": o.user_agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
            timeout=httpx.Timeout(o.timeout, connect=min(o.timeout, 10.0)),
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment: the guard judges the real address
            transport=transport or (None if o.allow_private else guarded_transport()),
        )
        self._robots: dict[str, RobotFileParser | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self.requests = 0  # requests sent (robots.txt included), for logs and tests

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # ------------------------------------------------------------------ public
    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """Fetch ``url`` (following redirects, each hop guarded); never raises."""
        result = Fetched(url=url, final_url=url, fetched_at=_now())
        current = url
        for _hop in range(self.options.max_redirects + 1):
            refusal = refuse_url(current, allow_private=self.options.allow_private)
            if refusal:
                where = "" if current == url else f" (redirected from {url})"
                result.problem = Problem(refusal.code, refusal.message + where)
                return result
            if self.options.robots and not self._robots_allow(current):
                result.problem = Problem(
                    errors.ROBOTS, f"{current}: the site's robots.txt does not allow fetching it - skipped"
                )
                return result
            headers = {}
            if etag and current == url:
                headers["If-None-Match"] = etag
            if last_modified and current == url:
                headers["If-Modified-Since"] = last_modified
            self._get(current, headers, result)
            if result.problem or result.status not in _REDIRECTS:
                return result
            result.redirects.append(current)
            current = urljoin(current, result.final_url)  # the Location header, maybe relative
            result.final_url = current
        result.problem = Problem(
            errors.FETCH_FAILED, f"{url}: more than {self.options.max_redirects} redirects"
        )
        return result

    def fetch_many(self, urls: Iterable[str]) -> Iterator[Fetched]:
        """Fetch ``urls`` (``concurrency`` at once, one at a time per host), in the order given."""
        todo = list(urls)
        if self.options.concurrency <= 1 or len(todo) <= 1:
            for u in todo:
                yield self.fetch(u)
            return
        with ThreadPoolExecutor(self.options.concurrency, thread_name_prefix="tollwatch-fetch") as pool:
            yield from pool.map(self.fetch, todo)

    # ------------------------------------------------------------------ one request
    def _get(self, url: str, headers: dict[str, str], result: Fetched) -> None:
        o = self.options
        for attempt in range(o.retries + 1):
            wait = self._get_once(url, headers, result, min(o.max_wait, o.backoff * 2**attempt))
            if wait is None or attempt == o.retries:
                return
            log.info(
                "%s: %s, trying again in %.1f s", url, result.problem.message if result.problem else "", wait
            )
            time.sleep(wait)

    def _get_once(self, url: str, headers: dict[str, str], result: Fetched, backoff: float) -> float | None:
        """One request into ``result``; the seconds to wait before a retry, or ``None``."""
        o = self.options
        result.problem, result.status, result.content = None, 0, b""
        host = urlsplit(url).netloc.lower()
        with self._host(host):
            with self._lock:
                self.requests += 1
            start = time.monotonic()
            try:
                with self.client.stream("GET", url, headers=headers) as r:
                    result.status = r.status_code
                    if r.status_code in _REDIRECTS:
                        result.final_url = r.headers.get("location", "")
                        if not result.final_url:
                            result.problem = Problem(
                                errors.FETCH_FAILED, f"{url}: a redirect without a target"
                            )
                        return None
                    result.final_url = str(r.url)
                    if r.status_code in _RETRY_STATUSES:
                        result.problem = Problem(f"http_{r.status_code}", _status_message(url, r.status_code))
                        return self._retry_after(r.headers.get("retry-after"), backoff)
                    self._record(r, result)
                    if r.status_code == 304:
                        result.not_modified = True
                        return None
                    if r.status_code >= 400:
                        result.problem = Problem(f"http_{r.status_code}", _status_message(url, r.status_code))
                        return None
                    result.content = self._body(r, start)
            except PrivateConnection as e:
                result.problem = Problem(
                    errors.BLOCKED_PRIVATE,
                    f"{url}: {e} (DNS rebinding?) - not fetched; "
                    "give --allow-private to read from your own network",
                )
            except _TooLarge:
                result.problem = Problem(
                    errors.TOO_LARGE,
                    f"{url}: the page is over the {o.max_bytes / 1048576:.1f} MB limit - not read "
                    "(raise it with --max-mb)",
                )
            except (_TooSlow, httpx.TimeoutException):
                result.problem = Problem(
                    errors.FETCH_FAILED, f"{url}: no complete answer within {o.timeout:g} s (timeout)"
                )
                return backoff
            except httpx.HTTPError as e:
                result.problem = Problem(
                    errors.FETCH_FAILED, f"{url}: the request failed ({type(e).__name__}: {e})"
                )
                return backoff
        return None

    def _record(self, r: httpx.Response, result: Fetched) -> None:
        result.content_type = r.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        result.etag = r.headers.get("etag")
        result.last_modified = r.headers.get("last-modified")
        result.http_date = _iso_http_date(result.last_modified) or _iso_http_date(r.headers.get("date"))

    def _body(self, r: httpx.Response, start: float) -> bytes:
        o = self.options
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > o.max_bytes:
            raise _TooLarge
        chunks, size = [], 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            if size > o.max_bytes:
                raise _TooLarge
            if time.monotonic() - start > o.timeout:
                raise _TooSlow
            chunks.append(chunk)
        return b"".join(chunks)

    def _retry_after(self, value: str | None, backoff: float) -> float:
        if value:
            value = value.strip()
            if value.isdigit():
                return min(self.options.max_wait, float(value))
            when = email.utils.parsedate_to_datetime(value) if value else None
            if when is not None:
                return max(0.0, min(self.options.max_wait, when.timestamp() - time.time()))
        return backoff

    # ------------------------------------------------------------------ politeness
    def _host(self, host: str) -> _HostTurn:
        with self._lock:
            lock = self._host_locks.setdefault(host, threading.Lock())
        return _HostTurn(self, host, lock)

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            turn = self._robots_locks.setdefault(origin, threading.Lock())
        with turn:  # one robots.txt request per site, however many threads ask
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin)
        rules = self._robots[origin]
        return rules is None or rules.can_fetch(self.options.user_agent, url)

    def _load_robots(self, origin: str) -> RobotFileParser | None:
        """The site's rules; ``None`` (anything goes) when it has no robots.txt (4xx)."""
        url = origin + "/robots.txt"
        got = Fetched(url=url, final_url=url)
        for _ in range(self.options.max_redirects + 1):
            if refuse_url(got.final_url, allow_private=self.options.allow_private):
                return None  # the page itself will be refused with the reason
            self._get(got.final_url, {}, got)
            if got.status not in _REDIRECTS or got.problem:
                break
            got.final_url = urljoin(url, got.final_url)
        rules = RobotFileParser(url)
        if got.status == 200 and not got.problem:
            rules.parse(got.content.decode("utf-8", "replace").splitlines())
        elif 400 <= got.status < 500:
            return None  # RFC 9309: no robots.txt, no rule
        else:
            rules.disallow_all = True  # type: ignore[attr-defined]  # the server fails: RFC 9309 says assume everything disallowed
            log.warning("%s: robots.txt could not be read (%s) - the site is not fetched", origin, got.status)
        return rules

    def crawl_delay(self, host: str) -> float:
        for origin, rules in self._robots.items():
            if rules is not None and urlsplit(origin).netloc == host:
                d = rules.crawl_delay(self.options.user_agent)
                if d:
                    return min(float(d), 30.0)
        return 0.0


class _HostTurn:
    """One request's turn at a host: one at a time, ``delay`` apart."""

    def __init__(self, fetcher: Fetcher, host: str, lock: threading.Lock) -> None:
        self.f, self.host, self.lock = fetcher, host, lock

    def __enter__(self) -> None:
        self.lock.acquire()
        gap = max(self.f.options.delay, self.f.crawl_delay(self.host))
        last = self.f._last.get(self.host)
        if last is not None:
            wait = last + gap - time.monotonic()
            if wait > 0:
                time.sleep(wait)

    def __exit__(self, *exc: object) -> None:
        self.f._last[self.host] = time.monotonic()
        self.lock.release()


def _status_message(url: str, status: int) -> str:
    try:
        phrase = httpx.codes(status).name.replace("_", " ").lower()
    except ValueError:
        phrase = "error"
    hint = {
        404: "the page is gone or the URL is wrong",
        410: "the page is gone",
        401: "it needs a sign-in",
        403: "the site refuses tollwatch",
        429: "the site asks to slow down; try later or raise --delay",
    }.get(status, "the server failed; try later" if status >= 500 else "")
    return f"{url}: HTTP {status} {phrase}" + (f" - {hint}" if hint else "")
