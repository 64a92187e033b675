"""Web archives: ``.warc`` and ``.warc.gz`` read record by record, streaming, through FastWARC.

Only HTTP ``response`` records of status 200 with an HTML body become documents (a crawl's
images, scripts, redirects and robots.txt are passed over, counted in one log line); each
keeps its ``WARC-Target-URI`` (the document's URL, and its id as
:func:`~tollwatch.read.inputs.url_id` makes it), its ``WARC-Date`` (``fetched``) and the
HTTP ``Last-Modified`` / ``Date`` (``http_date``).

A record whose body is shorter than its ``Content-Length`` (a truncated file) or over the size
limit is a problem of that record. A gzip member that cannot be decompressed is a problem
too, and reading goes on from the next gzip member: one corrupt record is not the end of the
file. FastWARC was chosen by measurement (``bench/warc_speed.py``): it iterates records ~1.8
times as fast as warcio, and it yields a truncated gzipped record where warcio drops it
silently.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tollwatch import errors
from tollwatch.read.inputs import Bad, Raw, url_id
from tollwatch.read.options import ReadOptions

log = logging.getLogger("tollwatch.read")

_GZIP_MEMBER = b"\x1f\x8b\x08"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def iter_warc(path: Path, options: ReadOptions) -> Iterator[Raw | Bad]:
    """The HTML responses of a WARC file, in order, as raw documents (problems as :class:`Bad`)."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    origin = str(path)
    passed = 0
    gzipped = path.name.lower().endswith(".gz")
    with open(path, "rb") as f:
        start = 0
        while start >= 0:
            f.seek(start)
            last: int | None = None  # where the last whole record began
            try:
                for record in ArchiveIterator(f, parse_http=True):
                    last = start + int(record.stream_pos)
                    if record.record_type != WarcRecordType.response:
                        continue
                    item = _record(record, f"{origin}@{last}", options)
                    if item is None:
                        passed += 1
                    else:
                        yield item
                break
            except (OSError, ValueError) as e:
                # the corrupt gzip member is the one after the last whole record; go on after it
                bad = start if last is None else _next_member(f, last + 1)
                start = _next_member(f, bad + 1) if gzipped and bad >= 0 else -1
                where = f"{origin}@{max(bad, 0)}"
                yield Bad(
                    f"{path.name}@{max(bad, 0)}",
                    where,
                    errors.BAD_WARC,
                    f"{where}: a corrupt WARC record ({e})"
                    + (" - reading on from the next record" if start >= 0 else " - the rest is not read"),
                )
    if passed:
        log.info("%s: passed over %d response record(s) that are not HTML pages", origin, passed)


def _next_member(f: Any, offset: int) -> int:
    """The offset of the next gzip member header at or after ``offset`` (-1 when none)."""
    f.seek(offset)
    while True:
        pos = f.tell()
        chunk = f.read(1 << 20)
        if not chunk:
            return -1
        i = chunk.find(_GZIP_MEMBER)
        if i >= 0:
            return pos + i
        if len(chunk) < len(_GZIP_MEMBER):
            return -1
        f.seek(pos + len(chunk) - len(_GZIP_MEMBER) + 1)


def _record(record: Any, where: str, options: ReadOptions) -> Raw | Bad | None:
    """One response record as a raw HTML document, a problem, or ``None`` (not a page)."""
    http = record.http_headers
    uri = record.headers.get("WARC-Target-URI") or ""
    rid = url_id(uri) if uri else where
    if http is None:  # a response record must hold an HTTP response: the file ends inside it
        return Bad(
            rid, where, errors.BAD_WARC, f"{where} ({uri}): the record is truncated - no HTTP response in it"
        )
    if http.status_code != 200:
        return None
    ctype = (record.http_content_type or "").lower()
    if ctype and ctype not in _HTML_TYPES:
        return None
    declared = int(record.content_length or 0)  # of the HTTP body, once the headers are parsed
    if declared > options.max_bytes:
        return Bad(
            rid, where, errors.TOO_LARGE, f"{where} ({uri}): the page is over the size limit - skipped"
        )
    body = record.reader.read(declared)
    if len(body) < declared:
        return Bad(
            rid,
            where,
            errors.BAD_WARC,
            f"{where} ({uri}): the record is truncated ({len(body)} of {declared} bytes) - skipped",
        )
    if not ctype and body.lstrip()[:1] != b"<":
        return None
    raw = Raw(rid, where, "html", body, url=uri or None, size=len(body))
    raw.fetched = _iso(record.record_date)
    raw.http_date = _iso(record.http_last_modified) or _iso(record.http_date)
    return raw


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None
