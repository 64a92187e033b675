"""Fetching URLs: pages, redirects, errors, retries, slow and oversized answers, robots.txt,
conditional requests, per-host pacing -- against a site the tests serve on 127.0.0.1."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tollwatch import errors
from tollwatch.read.fetch import Fetcher, FetchOptions
from tollwatch.read.sources import read_sources

FERRY = """JAKARTA, March 9 - A fire on a passenger ferry in the Java Sea killed four people and
injured 11 on Saturday, the search and rescue agency said.

Rescuers picked up 180 passengers from the water, and two were still missing on Sunday."""

BRIDGE = """Five people died and 23 were hurt when a footbridge collapsed over a river in the
city on Tuesday evening, the regional governor said.

Divers were searching the water for at least three people who are still missing."""

LOCAL = FetchOptions(allow_private=True, delay=0, retries=1, backoff=0.01, timeout=5)


def _read(urls: list[str], options: FetchOptions = LOCAL) -> list[Any]:
    return list(read_sources(urls, fetch=options))


def test_a_page_is_read_like_a_saved_page(site: Any, article: Any) -> None:
    site.routes["/news/ferry"] = site.route(article("Ferry fire kills four", FERRY), last_modified=True)
    [doc] = _read([site.url + "/news/ferry"])
    assert not doc.problems, doc.problems
    assert "killed four people" in doc.text and doc.title == "Ferry fire kills four"
    assert doc.url == site.url + "/news/ferry" and doc.published == "2026-03-09"
    assert doc.fetched and doc.fetched.startswith("20") and doc.http_date == "2026-03-09T08:00:00+00:00"
    assert doc.language == "en" and doc.id == f"127.0.0.1:{site.url.rsplit(':', 1)[1]}/news/ferry"
    ua = dict(site.log)["/news/ferry"]["user-agent"]
    assert ua.startswith("tollwatch/") and "robots" in ua


def test_redirects_are_followed_and_the_final_url_kept(site: Any, article: Any) -> None:
    site.routes["/old"] = site.route("", status=301, location="/news/bridge")
    site.routes["/news/bridge"] = site.route(article("Footbridge collapse", BRIDGE))
    [doc] = _read([site.url + "/old"])
    assert doc.url == site.url + "/news/bridge" and "Five people died" in doc.text
    assert doc.origin == site.url + "/old"


def test_http_errors_are_problems_and_the_batch_goes_on(site: Any, article: Any) -> None:
    site.routes["/gone"] = site.route("no such story", status=404)
    site.routes["/broken"] = site.route("oops", status=500)
    site.routes["/news/ferry"] = site.route(article("Ferry fire kills four", FERRY))
    docs = _read([site.url + "/gone", site.url + "/broken", site.url + "/news/ferry"])
    assert [[p.code for p in d.problems] for d in docs] == [["http_404"], ["http_500"], []]
    assert "HTTP 404" in docs[0].problems[0].message and site.url + "/gone" in docs[0].problems[0].message
    assert site.requests_to("/broken") == 2  # one retry (retries=1), then the problem
    assert site.requests_to("/gone") == 1  # a 404 is not retried


def test_429_is_retried_after_the_time_the_site_asks(site: Any, article: Any) -> None:
    ok = site.route(article("Ferry fire kills four", FERRY))
    site.routes["/busy"] = site.route("slow down", status=429, retry_after="1", then=[ok])
    start = time.monotonic()
    [doc] = _read([site.url + "/busy"])
    assert not doc.problems and "killed four" in doc.text
    assert site.requests_to("/busy") == 2 and time.monotonic() - start >= 0.9


def test_a_slow_answer_times_out(site: Any) -> None:
    site.routes["/slow"] = site.route("<p>" + "word " * 400 + "</p>", delay=0.4, chunks=5)
    options = FetchOptions(allow_private=True, delay=0, retries=0, timeout=1.0)
    [doc] = _read([site.url + "/slow"], options)
    assert [p.code for p in doc.problems] == [errors.FETCH_FAILED]
    assert "timeout" in doc.problems[0].message


def test_an_oversized_answer_is_refused(site: Any) -> None:
    site.routes["/huge"] = site.route("<html><body>" + "<p>text</p>" * 200_000 + "</body></html>")
    options = FetchOptions(allow_private=True, delay=0, max_bytes=1024 * 1024)
    [doc] = _read([site.url + "/huge"], options)
    assert [p.code for p in doc.problems] == [errors.TOO_LARGE] and "1.0 MB" in doc.problems[0].message


def test_not_a_page(site: Any) -> None:
    site.routes["/report.pdf"] = site.route(b"%PDF-1.7 binary", content_type="application/pdf")
    [doc] = _read([site.url + "/report.pdf"])
    assert [p.code for p in doc.problems] == [errors.NOT_HTML] and "application/pdf" in doc.problems[
        0
    ].message


def test_robots_txt_is_obeyed_and_read_once(site: Any, article: Any) -> None:
    site.routes["/robots.txt"] = site.route("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.routes["/private/memo"] = site.route(article("Internal memo", FERRY))
    site.routes["/news/ferry"] = site.route(article("Ferry fire kills four", FERRY))
    options = FetchOptions(allow_private=True, delay=0, robots=True)
    docs = _read([site.url + "/private/memo", site.url + "/news/ferry"], options)
    assert [p.code for p in docs[0].problems] == [errors.ROBOTS] and not docs[1].problems
    assert site.requests_to("/private/memo") == 0 and site.requests_to("/robots.txt") == 1


def test_a_site_without_robots_txt_is_read(site: Any, article: Any) -> None:
    site.routes["/news/ferry"] = site.route(article("Ferry fire kills four", FERRY))
    [doc] = _read([site.url + "/news/ferry"], FetchOptions(allow_private=True, delay=0, robots=True))
    assert not doc.problems and site.requests_to("/robots.txt") == 1


def test_conditional_requests_send_the_etag_and_take_a_304(site: Any, article: Any) -> None:
    route = site.route(article("Ferry fire kills four", FERRY))
    route.etag = '"v1"'
    site.routes["/news/ferry"] = route
    with Fetcher(LOCAL) as f:
        first = f.fetch(site.url + "/news/ferry")
        again = f.fetch(site.url + "/news/ferry", etag=first.etag, last_modified=first.last_modified)
    assert first.ok and first.etag == '"v1"' and b"killed four" in first.content
    assert again.not_modified and not again.problem and again.content == b""
    assert site.log[-1][1]["if-none-match"] == '"v1"'


def test_one_host_is_fetched_one_request_at_a_time_and_paced(site: Any, article: Any) -> None:
    for n in range(4):
        site.routes[f"/news/{n}"] = site.route(article(f"Story {n}", FERRY), delay=0.05)
    active, peak, lock = [0], [0], threading.Lock()
    real = httpx.Client.stream

    @contextlib.contextmanager
    def counting(self: httpx.Client, *a: Any, **k: Any) -> Iterator[Any]:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        try:
            with real(self, *a, **k) as r:
                yield r
        finally:
            with lock:
                active[0] -= 1

    options = FetchOptions(allow_private=True, delay=0.2, concurrency=4)
    start = time.monotonic()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(httpx.Client, "stream", counting)
        with Fetcher(options) as f:
            got = list(f.fetch_many(site.url + f"/news/{n}" for n in range(4)))
    assert all(g.ok for g in got) and [g.url.rsplit("/", 1)[1] for g in got] == ["0", "1", "2", "3"]
    assert time.monotonic() - start >= 0.6  # three gaps of 0.2 s between four requests to one host
    paths = [p for p, _ in site.log if p.startswith("/news/")]
    assert sorted(paths) == [f"/news/{n}" for n in range(4)]
    assert peak[0] == 1 and site.requests_to("/robots.txt") == 1  # one robots.txt for four threads
