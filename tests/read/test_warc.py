"""Web archives: a WARC written here with real HTTP responses (pages, an image, a redirect,
a 404), gzipped per record or plain, truncated or with a corrupt record in the middle."""

from __future__ import annotations

import gzip
import re
import uuid
from pathlib import Path

from tollwatch import errors
from tollwatch.read import read_paths

PAGES = {
    "https://news.example.org/2026/03/ferry-fire": (
        "Ferry fire kills four",
        "A fire on a passenger ferry killed four people and injured 11 on Saturday, the rescue agency said.",
    ),
    "https://news.example.org/2026/03/bridge": (
        "Footbridge collapse",
        "Five people died and 23 were hurt when a footbridge collapsed on Tuesday, the governor said.",
    ),
    "https://other.example.net/floods": (
        "Floods kill nine",
        "Flash floods killed nine people and injured at least 40 overnight, the disaster agency said.",
    ),
}


def _page(title: str, text: str) -> bytes:
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><nav>Home | World</nav>"
        f"<article><h1>{title}</h1><p>{text}</p><p>{text.split(',')[0]} - officials gave no other "
        "figures by the evening, and the search went on into the night.</p></article></body></html>"
    ).encode()


def _record(kind: str, uri: str, block: bytes, date: str = "2026-03-09T10:15:00Z") -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def _response(status: str, ctype: str, body: bytes, extra: str = "") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
    ).encode() + body


def records() -> list[bytes]:
    out = [_record("warcinfo", "", b"software: tollwatch tests\r\n")]
    for n, (uri, (title, text)) in enumerate(PAGES.items()):
        out.append(_record("request", uri, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        extra = "Last-Modified: Mon, 09 Mar 2026 08:00:00 GMT\r\n" if n == 0 else ""
        out.append(
            _record(
                "response", uri, _response("200 OK", "text/html; charset=utf-8", _page(title, text), extra)
            )
        )
        if n == 0:
            out.append(
                _record("response", uri + "/logo.png", _response("200 OK", "image/png", b"\x89PNG...."))
            )
            out.append(
                _record(
                    "response", uri + "?old", _response("301 Moved", "text/html", b"", f"Location: {uri}\r\n")
                )
            )
            out.append(
                _record("response", uri + "/gone", _response("404 Not Found", "text/html", b"<p>no</p>"))
            )
    return out


def write(path: Path, recs: list[bytes], gz: bool) -> Path:
    with open(path, "wb") as f:
        for r in recs:
            f.write(gzip.compress(r) if gz else r)
    return path


def test_a_gzipped_warc_gives_its_html_responses_with_uri_and_dates(tmp_path: Path) -> None:
    docs = list(read_paths([write(tmp_path / "crawl.warc.gz", records(), gz=True)]))
    assert [d.url for d in docs] == list(PAGES)
    assert [d.title for d in docs] == [t for t, _ in PAGES.values()]
    assert "killed four people" in docs[0].text and not any(d.problems for d in docs)
    assert docs[0].fetched == "2026-03-09T10:15:00+00:00" and docs[0].http_date == "2026-03-09T08:00:00+00:00"
    assert docs[0].id == "news.example.org/2026/03/ferry-fire" and re.search(
        r"crawl\.warc\.gz@\d+$", docs[0].origin or ""
    )


def test_a_plain_warc_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "crawls").mkdir()
    write(tmp_path / "crawls" / "a.warc", records(), gz=False)
    docs = list(read_paths([tmp_path / "crawls"]))
    assert len(docs) == 3 and "Five people died" in docs[1].text


def test_a_truncated_warc_keeps_what_came_before_and_says_so(tmp_path: Path) -> None:
    for gz in (True, False):
        whole = (
            (tmp_path / "w").read_bytes()
            if False
            else b"".join(gzip.compress(r) if gz else r for r in records())
        )
        path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
        path.write_bytes(whole[: len(whole) - 300])  # into the last page's record
        docs = list(read_paths([path]))
        assert [d.url for d in docs[:2]] == list(PAGES)[:2], gz
        assert [p.code for p in docs[-1].problems] == [errors.BAD_WARC], (gz, docs[-1].problems)
        assert "truncated" in docs[-1].problems[0].message and str(path) in docs[-1].problems[0].message


def test_a_corrupt_record_in_the_middle_is_a_problem_not_the_end(tmp_path: Path) -> None:
    members = [gzip.compress(r) for r in records()]
    broken = bytearray(members[7])  # the second page's response
    broken[20:60] = b"\x00" * 40
    members[7] = bytes(broken)
    path = tmp_path / "corrupt.warc.gz"
    path.write_bytes(b"".join(members))
    docs = list(read_paths([path]))
    urls = [d.url for d in docs if not d.problems]
    first, _, third = PAGES
    assert urls == [first, third]
    [bad] = [d for d in docs if d.problems]
    assert bad.problems[0].code == errors.BAD_WARC and "reading on" in bad.problems[0].message
