"""Requests an attacker sends: oversized bodies, numbers past 64 bits, sign-up floods.

Each gets a 4xx in the one error shape, never a 500, a closed connection or a body held
in memory.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest

from tollwatch.web.limits import MAX_INT, out_of_range

BIG = "99999999999999999999"


@pytest.fixture
def live(kit: Any, tmp_path: Any) -> Iterator[Any]:
    server = kit.start_server(tmp_path / "limits.db", max_body_bytes=64 * 1024)
    yield server
    server.stop()


@pytest.fixture
def token(kit: Any, live: Any) -> str:
    with kit.client(live) as ada:
        assert ada.signup("ada").status_code == 200
        page = ada.form("/account", "/account/tokens", {"name": "limits"}).text
    return str(page.split('id="new-token">')[1].split("<")[0])


def _shape(r: httpx.Response, status: int, code: str) -> None:
    assert r.status_code == status, (r.request.url, r.text[:300])
    body = r.json()
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert (body["error"]["status"], body["error"]["code"]) == (status, code)


def test_out_of_range() -> None:
    assert out_of_range(str(MAX_INT + 1)) and out_of_range(BIG) and out_of_range("-" + BIG)
    assert not out_of_range(str(MAX_INT)) and not out_of_range("12") and not out_of_range("abc")
    assert out_of_range("1" * 5000)  # no int() of 5,000 digits


def test_a_declared_oversized_body_is_refused_unread(live: Any) -> None:
    """A 600 MB POST announced by its Content-Length: 413 after sending only the headers."""
    url = urlparse(live.url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as s:
        s.sendall(
            b"POST /api/figures/1/reject HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 629145600\r\n\r\n" + b"{" * 1000
        )
        data = b""
        while chunk := s.recv(65536):  # the server answers and closes: the body is never read
            data += chunk
    reply = data.decode("latin-1")
    assert reply.startswith("HTTP/1.1 413"), reply[:200]
    assert '"code": "too_large"' in reply


@pytest.mark.parametrize("path", ["/api/figures/1/reject", "/signup", "/signin", "/review/figures/1/reject"])
def test_a_body_sent_without_a_length_is_stopped_at_the_limit(live: Any, path: str) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(200):  # 12.8 MB, in chunks, no Content-Length
            yield b"x" * 65536

    kind = "application/json" if path.startswith("/api/") else "application/x-www-form-urlencoded"
    r = httpx.post(live.url + path, content=chunks(), headers={"content-type": kind}, timeout=30)
    assert r.status_code == 413, r.text[:300]
    if path.startswith("/api/"):
        _shape(r, 413, "too_large")


def test_a_body_under_the_limit_is_served(live: Any, token: str) -> None:
    r = httpx.post(
        f"{live.url}/api/figures/999/reject",
        json={"reason": "x" * 1000},
        headers={"Authorization": f"Bearer {token}"},
    )
    _shape(r, 404, "not_found")


def test_ids_and_offsets_beyond_64_bits_are_404_and_400(live: Any, token: str) -> None:
    with httpx.Client(base_url=live.url, headers={"Authorization": f"Bearer {token}"}) as c:
        _shape(c.get(f"/api/figures/{BIG}"), 404, "not_found")
        _shape(c.get(f"/api/incidents/{BIG}"), 404, "not_found")
        _shape(c.get(f"/api/incidents/{BIG}/timeline"), 404, "not_found")
        _shape(c.post(f"/api/figures/{BIG}/reject", json={"reason": "no"}), 404, "not_found")
        _shape(c.get("/api/incidents", params={"offset": BIG}), 400, "bad_request")
        _shape(c.get("/api/documents", params={"offset": BIG}), 400, "bad_request")
        # a search for a long number is a search, not an id
        assert c.get("/api/documents", params={"q": BIG}).status_code == 200
        assert c.get(f"/incidents/{BIG}").status_code == 404


def test_a_correction_with_an_impossible_count_is_refused(live: Any, token: str) -> None:
    from tollwatch.contract import Document
    from tollwatch.ledger import Store

    with Store(live.db_url) as store:
        store.ingest_documents([Document(id="r1", text="Two people were killed in Osh.")], extract=_extract)
    with httpx.Client(base_url=live.url, headers={"Authorization": f"Bearer {token}"}) as c:
        fig = c.get("/api/documents/r1").json()["figures"][0]["id"]
        for count in (10**20, 1e20, {"low": 1, "best": 10**20, "high": 10**20, "kind": "exact", "text": "x"}):
            r = c.post(f"/api/figures/{fig}/correct", json={"changes": {"count": count}, "reason": "typo"})
            assert r.status_code in (400, 422), r.text
            assert r.json()["error"]["code"] in ("bad_request", "invalid")
        ok = c.post(
            f"/api/figures/{fig}/correct",
            json={
                "changes": {"count": {"low": 3, "best": 3, "high": 3, "kind": "exact", "text": "3"}},
                "reason": "recount",
            },
        )
        assert ok.status_code == 200, ok.text


def _extract(doc: Any) -> Any:
    import tollwatch

    return tollwatch.extract_document(doc)


def test_sign_up_is_rate_limited_per_address(kit: Any, live: Any) -> None:
    codes = []
    for n in range(12):  # a fresh browser each time, all from one address
        with kit.client(live) as c:
            codes.append(c.signup(f"user{n}").status_code)
    # the first is the admin; the next nine are made and wait for approval (403); then no more
    assert codes == [200] + [403] * 9 + [429, 429]
    from tollwatch.ledger.engine import read_transaction
    from tollwatch.web import accounts

    with read_transaction(live.app.state.engine) as conn:
        assert accounts.count_users(conn) == 10
    with kit.client(live) as c:
        assert c.signin("user0").status_code == 200  # sign-in is not blocked by sign-ups
        assert "/incidents" in str(c.get("/incidents").url)
