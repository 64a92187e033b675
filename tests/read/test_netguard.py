"""No request reaches loopback, private, link-local or metadata addresses, in any spelling,
by name or by redirect, unless --allow-private; only http(s)."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest

from tollwatch import errors
from tollwatch.read.fetch import Fetcher, FetchOptions
from tollwatch.read.netguard import private_reason, refuse_url
from tollwatch.read.sources import read_sources

BLOCKED = [
    "http://127.0.0.1/",
    "http://127.1/",
    "http://2130706433/",  # decimal
    "http://0177.0.0.1/",  # octal
    "http://0x7f.0.0.1/",  # hexadecimal
    "http://017700000001/",  # octal, whole
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",  # IPv6-mapped
    "http://[::ffff:7f00:1]/",
    "http://[0:0:0:0:0:ffff:a9fe:a9fe]/latest/meta-data/",  # mapped metadata
    "http://localhost:8080/admin",
    "http://0.0.0.0/",
    "http://10.1.2.3/",
    "http://172.16.0.9/",
    "http://192.168.1.1/router",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://100.100.100.200/",  # another cloud's metadata
    "http://[fe80::1]/",  # link-local
    "http://[fd00::1]/",  # unique local
    "https://100.64.0.1/",  # carrier-grade NAT
]


@pytest.mark.parametrize("url", BLOCKED)
def test_private_addresses_are_refused_in_every_form(url: str) -> None:
    refusal = refuse_url(url)
    assert refusal is not None and refusal.code == errors.BLOCKED_PRIVATE, url
    assert "--allow-private" in refusal.message and url in refusal.message
    assert refuse_url(url, allow_private=True) is None


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://h/", "http:///x"])
def test_only_http_urls_with_a_host(url: str) -> None:
    refusal = refuse_url(url, allow_private=True)
    assert refusal is not None and refusal.code == errors.BAD_URL


def test_a_public_address_passes() -> None:
    assert private_reason("93.184.216.34") is None and private_reason("2606:2800:220:1::1") is None
    assert private_reason("8.8.8.8") is None


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Names the test resolves itself (no network): name -> address."""
    table: dict[str, str] = {}
    real = socket.getaddrinfo

    def fake(host: Any, port: Any, *a: Any, **k: Any) -> Any:
        if host in table:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (table[host], port or 80))]
        return real(host, port, *a, **k)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return table


def test_a_name_that_resolves_to_loopback_is_refused(dns: dict[str, str]) -> None:
    dns["news.attacker.test"] = "127.0.0.1"
    refusal = refuse_url("http://news.attacker.test/story")
    assert refusal is not None and refusal.code == errors.BLOCKED_PRIVATE and "loopback" in refusal.message


def test_a_redirect_to_a_private_address_is_not_followed(dns: dict[str, str]) -> None:
    dns["news.example.test"] = "93.184.216.34"
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.path == "/story":
            return httpx.Response(302, headers={"Location": "http://[::ffff:169.254.169.254]/latest/"})
        if request.url.path == "/story2":
            return httpx.Response(302, headers={"Location": "file:///etc/passwd"})
        return httpx.Response(200, text="secret")

    with Fetcher(FetchOptions(delay=0), transport=httpx.MockTransport(handler)) as f:
        got = f.fetch("http://news.example.test/story")
        got2 = f.fetch("http://news.example.test/story2")
    assert got.problem is not None and got.problem.code == errors.BLOCKED_PRIVATE
    assert "redirected from http://news.example.test/story" in got.problem.message
    assert got2.problem is not None and got2.problem.code == errors.BAD_URL
    assert all("news.example.test" in u for u in sent), sent  # nothing was sent elsewhere


def test_the_local_test_site_needs_allow_private(site: Any) -> None:
    site.routes["/news"] = site.route("<html><body><p>A story.</p></body></html>")
    [doc] = list(read_sources([site.url + "/news"], fetch=FetchOptions(delay=0)))
    assert [p.code for p in doc.problems] == [errors.BLOCKED_PRIVATE] and site.log == []


def test_a_name_that_rebinds_to_loopback_after_the_check_is_not_connected(
    site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the guard's lookup says public, the connection's lookup says 127.0.0.1."""
    site.routes["/story"] = site.route("<html><body><p>Internal page.</p></body></html>")
    port = int(site.url.rsplit(":", 1)[1])
    answers = iter(["93.184.216.34", "127.0.0.1"])
    real = socket.getaddrinfo

    def fake(host: Any, p: Any, *a: Any, **k: Any) -> Any:
        if host == "news.rebind.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers, "127.0.0.1"), p))]
        return real(host, p, *a, **k)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with Fetcher(FetchOptions(delay=0, robots=False, retries=0)) as f:
        got = f.fetch(f"http://news.rebind.test:{port}/story")
    assert got.problem is not None and got.problem.code == errors.BLOCKED_PRIVATE
    assert "127.0.0.1" in got.problem.message and "rebinding" in got.problem.message
    assert site.log == []  # nothing reached the private address


def test_the_guarded_transport_reaches_a_public_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard connects to the address it judged: a public answer passes to the socket layer."""
    tried: list[tuple[str, int]] = []

    def fake_getaddrinfo(host: Any, p: Any, *a: Any, **k: Any) -> Any:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", p))]

    def fake_connect(address: tuple[str, int], *a: Any, **k: Any) -> Any:
        tried.append(address)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", fake_connect)
    with Fetcher(FetchOptions(delay=0, robots=False, retries=0)) as f:
        got = f.fetch("http://news.public.test/story")
    assert tried == [("93.184.216.34", 80)]
    assert got.problem is not None and got.problem.code == errors.FETCH_FAILED
